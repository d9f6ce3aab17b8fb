package host

import (
	"encoding/binary"
	"os"
	"strings"
	"testing"
)

// Fills and popup copies get the current step, then the next; never a code
// from further ahead: the third is no_fresh_code, with the wait.
func TestCodeNoFreshCode(t *testing.T) {
	h := newTestHost(t, standardEntries()...)
	fill := map[string]any{"type": "code", "account": "bob@contoso.com", "url": signIn}
	cur := h.clock.Now().Unix() / 30
	if s := h.ok(fill).Step; s != cur {
		t.Fatalf("first fill step %d, now %d", s, cur)
	}
	if s := h.ok(map[string]any{"type": "code", "account": "bob@contoso.com"}).Step; s != cur+1 { // popup copy
		t.Fatalf("copy step %d, now %d", s, cur)
	}
	for _, req := range []map[string]any{fill, {"type": "code", "account": "bob@contoso.com"}} {
		r := h.fails(req, "no_fresh_code")
		if !strings.Contains(r.Error.Message, "try again in") {
			t.Fatalf("message %q", r.Error.Message)
		}
	}
	// A display code claims nothing, so it still shows.
	if r := h.ok(map[string]any{"type": "code", "account": "bob@contoso.com", "display": true}); r.Step != cur {
		t.Fatalf("display %+v", r)
	}
	h.clock.Add(30e9)
	if s := h.ok(fill).Step; s != cur+2 {
		t.Fatalf("fill in the next step: %d", s)
	}
}

// A .steps record from the future (measured: now + 10^6 steps made the host
// hand out codes valid in 2027) is ignored and repaired.
func TestCodeIgnoresFutureStepsRecord(t *testing.T) {
	h := newTestHost(t, standardEntries()...)
	id := h.idOf("bob@contoso.com", "Contoso")
	cur := h.clock.Now().Unix() / 30
	rec := make([]byte, 16)
	copy(rec, id)
	binary.LittleEndian.PutUint64(rec[8:], uint64(cur+1_000_000))
	if err := os.WriteFile(h.path+".steps", rec, 0o600); err != nil {
		t.Fatal(err)
	}
	r := h.ok(map[string]any{"type": "code", "account": "bob@contoso.com", "url": signIn})
	if r.Step != cur || r.ValidFrom != cur*30000 {
		t.Fatalf("fill after a crafted record: step %d, now %d", r.Step, cur)
	}
	if r := h.ok(map[string]any{"type": "hello"}); r.State != "unlocked" {
		t.Fatalf("hello %+v", r)
	}
}

// A code copied from the popup is typed into the same form as a fill, so it
// never repeats a step a fill was given.
func TestPopupCopyClaimsLikeAFill(t *testing.T) {
	h := newTestHost(t, standardEntries()...)
	fill := h.ok(map[string]any{"type": "code", "account": "bob@contoso.com", "url": signIn})
	shown := h.ok(map[string]any{"type": "code", "account": "bob@contoso.com", "display": true})
	if shown.Step > fill.Step {
		t.Fatalf("display step %d after fill step %d", shown.Step, fill.Step)
	}
	copied := h.ok(map[string]any{"type": "code", "account": "bob@contoso.com"})
	if copied.Step != fill.Step+1 || copied.Code != oathtool(t, secretC, copied.Step) || copied.ValidFrom != copied.Step*30000 {
		t.Fatalf("copy after a fill: %+v (fill step %d)", copied, fill.Step)
	}
	h.fails(map[string]any{"type": "code", "account": "bob@contoso.com", "url": signIn}, "no_fresh_code")
}
