package host

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/otpfill/otpfill/protocol"
	"github.com/otpfill/otpfill/vault"
)

// clock is a settable time for in-process sessions.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// testHost is a session driven in-process through its handler, over a
// vault made with the vault package (fast KDF).
type testHost struct {
	t     testing.TB
	s     *session
	path  string
	clock *clock
	log   *syncBuffer
}

// newTestHost creates a vault holding entries and an unlocked session on it.
func newTestHost(t testing.TB, entries ...vault.Entry) *testHost {
	t.Helper()
	path := filepath.Join(t.TempDir(), vault.FileName)
	v, err := vault.Create(path, []byte("pw"), vault.FastKDF)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if _, err := v.Add(e, false); err != nil {
			t.Fatal(err)
		}
	}
	v.Close()
	c := &clock{t: time.Now()}
	log := &syncBuffer{}
	h := &testHost{t: t, s: newSession(Options{VaultPath: path, Now: c.Now, Log: log}), path: path, clock: c, log: log}
	t.Cleanup(func() { h.s.lock() })
	h.ok(map[string]any{"type": "unlock", "passphrase": "pw"})
	return h
}

// standardEntries: one account in two tenants (a guest), and another.
func standardEntries() []vault.Entry {
	return []vault.Entry{
		{Issuer: "Microsoft", Account: "ada@contoso.com", Tenant: "Contoso", Secret: secretA},
		{Issuer: "Microsoft", Account: "Ada@Contoso.com", Tenant: "Fabrikam", Secret: secretB},
		{Issuer: "Microsoft", Account: "bob@contoso.com", Tenant: "Contoso", Secret: secretC},
	}
}

// call runs one request through the handler and checks that no secret of
// the test entries is in the reply or the log.
func (h *testHost) call(req map[string]any) protocol.Reply {
	h.t.Helper()
	if req["id"] == nil {
		req["id"] = 1
	}
	b, err := json.Marshal(req)
	if err != nil {
		h.t.Fatal(err)
	}
	r := h.s.handle(frame{msg: b})
	out := protocol.EncodeReply(r)
	for _, sec := range []string{secretA, secretB, secretC, secretD, "pw\"", "123456789"} {
		if strings.Contains(strings.ToUpper(string(out)), sec) || strings.Contains(strings.ToUpper(h.log.String()), sec) {
			h.t.Fatalf("secret %q in reply %s or log %s", sec, out, h.log.String())
		}
	}
	return r
}

func (h *testHost) ok(req map[string]any) protocol.Reply {
	h.t.Helper()
	r := h.call(req)
	if !r.OK {
		h.t.Fatalf("%v: %+v", req, r.Error)
	}
	return r
}

// fails expects the error code want.
func (h *testHost) fails(req map[string]any, want string) protocol.Reply {
	h.t.Helper()
	r := h.call(req)
	if r.OK || r.Error == nil || r.Error.Code != want {
		b, _ := json.Marshal(r)
		h.t.Fatalf("%v: got %s, want %s", req, b, want)
	}
	return r
}

// entries reads the vault file as another process would.
func (h *testHost) entries() []vault.Entry {
	h.t.Helper()
	v, err := vault.Open(h.path, []byte("pw"))
	if err != nil {
		h.t.Fatal(err)
	}
	defer v.Close()
	return v.Entries()
}

func (h *testHost) idOf(account, tenant string) string {
	h.t.Helper()
	for _, e := range h.entries() {
		if strings.EqualFold(e.Account, account) && e.Tenant == tenant {
			return e.ID
		}
	}
	h.t.Fatalf("no entry %s:%s", tenant, account)
	return ""
}

// The same UPN in two tenants: the tenant in the URL decides; the user's
// choice is remembered for the page's tenant key and taken from the
// account's other entries.
func TestTenantChoice(t *testing.T) {
	h := newTestHost(t, standardEntries()...)
	fabrikam := h.idOf("ada@contoso.com", "Fabrikam")
	contoso := h.idOf("ada@contoso.com", "Contoso")
	if r := h.fails(map[string]any{"type": "code", "account": "ada@contoso.com", "url": signIn}, "ambiguous"); len(r.Error.Candidates) != 2 {
		t.Fatalf("candidates %+v", r.Error.Candidates)
	}
	r := h.ok(map[string]any{"type": "code", "account": "ada@contoso.com", "url": "https://login.microsoftonline.com/fabrikam.onmicrosoft.com/oauth2/authorize"})
	if r.Entry.ID != fabrikam {
		t.Fatalf("tenant from URL: %+v", r.Entry)
	}
	h.clock.Add(30e9)
	h.ok(map[string]any{"type": "code", "account": "ada@contoso.com", "entry": fabrikam, "url": signIn})
	h.clock.Add(30e9)
	if r := h.ok(map[string]any{"type": "code", "account": "ada@contoso.com", "url": signIn}); r.Entry.ID != fabrikam {
		t.Fatalf("remembered choice: %+v", r.Entry)
	}
	// Choosing the other entry moves the key.
	h.clock.Add(30e9)
	h.ok(map[string]any{"type": "code", "account": "ada@contoso.com", "entry": contoso, "url": signIn})
	h.clock.Add(30e9)
	if r := h.ok(map[string]any{"type": "code", "account": "ada@contoso.com", "url": signIn}); r.Entry.ID != contoso {
		t.Fatalf("choice moved: %+v", r.Entry)
	}
	// A chosen entry of another account is refused from a page.
	h.fails(map[string]any{"type": "code", "account": "bob@contoso.com", "entry": contoso, "url": signIn}, "no_match")
	h.fails(map[string]any{"type": "code", "account": "bob@contoso.com", "entry": "ffffffff", "url": signIn}, "not_found")
}

// The vault owns the entries: a change made through it (here, an add that
// bypasses the session) is what the next request sees, with no copy in the
// session to fall out of step.
func TestSessionFollowsTheVault(t *testing.T) {
	h := newTestHost(t, standardEntries()...)
	h.ok(map[string]any{"type": "list"}) // index built
	if _, err := h.s.v.Add(vault.Entry{Issuer: "Microsoft", Account: "carol@contoso.com", Secret: secretD}, false); err != nil {
		t.Fatal(err)
	}
	if n := len(h.ok(map[string]any{"type": "list"}).Entries); n != 4 {
		t.Fatalf("list: %d entries", n)
	}
	if r := h.ok(map[string]any{"type": "code", "account": "carol@contoso.com", "url": signIn}); r.Entry.Account != "carol@contoso.com" {
		t.Fatalf("code: %+v", r.Entry)
	}
	if err := h.s.v.Remove(h.idOf("bob@contoso.com", "Contoso")); err != nil {
		t.Fatal(err)
	}
	h.fails(map[string]any{"type": "code", "account": "bob@contoso.com", "url": signIn}, "no_match")
}

// The rules every request meets: state, origin, look-alikes.
func TestHandlersStateAndOrigin(t *testing.T) {
	h := newTestHost(t, standardEntries()...)
	h.ok(map[string]any{"type": "lock"})
	if r := h.ok(map[string]any{"type": "hello"}); r.State != "locked" || r.Protocol != 1 {
		t.Fatalf("hello: %+v", r)
	}
	h.fails(map[string]any{"type": "list"}, "locked")
	h.fails(map[string]any{"type": "code", "account": "bob@contoso.com", "url": signIn}, "locked")
	h.fails(map[string]any{"type": "unlock", "passphrase": "wrong"}, "bad_passphrase")
	h.fails(map[string]any{"type": "unlock", "passphrase": "pw", "url": signIn}, "origin_denied")
	h.fails(map[string]any{"type": "unlock"}, "bad_request")
	// A look-alike is refused before the lock state shows.
	h.fails(map[string]any{"type": "code", "account": "bob@contoso.com", "url": "https://login.microsoftonline.com.evil.example/"}, "origin_denied")
	h.ok(map[string]any{"type": "unlock", "passphrase": "pw"})
	if r := h.ok(map[string]any{"type": "hello"}); r.State != "unlocked" {
		t.Fatalf("hello: %+v", r)
	}
	h.ok(map[string]any{"type": "unlock", "passphrase": "wrong"}) // already unlocked: ok
	if n := len(h.ok(map[string]any{"type": "list"}).Entries); n != 3 {
		t.Fatalf("list: %d", n)
	}
	for _, u := range []string{"https://login.microsoftonline.com.evil.example/", "http://login.microsoftonline.com/",
		"https://login.microsoftonline.com@evil.example/", "https://xn--lgin-microsoftonline-1pb.com/", "https://example.com/"} {
		h.fails(map[string]any{"type": "code", "account": "bob@contoso.com", "url": u}, "origin_denied")
		h.fails(map[string]any{"type": "list", "url": u}, "origin_denied")
		h.fails(map[string]any{"type": "match", "account": "bob@contoso.com", "url": u}, "origin_denied")
		h.fails(map[string]any{"type": "capture", "texts": []string{secretD}, "account": "b@c", "url": u}, "origin_denied")
		h.fails(map[string]any{"type": "add", "capture": "c_x", "url": u}, "origin_denied")
	}
	h.fails(map[string]any{"type": "code", "account": "nobody@contoso.com", "url": signIn}, "no_match")
	h.fails(map[string]any{"type": "code", "url": signIn}, "bad_request")
	// The popup's display code claims nothing.
	if r := h.ok(map[string]any{"type": "code", "account": "bob@contoso.com", "display": true}); r.Step != h.clock.Now().Unix()/30 {
		t.Fatalf("display %+v", r)
	}
	h.ok(map[string]any{"type": "code", "account": "bob@contoso.com", "url": signIn})
	h.fails(map[string]any{"type": "remove", "entry": "ffffffff"}, "not_found")
	h.fails(map[string]any{"type": "nope"}, "unknown_type")
	if r := h.ok(map[string]any{"type": "lock"}); r.State != "locked" || h.s.v != nil {
		t.Fatalf("lock: %+v", r)
	}
}

// The host reads exactly the url the background set.
func TestStrictFieldNames(t *testing.T) {
	h := newTestHost(t, standardEntries()...)
	for _, msg := range []string{
		`{"id":"s","type":"code","account":"bob@contoso.com","url":"https://evil.example/","URL":""}`,
		`{"id":"s","type":"code","account":"bob@contoso.com","url":"https://evil.example/","url":""}`,
		`{"id":"s","type":"code","account":"bob@contoso.com","Url":"https://evil.example/"}`,
		`{"id":"s","type":"capture","texts":["a"],"Texts":["b"]}`,
		`{"id":"s","type":"add","capture":"c_1","Capture":"c_2"}`,
	} {
		if r := h.s.handle(frame{msg: []byte(msg)}); r.Error == nil || r.Error.Code != "bad_request" || string(r.ID) != `"s"` {
			t.Errorf("%s: %+v", msg, r)
		}
	}
}

// A list of 10,000 entries is over Chromium's 1 MiB message limit: the
// reply becomes too_large, and the session keeps serving.
func TestReplyOverTheLimit(t *testing.T) {
	h := newTestHost(t)
	err := h.s.v.Update(func([]vault.Entry) ([]vault.Entry, error) {
		out := make([]vault.Entry, 10000)
		for i := range out {
			out[i] = vault.Entry{ID: fmt.Sprintf("%08x", i), Issuer: "Microsoft", Tenant: "Tenant",
				Account: fmt.Sprintf("someone.with.a.long.name%d@tenant%d.onmicrosoft.com", i, i), Secret: secretA,
				Algorithm: "SHA1", Digits: 6, Period: 30, Created: time.Now()}
		}
		return out, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var r map[string]any
	json.Unmarshal(protocol.EncodeReply(h.ok(map[string]any{"type": "list"})), &r)
	if errCode(r) != "too_large" || r["id"] != float64(1) {
		t.Fatalf("list: %v", r)
	}
	h.ok(map[string]any{"type": "code", "account": "someone.with.a.long.name9999@tenant9999.onmicrosoft.com", "url": signIn})
}

// The vault file goes away (or is replaced by `otpfill init` elsewhere):
// the session locks and says no_vault, and the old key opens nothing.
func TestVaultRemovedWhileServing(t *testing.T) {
	f := newFixture(t)
	f.cli("add", "--secret", secretC, "--account", "bob@contoso.com")
	h := &testHost{t: t, path: f.vault, clock: &clock{t: time.Now()}, log: &syncBuffer{}}
	h.s = newSession(Options{VaultPath: f.vault, Now: h.clock.Now, Log: h.log})
	h.ok(map[string]any{"type": "unlock", "passphrase": "correct horse"})
	h.ok(map[string]any{"type": "list"})
	if err := os.Remove(f.vault); err != nil {
		t.Fatal(err)
	}
	h.fails(map[string]any{"type": "code", "account": "bob@contoso.com", "url": signIn}, "no_vault")
	if r := h.ok(map[string]any{"type": "hello"}); r.State != "no_vault" {
		t.Fatalf("hello: %+v", r)
	}
	h.fails(map[string]any{"type": "unlock", "passphrase": "x"}, "no_vault")
	os.WriteFile(f.pass, []byte("new pass\n"), 0o600)
	f.cli("init")
	if r := h.ok(map[string]any{"type": "hello"}); r.State != "locked" {
		t.Fatalf("hello after init: %+v", r)
	}
	h.fails(map[string]any{"type": "unlock", "passphrase": "correct horse"}, "bad_passphrase")
	h.ok(map[string]any{"type": "unlock", "passphrase": "new pass"})
	if n := len(h.ok(map[string]any{"type": "list"}).Entries); n != 0 {
		t.Fatalf("new vault has %d entries", n)
	}
	h.s.lock()
}
