package host

import (
	"encoding/json"
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
