package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func exitCode(err error) int {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// TestEncryptedAegisBackupRoundTrip: export an encrypted Aegis backup, refuse
// to overwrite it, import it into another vault with its password.
func TestEncryptedAegisBackupRoundTrip(t *testing.T) {
	e := newEnv(t)
	in := "otpauth://totp/Contoso%3Aada%40contoso.com?secret=jbswy3dpehpk3pxp&issuer=Microsoft\n" +
		"otpauth://totp/Fabrikam:ada%40fabrikam.example?secret=GEZDGNBVGY3TQOJQ&issuer=Microsoft&digits=8\n" +
		"otpauth://totp/GitHub:octo?secret=KRUGS4ZANFZSAYJAONSWG4TF&issuer=GitHub&algorithm=SHA256&period=60\n"
	if out, err := e.run(in, "import"); err != nil {
		t.Fatalf("import: %v %s", err, out)
	}
	backup := filepath.Join(e.dir, "backup.json")
	pwFile := filepath.Join(e.dir, "backup-pw")
	os.WriteFile(pwFile, []byte("phone backup password\n"), 0o600)
	_, stderr, err := e.run2("", "export", "--format", "aegis", "--encrypt", "--output", backup, "--password-file", pwFile)
	if err != nil || !strings.Contains(stderr, "Wrote 3 entries to") {
		t.Fatalf("export: %v %s", err, stderr)
	}
	st, err := os.Stat(backup)
	if err != nil || (runtime.GOOS != "windows" && st.Mode().Perm() != 0o600) {
		t.Fatalf("backup file: %v %v", st, err)
	}
	data, _ := os.ReadFile(backup)
	if strings.Contains(string(data), "JBSWY3DP") || strings.Contains(string(data), "ada@") {
		t.Fatal("the backup holds secrets or accounts in the clear")
	}
	// No overwrite without --force; the file stays as it was.
	out, err := e.run("", "export", "--format", "aegis", "--encrypt", "--output", backup, "--password-file", pwFile)
	if exitCode(err) != 1 || !strings.Contains(out, "already exists; add --force") {
		t.Fatalf("overwrite: %v %s", err, out)
	}
	if again, _ := os.ReadFile(backup); string(again) != string(data) {
		t.Fatal("the existing backup was changed")
	}
	if out, err := e.run("", "export", "--format", "aegis", "--encrypt", "--output", backup, "--password-file", pwFile, "--force"); err != nil {
		t.Fatalf("--force: %v %s", err, out)
	}

	f := newEnv(t)
	wrong := filepath.Join(e.dir, "wrong-pw")
	os.WriteFile(wrong, []byte("not it\n"), 0o600)
	out, err = f.run("", "import", backup, "--password-file", wrong)
	if exitCode(err) != 1 || !strings.Contains(out, "wrong password for this export file") || len(f.list()) != 0 {
		t.Fatalf("wrong password: %v %s", err, out)
	}
	out, err = f.run("", "import", backup)
	if exitCode(err) != 1 || !strings.Contains(out, "--password-file") {
		t.Fatalf("no password: %v %s", err, out)
	}
	_, stderr, err = f.run2("", "import", backup, "--password-file", pwFile)
	if err != nil || !strings.Contains(stderr, "Imported 3 entries from Aegis (encrypted).") {
		t.Fatalf("import: %v %s", err, stderr)
	}
	got, want := f.list(), e.list()
	if len(got) != 3 {
		t.Fatalf("%v", got)
	}
	for i := range want {
		for _, k := range []string{"issuer", "account", "tenant", "algorithm", "digits", "period"} {
			if got[i][k] != want[i][k] {
				t.Errorf("entry %d %s: %v, want %v", i, k, got[i][k], want[i][k])
			}
		}
	}
	// Same codes: the secrets came through.
	for _, acct := range []string{"Contoso:ada@contoso.com", "Fabrikam:ada@fabrikam.example", "octo"} {
		a, _ := e.run("", "code", "--at", "1700000000", acct)
		b, _ := f.run("", "code", "--at", "1700000000", acct)
		if a == "" || a != b {
			t.Errorf("%s: %q vs %q", acct, a, b)
		}
	}
}

func TestImportReportsSkipped(t *testing.T) {
	e := newEnv(t)
	file := filepath.Join(e.dir, "andotp.json")
	os.WriteFile(file, []byte(`[
 {"secret":"JBSWY3DPEHPK3PXP","issuer":"Microsoft","label":"Contoso:ada@contoso.com","digits":6,"type":"TOTP","algorithm":"SHA1","period":30},
 {"secret":"GEZDGNBVGY3TQOJQ","issuer":"Steam","label":"alice\u001b[31m","digits":5,"type":"STEAM","algorithm":"SHA1","period":30},
 {"secret":"GEZDGNBVGY3TQOJQ","issuer":"Bank","label":"counter","digits":6,"type":"HOTP","algorithm":"SHA1","counter":1}
]`), 0o600)
	stdout, stderr, err := e.run2("", "import", file)
	want := `Imported 1 entry from andOTP. Skipped 2: 'Steam: alice\x1b[31m' (Steam codes are not TOTP), 'Bank: counter' (counter-based (HOTP) codes are not supported, only time-based (TOTP)).`
	if err != nil || stdout != "" || strings.TrimSpace(stderr) != want {
		t.Fatalf("%v\nstdout %q\nstderr %q\nwant   %q", err, stdout, stderr, want)
	}
	if _, stderr, _ := e.run2("", "import", file); !strings.Contains(stderr, "Imported 0 entries from andOTP. 1 was already in the vault.") {
		t.Fatalf("again: %q", stderr)
	}
	out, err := e.run("", "import", filepath.Join(e.dir, "pw"))
	if exitCode(err) != 1 || !strings.Contains(out, "not an export otpfill can read") {
		t.Fatalf("unknown: %v %s", err, out)
	}
	out, err = e.run("phonefactor://activate_account?code=123456789&url=https%3a%2f%2fx.example%2f\n", "import")
	if exitCode(err) != 1 || !strings.Contains(out, "different authenticator app") {
		t.Fatalf("phonefactor: %v %s", err, out)
	}
}

func TestExportUsage(t *testing.T) {
	e := newEnv(t)
	out := filepath.Join(e.dir, "b.json")
	for _, args := range [][]string{
		{"export", "--format", "aegis", "--output", out},
		{"export", "--format", "aegis", "--encrypt"},
		{"export", "--format", "csv", "--encrypt", "--output", out},
		{"export", "--plaintext", "--format", "aegis", "--encrypt", "--output", out},
		{"export", "--plaintext", "--output", out},
	} {
		if msg, err := e.run("", args...); exitCode(err) != 2 {
			t.Errorf("%v: %v %s", args, err, msg)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("a usage error wrote a file")
	}
}
