package main

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// printable makes text that may come from anywhere (labels from an otpauth
// URI, an import file or a web page) safe to print on a terminal: control
// characters (C0, DEL, C1), bidi overrides and other invisible characters
// are shown escaped, e.g. \x1b or \u202e, so they can neither drive the
// terminal (ESC ] 52 writes the clipboard) nor disguise the text.
func printable(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case escaped(r) && r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		case escaped(r) && r <= 0xffff:
			fmt.Fprintf(&b, `\u%04x`, r)
		case escaped(r):
			fmt.Fprintf(&b, `\U%08x`, r)
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

func needsEscape(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || escaped(r) {
			return true
		}
		i += size
	}
	return false
}

// escaped reports whether a rune is shown as an escape: anything Go does
// not call printable (controls, format characters such as the bidi
// controls U+202A-U+202E and U+2066-U+2069, separators other than the
// space), except the zero-width (non-)joiners some scripts need.
func escaped(r rune) bool {
	if r == ' ' || r == '\u200c' || r == '\u200d' {
		return false
	}
	return !unicode.IsPrint(r)
}

// printableJSON escapes, inside JSON output, what encoding/json leaves raw
// but a terminal would act on (DEL, C1, bidi controls...). \uXXXX is valid
// JSON for the same text, so readers see no difference.
func printableJSON(b []byte) []byte {
	s := string(b)
	if !needsEscape(strings.ReplaceAll(s, "\n", "")) {
		return b
	}
	var out strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || !escaped(r):
			out.WriteRune(r)
		case r <= 0xffff:
			fmt.Fprintf(&out, `\u%04x`, r)
		default:
			r1, r2 := utf16.EncodeRune(r)
			fmt.Fprintf(&out, `\u%04x\u%04x`, r1, r2)
		}
	}
	return []byte(out.String())
}
