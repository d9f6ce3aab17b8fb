package main

import (
	"bytes"
	"errors"
	"testing"

	"github.com/otpfill/otpfill/vault"
)

// The host's key helper must compute exactly what the vault would.
func TestDeriveInChildMatchesInProcess(t *testing.T) {
	salt := []byte("0123456789abcdef")
	pass := []byte("correct horse \n with a newline")
	got, err := deriveInChild(otpfillBin, pass, salt, vault.FastKDF)
	if err != nil {
		t.Fatal(err)
	}
	if want := vault.DeriveKey(pass, salt, vault.FastKDF); !bytes.Equal(got, want) {
		t.Fatal("child derived a different key")
	}
	var out bytes.Buffer
	if code := runDeriveChild(bytes.NewReader([]byte("not json\n")), &out); code == 0 || out.Len() != 0 {
		t.Fatalf("bad input: exit %d, %d bytes out", code, out.Len())
	}
}

// A child that fails (here: refuses parameters beyond the limits, as it
// would be killed for its memory) is an error: the host never derives a
// second time itself.
func TestDeriveChildFailureIsAnError(t *testing.T) {
	huge := vault.KDFParams{Time: 1, MemoryKiB: 4 << 20, Threads: 1}
	if _, err := deriveInChild(otpfillBin, []byte("pw"), []byte("0123456789abcdef"), huge); err == nil || errors.Is(err, errNoChild) {
		t.Fatalf("child failure: %v", err)
	}
	if _, err := childDeriver([]byte("pw"), []byte("0123456789abcdef"), huge); !errors.Is(err, vault.ErrKDFLimits) {
		t.Fatalf("limits: %v", err)
	}
	if _, err := deriveInChild("/nonexistent/otpfill", []byte("pw"), []byte("0123456789abcdef"), vault.FastKDF); !errors.Is(err, errNoChild) {
		t.Fatalf("no child: %v", err)
	}
}
