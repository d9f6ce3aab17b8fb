package keyring

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// stuck never answers, as Secret Service waiting on an unlock prompt.
type stuck struct{ release chan struct{} }

func (s stuck) Get(string, string) (string, error) { <-s.release; return "", nil }
func (s stuck) Set(string, string, string) error   { <-s.release; return nil }
func (s stuck) Delete(string, string) error        { <-s.release; return nil }

func TestBoundedReturnsInTime(t *testing.T) {
	s := stuck{make(chan struct{})}
	defer close(s.release)
	b := Bounded(s, 50*time.Millisecond)
	for name, call := range map[string]func() error{
		"get":    func() error { _, err := b.Get("otpfill", "x"); return err },
		"set":    func() error { return b.Set("otpfill", "x", "secret") },
		"delete": func() error { return b.Delete("otpfill", "x") },
	} {
		err := call()
		if !errors.Is(err, ErrUnavailable) || errors.Is(err, ErrNotFound) || !strings.HasPrefix(err.Error(), "keyring unavailable: no answer within 50ms") {
			t.Fatalf("%s: %v", name, err)
		}
	}
}

// failing answers every call with err.
type failing struct{ err error }

func (f failing) Get(string, string) (string, error) { return "", f.err }
func (f failing) Set(string, string, string) error   { return f.err }
func (f failing) Delete(string, string) error        { return f.err }

func TestErrorsAreOneLineWithoutTheSecret(t *testing.T) {
	b := Bounded(failing{errors.New("dbus said:\n  cannot store c2VjcmV0LWtleQ== now\n" + strings.Repeat("x", 500))}, time.Second)
	err := b.Set("otpfill", "vault-1", "c2VjcmV0LWtleQ==")
	msg := err.Error()
	if strings.Contains(msg, "\n") || strings.Contains(msg, "c2VjcmV0LWtleQ==") || len(msg) > 260 || !strings.HasPrefix(msg, "keyring unavailable: dbus said: cannot store") {
		t.Fatalf("%q", msg)
	}
	if _, err := Bounded(failing{errors.New("")}, time.Second).Get("s", "i"); err.Error() != "keyring unavailable: unknown error" {
		t.Fatal(err)
	}
}

type panicking struct{ failing }

func (panicking) Get(string, string) (string, error) { panic("boom") }

func TestPanicBecomesError(t *testing.T) {
	if _, err := Bounded(panicking{}, time.Second).Get("s", "i"); !errors.Is(err, ErrUnavailable) {
		t.Fatal(err)
	}
}

func TestMemory(t *testing.T) {
	m := NewMemory()
	if _, err := m.Get("s", "i"); !errors.Is(err, ErrNotFound) || err.Error() != "keyring unavailable: no item s/i" {
		t.Fatal(err)
	}
	if err := m.Set("s", "i", "v"); err != nil {
		t.Fatal(err)
	}
	if v, err := m.Get("s", "i"); v != "v" || err != nil {
		t.Fatal(v, err)
	}
	if err := m.Delete("s", "i"); err != nil || m.Len() != 0 {
		t.Fatal(err)
	}
	if err := m.Delete("s", "i"); !errors.Is(err, ErrNotFound) {
		t.Fatal(err)
	}
	m.Fail = errors.New("no D-Bus")
	if err := m.Set("s", "i", "v"); !errors.Is(err, ErrUnavailable) || errors.Is(err, ErrNotFound) {
		t.Fatal(err)
	}
}
