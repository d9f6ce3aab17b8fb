package importer

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/otpfill/otpfill/vault"
)

// TestRealExports reads the test exports of the real apps, as the Aegis
// project keeps them for its own importers (not in this repository: their
// licence differs). Point OTPFILL_IMPORT_VECTORS at a directory holding
// them (default /work/wt/vectors); without one the test is skipped. The
// expected tokens are those of plain.txt there: its TOTP lines are
// imported, its HOTP and Steam lines skipped.
func TestRealExports(t *testing.T) {
	dir := os.Getenv("OTPFILL_IMPORT_VECTORS")
	if dir == "" {
		dir = "/work/wt/vectors"
	}
	if _, err := os.Stat(filepath.Join(dir, "plain.txt")); err != nil {
		t.Skipf("no real export vectors in %s (set OTPFILL_IMPORT_VECTORS)", dir)
	}
	want, wantSkipped := vectorExpectations(t, filepath.Join(dir, "plain.txt"))
	password := func() ([]byte, error) { return []byte("test"), nil }
	cases := []struct {
		file      string
		format    Format
		encrypted bool
		// Old 2FAS schemas had only TOTP with SHA1, 6 digits, 30 s: there
		// every token of plain.txt is a TOTP one with the defaults.
		defaultsOnly bool
	}{
		{"plain.txt", OTPAuthLines, false, false},
		{"aegis_plain.json", Aegis, false, false},
		{"aegis_plain_grouped_v2.json", Aegis, false, false},
		{"aegis_encrypted.json", Aegis, true, false},
		{"andotp_plain.json", AndOTP, false, false},
		{"bitwarden.json", Bitwarden, false, false},
		{"ente_auth.txt", EnteAuth, false, false},
		{"2fas_authenticator.json", TwoFAS, false, true},
		{"2fas_authenticator_plain.2fas", TwoFAS, false, true},
		{"2fas_authenticator_encrypted.2fas", TwoFAS, true, true},
		{"2fas_authenticator_plain_v3.2fas", TwoFAS, false, false},
		{"2fas_authenticator_encrypted_v3.2fas", TwoFAS, true, false},
		{"2fas_authenticator_plain_v4.2fas", TwoFAS, false, false},
		{"2fas_authenticator_encrypted_v4.2fas", TwoFAS, true, false},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, c.file))
			if err != nil {
				t.Fatal(err)
			}
			r, err := Read(data, password)
			if err != nil {
				t.Fatal(err)
			}
			if r.Format != c.format || r.Encrypted != c.encrypted {
				t.Errorf("format %v encrypted %v, want %v %v", r.Format, r.Encrypted, c.format, c.encrypted)
			}
			// Every entry is one of plain.txt's (the files hold subsets).
			for _, e := range r.Entries {
				w, ok := want[e.Secret]
				if c.defaultsOnly {
					if w, ok = wantSkipped[e.Secret]; !ok {
						w, ok = want[e.Secret]
					}
					w.Algorithm, w.Digits, w.Period = e.Algorithm, e.Digits, e.Period
				}
				if !ok {
					t.Errorf("unexpected entry %s", e.Label())
					continue
				}
				if e.Issuer != w.Issuer || e.Account != w.Account || e.Tenant != w.Tenant ||
					e.Algorithm != w.Algorithm || e.Digits != w.Digits || e.Period != w.Period {
					t.Errorf("got %+v\nwant %+v", e, w)
				}
			}
			if len(r.Entries) == 0 {
				t.Error("no entries")
			}
			if !c.defaultsOnly && len(r.Skipped) == 0 {
				t.Error("no token skipped; the vectors hold HOTP and Steam ones")
			}
			for _, s := range r.Skipped {
				t.Logf("skipped %s", s)
				if s.Reason != reasonHOTP && s.Reason != reasonSteam {
					t.Errorf("skipped for an unexpected reason: %s", s)
				}
			}
		})
	}
	// A wrong password is told apart from damage.
	for _, f := range []string{"aegis_encrypted.json", "2fas_authenticator_encrypted_v4.2fas"} {
		data, _ := os.ReadFile(filepath.Join(dir, f))
		if _, err := Read(data, func() ([]byte, error) { return []byte("nope"), nil }); err != ErrWrongPassword {
			t.Errorf("%s with a wrong password: %v", f, err)
		}
	}
}

// vectorExpectations reads plain.txt: its TOTP tokens by secret, and the
// others (as if they were TOTP) by secret.
func vectorExpectations(t *testing.T, path string) (totp, others map[string]vault.Entry) {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	totp, others = map[string]vault.Entry{}, map[string]vault.Entry{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if e, err := vault.ParseURI(line); err == nil {
			totp[e.Secret] = e
			continue
		}
		asTOTP := strings.Replace(strings.Replace(line, "://hotp/", "://totp/", 1), "://steam/", "://totp/", 1)
		asTOTP = strings.Replace(asTOTP, "digits=5", "digits=6", 1)
		e, err := vault.ParseURI(asTOTP)
		if err != nil {
			t.Fatalf("plain.txt: %v", err)
		}
		others[e.Secret] = e
	}
	if len(totp) == 0 || len(others) == 0 {
		t.Fatal("plain.txt holds no TOTP or no other tokens")
	}
	return totp, others
}
