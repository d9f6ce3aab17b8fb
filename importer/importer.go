// Package importer reads the export files of other authenticator apps into
// vault entries, and writes an encrypted Aegis backup that phone apps import.
//
// The format is told from the content, never from the file name. Every
// token, whatever app it comes from, goes through vault.ParseURI, so issuer,
// account and tenant are mapped and checked the one way the vault does it;
// a token otpfill cannot use is skipped with a reason, not dropped silently.
package importer

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/otpfill/otpfill/vault"
)

// Format is an app's export format.
type Format int

const (
	Unknown Format = iota
	OTPAuthLines
	GoogleAuthenticator
	EnteAuth
	Aegis
	TwoFAS
	AndOTP
	Bitwarden
)

func (f Format) String() string {
	switch f {
	case OTPAuthLines:
		return "otpauth URIs"
	case GoogleAuthenticator:
		return "Google Authenticator"
	case EnteAuth:
		return "Ente Auth"
	case Aegis:
		return "Aegis"
	case TwoFAS:
		return "2FAS"
	case AndOTP:
		return "andOTP"
	case Bitwarden:
		return "Bitwarden"
	}
	return "unknown"
}

// Errors callers branch on. None of them, nor anything wrapped in them,
// carries a secret, a password or a piece of the file.
var (
	ErrUnknownFormat = errors.New("not an export otpfill can read (it reads otpauth:// lines, Google Authenticator, Aegis, 2FAS, andOTP, Bitwarden JSON and Ente Auth plain-text exports)")
	ErrWrongPassword = errors.New("wrong password for this export file")
	ErrDamaged       = errors.New("the export file is damaged")
	ErrNewerFormat   = errors.New("the export file was written by a newer version of its app than otpfill knows")
	ErrNoPassword    = errors.New("the export file is encrypted and no password was given")
	// ErrExportEncrypted is for apps whose encrypted exports otpfill does not
	// decrypt; the message says how to export in the clear instead.
	ErrExportEncrypted = errors.New("this export is encrypted in a way otpfill cannot read")
)

// damaged says which part of which format is broken, never what is in it.
func damaged(f Format, what string) error {
	return fmt.Errorf("%w (%s: %s)", ErrDamaged, f, what)
}

// Password asks for the password of an encrypted export. Read calls it only
// for an encrypted file, at most once. It is the export's own password, not
// the vault passphrase.
type Password func() ([]byte, error)

// Skipped is a token of the file that otpfill cannot use.
type Skipped struct {
	Label  string // as the app shows it ("Steam: alice"), cut to maxLabel runes; from the file: escape it to print
	Reason string // a fixed text, never from the file
}

// Result is what a file holds.
type Result struct {
	Format    Format
	Encrypted bool
	Entries   []vault.Entry // to add, all valid
	Skipped   []Skipped
}

// Read detects the format of data and reads all its tokens. It either
// returns every usable entry of the file or an error; per-token problems are
// in Skipped.
func Read(data []byte, password Password) (*Result, error) {
	data = bytes.TrimPrefix(data, utf8BOM) // JSON decoders refuse it
	f := Detect(data)
	r := &Result{Format: f}
	var err error
	switch f {
	case OTPAuthLines, GoogleAuthenticator, EnteAuth:
		err = readLines(data, r)
	case Aegis:
		err = readAegis(data, password, r)
	case TwoFAS:
		err = readTwoFAS(data, password, r)
	case AndOTP:
		err = readAndOTP(data, r)
	case Bitwarden:
		err = readBitwarden(data, r)
	default:
		err = unknownFormat(data)
	}
	if err != nil {
		return nil, err
	}
	return r, nil
}

// unknownFormat adds a hint for the exports people often pick by mistake.
func unknownFormat(data []byte) error {
	first, _, _ := bytes.Cut(trimBOM(data), []byte("\n"))
	if bytes.Contains(first, []byte("login_totp")) {
		return fmt.Errorf("%w; this looks like Bitwarden's CSV export: export again choosing the unencrypted \"JSON\" format", ErrUnknownFormat)
	}
	return ErrUnknownFormat
}

// askPassword calls the callback, refusing an empty answer.
func askPassword(password Password) ([]byte, error) {
	if password == nil {
		return nil, ErrNoPassword
	}
	pw, err := password()
	if err != nil {
		return nil, err
	}
	if len(pw) == 0 {
		return nil, ErrNoPassword
	}
	return pw, nil
}

func wipe(b []byte) {
	for i := range b {
		b[i] = 0
	}
}

var utf8BOM = []byte("\xef\xbb\xbf")

// trimBOM drops a UTF-8 byte-order mark and surrounding white space.
func trimBOM(data []byte) []byte {
	return bytes.TrimSpace(bytes.TrimPrefix(data, utf8BOM))
}
