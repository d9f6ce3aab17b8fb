package vault

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// ErrBadLabel reports an issuer, account or tenant that a terminal or a
// page could take for something other than text.
var ErrBadLabel = errors.New("invalid label")

// CheckLabel refuses text that is not plain: invalid UTF-8, C0 controls,
// DEL, C1 controls (ESC ] 52 would write a terminal's clipboard) and the
// bidi controls that make a label read differently from what it holds.
// what names the field in the error ("account name").
func CheckLabel(what, s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%w: the %s is not valid UTF-8", ErrBadLabel, what)
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) ||
			(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			return fmt.Errorf("%w: the %s holds the control character U+%04X; only plain text is allowed", ErrBadLabel, what, r)
		}
	}
	return nil
}

// CheckLabels checks an entry's issuer, account and tenant: plain text of
// at most 256 bytes each.
func (e *Entry) CheckLabels() error {
	for _, f := range []struct{ what, s string }{{"issuer", e.Issuer}, {"account name", e.Account}, {"tenant", e.Tenant}} {
		if len(f.s) > maxFieldLen {
			return fmt.Errorf("%w: the %s is longer than %d bytes", ErrBadLabel, f.what, maxFieldLen)
		}
		if err := CheckLabel(f.what, f.s); err != nil {
			return err
		}
	}
	return nil
}

// MaxDisplayLabel is the longest display label, in characters: it names a
// row in the popup, it is not an account.
const MaxDisplayLabel = 64

// CheckDisplayLabel checks the label a user gives an entry: plain text of
// at most MaxDisplayLabel characters ("" clears it).
func CheckDisplayLabel(s string) error {
	if err := CheckLabel("label", s); err != nil {
		return err
	}
	if utf8.RuneCountInString(s) > MaxDisplayLabel {
		return fmt.Errorf("%w: the label is longer than %d characters", ErrBadLabel, MaxDisplayLabel)
	}
	return nil
}

// checkChangedLabels checks the labels of every entry that is new or whose
// labels changed. Entries stored before the check existed stay readable and
// removable.
func checkChangedLabels(old, next []Entry) error {
	before := make(map[string]*Entry, len(old))
	for i := range old {
		before[old[i].ID] = &old[i]
	}
	for i := range next {
		e := &next[i]
		if o := before[e.ID]; o != nil && o.Issuer == e.Issuer && o.Account == e.Account && o.Tenant == e.Tenant && o.Nickname == e.Nickname {
			continue
		}
		if err := e.CheckLabels(); err != nil {
			return err
		}
		if err := CheckDisplayLabel(e.Nickname); err != nil {
			return err
		}
	}
	return nil
}
