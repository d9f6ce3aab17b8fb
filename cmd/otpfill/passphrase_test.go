package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Piped init and passwd read the new passphrase twice and refuse two that
// differ; an empty piped passphrase is "no passphrase given", not a wrong one.
func TestPipedPassphrases(t *testing.T) {
	dir := t.TempDir()
	v := filepath.Join(dir, "v")
	env := []string{"OTPFILL_VAULT=" + v}
	cases := []struct {
		stdin string
		args  []string
		exit  int
		want  string
	}{
		{"first pass\nsecond pass\n", []string{"init"}, 1, "the two new passphrases differ"},
		{"only one line\n", []string{"init"}, 1, "twice, on two lines"},
		{"\n\n", []string{"init"}, 1, "the new passphrase is empty"},
		{"good passphrase\ngood passphrase\n", []string{"init"}, 0, "Created an empty vault"},
		{"\n", []string{"list"}, 1, "no passphrase given"},
		{"", []string{"list"}, 1, "no passphrase on standard input"},
		{"good passphrase\n", []string{"list"}, 0, "The vault is empty"},
		{"good passphrase\nnew passphrase\nnew passphrasE\n", []string{"passwd"}, 1, "differ"},
		{"good passphrase\nnew passphrase\n", []string{"passwd"}, 1, "twice, on two lines"},
		{"good passphrase\nnew passphrase\nnew passphrase\n", []string{"passwd"}, 0, "Passphrase changed"},
		{"good passphrase\n", []string{"list"}, 1, "wrong passphrase"},
		{"new passphrase\n", []string{"list"}, 0, "The vault is empty"},
	}
	for _, c := range cases {
		out, errOut, code := runBin(t, env, c.stdin, c.args...)
		if code != c.exit || !strings.Contains(out+errOut, c.want) {
			t.Fatalf("%q %v: exit %d, stdout %q, stderr %q", c.stdin, c.args, code, out, errOut)
		}
	}
}

func TestInitRefusesDirectoryAndExistingVault(t *testing.T) {
	e := newEnv(t)
	before, _ := os.ReadFile(e.vault)
	_, errOut, code := runBin(t, []string{"OTPFILL_PASSPHRASE_FILE=" + e.pass}, "", "init", "--vault", e.dir)
	if code != 1 || !strings.Contains(errOut, e.dir+" is a directory") || !strings.Contains(errOut, "vault.otpfill") {
		t.Fatalf("directory: exit %d %q", code, errOut)
	}
	_, errOut, code = runBin(t, []string{"OTPFILL_PASSPHRASE_FILE=" + e.pass}, "", "init", "--vault", e.vault)
	if code != 1 || !strings.Contains(errOut, "a vault already exists at "+e.vault) {
		t.Fatalf("existing: exit %d %q", code, errOut)
	}
	if after, _ := os.ReadFile(e.vault); string(after) != string(before) {
		t.Fatal("init changed an existing vault")
	}
	_, errOut, code = runBin(t, []string{"OTPFILL_PASSPHRASE_FILE=" + e.pass}, "", "list", "--vault", e.dir)
	if code != 1 || !strings.Contains(errOut, "is a directory") {
		t.Fatalf("list on a directory: exit %d %q", code, errOut)
	}
}
