package main

import (
	"bytes"
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
