package host

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"image"
	"image/png"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/otpfill/otpfill/protocol"
	"github.com/otpfill/otpfill/vault"
)

// secretD is what the hostile page header showed as text:
// "Secret key: abcd efgh ijkl mn23".
const secretD = "ABCDEFGHIJKLMN23"

const (
	enrollURL  = "https://mysignins.microsoft.com/security-info"
	enrollLive = "https://account.live.com/proofs/Add"
	msQR       = "otpauth://totp/Contoso%3Aada%40contoso.com?secret=" + secretA + "&issuer=Microsoft"
	phoneQR    = "phonefactor://activate_account?code=123456789&url=https%3A%2F%2Fmobileappcommunicator.auth.microsoft.com%2Factivate"
)

func secretOf(t *testing.T, h *testHost, id string) string {
	t.Helper()
	for _, e := range h.entries() {
		if e.ID == id {
			return e.Secret
		}
	}
	t.Fatalf("no entry %s", id)
	return ""
}

// The page: a header with another tenant's secret as text above
// Microsoft's real QR. The QR's secret is kept, the disagreement reported,
// and Replace (after the user sees what it replaces) takes the QR's secret.
func TestCaptureQRSecretOutranksPageText(t *testing.T) {
	h := newTestHost(t, standardEntries()...)
	contoso := h.idOf("ada@contoso.com", "Contoso")
	r := h.ok(map[string]any{"type": "capture", "url": enrollURL, "image": qrPNG(t, msQR),
		"texts":   []string{"Account name: Contoso:ada@contoso.com Secret key: abcd efgh ijkl mn23", "abcd efgh ijkl mn23", "Contoso:ada@contoso.com"},
		"account": "ada@contoso.com", "tenant": "Contoso"})
	c := r.Captured
	if c == nil || c.Kind != "otpauth" || c.Source != "qr" || !c.Conflict || c.Capture == "" ||
		c.Account != "ada@contoso.com" || c.Tenant != "Contoso" || c.Issuer != "Microsoft" || c.Masked != "JBSW •••• •••• •••• •••• •••• •••• 3PXP" {
		t.Fatalf("capture: %+v", c)
	}
	if c.Replaces == nil || c.Replaces.ID != contoso || c.Replaces.Tenant != "Contoso" || c.Replaces.Created == 0 {
		t.Fatalf("replaces: %+v", c.Replaces)
	}
	h.fails(map[string]any{"type": "add", "capture": c.Capture, "url": enrollURL}, "exists")
	added := h.ok(map[string]any{"type": "add", "capture": c.Capture, "replace": true, "url": enrollURL})
	if added.Entry.ID != contoso || secretOf(t, h, contoso) != secretA {
		t.Fatalf("replace kept %+v with another secret", added.Entry)
	}
	// The capture is used up.
	h.fails(map[string]any{"type": "add", "capture": c.Capture, "replace": true, "url": enrollURL}, "not_found")
}

func TestCaptureKinds(t *testing.T) {
	h := newTestHost(t)
	cases := []struct {
		name          string
		req           map[string]any
		kind, source  string
		keep          bool
		account, tent string
	}{
		{"otpauth QR", map[string]any{"image": qrPNG(t, msQR)}, "otpauth", "qr", true, "ada@contoso.com", "Contoso"},
		{"otpauth QR and the same secret as text", map[string]any{"image": qrPNG(t, msQR), "texts": []string{strings.ToLower(secretA)}}, "otpauth", "qr", true, "ada@contoso.com", "Contoso"},
		{"phonefactor QR alone", map[string]any{"image": qrPNG(t, phoneQR)}, "phonefactor", "", false, "", ""},
		{"authenticatorApp URL QR", map[string]any{"image": qrPNG(t, "https://mobileappcommunicator.auth.microsoft.com/authenticatorApp/activateAccount?code=123456789")}, "phonefactor", "", false, "", ""},
		{"phonefactor QR with a text secret", map[string]any{"image": qrPNG(t, phoneQR), "texts": []string{"jbsw y3dp ehpk 3pxp"}, "account": "ada@contoso.com", "tenant": "Contoso"}, "other", "text", true, "ada@contoso.com", "Contoso"},
		{"other QR alone", map[string]any{"image": qrPNG(t, "https://example.com/hello")}, "other", "", false, "", ""},
		{"other QR with a text secret", map[string]any{"image": qrPNG(t, "https://example.com/hello"), "texts": []string{secretC}, "account": "bob@contoso.com"}, "other", "text", true, "bob@contoso.com", ""},
		{"text after a label", map[string]any{"texts": []string{"Contoso:ada@contoso.com", "Secret key: gezd gnbv gy3t qojq"}, "account": "ada@contoso.com", "tenant": "Contoso"}, "other", "text", true, "ada@contoso.com", "Contoso"},
		{"text alone, with nbsp and dashes", map[string]any{"texts": []string{"gezd\u00a0gnbv-gy3t qojq", "not a secret!"}, "account": " ada@contoso.com ", "tenant": "Fabrikam"}, "other", "text", true, "ada@contoso.com", "Fabrikam"},
		{"text otpauth URI", map[string]any{"texts": []string{"otpauth://totp/Fabrikam:ada%40contoso.com?secret=" + secretB + "&issuer=Microsoft", secretB}}, "other", "text", true, "ada@contoso.com", "Fabrikam"},
		{"unreadable image with a text secret", map[string]any{"image": "bm90IGFuIGltYWdl", "texts": []string{secretC}, "account": "bob@contoso.com"}, "other", "text", true, "bob@contoso.com", ""},
	}
	for _, c := range cases {
		for _, url := range []string{enrollURL, ""} { // enrollment page, and the popup's screenshot
			req := map[string]any{"type": "capture"}
			for k, v := range c.req {
				req[k] = v
			}
			if url != "" {
				req["url"] = url
			}
			r := h.ok(req)
			got := r.Captured
			if got == nil || got.Kind != c.kind || got.Source != c.source || (got.Capture != "") != c.keep ||
				got.Account != c.account || got.Tenant != c.tent || got.Conflict {
				t.Errorf("%s (url %q): %+v", c.name, url, got)
			}
			if b, _ := json.Marshal(r); !bytes.Contains(b, []byte(`"kind"`)) || !bytes.Contains(b, []byte(`"conflict":false`)) || bytes.Contains(b, []byte("123456789")) {
				t.Errorf("%s: reply %s", c.name, b)
			}
		}
	}
}

func TestCaptureRefusals(t *testing.T) {
	h := newTestHost(t, standardEntries()...)
	many := make([]string, 33)
	for i := range many {
		many[i] = "x"
	}
	var blank bytes.Buffer
	png.Encode(&blank, image.NewGray(image.Rect(0, 0, 50, 50)))
	var huge bytes.Buffer // 2049×2049 > 4 megapixels, refused from the header
	png.Encode(&huge, image.NewGray(image.Rect(0, 0, 2049, 2049)))
	for _, c := range []struct {
		name string
		req  map[string]any
		code string
		msg  string
	}{
		{"sign-in page", map[string]any{"url": signIn, "texts": []string{secretC}, "account": "b@c"}, "origin_denied", ""},
		{"other page", map[string]any{"url": "https://example.com/", "texts": []string{secretC}, "account": "b@c"}, "origin_denied", ""},
		{"look-alike", map[string]any{"url": "https://mysignins.microsoft.com.evil.example/", "texts": []string{secretC}, "account": "b@c"}, "origin_denied", ""},
		{"two text secrets", map[string]any{"texts": []string{secretC, secretD}, "account": "b@c"}, "invalid_secret", "more than one secret"},
		{"no secret", map[string]any{"texts": []string{"hello"}, "account": "b@c"}, "invalid_secret", "no secret"},
		{"nothing at all", map[string]any{}, "invalid_secret", "no secret"},
		{"blank image", map[string]any{"image": base64.StdEncoding.EncodeToString(blank.Bytes())}, "invalid_secret", "no QR code"},
		{"image over 4 megapixels", map[string]any{"image": base64.StdEncoding.EncodeToString(huge.Bytes())}, "bad_request", "megapixels"},
		{"text secret without an account", map[string]any{"texts": []string{secretC}}, "bad_request", "account"},
		{"too many texts", map[string]any{"texts": many}, "bad_request", "32"},
		{"text too long", map[string]any{"texts": []string{strings.Repeat("a", 513)}}, "bad_request", "512"},
		{"HOTP QR", map[string]any{"image": qrPNG(t, "otpauth://hotp/x?secret="+secretA+"&counter=1")}, "invalid_secret", "HOTP"},
		{"escape in the QR label", map[string]any{"image": qrPNG(t, "otpauth://totp/Contoso:ada%1B%5D52%3Bc%3Bx%07@contoso.com?secret="+secretA)}, "bad_request", "U+001B"},
		{"bidi in the page account", map[string]any{"texts": []string{secretC}, "account": "ada\u202e@contoso.com"}, "bad_request", "U+202E"},
		{"C1 in the page tenant", map[string]any{"texts": []string{secretC}, "account": "ada@contoso.com", "tenant": "Con\u009btoso"}, "bad_request", "U+009B"},
		{"tenant from the page for a QR without one", map[string]any{"image": qrPNG(t, "otpauth://totp/ada%40contoso.com?secret="+secretA), "tenant": "A\u2066"}, "bad_request", "U+2066"},
		{"escape in a text URI", map[string]any{"texts": []string{"otpauth://totp/Con%1Btoso:ada@contoso.com?secret=" + secretA}}, "bad_request", "U+001B"},
	} {
		req := map[string]any{"type": "capture"}
		for k, v := range c.req {
			req[k] = v
		}
		r := h.call(req)
		if r.OK || r.Error.Code != c.code || !strings.Contains(r.Error.Message, c.msg) {
			t.Errorf("%s: %+v", c.name, r.Error)
		}
	}
	// Locked: no decode, no capture.
	h.ok(map[string]any{"type": "lock"})
	h.fails(map[string]any{"type": "capture", "url": enrollURL, "image": qrPNG(t, msQR)}, "locked")
	// decode_qr is gone.
	h.fails(map[string]any{"type": "decode_qr", "image": qrPNG(t, msQR)}, "unknown_type")
}

// A capture lives 15 minutes, for the host it came from, and is dropped
// on lock.
func TestCaptureLifetime(t *testing.T) {
	h := newTestHost(t)
	capture := func(url string) string {
		req := map[string]any{"type": "capture", "texts": []string{secretC}, "account": "bob@contoso.com"}
		if url != "" {
			req["url"] = url
		}
		return h.ok(req).Capture
	}
	id := capture(enrollURL)
	h.fails(map[string]any{"type": "add", "capture": id, "url": enrollLive}, "not_found")
	h.fails(map[string]any{"type": "add", "capture": id}, "not_found") // from the popup: not its capture
	h.fails(map[string]any{"type": "add", "capture": "c_0000", "url": enrollURL}, "not_found")
	h.fails(map[string]any{"type": "add", "capture": id, "secret": secretC, "account": "b@c", "url": enrollURL}, "bad_request")
	h.clock.Add(captureTTL + time.Second)
	h.fails(map[string]any{"type": "add", "capture": id, "url": enrollURL}, "not_found")

	id = capture("")
	h.ok(map[string]any{"type": "lock"})
	h.ok(map[string]any{"type": "unlock", "passphrase": "pw"})
	h.fails(map[string]any{"type": "add", "capture": id}, "not_found")
	id = capture("")
	if e := h.ok(map[string]any{"type": "add", "capture": id}).Entry; e.Account != "bob@contoso.com" {
		t.Fatalf("popup add of its capture: %+v", e)
	}
	// Only so many captures wait; the oldest goes first.
	first := capture(enrollURL)
	for i := 0; i < maxCaptures; i++ {
		h.clock.Add(time.Second)
		capture(enrollURL)
	}
	h.fails(map[string]any{"type": "add", "capture": first, "url": enrollURL}, "not_found")
	if len(h.s.captures) != maxCaptures {
		t.Fatalf("%d captures kept", len(h.s.captures))
	}
}

// An enrollment page never overwrites an entry of another tenant: the same
// account in another tenant is a new entry (a guest account).
func TestCaptureNeverReplacesAnotherTenant(t *testing.T) {
	h := newTestHost(t, standardEntries()...)
	r := h.ok(map[string]any{"type": "capture", "url": enrollURL, "texts": []string{secretD}, "account": "ada@contoso.com", "tenant": "Northwind"})
	if r.Replaces != nil {
		t.Fatalf("replaces an entry of another tenant: %+v", r.Replaces)
	}
	added := h.ok(map[string]any{"type": "add", "capture": r.Capture, "replace": true, "url": enrollURL}).Entry
	if added.Tenant != "Northwind" || secretOf(t, h, h.idOf("ada@contoso.com", "Contoso")) != secretA ||
		secretOf(t, h, h.idOf("ada@contoso.com", "Fabrikam")) != secretB || len(h.entries()) != 4 {
		t.Fatalf("added %+v; entries %d", added, len(h.entries()))
	}
}

// Pages add only through capture; the popup's typed add stays.
func TestAddFromPagesOnlyByCapture(t *testing.T) {
	h := newTestHost(t)
	h.fails(map[string]any{"type": "add", "secret": secretC, "account": "bob@contoso.com", "url": enrollURL}, "origin_denied")
	h.fails(map[string]any{"type": "add", "uri": msQR, "url": enrollURL}, "origin_denied")
	h.fails(map[string]any{"type": "add", "uri": msQR, "url": signIn}, "origin_denied")
	h.ok(map[string]any{"type": "add", "uri": msQR})
	h.ok(map[string]any{"type": "add", "secret": "gezd gnbv gy3t qojq", "account": "ada@contoso.com", "tenant": "Fabrikam"})
	h.fails(map[string]any{"type": "add", "secret": secretC, "account": "bob\x1b]52;c;eA==\x07@contoso.com"}, "bad_request")
	h.fails(map[string]any{"type": "add", "uri": "otpauth://totp/Contoso:ada%E2%80%AE@contoso.com?secret=" + secretC}, "bad_request")
}

// The "Enter code" step: only the entry captured and added from the same
// enrollment host, for the page's account, within 15 minutes.
func TestEnrollmentCodeOnlyForItsCapture(t *testing.T) {
	h := newTestHost(t, standardEntries()...)
	// Entries added by the popup (or the CLI, or import) a moment ago: never.
	h.ok(map[string]any{"type": "add", "secret": secretD, "account": "carol@contoso.com", "tenant": "Contoso"})
	h.fails(map[string]any{"type": "code", "account": "carol@contoso.com", "url": enrollURL}, "no_match")
	h.fails(map[string]any{"type": "code", "account": "bob@contoso.com", "url": enrollURL}, "no_match") // as the CLI adds
	if _, err := h.s.v.Import([]vault.Entry{{Issuer: "Microsoft", Account: "erin@contoso.com", Secret: secretB}}, false); err != nil {
		t.Fatal(err)
	}
	h.fails(map[string]any{"type": "code", "account": "erin@contoso.com", "url": enrollURL}, "no_match")

	r := h.ok(map[string]any{"type": "capture", "url": enrollURL, "texts": []string{secretD}, "account": "dave@contoso.com", "tenant": "Contoso"})
	dave := h.ok(map[string]any{"type": "add", "capture": r.Capture, "url": enrollURL}).Entry.ID
	h.fails(map[string]any{"type": "code", "account": "dave@contoso.com", "url": enrollLive}, "no_match") // another enrollment host
	h.fails(map[string]any{"type": "code", "account": "carol@contoso.com", "url": enrollURL}, "no_match")
	h.fails(map[string]any{"type": "code", "url": enrollURL}, "no_match") // no account
	h.fails(map[string]any{"type": "code", "account": "dave@contoso.com", "entry": h.idOf("bob@contoso.com", "Contoso"), "url": enrollURL}, "no_match")
	got := h.ok(map[string]any{"type": "code", "account": "DAVE@contoso.com", "url": enrollURL})
	if got.Entry.ID != dave || got.Code == "" {
		t.Fatalf("enrollment code: %+v", got)
	}
	h.fails(map[string]any{"type": "code", "account": "dave@contoso.com", "url": "https://example.com/"}, "origin_denied")
	h.clock.Add(enrollWindow + time.Second)
	h.fails(map[string]any{"type": "code", "account": "dave@contoso.com", "url": enrollURL}, "no_match")
}

func TestMatchVerb(t *testing.T) {
	h := newTestHost(t, standardEntries()...)
	for _, c := range []struct {
		url, account, match string
		n                   int
	}{
		{signIn, "bob@contoso.com", "one", 0},
		{signIn, "ADA@contoso.com", "several", 2},
		{"https://login.microsoftonline.com/fabrikam.onmicrosoft.com/oauth2/authorize", "ada@contoso.com", "one", 0},
		{signIn, "nobody@contoso.com", "none", 0},
		{"", "bob@contoso.com", "one", 0},
	} {
		req := map[string]any{"type": "match", "account": c.account}
		if c.url != "" {
			req["url"] = c.url
		}
		r := h.ok(req)
		if r.Match != c.match || len(r.Candidates) != c.n || r.Code != "" {
			t.Errorf("%s %s: %+v", c.url, c.account, r)
		}
	}
	h.fails(map[string]any{"type": "match", "url": signIn}, "bad_request")
	h.fails(map[string]any{"type": "match", "account": "bob@contoso.com", "url": enrollURL}, "origin_denied")
	h.fails(map[string]any{"type": "match", "account": "bob@contoso.com", "url": "https://login.microsoftonline.com.evil.example/"}, "origin_denied")
	// match uses up no step: the next fill gets the current one.
	step := h.ok(map[string]any{"type": "code", "account": "bob@contoso.com", "url": signIn}).Step
	if now := h.clock.Now().Unix() / 30; step != now {
		t.Fatalf("fill after match got step %d, now %d", step, now)
	}
	h.ok(map[string]any{"type": "lock"})
	h.fails(map[string]any{"type": "match", "account": "bob@contoso.com", "url": signIn}, "locked")
}

// A code request is answered while a capture's QR decode runs: the decode
// holds neither the session lock nor the reader. The decoder is held open
// by the test, so the order of the replies proves it (no timing).
func TestCodeAnsweredDuringDecode(t *testing.T) {
	h := newTestHost(t, standardEntries()...)
	h.s.lock()
	started, release := make(chan struct{}), make(chan struct{})
	old := decodeQR
	decodeQR = func(string) (string, error) { close(started); <-release; return msQR, nil }
	defer func() { decodeQR = old }()

	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- Serve(context.Background(), inR, outW, Options{VaultPath: h.path, Now: h.clock.Now})
		outW.Close()
	}()
	send := func(s string) {
		if _, err := inW.Write(frameOf(s)); err != nil {
			t.Error(err)
		}
	}
	read := func() map[string]any {
		msg, err := protocol.ReadMessage(outR, protocol.MaxOutgoing)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		json.Unmarshal(msg, &m)
		return m
	}
	go send(`{"id":"u","type":"unlock","passphrase":"pw"}`)
	if r := read(); r["ok"] != true {
		t.Fatal(r)
	}
	go func() {
		send(`{"id":"cap","type":"capture","url":"` + enrollURL + `","image":"AAAA"}`)
		<-started
		send(`{"id":"fill","type":"code","account":"bob@contoso.com","url":"` + signIn + `"}`)
	}()
	if r := read(); r["id"] != "fill" || r["ok"] != true {
		t.Fatalf("first reply while decoding: %v", r)
	}
	close(release)
	if r := read(); r["id"] != "cap" || r["ok"] != true || r["kind"] != "otpauth" {
		t.Fatalf("capture reply: %v", r)
	}
	inW.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestAutoLockSecondsBounds(t *testing.T) {
	h := newTestHost(t)
	h.ok(map[string]any{"type": "lock"})
	for _, v := range []int{-1, 1, 59, 86401, 1 << 62} {
		h.fails(map[string]any{"type": "unlock", "passphrase": "pw", "autolock_seconds": v}, "bad_request")
		if h.s.v != nil {
			t.Fatalf("autolock_seconds %d unlocked anyway", v)
		}
	}
	for _, v := range []int{60, 86400} {
		h.ok(map[string]any{"type": "unlock", "passphrase": "pw", "autolock_seconds": v})
		if h.s.autoLock != time.Duration(v)*time.Second {
			t.Fatalf("autolock_seconds %d: %v", v, h.s.autoLock)
		}
		h.ok(map[string]any{"type": "lock"})
	}
	// 0 is "never" (the options page's choice).
	h.ok(map[string]any{"type": "unlock", "passphrase": "pw", "autolock_seconds": 0})
	h.clock.Add(48 * time.Hour)
	h.s.expire()
	h.ok(map[string]any{"type": "list"})
	// The bound holds when already unlocked too.
	h.fails(map[string]any{"type": "unlock", "passphrase": "pw", "autolock_seconds": 30}, "bad_request")
}

// The popup's typed add: otpauth URI or secret and account; exists, then
// replace keeps the id; bad secrets; remove.
func TestAddFromPopup(t *testing.T) {
	h := newTestHost(t)
	uri := "otpauth://totp/Contoso%3Aada%40contoso.com?secret=" + strings.ToLower(secretA) + "&issuer=Microsoft"
	e := h.ok(map[string]any{"type": "add", "uri": uri}).Entry
	if e.Tenant != "Contoso" || e.Account != "ada@contoso.com" || e.Issuer != "Microsoft" {
		t.Fatalf("add: %+v", e)
	}
	if r := h.fails(map[string]any{"type": "add", "uri": uri}, "exists"); len(r.Error.Candidates) != 1 {
		t.Fatalf("exists: %+v", r.Error)
	}
	again := h.ok(map[string]any{"type": "add", "secret": "gezd gnbv gy3t qojq", "account": "ada@contoso.com", "tenant": "Contoso", "replace": true}).Entry
	if again.ID != e.ID || secretOf(t, h, e.ID) != "GEZDGNBVGY3TQOJQ" {
		t.Fatalf("replace: %+v", again)
	}
	for _, bad := range []map[string]any{
		{"type": "add", "secret": "abcd", "account": "x@y"},
		{"type": "add", "secret": "JBSWY3DPEHPK3PX1", "account": "x@y"},
		{"type": "add", "uri": "otpauth://hotp/x?secret=" + secretA},
		{"type": "add", "uri": phoneQR},
	} {
		h.fails(bad, "invalid_secret")
	}
	h.fails(map[string]any{"type": "add", "secret": secretA}, "bad_request")
	h.fails(map[string]any{"type": "add"}, "bad_request")
	h.fails(map[string]any{"type": "remove", "entry": e.ID, "url": enrollURL}, "origin_denied")
	h.ok(map[string]any{"type": "remove", "entry": e.ID})
	h.fails(map[string]any{"type": "remove", "entry": e.ID}, "not_found")
}

// The popup's idle time takes effect at once: the serve loop is told to
// re-time its auto-lock check, and the session locks after that idle time.
func TestAutoLockSecondsFromPopup(t *testing.T) {
	h := newTestHost(t)
	h.ok(map[string]any{"type": "lock"})
	for len(h.s.unlockedSig) > 0 {
		<-h.s.unlockedSig
	}
	h.ok(map[string]any{"type": "unlock", "passphrase": "pw", "autolock_seconds": 60})
	if len(h.s.unlockedSig) != 1 {
		t.Fatal("the serve loop was not told to re-time the auto-lock")
	}
	h.clock.Add(59 * time.Second)
	h.s.expire()
	h.ok(map[string]any{"type": "list"}) // a use: idle again from now
	h.clock.Add(60 * time.Second)
	h.s.expire()
	h.fails(map[string]any{"type": "list"}, "locked")
}
