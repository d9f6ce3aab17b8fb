package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
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
	if json.Unmarshal(line, &p) != nil || len(p.Salt) == 0 {
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

// childDeriver runs the KDF in a child otpfill. It falls back to this
// process when the child cannot run (the binary moved, exec refused).
func childDeriver(pass, salt []byte, p vault.KDFParams) ([]byte, error) {
	exe, err := os.Executable()
	if err == nil {
		var key []byte
		if key, err = deriveInChild(exe, pass, salt, p); err == nil {
			return key, nil
		}
	}
	return vault.DeriveKey(pass, salt, p), nil
}

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
	if err := cmd.Run(); err != nil {
		return nil, err
	}
	if out.Len() != vault.KeyLen {
		clear(out.Bytes())
		return nil, errors.New("the key helper answered with the wrong length")
	}
	return out.Bytes(), nil
}
