package vault

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

// badLabels are labels a terminal or a page would not show as they are.
var badLabels = map[string]string{
	"ESC ] 52 (clipboard)": "ada\x1b]52;c;aGk=\x07@contoso.com",
	"NUL":                  "ada\x00@contoso.com",
	"tab":                  "ada\t@contoso.com",
	"newline":              "ada\n@contoso.com",
	"DEL":                  "ada\x7f@contoso.com",
	"C1 CSI":               "ada\u009b31m@contoso.com",
	"C1 NEL":               "ada\u0085@contoso.com",
	"RLO":                  "ada\u202e@contoso.com",
	"LRE":                  "ada\u202a@contoso.com",
	"PDF":                  "ada\u202c@contoso.com",
	"LRI":                  "ada\u2066@contoso.com",
	"PDI":                  "ada\u2069@contoso.com",
	"invalid UTF-8":        "ada\xff@contoso.com",
}

// goodLabels are plain text, however unusual.
var goodLabels = []string{"ada@contoso.com", "Zoë Ærø", "名前@例え.jp", "a b", "ada\u200d@x", "emoji 🙂"}

func TestCheckLabel(t *testing.T) {
	for name, s := range badLabels {
		if err := CheckLabel("account name", s); !errors.Is(err, ErrBadLabel) || !strings.Contains(err.Error(), "account name") {
			t.Errorf("%s: %v", name, err)
		}
	}
	for _, s := range goodLabels {
		if err := CheckLabel("account name", s); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
}

// Every way into the vault refuses them, in each of the three labels:
// otpauth URIs (CLI add URI, QR, page capture), Add (CLI --secret flags,
// popup), Import (files), Update (everything else).
func TestLabelsRefusedFromEverySource(t *testing.T) {
	v, _ := newTestVault(t)
	sources := map[string]func(e Entry) error{
		"otpauth URI": func(e Entry) error {
			label := url.PathEscape(e.Tenant) + ":" + url.PathEscape(e.Account)
			_, err := ParseURI("otpauth://totp/" + label + "?secret=" + testSecret + "&issuer=" + url.QueryEscape(e.Issuer))
			return err
		},
		"Add":    func(e Entry) error { _, err := v.Add(e, false); return err },
		"Import": func(e Entry) error { _, err := v.Import([]Entry{e}, false); return err },
		"Update": func(e Entry) error {
			return v.Update(func(es []Entry) ([]Entry, error) { e.ID = "abcdef12"; return append(es, e), nil })
		},
	}
	for src, add := range sources {
		for name, bad := range badLabels {
			for _, field := range []string{"issuer", "account", "tenant"} {
				e := Entry{Issuer: "Microsoft", Account: "ada@contoso.com", Tenant: "Contoso", Secret: testSecret}
				switch field {
				case "issuer":
					e.Issuer = bad
				case "account":
					e.Account = bad
				case "tenant":
					e.Tenant = bad
				}
				if err := add(e); !errors.Is(err, ErrBadLabel) {
					t.Errorf("%s, %s in the %s: %v", src, name, field, err)
				}
			}
		}
		for i, good := range goodLabels {
			e := Entry{Issuer: "Microsoft", Account: good, Tenant: src + string(rune('a'+i)), Secret: testSecret}
			if err := add(e); err != nil && !errors.Is(err, ErrExists) {
				t.Errorf("%s, %q: %v", src, good, err)
			}
		}
	}
	for _, e := range v.Entries() {
		if e.CheckLabels() != nil {
			t.Fatalf("stored %q", e.Account)
		}
	}
}

// An entry stored before the check existed stays readable and removable,
// and other writes go on.
func TestOldBadLabelStaysRemovable(t *testing.T) {
	v, _ := newTestVault(t)
	err := v.save([]Entry{{ID: "0000aaaa", Issuer: "Microsoft", Account: "old\x1b[31m@x", Secret: testSecret, Algorithm: "SHA1", Digits: 6, Period: 30}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Add(Entry{Account: "new@x", Secret: testSecret}, false); err != nil {
		t.Fatalf("add beside an old entry: %v", err)
	}
	if err := v.Remove("0000aaaa"); err != nil {
		t.Fatalf("remove the old entry: %v", err)
	}
}

// A display label (the popup's rename) is plain text of at most 64
// characters, counted as characters, not bytes; "" clears it.
func TestCheckDisplayLabel(t *testing.T) {
	for _, ok := range append(goodLabels, "", strings.Repeat("é", MaxDisplayLabel)) {
		if err := CheckDisplayLabel(ok); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	bad := []string{strings.Repeat("a", MaxDisplayLabel+1)}
	for _, b := range badLabels {
		bad = append(bad, b)
	}
	for _, b := range bad {
		if err := CheckDisplayLabel(b); !errors.Is(err, ErrBadLabel) {
			t.Errorf("%q: got %v, want ErrBadLabel", b, err)
		}
	}
}
