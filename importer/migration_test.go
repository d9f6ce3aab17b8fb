package importer

import (
	"encoding/base32"
	"encoding/base64"
	"errors"
	"net/url"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
)

type otpParams struct {
	secret               []byte
	name, issuer         string
	alg, digits, otpType uint64
}

func migrationURI(ps []otpParams, escapePlus bool) string {
	var payload []byte
	for _, p := range ps {
		var m []byte
		m = protowire.AppendTag(m, 1, protowire.BytesType)
		m = protowire.AppendBytes(m, p.secret)
		m = protowire.AppendTag(m, 2, protowire.BytesType)
		m = protowire.AppendString(m, p.name)
		m = protowire.AppendTag(m, 3, protowire.BytesType)
		m = protowire.AppendString(m, p.issuer)
		for num, v := range map[protowire.Number]uint64{4: p.alg, 5: p.digits, 6: p.otpType} {
			m = protowire.AppendTag(m, num, protowire.VarintType)
			m = protowire.AppendVarint(m, v)
		}
		payload = protowire.AppendTag(payload, 1, protowire.BytesType)
		payload = protowire.AppendBytes(payload, m)
	}
	payload = protowire.AppendTag(payload, 2, protowire.VarintType)
	payload = protowire.AppendVarint(payload, 1)
	data := base64.StdEncoding.EncodeToString(payload)
	if escapePlus {
		data = url.QueryEscape(data)
	}
	return "otpauth-migration://offline?data=" + data
}

func b32(s string) string {
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString([]byte(s))
}

func TestParseMigration(t *testing.T) {
	raw := []byte("Hello!\xde\xad\xbe\xef\xfa\xce\xb0\x0c")
	ps := []otpParams{
		{raw, "Contoso:ada@contoso.com", "Microsoft", 1, 1, 2},
		{raw, "octo", "GitHub", 2, 2, 2},
		{raw, "counter", "X", 1, 1, 1},       // HOTP
		{raw, "md5", "X", 4, 1, 2},           // MD5
		{[]byte("short"), "a", "b", 1, 1, 2}, // too short to be safe
	}
	for _, esc := range []bool{true, false} {
		r, err := Read([]byte(migrationURI(ps, esc)+"\n"), nil)
		if err != nil || r.Format != GoogleAuthenticator || len(r.Skipped) != 3 || len(r.Entries) != 2 {
			t.Fatalf("escape=%v: %v %+v", esc, err, r)
		}
		got := r.Entries
		if got[0].Tenant != "Contoso" || got[0].Account != "ada@contoso.com" || got[0].Issuer != "Microsoft" ||
			got[0].Secret != b32(string(raw)) || got[0].Digits != 6 || got[0].Algorithm != "SHA1" {
			t.Fatalf("%+v", got[0])
		}
		if got[1].Account != "octo" || got[1].Issuer != "GitHub" || got[1].Tenant != "" || got[1].Algorithm != "SHA256" || got[1].Digits != 8 {
			t.Fatalf("%+v", got[1])
		}
		want := []Skipped{{"X: counter", reasonHOTP}, {"X: md5", "algorithm must be SHA1, SHA256 or SHA512"}, {"b: a", reasonInvalidSecret}}
		for i, s := range r.Skipped {
			if s != want[i] {
				t.Errorf("skipped %d: %+v, want %+v", i, s, want[i])
			}
			// The short secret is not echoed.
			if strings.Contains(s.Label+s.Reason, b32("short")) {
				t.Fatal(s)
			}
		}
	}
	for _, bad := range []string{"otpauth-migration://offline", "otpauth-migration://offline?data=%%%",
		"otpauth-migration://offline?data=" + base64.StdEncoding.EncodeToString([]byte{0x0a, 0xff})} {
		// A damaged line fails the whole file, and says which line.
		r, err := Read([]byte("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP\n"+bad), nil)
		if !errors.Is(err, ErrDamaged) || r != nil || !strings.Contains(err.Error(), "line 2") {
			t.Errorf("%q: %v %+v", bad, err, r)
		}
	}
}

func FuzzParseMigration(f *testing.F) {
	f.Add(migrationURI([]otpParams{{[]byte("Hello!\xde\xad\xbe\xef\xfa\xce"), "A:b", "Microsoft", 1, 1, 2}}, true))
	f.Add("otpauth-migration://offline?data=CgA%3D")
	f.Fuzz(func(t *testing.T, s string) {
		tokens, err := parseMigration(s)
		if err != nil {
			return
		}
		var r Result
		for _, tok := range tokens {
			r.add(tok)
		}
		for _, e := range r.Entries {
			if _, err := e.CodeAtStep(1); err != nil {
				t.Fatalf("accepted an entry that cannot make a code: %v", err)
			}
		}
	})
}
