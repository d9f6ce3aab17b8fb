package host

import (
	"strings"
	"testing"

	"github.com/otpfill/otpfill/qr"
)

// rename: extension pages only; the label is checked, stored in the vault
// (another process sees it), listed, and "" clears it.
func TestRename(t *testing.T) {
	h := newTestHost(t, standardEntries()...)
	id := h.idOf("ada@contoso.com", "Fabrikam")
	for _, u := range []string{signIn, "https://example.com/", "https://mysignins.microsoft.com/security-info"} {
		h.fails(map[string]any{"type": "rename", "entry": id, "label": "x", "url": u}, "origin_denied")
	}
	h.fails(map[string]any{"type": "rename", "entry": "ffffffff", "label": "x"}, "not_found")
	h.fails(map[string]any{"type": "rename", "label": "x"}, "bad_request")
	h.fails(map[string]any{"type": "rename", "entry": id}, "bad_request")
	for _, bad := range []string{"a\x1b]52;c;aGk=\x07", "a\nb", "a\u202eb", strings.Repeat("x", 65)} {
		h.fails(map[string]any{"type": "rename", "entry": id, "label": bad}, "bad_request")
	}
	if r := h.ok(map[string]any{"type": "rename", "entry": id, "label": "Fabrikam guest 🙂"}); r.Entry == nil || r.Entry.Label != "Fabrikam guest 🙂" {
		t.Fatalf("rename reply %+v", r)
	}
	for _, e := range h.entries() {
		if want := map[bool]string{true: "Fabrikam guest 🙂"}[e.ID == id]; e.Nickname != want {
			t.Fatalf("%s: label %q, want %q", e.ID, e.Nickname, want)
		}
	}
	labels := map[string]string{}
	for _, e := range h.ok(map[string]any{"type": "list"}).Entries {
		labels[e.ID] = e.Label
	}
	if labels[id] != "Fabrikam guest 🙂" || len(labels) != 3 {
		t.Fatalf("list labels %v", labels)
	}
	h.ok(map[string]any{"type": "rename", "entry": id, "label": ""})
	if e := h.entries(); e[0].Nickname+e[1].Nickname+e[2].Nickname != "" {
		t.Fatalf("label not cleared: %+v", e)
	}
	h.ok(map[string]any{"type": "lock"})
	h.fails(map[string]any{"type": "rename", "entry": id, "label": "x"}, "locked")
}

// qr: extension pages only, never a page; the image is a PNG of the
// entry's otpauth URI (the only reply that carries a secret).
func TestShowQR(t *testing.T) {
	h := newTestHost(t, standardEntries()...)
	id := h.idOf("bob@contoso.com", "Contoso")
	for _, u := range []string{signIn, "https://example.com/", "https://mysignins.microsoft.com/security-info"} {
		h.fails(map[string]any{"type": "qr", "entry": id, "url": u}, "origin_denied")
	}
	h.fails(map[string]any{"type": "qr", "entry": "ffffffff"}, "not_found")
	h.fails(map[string]any{"type": "qr"}, "bad_request")
	r := h.ok(map[string]any{"type": "qr", "entry": id})
	if r.Entry == nil || r.Entry.ID != id || !strings.HasPrefix(r.Image, "data:image/png;base64,") {
		t.Fatalf("qr reply entry %+v image %.30q", r.Entry, r.Image)
	}
	text, err := qr.DecodeDataURL(r.Image)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(text, "otpauth://totp/Contoso:bob@contoso.com?") || !strings.Contains(text, "secret="+secretC) {
		t.Fatalf("QR holds %q", strings.ReplaceAll(text, secretC, "<secret>"))
	}
	h.ok(map[string]any{"type": "lock"})
	h.fails(map[string]any{"type": "qr", "entry": id}, "locked")
	h.fails(map[string]any{"type": "qr", "entry": id, "url": signIn}, "origin_denied") // even locked
}

// BenchmarkShowQR: one qr request through the handler (encode + PNG).
func BenchmarkShowQR(b *testing.B) {
	h := newTestHost(b, standardEntries()...)
	id := h.idOf("bob@contoso.com", "Contoso")
	var size int
	for b.Loop() {
		size = len(h.ok(map[string]any{"type": "qr", "entry": id}).Image)
	}
	b.ReportMetric(float64(size), "image-bytes")
}
