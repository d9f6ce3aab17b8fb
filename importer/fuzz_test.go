package importer

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// Every parser is fuzzed through Read (detection included), one target per
// format so that each gets its own corpus: arbitrary bytes never panic,
// errors are the documented ones in one line and never carry a secret of
// the input or the password, skip reasons carry no secret either, and
// every entry accepted can make a code.

const fuzzPassword = "fuzz-password-42"

// secretField finds what a file holds as a secret: JSON "secret" and
// "totp" values, otpauth secret= parameters.
var secretField = regexp.MustCompile(`(?i)"(?:secret|totp)"\s*:\s*"([^"]*)"|secret=([^&\s"]*)`)

func secretsIn(data []byte) []string {
	var out []string
	for _, m := range secretField.FindAllSubmatch(data, -1) {
		for _, s := range m[1:] {
			// (Short values can be words of the fixed messages themselves.)
			if len(s) >= 16 {
				out = append(out, string(s))
			}
		}
	}
	return out
}

func checkRead(t *testing.T, data []byte) {
	if len(data) > 1<<14 {
		return
	}
	r, err := Read(data, pw(fuzzPassword))
	if err != nil {
		known := false
		for _, e := range []error{ErrUnknownFormat, ErrWrongPassword, ErrDamaged, ErrNewerFormat, ErrNoPassword, ErrExportEncrypted} {
			known = known || errors.Is(err, e)
		}
		msg := err.Error()
		if !known || strings.ContainsAny(msg, "\r\n") || len(msg) > 300 {
			t.Fatalf("undocumented error: %q", msg)
		}
		if strings.Contains(msg, fuzzPassword) {
			t.Fatal("password in error")
		}
		for _, s := range secretsIn(data) {
			if strings.Contains(msg, s) {
				t.Fatalf("secret in error: %q", msg)
			}
		}
		return
	}
	for _, e := range r.Entries {
		if _, err := e.CodeAtStep(1); err != nil || strings.TrimSpace(e.Account) == "" {
			t.Fatalf("accepted an entry that cannot be used: %+v %v", e, err)
		}
	}
	secrets := secretsIn(data)
	for _, s := range r.Skipped {
		for _, sec := range secrets {
			if strings.Contains(s.Reason, sec) {
				t.Fatalf("secret in a skip reason: %q", s.Reason)
			}
		}
		if utf8.RuneCountInString(s.Label) > maxLabel+1 {
			t.Fatalf("label not cut: %q", s.Label)
		}
	}
}

// lowScryptCost keeps fuzzed Aegis slots from asking for much memory.
func lowScryptCost(f *testing.F) {
	old := maxScryptMemory
	maxScryptMemory = 1 << 20
	f.Cleanup(func() { maxScryptMemory = old })
}

func FuzzReadAegis(f *testing.F) {
	lowScryptCost(f)
	enc, err := EncryptAegis(roundTripEntries, []byte(fuzzPassword), fastScrypt)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(enc)
	f.Add(aegisPlainFixture(f, aegisFixtureEntries, 3))
	f.Add(aegisPlainFixture(f, aegisFixtureEntries[:2], 1))
	f.Add([]byte(`{"version":1,"header":{"slots":null,"params":null},"db":{"version":3,"entries":[]}}`))
	f.Fuzz(checkRead)
}

func FuzzReadTwoFAS(f *testing.F) {
	f.Add(twoFASFixture(f, twoFASFixtureServices, "", false))
	f.Add(twoFASFixture(f, twoFASFixtureServices[:2], fuzzPassword, true))
	f.Add(twoFASFixture(f, twoFASFixtureServices[:1], fuzzPassword, false))
	f.Fuzz(checkRead)
}

func FuzzReadAndOTP(f *testing.F) {
	f.Add([]byte(andOTPFixture))
	f.Add([]byte(`[{"secret":"","type":""}]`))
	f.Fuzz(checkRead)
}

func FuzzReadBitwarden(f *testing.F) {
	f.Add([]byte(bitwardenFixture))
	f.Add([]byte(bitwardenEncryptedFixture))
	f.Fuzz(checkRead)
}

func FuzzReadLines(f *testing.F) {
	f.Add([]byte(enteFixture))
	f.Add([]byte(enteEncryptedFixture))
	f.Add([]byte("# mine\notpauth://totp/Contoso:ada%40contoso.com?secret=" + secretA + "&issuer=Microsoft\n"))
	f.Add([]byte(migrationURI([]otpParams{{[]byte("Hello!\xde\xad\xbe\xef\xfa\xce"), "A:b", "Microsoft", 1, 1, 2}}, true)))
	f.Fuzz(checkRead)
}
