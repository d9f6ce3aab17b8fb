package importer

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/otpfill/otpfill/vault"
)

// token is one code generator as an app stores it.
type token struct {
	kind      string // totp, hotp, steam, yandex, motp (any case)
	name      string // the label: "account", or "Tenant:account" for Microsoft
	issuer    string
	secret    string // base32
	algorithm string
	digits    int
	period    int
}

// Reasons a token is skipped (fixed texts: never anything from the file).
const (
	reasonHOTP          = "counter-based (HOTP) codes are not supported, only time-based (TOTP)"
	reasonSteam         = "Steam codes are not TOTP"
	reasonYandex        = "Yandex codes are not standard TOTP"
	reasonMOTP          = "mOTP codes are not TOTP"
	reasonUnknownType   = "unknown token type"
	reasonInvalidSecret = "invalid secret (not base32 of at least 80 bits)"
	reasonTrashed       = "in Ente Auth's trash"
)

// kindReason is why a token of this kind cannot be used, or "" for TOTP.
func kindReason(kind string) string {
	switch strings.ToLower(kind) {
	case "totp", "":
		return ""
	case "hotp":
		return reasonHOTP
	case "steam":
		return reasonSteam
	case "yandex", "yaotp":
		return reasonYandex
	case "motp":
		return reasonMOTP
	}
	return reasonUnknownType
}

// add turns a token into an entry through vault.ParseURI (the vault's own
// label mapping and checks), or records why it is skipped.
func (r *Result) add(t token) {
	label := displayLabel(t.issuer, t.name)
	if reason := kindReason(t.kind); reason != "" {
		r.skip(label, reason)
		return
	}
	name := t.name
	if strings.TrimSpace(name) == "" {
		name = t.issuer // apps allow a token with only an issuer; the vault needs an account
	}
	e, err := vault.ParseURI(t.uri(name))
	if err != nil {
		r.skip(label, reasonFor(err))
		return
	}
	r.Entries = append(r.Entries, e)
}

func (r *Result) skip(label, reason string) {
	if label == "" {
		label = "(no name)"
	}
	r.Skipped = append(r.Skipped, Skipped{Label: label, Reason: reason})
}

// uri writes the token as the otpauth URI ParseURI reads back. A '+' in
// the label is escaped: ParseURI takes a bare '+' for a space.
func (t token) uri(name string) string {
	q := url.Values{}
	q.Set("secret", t.secret)
	if t.issuer != "" {
		q.Set("issuer", t.issuer)
	}
	if t.algorithm != "" {
		q.Set("algorithm", t.algorithm)
	}
	if t.digits != 0 {
		q.Set("digits", strconv.Itoa(t.digits))
	}
	if t.period != 0 {
		q.Set("period", strconv.Itoa(t.period))
	}
	return "otpauth://totp/" + strings.ReplaceAll(url.PathEscape(name), "+", "%2B") + "?" + q.Encode()
}

// reasonFor turns a vault error into a skip reason. The vault's messages
// are fixed texts; the secret one is shortened.
func reasonFor(err error) string {
	if errors.Is(err, vault.ErrInvalidSecret) {
		return reasonInvalidSecret
	}
	msg := err.Error()
	if after, ok := strings.CutPrefix(msg, vault.ErrUnsupported.Error()+": "); ok {
		return after
	}
	return msg
}

// maxLabel bounds a label in the report (the vault stores at most 256
// bytes a field; a skipped token's label is not checked by anyone).
const maxLabel = 80

// displayLabel is how the app shows a token: "Issuer: account".
func displayLabel(issuer, name string) string {
	l := joinLabel(issuer, name)
	if utf8.RuneCountInString(l) > maxLabel {
		l = string([]rune(l)[:maxLabel]) + "…"
	}
	return l
}

func joinLabel(issuer, name string) string {
	issuer, name = strings.TrimSpace(issuer), strings.TrimSpace(name)
	switch {
	case issuer == "":
		return name
	case name == "":
		return issuer
	}
	if rest, ok := strings.CutPrefix(name, issuer+":"); ok {
		name = strings.TrimSpace(rest)
	}
	return issuer + ": " + name
}
