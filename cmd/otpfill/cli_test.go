package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var otpfillBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "otpfill-cli-test")
	if err != nil {
		panic(err)
	}
	otpfillBin = filepath.Join(dir, "otpfill")
	if out, err := exec.Command("go", "build", "-o", otpfillBin, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// env is an isolated vault with a passphrase file, as a script would use it.
type env struct {
	t     *testing.T
	dir   string
	vault string
	pass  string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	dir := t.TempDir()
	e := &env{t: t, dir: dir, vault: filepath.Join(dir, "cfg", "vault.otpfill"), pass: filepath.Join(dir, "pw")}
	os.WriteFile(e.pass, []byte("correct horse battery\n"), 0o600)
	if out, err := e.run("", "init"); err != nil {
		t.Fatalf("init: %v %s", err, out)
	}
	return e
}

func (e *env) cmd(stdin string, args ...string) *exec.Cmd {
	c := exec.Command(otpfillBin, args...)
	c.Env = append(os.Environ(), "OTPFILL_VAULT="+e.vault, "OTPFILL_PASSPHRASE_FILE="+e.pass, "OTPFILL_KDF=fast", "HOME="+e.dir)
	c.Stdin = strings.NewReader(stdin)
	return c
}

func (e *env) run(stdin string, args ...string) (string, error) {
	var out, errb bytes.Buffer
	c := e.cmd(stdin, args...)
	c.Stdout, c.Stderr = &out, &errb
	err := c.Run()
	if err != nil {
		return out.String() + errb.String(), err
	}
	return out.String(), nil
}

func (e *env) list() []map[string]any {
	e.t.Helper()
	out, err := e.run("", "list", "--json")
	if err != nil {
		e.t.Fatalf("list: %v %s", err, out)
	}
	var l []map[string]any
	if err := json.Unmarshal([]byte(out), &l); err != nil {
		e.t.Fatalf("list json: %v %s", err, out)
	}
	return l
}

const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

func TestCodeMatchesOathtool(t *testing.T) {
	oath, err := exec.LookPath("oathtool")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("oathtool is required in CI")
		}
		t.Skip("oathtool not installed")
	}
	e := newEnv(t)
	if out, err := e.run("", "add", "--secret", strings.ToLower("jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp"), "--account", "Ada@Contoso.com", "--tenant", "Contoso"); err != nil {
		t.Fatal(out)
	}
	for i := 0; i < 25; i++ {
		at := rand.Int63n(4_000_000_000)
		got, err := e.run("", "code", "--at", fmt.Sprint(at), "ada@contoso.com")
		if err != nil {
			t.Fatal(got)
		}
		want, _ := exec.Command(oath, "--totp", "-b", "-N", fmt.Sprintf("@%d", at), secret).Output()
		if got != string(want) {
			t.Fatalf("at %d: otpfill %q, oathtool %q", at, got, want)
		}
	}
}

func TestFilesAreOwnerOnly(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX modes")
	}
	e := newEnv(t)
	e.run("", "add", "--secret", secret, "--account", "a@b.c")
	for _, p := range []string{e.vault, e.vault + ".lock"} {
		st, err := os.Stat(p)
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v %v", p, st.Mode(), err)
		}
	}
}

func TestErrorsAreOneLineWithoutSecrets(t *testing.T) {
	e := newEnv(t)
	e.run("", "add", "--secret", secret, "--account", "a@b.c")
	os.WriteFile(filepath.Join(e.dir, "bad"), []byte("wrong\n"), 0o600)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"list", "--passphrase-file", filepath.Join(e.dir, "bad")}, "wrong passphrase"},
		{[]string{"add", "--secret", "JBSWY3DPEHPK3PX1", "--account", "x@y"}, "invalid secret"},
		{[]string{"add", "otpauth://hotp/x?secret=" + secret}, "HOTP"},
		{[]string{"add", "--secret", secret, "--account", "a@b.c"}, "already exists"},
		{[]string{"code", "nobody"}, "no entry matches"},
		{[]string{"export"}, "--plaintext"},
		{[]string{"frobnicate"}, "unknown command"},
		{[]string{"--vault", filepath.Join(e.dir, "none"), "list"}, "otpfill init"},
	}
	for _, c := range cases {
		var out, errb bytes.Buffer
		cmd := e.cmd("", c.args...)
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err == nil {
			t.Errorf("%v: exit 0", c.args)
		}
		msg := errb.String()
		if !strings.Contains(msg, c.want) || strings.Count(strings.TrimSpace(msg), "\n") > 1 ||
			strings.Contains(msg, "goroutine") || strings.Contains(msg, "JBSWY3DP") || out.Len() > 0 {
			t.Errorf("%v: stdout %q stderr %q", c.args, out.String(), msg)
		}
	}
}

func TestTamperAndWrongPassphraseDiffer(t *testing.T) {
	e := newEnv(t)
	e.run("", "add", "--secret", secret, "--account", "a@b.c")
	orig, _ := os.ReadFile(e.vault)
	for i := 0; i < 20; i++ {
		b := bytes.Clone(orig)
		b[rand.Intn(len(b))] ^= byte(1 + rand.Intn(255))
		os.WriteFile(e.vault, b, 0o600)
		out, err := e.run("", "list")
		if err == nil || !strings.Contains(out, "damaged or was modified") {
			t.Fatalf("flip: %v %q", err, out)
		}
	}
	os.WriteFile(e.vault, orig, 0o600)
	cmd := exec.Command(otpfillBin, "list")
	cmd.Env = append(os.Environ(), "OTPFILL_VAULT="+e.vault, "OTPFILL_PASSPHRASE_FILE=")
	cmd.Stdin = strings.NewReader("wrong\n")
	if b, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(b), "wrong passphrase") {
		t.Fatalf("wrong passphrase from stdin: %v %q", err, b)
	}
}

func TestPassphraseFromStdinAndPasswd(t *testing.T) {
	e := newEnv(t)
	run := func(stdin string, args ...string) (string, error) {
		cmd := exec.Command(otpfillBin, args...)
		cmd.Env = append(os.Environ(), "OTPFILL_VAULT="+e.vault, "OTPFILL_PASSPHRASE_FILE=", "OTPFILL_KDF=fast")
		cmd.Stdin = strings.NewReader(stdin)
		b, err := cmd.CombinedOutput()
		return string(b), err
	}
	if out, err := run("correct horse battery\nnew secret pass\nnew secret pass\n", "passwd"); err != nil {
		t.Fatal(out)
	}
	if out, err := run("correct horse battery\n", "list"); err == nil {
		t.Fatalf("old passphrase still works: %s", out)
	}
	if out, err := run("new secret pass\n", "list"); err != nil {
		t.Fatal(out)
	}
}

func TestConcurrentAddersLoseNothing(t *testing.T) {
	e := newEnv(t)
	const n = 12
	var wg sync.WaitGroup
	errs := make(chan string, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if out, err := e.run("", "add", "--secret", secret, "--account", fmt.Sprintf("user%d@contoso.com", i)); err != nil {
				errs <- out
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for msg := range errs {
		t.Error(msg)
	}
	if got := len(e.list()); got != n {
		t.Fatalf("%d entries after %d concurrent adds", got, n)
	}
}

// TestKilledAddNeverBreaksTheVault kills `add` at random moments; the vault
// must always open and hold every add that exited 0, with no temp files
// left once the next writer has run.
func TestKilledAddNeverBreaksTheVault(t *testing.T) {
	e := newEnv(t)
	rounds := 40
	if testing.Short() {
		rounds = 10
	}
	// Spread the kills over the whole life of an add, and a little past it.
	start := time.Now()
	if out, err := e.run("", "add", "--secret", secret, "--account", "first@contoso.com"); err != nil {
		t.Fatal(out)
	}
	span := int64(time.Since(start)) * 3 / 2
	committed := []string{"first@contoso.com"}
	for i := 0; i < rounds; i++ {
		acct := fmt.Sprintf("k%d@contoso.com", i)
		cmd := e.cmd("", "add", "--secret", secret, "--account", acct)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err == nil {
				committed = append(committed, acct)
			}
		case <-time.After(time.Duration(rand.Int63n(span))):
			cmd.Process.Signal(syscall.SIGKILL)
			if err := <-done; err == nil {
				committed = append(committed, acct)
			}
		}
		have := map[string]bool{}
		for _, m := range e.list() {
			have[m["account"].(string)] = true
		}
		for _, a := range committed {
			if !have[a] {
				t.Fatalf("round %d: %s exited 0 but is missing", i, a)
			}
		}
	}
	e.run("", "add", "--secret", secret, "--account", "final@contoso.com")
	ents, _ := os.ReadDir(filepath.Dir(e.vault))
	for _, f := range ents {
		if f.Name() != "vault.otpfill" && f.Name() != "vault.otpfill.lock" && f.Name() != "vault.otpfill.steps" {
			t.Errorf("left behind: %s", f.Name())
		}
	}
	t.Logf("%d of %d killed adds had completed (span %v)", len(committed)-1, rounds, time.Duration(span))
}

func TestImportAndExportRoundTrip(t *testing.T) {
	e := newEnv(t)
	in := "otpauth://totp/Contoso%3Aada%40contoso.com?secret=jbswy3dpehpk3pxp&issuer=Microsoft\n# comment\n\n" +
		"otpauth://totp/GitHub:octo?secret=GEZDGNBVGY3TQOJQ&issuer=GitHub&digits=8\n" +
		"otpauth://totp/Contoso%3Aada%40contoso.com?secret=jbswy3dpehpk3pxp&issuer=Microsoft\n" +
		"not a uri\n"
	out, err := e.run(in, "import")
	if err == nil || !strings.Contains(out, "Imported 2, skipped 1 duplicates") || !strings.Contains(out, "line 6") {
		t.Fatalf("import: %v %q", err, out)
	}
	exp, err := e.run("", "export", "--plaintext")
	if err != nil || strings.Count(exp, "otpauth://totp/") != 2 {
		t.Fatalf("export: %v %q", err, exp)
	}
	f := newEnv(t)
	if out, err := f.run(exp, "import"); err != nil || !strings.Contains(out, "Imported 2") {
		t.Fatalf("re-import: %v %q", err, out)
	}
}
