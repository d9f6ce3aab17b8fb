package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/otpfill/otpfill/importer"
	"github.com/otpfill/otpfill/qr"
	"github.com/otpfill/otpfill/vault"
)

// maxImportSize bounds what import reads (an Aegis vault with icons runs
// to a few MiB).
const maxImportSize = 64 << 20

// passwordTries is how often a terminal may retry a wrong export password.
const passwordTries = 3

// importFrom reads another app's export (detected from its content), then
// adds every usable entry in one vault write, and reports on stderr what
// was imported and what was skipped and why. passwordFile holds the
// export's password (not the vault passphrase); without it a terminal is
// asked.
func (c *cli) importFrom(in io.Reader, passwordFile string, replace bool) error {
	data, err := io.ReadAll(io.LimitReader(in, maxImportSize+1))
	if err != nil {
		return fmt.Errorf("cannot read the import: %w", err)
	}
	defer wipe(data)
	if len(data) > maxImportSize {
		return fmt.Errorf("the import is larger than %d MiB", maxImportSize>>20)
	}
	res, err := c.readExport(data, passwordFile)
	if errors.Is(err, importer.ErrUnknownFormat) {
		// Microsoft Authenticator's own link gets the same advice as its QR code.
		if first, _, _ := strings.Cut(strings.TrimSpace(string(data)), "\n"); qr.Classify(strings.TrimSpace(first)) == qr.KindPhoneFactor {
			return notOTPAuth(first)
		}
	}
	if err != nil {
		return err
	}
	v, err := c.open()
	if err != nil {
		return err
	}
	defer v.Close()
	counts, err := v.Import(res.Entries, replace)
	if err != nil {
		return err
	}
	fmt.Fprintln(c.stderr, importReport(res, counts))
	return nil
}

// readExport parses the export, asking for its password only if it is
// encrypted; a terminal gets passwordTries tries.
func (c *cli) readExport(data []byte, passwordFile string) (*importer.Result, error) {
	prompted := false
	password := func() ([]byte, error) {
		if passwordFile != "" {
			return readPasswordFile(passwordFile)
		}
		if !c.stdinIsTerminal() {
			return nil, errors.New("the export file is encrypted: give its password with --password-file FILE")
		}
		prompted = true
		return c.askOrRead("Password of the export file: ")
	}
	for try := 1; ; try++ {
		res, err := importer.Read(data, password)
		if errors.Is(err, importer.ErrWrongPassword) && prompted && try < passwordTries {
			fmt.Fprintln(c.stderr, "Wrong password, try again.")
			continue
		}
		return res, err
	}
}

// importReport is one line: "Imported 12 entries from Aegis (encrypted).
// Skipped 2: 'Steam: alice' (Steam codes are not TOTP), ..."; labels from
// the file are escaped.
func importReport(res *importer.Result, counts vault.ImportResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Imported %d %s from %s", counts.Added, plural(counts.Added, "entry", "entries"), res.Format)
	if res.Encrypted {
		b.WriteString(" (encrypted)")
	}
	b.WriteString(".")
	if counts.Duplicates > 0 {
		fmt.Fprintf(&b, " %d %s already in the vault.", counts.Duplicates, plural(counts.Duplicates, "was", "were"))
	}
	if counts.Conflicts > 0 {
		fmt.Fprintf(&b, " Kept %d existing %s that %s a different secret (--replace takes the imported %s).",
			counts.Conflicts, plural(counts.Conflicts, "entry", "entries"), plural(counts.Conflicts, "has", "have"),
			plural(counts.Conflicts, "one", "ones"))
	}
	if len(res.Skipped) > 0 {
		parts := make([]string, len(res.Skipped))
		for i, s := range res.Skipped {
			parts[i] = "'" + printable(s.Label) + "' (" + s.Reason + ")"
		}
		fmt.Fprintf(&b, " Skipped %d: %s.", len(res.Skipped), strings.Join(parts, ", "))
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// exportAegis writes the vault as an encrypted Aegis backup to output
// (0600; an existing file only with force). The backup's password comes
// from passwordFile, or a terminal asks it twice.
func (c *cli) exportAegis(output, passwordFile string, force bool) error {
	if !force {
		if _, err := os.Lstat(output); err == nil {
			return fmt.Errorf("%s already exists; add --force to overwrite it", output)
		}
	}
	v, err := c.open()
	if err != nil {
		return err
	}
	entries := v.Entries()
	v.Close()
	pw, err := c.exportPassword(passwordFile)
	if err != nil {
		return err
	}
	defer wipe(pw)
	data, err := importer.EncryptAegis(entries, pw, importer.AegisScrypt)
	if err != nil {
		return err
	}
	if err := writeNew(output, data, force); err != nil {
		return err
	}
	fmt.Fprintf(c.stderr, "Wrote %d %s to %s, an encrypted Aegis backup: Aegis imports it with its password.\n",
		len(entries), plural(len(entries), "entry", "entries"), output)
	return nil
}

func (c *cli) exportPassword(file string) ([]byte, error) {
	if file != "" {
		return readPasswordFile(file)
	}
	if !c.stdinIsTerminal() {
		return nil, errors.New("give the password of the backup with --password-file FILE")
	}
	pw, err := c.askOrRead("Password for the backup: ")
	if err != nil {
		return nil, err
	}
	again, err := c.askOrRead("Repeat it: ")
	defer wipe(again)
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(pw, again) {
		return nil, errors.New("the passwords do not match")
	}
	if len(pw) == 0 {
		return nil, errors.New("no password given")
	}
	if len(pw) < 8 {
		fmt.Fprintln(c.stderr, "otpfill: warning: a password under 8 characters is weak")
	}
	return pw, nil
}

// readPasswordFile is the first line of --password-file, which the
// vault's passphrase-file reader reads the same way.
func readPasswordFile(path string) ([]byte, error) {
	p, err := vault.ReadPassphraseFile(path)
	if err != nil {
		return nil, fmt.Errorf("--password-file: %w", err)
	}
	return p, nil
}

// writeNew writes a 0600 file. Without force it refuses an existing one
// (O_EXCL, so a file that appeared meanwhile is not clobbered); with force
// it replaces it through a temporary file and a rename.
func writeNew(path string, data []byte, force bool) error {
	if !force {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("%s already exists; add --force to overwrite it", path)
		}
		if err != nil {
			return fmt.Errorf("cannot write %s: %w", path, err)
		}
		_, err = f.Write(data)
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path)
			return fmt.Errorf("cannot write %s: %w", path, err)
		}
		return nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	return nil
}
