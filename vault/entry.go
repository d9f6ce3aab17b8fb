package vault

import (
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
)

// Entry is one TOTP token. Secret never leaves the host process except
// through an explicit export.
type Entry struct {
	ID        string    `json:"id"`
	Issuer    string    `json:"issuer"`
	Account   string    `json:"account"`
	Tenant    string    `json:"tenant,omitempty"`
	TenantIDs []string  `json:"tenant_ids,omitempty"` // tenant GUIDs/domains seen in sign-in URLs, remembered by the host
	Secret    string    `json:"secret"`
	Algorithm string    `json:"algorithm"`
	Digits    int       `json:"digits"`
	Period    int       `json:"period"`
	Created   time.Time `json:"created"`
	Nickname  string    `json:"label,omitempty"` // the label the user gave it in the popup: display only
}

// Step is the RFC 6238 time step that contains t.
func (e *Entry) Step(t time.Time) int64 {
	return t.Unix() / int64(e.period())
}

// StepStart is when a time step begins.
func (e *Entry) StepStart(step int64) time.Time {
	return time.Unix(step*int64(e.period()), 0)
}

func (e *Entry) period() int {
	if e.Period <= 0 {
		return 30
	}
	return e.Period
}

// Code is the TOTP value at t.
func (e *Entry) Code(t time.Time) (string, error) {
	return e.CodeAtStep(e.Step(t))
}

// CodeAtStep is the TOTP value for a given time step.
func (e *Entry) CodeAtStep(step int64) (string, error) {
	if step < 0 {
		return "", ErrUnsupported
	}
	alg := otp.AlgorithmSHA1
	switch e.Algorithm {
	case "SHA256":
		alg = otp.AlgorithmSHA256
	case "SHA512":
		alg = otp.AlgorithmSHA512
	}
	digits := otp.Digits(e.Digits)
	if e.Digits == 0 {
		digits = otp.DigitsSix
	}
	code, err := hotp.GenerateCodeCustom(e.Secret, uint64(step), hotp.ValidateOpts{Digits: digits, Algorithm: alg})
	if err != nil {
		return "", ErrInvalidSecret
	}
	return code, nil
}

// Label is "Tenant:Account" or just the account.
func (e *Entry) Label() string {
	if e.Tenant != "" {
		return e.Tenant + ":" + e.Account
	}
	return e.Account
}

// URI renders the entry as an otpauth:// URI. It contains the secret: only
// export uses it.
func (e *Entry) URI() string {
	q := url.Values{}
	q.Set("secret", e.Secret)
	if e.Issuer != "" {
		q.Set("issuer", e.Issuer)
	}
	if e.Algorithm != "" && e.Algorithm != "SHA1" {
		q.Set("algorithm", e.Algorithm)
	}
	if e.Digits != 0 && e.Digits != 6 {
		q.Set("digits", strconv.Itoa(e.Digits))
	}
	if e.Period != 0 && e.Period != 30 {
		q.Set("period", strconv.Itoa(e.Period))
	}
	label := e.Account
	if prefix := e.Tenant; prefix != "" {
		label = prefix + ":" + e.Account
	} else if e.Issuer != "" {
		label = e.Issuer + ":" + e.Account
	}
	// "+" must be escaped: readers (ours included) take a bare "+" for a space.
	return "otpauth://totp/" + strings.ReplaceAll(url.PathEscape(label), "+", "%2B") + "?" + q.Encode()
}

// SameIdentity reports whether two entries are for the same account in the
// same tenant of the same issuer (a re-registration, not a new account).
func (e *Entry) SameIdentity(o *Entry) bool {
	return strings.EqualFold(e.Account, o.Account) &&
		strings.EqualFold(e.Tenant, o.Tenant) &&
		strings.EqualFold(e.Issuer, o.Issuer)
}

func newID() string {
	var b [4]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return hex.EncodeToString(b[:])
}
