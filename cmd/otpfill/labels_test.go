package main

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Labels with terminal escapes or bidi controls are refused by every CLI
// path into the vault, with a clear error and nothing stored.
func TestLabelsWithControlsRefused(t *testing.T) {
	e := newEnv(t)
	esc := "ada\x1b]52;c;aGk=\x07@contoso.com"
	bidi := "ada\u202e@contoso.com"
	uri := func(label string) string {
		return "otpauth://totp/Contoso:" + url.PathEscape(label) + "?secret=" + secret + "&issuer=Microsoft"
	}
	importFile := func(label string) string {
		p := filepath.Join(t.TempDir(), "codes.txt")
		os.WriteFile(p, []byte(uri(label)+"\n"), 0o600)
		return p
	}
	for name, args := range map[string][]string{
		"add URI, escape":        {"add", uri(esc)},
		"add URI, bidi":          {"add", uri(bidi)},
		"add --account, escape":  {"add", "--secret", secret, "--account", esc},
		"add --tenant, C1":       {"add", "--secret", secret, "--account", "ada@contoso.com", "--tenant", "Con\u009btoso"},
		"add --issuer, bidi":     {"add", "--secret", secret, "--account", "ada@contoso.com", "--issuer", "Micro\u2066soft"},
		"add --qr, escape":       {"add", "--qr", qrPNG(t, uri(esc))},
		"import otpauth, escape": {"import", importFile(esc)},
	} {
		out, err := e.run("", args...)
		if err == nil || !strings.Contains(out, "control character") || strings.Contains(out, "\x1b") {
			t.Errorf("%s: %v %q", name, err, out)
		}
	}
	if n := len(e.list()); n != 0 {
		t.Fatalf("%d entries stored", n)
	}
}
