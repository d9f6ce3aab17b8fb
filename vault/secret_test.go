package vault

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalizeSecret(t *testing.T) {
	ok := map[string]string{
		"jbsw y3dp ehpk 3pxp":                     "JBSWY3DPEHPK3PXP",
		"jbsw\u00a0y3dp\u00a0ehpk\u00a03pxp":      "JBSWY3DPEHPK3PXP",
		" JBSW-Y3DP-EHPK-3PXP\n":                  "JBSWY3DPEHPK3PXP",
		"JBSWY3DPEHPK3PXP====":                    "JBSWY3DPEHPK3PXP",
		"gezd gnbv gy3t qojq gezd gnbv gy3t qojq": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
	}
	for in, want := range ok {
		got, err := NormalizeSecret(in)
		if err != nil || got != want {
			t.Errorf("%q: got %q %v, want %q", in, got, err, want)
		}
	}
	bad := []string{"", "abcd", "JBSWY3DPEHPK3PX", "JBSWY3DPEHPK3PX1", "JBSWY3DPEHPK3PX8", "22222222222222222", "JBSWY3DPÉHPK3PXP",
		"JBSWY3DP EHPK3PX!", "ABCDEFGHAB", strings.Repeat("A", 2000)}
	for _, in := range bad {
		if _, err := NormalizeSecret(in); !errors.Is(err, ErrInvalidSecret) {
			t.Errorf("%q: got %v, want ErrInvalidSecret", in, err)
		}
	}
}

func TestParseURI(t *testing.T) {
	e, err := ParseURI("otpauth://totp/Contoso%3Aada%40contoso.com?secret=jbswy3dpehpk3pxp&issuer=Microsoft")
	if err != nil {
		t.Fatal(err)
	}
	if e.Tenant != "Contoso" || e.Account != "ada@contoso.com" || e.Issuer != "Microsoft" || e.Secret != "JBSWY3DPEHPK3PXP" ||
		e.Algorithm != "SHA1" || e.Digits != 6 || e.Period != 30 {
		t.Fatalf("%+v", e)
	}
	e, err = ParseURI("otpauth://totp/Big+Corp:john+doe@example.com?secret=JBSWY3DPEHPK3PXP&algorithm=sha256&digits=8&period=60")
	if err != nil || e.Tenant != "" || e.Account != "john doe@example.com" || e.Issuer != "Big Corp" ||
		e.Algorithm != "SHA256" || e.Digits != 8 || e.Period != 60 {
		t.Fatalf("%+v %v", e, err)
	}
	// A non-Microsoft issuer repeated as the label prefix is not a tenant.
	e, _ = ParseURI("otpauth://totp/GitHub:octo?secret=JBSWY3DPEHPK3PXP&issuer=GitHub")
	if e.Tenant != "" || e.Issuer != "GitHub" || e.Account != "octo" {
		t.Fatalf("%+v", e)
	}
	e, _ = ParseURI("otpauth://totp/ada@contoso.com?secret=JBSWY3DPEHPK3PXP")
	if e.Account != "ada@contoso.com" || e.Tenant != "" {
		t.Fatalf("%+v", e)
	}
	bad := []string{
		"otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=1",
		"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=MD5",
		"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=5",
		"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=0",
		"otpauth://totp/x?secret=abc",
		"otpauth://totp/?secret=JBSWY3DPEHPK3PXP",
		"otpauth://totp/x",
		"https://example.com/?secret=JBSWY3DPEHPK3PXP",
		"phonefactor://activate_account?code=123456789&url=https://x",
		"otpauth://totp/%zz?secret=JBSWY3DPEHPK3PXP",
	}
	for _, in := range bad {
		if _, err := ParseURI(in); err == nil {
			t.Errorf("%q accepted", in)
		} else if strings.Contains(err.Error(), "JBSWY3DPEHPK3PXP") {
			t.Errorf("%q: secret in error %v", in, err)
		}
	}
}

func TestURIRoundTrip(t *testing.T) {
	in := Entry{Issuer: "Microsoft", Tenant: "Contoso Ltd", Account: "ada+x@contoso.com", Secret: testSecret, Algorithm: "SHA512", Digits: 8, Period: 60}
	out, err := ParseURI(in.URI())
	if err != nil {
		t.Fatal(err)
	}
	if out.Issuer != in.Issuer || out.Tenant != in.Tenant || out.Account != in.Account || out.Secret != in.Secret ||
		out.Algorithm != in.Algorithm || out.Digits != in.Digits || out.Period != in.Period {
		t.Fatalf("%+v", out)
	}
}

func FuzzParseURI(f *testing.F) {
	for _, s := range []string{
		"otpauth://totp/Contoso%3Aada%40contoso.com?secret=jbswy3dpehpk3pxp&issuer=Microsoft",
		"otpauth://totp/a:b?secret=JBSWY3DPEHPK3PXP&digits=8&period=60&algorithm=SHA512",
		"otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP", "otpauth://totp/%", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := ParseURI(s)
		if err != nil {
			// (Short values can be words of the fixed messages themselves.)
			if sec := secretParam(s); len(sec) >= 20 && strings.Contains(err.Error(), sec) {
				t.Fatalf("secret in error: %v", err)
			}
			return
		}
		// Anything accepted must produce a code and survive a round trip.
		if _, err := e.CodeAtStep(1); err != nil {
			t.Fatal(err)
		}
		if _, err := ParseURI(e.URI()); err != nil {
			t.Fatalf("round trip of %q: %v", e.URI(), err)
		}
	})
}

func secretParam(s string) string {
	_, after, ok := strings.Cut(s, "secret=")
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(after, "&")
	return v
}

func FuzzNormalizeSecret(f *testing.F) {
	for _, s := range []string{"jbsw y3dp ehpk 3pxp", "JBSWY3DPEHPK3PXP====", "x", "\u00a0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := NormalizeSecret(s)
		if err != nil {
			if err != ErrInvalidSecret { // the one fixed error: the input is never in it
				t.Fatalf("error %v", err)
			}
			return
		}
		if again, err := NormalizeSecret(n); err != nil || again != n {
			t.Fatalf("not idempotent: %q -> %q -> %q %v", s, n, again, err)
		}
		raw, err := secretBytes(n)
		if err != nil || len(raw) < minSecretBytes {
			t.Fatalf("accepted %q with %d bytes", n, len(raw))
		}
	})
}
