package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/otpfill/otpfill/keyring"
	"github.com/otpfill/otpfill/vault"
)

// path is the vault file named by --vault, $OTPFILL_VAULT or the default.
func (c *cli) path() (string, error) {
	if c.vaultPath != "" {
		return vault.ExpandPath(c.vaultPath)
	}
	return vault.DefaultPath()
}

// vaultFile is path, refusing a directory with advice (a common slip:
// --vault ~/.config/otpfill).
func (c *cli) vaultFile() (string, error) {
	path, err := c.path()
	if err != nil {
		return "", err
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return "", fmt.Errorf("%s is a directory: name the vault file, e.g. --vault %s", path, filepath.Join(path, vault.FileName))
	}
	return path, nil
}

// kdf is the shipped Argon2id cost, or a tiny one for tests.
func kdf() vault.KDFParams {
	if os.Getenv("OTPFILL_KDF") == "fast" {
		return vault.FastKDF
	}
	return vault.DefaultKDF
}

// open unlocks the vault: through its keyring stanza when it has one and
// the keyring answers, else with the passphrase.
func (c *cli) open() (*vault.Vault, error) { return c.openVault(true) }

// openByPassphrase always asks for the passphrase (passwd, keyring enable:
// changing how the vault unlocks takes the passphrase).
func (c *cli) openByPassphrase() (*vault.Vault, error) { return c.openVault(false) }

// openVault turns low-level errors into advice. A person at a terminal gets
// three tries at the passphrase.
func (c *cli) openVault(viaKeyring bool) (*vault.Vault, error) {
	path, err := c.vaultFile()
	if err != nil {
		return nil, err
	}
	// Probe first (no KDF): a missing or damaged vault is reported before
	// anyone types a passphrase. It reads the file once more; the CLI can
	// afford that.
	if err := vault.Probe(path); err != nil {
		if errors.Is(err, vault.ErrNoVault) {
			return nil, fmt.Errorf("no vault at %s: run 'otpfill init' first", path)
		}
		return nil, err
	}
	if viaKeyring {
		notice := func(reason string) { fmt.Fprintf(c.stderr, "otpfill: %s; using the passphrase\n", reason) }
		if v, err := vault.TryKeyring(path, keyring.System(), notice); v != nil || err != nil {
			return v, err
		}
	}
	tries := 1
	if c.passphraseFile() == "" && c.stdinIsTerminal() {
		tries = 3
	}
	for try := 1; ; try++ {
		pass, err := c.passphrase("Passphrase: ")
		if err != nil {
			return nil, err
		}
		v, err := vault.Open(path, pass)
		wipe(pass)
		if errors.Is(err, vault.ErrBadPassphrase) && try < tries {
			fmt.Fprintln(c.stderr, "Wrong passphrase, try again.")
			continue
		}
		return v, err
	}
}

func wipe(b []byte) {
	clear(b)
}
