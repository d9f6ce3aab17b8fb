package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"time"

	"github.com/otpfill/otpfill/vault"
)

// deriveCommand is the hidden command a host runs to derive a key in a
// child process: Argon2id's 64 MiB then come and go with the child, and the
// long-lived host stays small. Input: one JSON line of parameters, then the
// passphrase to EOF. Output: exactly the key material, nothing else.
const deriveCommand = "__derive-key"

type deriveParams struct {
	Salt []byte          `json:"salt"`
	KDF  vault.KDFParams `json:"kdf"`
}

// runDeriveChild is the child's side.
func runDeriveChild(stdin io.Reader, stdout io.Writer) int {
	r := bufio.NewReader(io.LimitReader(stdin, 1<<16))
	line, err := r.ReadBytes('\n')
	if err != nil {
		return 1
	}
	var p deriveParams
	if json.Unmarshal(line, &p) != nil || len(p.Salt) == 0 || p.KDF.Check() != nil {
		return 1
	}
	pass, err := io.ReadAll(r)
	if err != nil {
		return 1
	}
	key := vault.DeriveKey(pass, p.Salt, p.KDF)
	clear(pass)
	_, err = stdout.Write(key)
	clear(key)
	if err != nil {
		return 1
	}
	return 0
}

// childDeriver runs the KDF in a child otpfill. It derives in this process
// only when no child could be started (the binary moved, exec refused):
// a child that started and failed (killed for its memory, timed out) is an
// error, never a second derivation in the long-lived host.
func childDeriver(pass, salt []byte, p vault.KDFParams) ([]byte, error) {
	if err := p.Check(); err != nil {
		return nil, err
	}
	exe, err := os.Executable()
	if err != nil {
		return vault.DeriveKey(pass, salt, p), nil
	}
	key, err := deriveInChild(exe, pass, salt, p)
	if errors.Is(err, errNoChild) {
		return vault.DeriveKey(pass, salt, p), nil
	}
	return key, err
}

var errNoChild = errors.New("the key helper could not be started")

func deriveInChild(exe string, pass, salt []byte, p vault.KDFParams) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, deriveCommand)
	hdr, _ := json.Marshal(deriveParams{Salt: salt, KDF: p})
	in := make([]byte, 0, len(hdr)+1+len(pass))
	in = append(append(append(in, hdr...), '\n'), pass...)
	defer clear(in)
	cmd.Stdin = bytes.NewReader(in)
	var out bytes.Buffer
	cmd.Stdout = &out
	if err := cmd.Start(); err != nil {
		return nil, errNoChild
	}
	if err := cmd.Wait(); err != nil {
		clear(out.Bytes())
		return nil, fmt.Errorf("the key helper failed (%v)", err)
	}
	if out.Len() != vault.KeyLen {
		clear(out.Bytes())
		return nil, errors.New("the key helper answered with the wrong length")
	}
	return out.Bytes(), nil
}
