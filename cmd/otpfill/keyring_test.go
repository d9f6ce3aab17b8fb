package main

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/otpfill/otpfill/keyring/keyringtest"
)

// TestKeyringCLI against a real, private gnome-keyring: enable asks the
// passphrase once, then code needs none; a deleted item is a clear one-line
// notice and the passphrase still works; an unreachable keyring falls back.
func TestKeyringCLI(t *testing.T) {
	ks := keyringtest.Start(t)
	e := newEnv(t)
	if out, err := e.run("", "add", "--secret", "JBSWY3DPEHPK3PXP", "--account", "ada@contoso.com"); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	if out, err := e.run("", "keyring", "enable"); err != nil || !strings.Contains(out, "enabled") {
		t.Fatalf("enable: %v %s", err, out)
	}
	out, err := e.run("", "keyring", "status")
	item := regexp.MustCompile(`Keyring item otpfill/(vault-[0-9a-f]{16}): reachable`).FindStringSubmatch(out)
	if err != nil || !strings.Contains(out, "Stanzas: passphrase, keyring") || item == nil {
		t.Fatalf("status: %v %s", err, out)
	}
	// No passphrase anywhere: no file, nothing on stdin.
	noPass := func(extra ...string) *exec.Cmd {
		c := exec.Command(otpfillBin, "code", "ada@contoso.com")
		c.Env = append(os.Environ(), "OTPFILL_VAULT="+e.vault, "OTPFILL_KDF=fast", "HOME="+e.dir)
		c.Env = append(c.Env, extra...)
		c.Stdin = strings.NewReader("")
		return c
	}
	if out, err := noPass().CombinedOutput(); err != nil || !regexp.MustCompile(`^\d{6}\n$`).Match(out) {
		t.Fatalf("code through the keyring: %v %q", err, out)
	}
	// Completion offers entry names: the keyring opens the vault without a
	// prompt (the helper cobra's completion scripts call).
	comp := noPass()
	comp.Args = []string{otpfillBin, "__complete", "code", ""}
	if out, err := comp.CombinedOutput(); err != nil || !strings.Contains(string(out), "ada@contoso.com\t") {
		t.Fatalf("completion through the keyring: %v %q", err, out)
	}

	// Unreachable keyring: one line on stderr, then the passphrase.
	c := e.cmd("", "code", "ada@contoso.com")
	c.Env = append(c.Env, "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/bus")
	var stderr strings.Builder
	c.Stderr = &stderr
	if out, err := c.Output(); err != nil || len(strings.TrimSpace(string(out))) != 6 {
		t.Fatalf("fallback: %v %q %s", err, out, stderr.String())
	}
	if s := stderr.String(); !strings.HasPrefix(s, "otpfill: the system keyring cannot unlock the vault: keyring unavailable: ") ||
		!strings.HasSuffix(s, "; using the passphrase\n") || strings.Count(s, "\n") != 1 {
		t.Fatalf("notice %q", s)
	}

	// The item deleted by hand.
	ks.Clear(t, "otpfill", item[1])
	if out, err := noPass().CombinedOutput(); err == nil || !strings.Contains(string(out), "keyring unavailable: no item otpfill/"+item[1]) {
		t.Fatalf("deleted item, no passphrase: %v %q", err, out)
	}
	c = e.cmd("", "code", "ada@contoso.com")
	stderr.Reset()
	c.Stderr = &stderr
	if out, err := c.Output(); err != nil || len(strings.TrimSpace(string(out))) != 6 || !strings.Contains(stderr.String(), "no item otpfill/"+item[1]) {
		t.Fatalf("deleted item, passphrase: %v %q %q", err, out, stderr.String())
	}
	if out, _ := e.run("", "keyring", "status"); !strings.Contains(out, ": missing (") {
		t.Fatalf("status: %s", out)
	}

	// enable again repairs it; disable removes stanza and item.
	if out, err := e.run("", "keyring", "enable"); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	if out, err := noPass().CombinedOutput(); err != nil {
		t.Fatalf("after re-enable: %v %q", err, out)
	}
	if out, err := e.run("", "keyring", "disable"); err != nil {
		t.Fatalf("disable: %v %s", err, out)
	}
	if out, _ := e.run("", "keyring", "status"); !strings.Contains(out, "Stanzas: passphrase\n") || !strings.Contains(out, "Keyring item: none") {
		t.Fatalf("status after disable: %s", out)
	}
}
