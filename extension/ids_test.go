package extension

import (
	"strings"
	"testing"
)

func TestKnownIDs(t *testing.T) {
	m := readManifest(t)
	id, err := chromeID(m.Key)
	if err != nil || DevChromeID != id {
		t.Errorf("ids.json's first chrome id %q, the manifest key gives %q (%v)", DevChromeID, id, err)
	}
	if GeckoID != m.BSS.Gecko.ID {
		t.Errorf("ids.json's first firefox id %q, the manifest's gecko id %q", GeckoID, m.BSS.Gecko.ID)
	}
	if !Known.Has(DevChromeID) || !Known.Has(GeckoID) || Known.Has("") || Known.Has("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa") {
		t.Error("Has")
	}
}

func TestParseIDsRejects(t *testing.T) {
	for _, in := range []string{
		``, `[]`, `{"chrome":[],"firefox":[{"id":"a@b"}]}`,
		`{"chrome":[{"id":"oldaboobdkknjdokgfaboekphimhbnkh"}],"firefox":[]}`,
		`{"chrome":[{"id":"zzzaboobdkknjdokgfaboekphimhbnkh"}],"firefox":[{"id":"a@b"}]}`,
		`{"chrome":[{"id":"oldaboobdkknjdokgfaboekphimhbnkh"}],"firefox":[{"id":"nodomain"}]}`,
		`{"chrome":[{"id":"oldaboobdkknjdokgfaboekphimhbnkh"}],"firefox":[{"id":"@b"}]}`,
	} {
		if _, err := ParseIDs([]byte(in)); err == nil {
			t.Errorf("ParseIDs(%s) accepted", in)
		}
	}
	ids, err := ParseIDs([]byte(`{"chrome":[{"id":"oldaboobdkknjdokgfaboekphimhbnkh"},{"id":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}],"firefox":[{"id":"{0e6c6b3a-1111-2222-3333-444455556666}"}]}`))
	if err != nil || len(ids.Chrome) != 2 || ids.Firefox[0][0] != '{' {
		t.Errorf("%+v %v", ids, err)
	}
}

func FuzzParseIDs(f *testing.F) {
	f.Add(string(idsJSON))
	f.Add(`{"chrome":[{"id":"x"}],"firefox":[{"id":"a@b"}]}`)
	f.Fuzz(func(t *testing.T, s string) {
		ids, err := ParseIDs([]byte(s))
		if err != nil {
			return
		}
		for _, id := range ids.Chrome {
			if !IsChromeID(id) {
				t.Fatalf("accepted chrome id %q", id)
			}
		}
		for _, id := range ids.Firefox {
			if !IsGeckoID(id) || strings.TrimSpace(id) == "" {
				t.Fatalf("accepted firefox id %q", id)
			}
		}
	})
}
