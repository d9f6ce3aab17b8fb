package keyring_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/otpfill/otpfill/keyring"
	"github.com/otpfill/otpfill/keyring/keyringtest"
)

// TestSystemSecretService runs the OS backend against a real, private
// gnome-keyring: set, get, delete, not found; secret-tool sees the item
// under the attributes it documents.
func TestSystemSecretService(t *testing.T) {
	ks := keyringtest.Start(t)
	s := keyring.System()
	if err := s.Set("otpfill", "vault-test", "c2VjcmV0"); err != nil {
		t.Fatal(err)
	}
	if v, err := s.Get("otpfill", "vault-test"); err != nil || v != "c2VjcmV0" {
		t.Fatalf("%q %v", v, err)
	}
	ks.Clear(t, "otpfill", "vault-test")
	if _, err := s.Get("otpfill", "vault-test"); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("after secret-tool clear: %v", err)
	}
	if err := s.Delete("otpfill", "vault-test"); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("delete missing: %v", err)
	}
}

// TestSystemNoBus: with no session bus the store says so in one line, at
// once.
func TestSystemNoBus(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
	_, err := keyring.System().Get("otpfill", "x")
	if !errors.Is(err, keyring.ErrUnavailable) || errors.Is(err, keyring.ErrNotFound) {
		t.Fatal(err)
	}
	t.Log(err)
}

// TestSystemLockedCollection: a locked collection needs a prompt no one
// can answer here; the call returns within the bound with a one-line error.
func TestSystemLockedCollection(t *testing.T) {
	ks := keyringtest.Start(t)
	s := keyring.System()
	if err := s.Set("otpfill", "vault-locked", "c2VjcmV0"); err != nil {
		t.Fatal(err)
	}
	ks.Lock(t)
	start := time.Now()
	_, err := s.Get("otpfill", "vault-locked")
	if !errors.Is(err, keyring.ErrUnavailable) || errors.Is(err, keyring.ErrNotFound) || strings.Contains(err.Error(), "\n") {
		t.Fatalf("locked: %v", err)
	}
	if d := time.Since(start); d > keyring.Timeout+2*time.Second {
		t.Fatalf("took %v", d)
	}
	t.Logf("%v", err)
}
