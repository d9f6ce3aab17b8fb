package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPrintable(t *testing.T) {
	cases := map[string]string{
		"ada@contoso.com":          "ada@contoso.com",
		"Contoso Ltd: ÆØÅ 日本 🙂":    "Contoso Ltd: ÆØÅ 日本 🙂",
		"CONTOSO\\ada":             "CONTOSO\\ada", // a backslash is text
		"a\x1b]52;c;aGk=\x07b":     `a\x1b]52;c;aGk=\x07b`,
		"del\x7f":                  `del\x7f`,
		"c1\u0085\u009b":           `c1\u0085\u009b`,
		"bidi\u202eevil\u202c":     `bidi\u202eevil\u202c`,
		"iso\u2066x\u2069":         `iso\u2066x\u2069`,
		"tab\tnl\ncr\r":            `tab\x09nl\x0acr\x0d`,
		"bad utf8 \xff":            `bad utf8 \xff`,
		"zwj 👩\u200d💻, nbsp\u00a0": "zwj 👩\u200d💻, nbsp\\u00a0",
	}
	for in, want := range cases {
		if got := printable(in); got != want {
			t.Errorf("printable(%q) = %q, want %q", in, got, want)
		}
	}
}

// hostile reports the first byte sequence in s a terminal would act on
// (C0 but newline, DEL, C1, bidi controls), or "".
func hostile(s string) string {
	for _, r := range s {
		if (r < 0x20 && r != '\n') || (r >= 0x7f && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			return string(r)
		}
	}
	return ""
}

func FuzzPrintable(f *testing.F) {
	for _, s := range []string{"ada", "a\x1b]52;c;x\x07", "\u202e", "\xff\xfe", "\u0085", "👩\u200d💻"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := printable(s)
		if h := hostile(p); h != "" || !utf8.ValidString(p) || strings.Contains(p, "\n") {
			t.Fatalf("printable(%q) = %q still holds %q", s, p, h)
		}
		if !needsEscape(s) && p != s {
			t.Fatalf("printable(%q) changed clean text to %q", s, p)
		}
		b, _ := json.Marshal(map[string]string{"label": s})
		safe := printableJSON(b)
		var back map[string]string
		if err := json.Unmarshal(safe, &back); err != nil {
			t.Fatalf("printableJSON broke JSON: %q: %v", safe, err)
		}
		var want map[string]string
		json.Unmarshal(b, &want)
		if back["label"] != want["label"] || hostile(string(safe)) != "" {
			t.Fatalf("printableJSON(%q) = %q", b, safe)
		}
	})
}

// hostileVault copies a vault whose labels carry terminal escapes. The vault
// now refuses such labels on every way in, but a vault written before that
// check (testdata/hostile-labels.otpfill, passphrase "correct horse battery")
// still opens, so the CLI must escape whatever it prints.
func hostileVault(t *testing.T) *env {
	t.Helper()
	e := newEnv(t)
	b, err := os.ReadFile(filepath.Join("testdata", "hostile-labels.otpfill"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(e.vault), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(e.vault, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return e
}

// Every place the CLI prints a label escapes it.
func TestHostileLabelsPrintEscaped(t *testing.T) {
	e := hostileVault(t)
	env := []string{"OTPFILL_VAULT=" + e.vault, "OTPFILL_PASSPHRASE_FILE=" + e.pass}
	ids := []string{}
	for _, m := range e.list() {
		ids = append(ids, m["id"].(string))
	}
	cases := []struct {
		args []string
		exit int
		want string // an escaped form that must show
	}{
		{[]string{"list"}, 0, `evil\x1b]52;c;aGk=\x07@x.com`},
		{[]string{"list", "--json"}, 0, `\u001b]52`},
		{[]string{"code", "--json", ids[0]}, 0, `\u202e`},
		{[]string{"code", "evil"}, 1, `\x1b]52`},                            // candidates
		{[]string{"code", "evil\x1b]"}, 1, `"evil\x1b]" matches 2 entries`}, // the key itself
		{[]string{"code", "nobody\x1b]52;\x07"}, 1, `\x1b]52`},              // no match
		{[]string{"export", "--qr", ids[0]}, 0, `Ten\u202eant\u2066`},
		{[]string{"__complete", "code", ""}, 0, `\u0085`},
		{[]string{"remove", ids[1]}, 0, `evil\x1b]0;title\x07@y.com`},
	}
	for _, c := range cases {
		out, errOut, code := runBin(t, env, "", c.args...)
		if code != c.exit {
			t.Errorf("%q: exit %d: %q %q", c.args, code, out, errOut)
		}
		check := out + errOut
		if c.args[0] == "__complete" {
			check = strings.ReplaceAll(check, "\t", " ") // the completion protocol's separator
		}
		if h := hostile(check); h != "" {
			t.Errorf("%q: printed %q raw: stdout %q stderr %q", c.args, h, out, errOut)
		}
		if !strings.Contains(out+errOut, c.want) {
			t.Errorf("%q: output lacks %q: stdout %q stderr %q", c.args, c.want, out, errOut)
		}
	}
	// code --copy names the entry on stderr.
	_, fake := fakeClipboard(t)
	_, errOut, code := runBin(t, append(append(env, fake...), "OTPFILL_CLIP_TIME=1"), "", "code", "--copy", ids[0])
	if h := hostile(errOut); code != 0 || h != "" || !strings.Contains(errOut, `Ten\u202eant`) {
		t.Errorf("code --copy: exit %d, printed %q raw: %q", code, h, errOut)
	}
	// add's duplicate error names the label too.
	dup := filepath.Join(t.TempDir(), "dup")
	os.WriteFile(dup, nil, 0o600)
	_, errOut, _ = runBin(t, env, "", "add", "otpauth://totp/Ten%E2%80%AEant%E2%81%A6:evil%1B%5D52%3Bc%3BaGk%3D%07%40x.com?secret="+secret+"&issuer=Iss%C2%85uer%7F")
	if h := hostile(errOut); h != "" {
		t.Errorf("add: printed %q raw: %q", h, errOut)
	}
}

func BenchmarkPrintable(b *testing.B) {
	clean, dirty := "Contoso:ada.lovelace@contoso.com", "Ten\u202eant:evil\x1b]52;c;aGk=\x07@x.com"
	for b.Loop() {
		printable(clean)
		printable(dirty)
	}
}
