package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/otpfill/otpfill/qr"
	"github.com/otpfill/otpfill/vault"
)

// entryFromQRFile reads an otpauth QR code from a screenshot.
func entryFromQRFile(path string) (vault.Entry, error) {
	st, err := os.Stat(path)
	if err != nil {
		return vault.Entry{}, fmt.Errorf("cannot read %s: %w", path, err)
	}
	if st.Size() > qr.MaxBytes {
		return vault.Entry{}, fmt.Errorf("%s is too large for a QR screenshot", path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return vault.Entry{}, fmt.Errorf("cannot read %s: %w", path, err)
	}
	text, err := qr.Decode(data)
	if err != nil {
		return vault.Entry{}, fmt.Errorf("%s: %w", path, err)
	}
	if err := notOTPAuth(text); err != nil {
		return vault.Entry{}, err
	}
	return vault.ParseURI(text)
}

// notOTPAuth explains text (from a QR code or pasted) that is not an
// otpauth:// URI; nil when it is one.
func notOTPAuth(text string) error {
	switch qr.Classify(text) {
	case qr.KindOTPAuth:
		return nil
	case qr.KindPhoneFactor:
		return errors.New("this is Microsoft Authenticator's own link and holds no secret: on the Microsoft page choose \"I want to use a different authenticator app\" (or \"Configure app without notifications\") and use that QR code or secret key")
	case qr.KindMigration:
		return errors.New("this is a Google Authenticator export: pass the otpauth-migration:// text to 'otpfill import'")
	}
	return errors.New("this is not an otpauth:// authenticator code")
}

// printQR shows an entry as a QR code for a phone app (a backup). The
// code holds the secret, so say so.
func (c *cli) printQR(w io.Writer, e vault.Entry) error {
	art, err := qr.Terminal(e.URI())
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stderr, "otpfill: this QR code holds the secret of %s: let no one else see or photograph it.\n", printable(e.Label()))
	_, err = io.WriteString(w, art)
	return err
}
