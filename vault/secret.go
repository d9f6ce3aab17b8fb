package vault

import (
	"encoding/base32"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode"
)

// minSecretBytes is RFC 4226's floor (128 bits recommended, 80 required).
const minSecretBytes = 10

// maxSecretChars bounds what we accept; real secrets are 16–64 characters.
const maxSecretChars = 1024

var validTail = [8]bool{0: true, 2: true, 4: true, 5: true, 7: true}

// NormalizeSecret turns a secret as Microsoft and others display it
// ("abcd efgh ijkl mnop", with spaces, non-breaking spaces, dashes or
// padding) into canonical upper-case unpadded base32, and checks that it
// decodes to at least 80 bits.
func NormalizeSecret(s string) (string, error) {
	if len(s) > maxSecretChars*4 {
		return "", ErrInvalidSecret
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || r == '\u00a0' || r == '\u200b' || r == '-' || r == '=':
			continue
		case r >= 'a' && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
		case (r >= 'A' && r <= 'Z') || (r >= '2' && r <= '7'):
			b.WriteRune(r)
		default:
			return "", ErrInvalidSecret
		}
	}
	out := b.String()
	// Unpadded base32 can only end after 0, 2, 4, 5 or 7 characters of a
	// group of 8; Go's decoder is lenient about the rest, otp libraries are not.
	if len(out) > maxSecretChars || !validTail[len(out)%8] {
		return "", ErrInvalidSecret
	}
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(out)
	if err != nil || len(raw) < minSecretBytes {
		return "", ErrInvalidSecret
	}
	return out, nil
}

// secretBytes decodes a normalized secret.
func secretBytes(s string) ([]byte, error) {
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(s)
	if err != nil {
		return nil, ErrInvalidSecret
	}
	return raw, nil
}

// ParseURI reads an otpauth://totp/ URI (Key Uri Format): the label is
// "Issuer:Account", URL-encoded, where '+' may stand for a space. Microsoft
// puts the tenant in the label prefix ("Contoso:ada@contoso.com") and
// "Microsoft" in the issuer parameter.
func ParseURI(uri string) (Entry, error) {
	uri = strings.TrimSpace(uri)
	u, err := url.Parse(uri)
	if err != nil || !strings.EqualFold(u.Scheme, "otpauth") {
		return Entry{}, fmt.Errorf("%w: not an otpauth:// URI", ErrUnsupported)
	}
	switch strings.ToLower(u.Host) {
	case "totp":
	case "hotp":
		return Entry{}, fmt.Errorf("%w: counter-based (HOTP) tokens are not supported, only time-based (TOTP)", ErrUnsupported)
	default:
		return Entry{}, fmt.Errorf("%w: otpauth type must be totp", ErrUnsupported)
	}
	label := strings.TrimPrefix(u.EscapedPath(), "/")
	label = strings.ReplaceAll(label, "+", "%20")
	if label, err = url.PathUnescape(label); err != nil {
		return Entry{}, fmt.Errorf("%w: label is not valid URL encoding", ErrUnsupported)
	}
	q := u.Query()
	e := Entry{Algorithm: "SHA1", Digits: 6, Period: 30}
	prefix, account, found := strings.Cut(label, ":")
	if found {
		e.Tenant = strings.TrimSpace(prefix)
		e.Account = strings.TrimSpace(account)
	} else {
		e.Account = strings.TrimSpace(label)
	}
	e.Issuer = strings.TrimSpace(q.Get("issuer"))
	if e.Issuer == "" {
		e.Issuer = e.Tenant
	}
	// For non-Microsoft issuers the label prefix is just the issuer again.
	if e.Tenant != "" && strings.EqualFold(e.Tenant, e.Issuer) && !strings.EqualFold(e.Issuer, "Microsoft") {
		e.Tenant = ""
	}
	if e.Secret, err = NormalizeSecret(q.Get("secret")); err != nil {
		return Entry{}, err
	}
	if a := q.Get("algorithm"); a != "" {
		if e.Algorithm, err = normalizeAlgorithm(a); err != nil {
			return Entry{}, err
		}
	}
	if d := q.Get("digits"); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil || (n != 6 && n != 7 && n != 8) {
			return Entry{}, fmt.Errorf("%w: digits must be 6, 7 or 8", ErrUnsupported)
		}
		e.Digits = n
	}
	if p := q.Get("period"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 3600 {
			return Entry{}, fmt.Errorf("%w: period must be between 1 and 3600 seconds", ErrUnsupported)
		}
		e.Period = n
	}
	if err := e.CheckLabels(); err != nil {
		return Entry{}, err
	}
	if err := e.validate(); err != nil {
		return Entry{}, err
	}
	return e, nil
}

func normalizeAlgorithm(a string) (string, error) {
	switch strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(a), "-", "")) {
	case "", "SHA1":
		return "SHA1", nil
	case "SHA256":
		return "SHA256", nil
	case "SHA512":
		return "SHA512", nil
	}
	return "", fmt.Errorf("%w: algorithm must be SHA1, SHA256 or SHA512", ErrUnsupported)
}

const maxFieldLen = 256

// validate checks the fields every stored entry must satisfy.
func (e *Entry) validate() error {
	if strings.TrimSpace(e.Account) == "" {
		return fmt.Errorf("%w: the account name is empty", ErrUnsupported)
	}
	for _, f := range []string{e.Account, e.Issuer, e.Tenant} {
		if len(f) > maxFieldLen || strings.ContainsAny(f, "\x00\r\n") {
			return fmt.Errorf("%w: account, issuer or tenant too long or has control characters", ErrUnsupported)
		}
	}
	if _, err := NormalizeSecret(e.Secret); err != nil {
		return err
	}
	var err error
	if e.Algorithm, err = normalizeAlgorithm(e.Algorithm); err != nil {
		return err
	}
	if e.Digits == 0 {
		e.Digits = 6
	}
	if e.Period == 0 {
		e.Period = 30
	}
	if e.Digits < 6 || e.Digits > 8 || e.Period < 1 || e.Period > 3600 {
		return fmt.Errorf("%w: digits must be 6-8 and period 1-3600 s", ErrUnsupported)
	}
	return nil
}
