package host

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/otpfill/otpfill/keyring/keyringtest"
)

// TestHostUnlocksThroughSecretService: a host started with Chrome's argv
// against a real, private gnome-keyring answers code with no unlock; with
// the item deleted or the keyring unreachable it stays locked, says why in
// its log in one line, and the passphrase unlocks it.
func TestHostUnlocksThroughSecretService(t *testing.T) {
	ks := keyringtest.Start(t)
	f := newFixture(t)
	f.addStandard()
	f.cli("keyring", "enable")
	h := f.chrome()
	r := h.mustOK(map[string]any{"type": "code", "account": "bob@contoso.com", "url": signIn})
	if len(r["code"].(string)) != 6 {
		t.Fatalf("code: %v", r)
	}
	if r := h.mustOK(map[string]any{"type": "hello"}); r["state"] != "unlocked" || r["unlocked_by"] != "keyring" {
		t.Fatalf("hello: %v", r)
	}
	st := h.mustOK(map[string]any{"type": "keyring", "action": "status"})["keyring"].(map[string]any)
	if st["item"] != "reachable" {
		t.Fatalf("status: %v", st)
	}
	h.closeAndWait()
	h.assertClean(secretA, secretB, secretC, "correct horse")

	// Unreachable: no such bus.
	h = f.chrome("DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/bus")
	if r := h.mustOK(map[string]any{"type": "hello"}); r["state"] != "locked" {
		t.Fatalf("unreachable: %v", r)
	}
	h.mustOK(map[string]any{"type": "unlock", "passphrase": "correct horse"})
	if r := h.mustOK(map[string]any{"type": "hello"}); r["unlocked_by"] != "passphrase" {
		t.Fatalf("hello: %v", r)
	}
	h.closeAndWait()
	if !regexp.MustCompile(`otpfill host: the system keyring cannot unlock the vault: keyring unavailable: [^\n]+; unlock with the passphrase\n`).MatchString(h.stderr.String()) {
		t.Fatalf("log: %s", h.stderr.String())
	}

	// The item deleted with secret-tool.
	item := regexp.MustCompile(`otpfill/(vault-[0-9a-f]{16})`).FindStringSubmatch(f.cli("keyring", "status"))
	ks.Clear(t, "otpfill", item[1])
	h = f.chrome()
	if r := h.mustOK(map[string]any{"type": "hello"}); r["state"] != "locked" {
		t.Fatalf("deleted item: %v", r)
	}
	if c := errCode(h.call(map[string]any{"type": "code", "account": "bob@contoso.com", "url": signIn})); c != "locked" {
		t.Fatalf("code: %s", c)
	}
	st = h.mustOK(map[string]any{"type": "keyring", "action": "status"})["keyring"].(map[string]any)
	if st["item"] != "missing" || !strings.Contains(st["reason"].(string), "no item otpfill/"+item[1]) {
		t.Fatalf("status: %v", st)
	}
	h.mustOK(map[string]any{"type": "unlock", "passphrase": "correct horse"})
	// Another account: the replay guard hands out at most two steps of one.
	h.mustOK(map[string]any{"type": "code", "account": "ada@contoso.com", "url": "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/authorize"})
	// Enabling again from the options page repairs it.
	st = h.mustOK(map[string]any{"type": "keyring", "action": "enable", "passphrase": "correct horse"})["keyring"].(map[string]any)
	if st["item"] != "reachable" {
		t.Fatalf("enable: %v", st)
	}
	h.closeAndWait()
	h.assertClean(secretA, secretB, secretC, "correct horse")
	start := time.Now()
	h = f.chrome()
	h.mustOK(map[string]any{"type": "code", "account": "bob@contoso.com", "url": signIn})
	t.Logf("start to first code through the keyring: %v", time.Since(start))
	h.closeAndWait()
}
