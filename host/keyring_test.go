package host

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/otpfill/otpfill/keyring"
	"github.com/otpfill/otpfill/protocol"
	"github.com/otpfill/otpfill/vault"
)

// served is a host session run in-process by Serve over pipes.
type served struct {
	t    *testing.T
	in   *io.PipeWriter
	out  *io.PipeReader
	log  *syncBuffer
	stop func()
}

func serveInProcess(t *testing.T, opts Options) *served {
	t.Helper()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	log := &syncBuffer{}
	opts.Log = log
	opts.Version = "test"
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		Serve(ctx, inR, outW, opts)
		outW.Close()
		close(done)
	}()
	s := &served{t: t, in: inW, out: outR, log: log}
	s.stop = func() { inW.Close(); cancel(); <-done }
	t.Cleanup(s.stop)
	return s
}

func (s *served) send(req string) {
	s.t.Helper()
	if err := protocol.WriteMessage(s.in, []byte(req)); err != nil {
		s.t.Fatal(err)
	}
}

func (s *served) read() protocol.Reply {
	s.t.Helper()
	msg, err := protocol.ReadMessage(s.out, protocol.MaxOutgoing)
	if err != nil {
		s.t.Fatal(err)
	}
	var r protocol.Reply
	if err := json.Unmarshal(msg, &r); err != nil {
		s.t.Fatal(err)
	}
	return r
}

func (s *served) call(req string) protocol.Reply {
	s.t.Helper()
	s.send(req)
	return s.read()
}

// keyringVault makes a vault with one entry and a keyring stanza in store.
func keyringVault(t *testing.T, store keyring.Store) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), vault.FileName)
	v, err := vault.Create(path, []byte("pw"), vault.FastKDF)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if _, err := v.Add(vault.Entry{Issuer: "Microsoft", Account: "ada@contoso.com", Secret: secretA}, false); err != nil {
		t.Fatal(err)
	}
	if err := v.EnableKeyring(store); err != nil {
		t.Fatal(err)
	}
	return path
}

const signInCode = `{"id":2,"type":"code","account":"ada@contoso.com","url":"https://login.microsoftonline.com/common/login"}`

func TestKeyringUnlocksAtStartAndAfterAutoLock(t *testing.T) {
	store := keyring.NewMemory()
	path := keyringVault(t, store)
	now := time.Now()
	clock := func() time.Time { return now }
	h := serveInProcess(t, Options{VaultPath: path, Keyring: store, Now: clock})
	if r := h.call(signInCode); !r.OK || r.Code == "" {
		t.Fatalf("code with no unlock: %+v", r.Error)
	}
	if r := h.call(`{"id":3,"type":"hello"}`); r.State != protocol.StateUnlocked || r.UnlockedBy != vault.UnlockedByKeyring {
		t.Fatalf("hello: %+v", r)
	}
	// An explicit lock holds: the keyring does not undo it.
	h.call(`{"id":4,"type":"lock"}`)
	if r := h.call(`{"id":5,"type":"hello"}`); r.State != protocol.StateLocked {
		t.Fatalf("after lock: %+v", r)
	}
	if r := h.call(`{"id":6,"type":"unlock","passphrase":"pw"}`); !r.OK || r.UnlockedBy != vault.UnlockedByPassphrase {
		t.Fatalf("unlock: %+v", r)
	}
	if !strings.Contains(h.log.String(), "unlocked through the system keyring") {
		t.Fatal(h.log.String())
	}
}

func TestKeyringAfterIdleLock(t *testing.T) {
	store := keyring.NewMemory()
	path := keyringVault(t, store)
	s := newSession(Options{VaultPath: path, Keyring: store, AutoLock: time.Minute})
	if r := handleJSON(t, s, signInCode); !r.OK {
		t.Fatal(r.Error)
	}
	s.lastUse = time.Now().Add(-2 * time.Minute)
	s.mu.Lock()
	s.expire()
	locked := s.v == nil
	s.mu.Unlock()
	if !locked {
		t.Fatal("did not auto-lock")
	}
	if r := handleJSON(t, s, signInCode); !r.OK {
		t.Fatalf("after auto-lock: %+v", r.Error)
	}
	if s.unlockedBy() != vault.UnlockedByKeyring {
		t.Fatal(s.unlockedBy())
	}
	s.lock()
}

// TestKeyringUnreachableFallsBack: no keyring (or a hung one) leaves the
// host locked with a one-line reason in its log, answering at once, and
// the passphrase unlocks.
func TestKeyringUnreachableFallsBack(t *testing.T) {
	store := keyring.NewMemory()
	path := keyringVault(t, store)
	for name, st := range map[string]keyring.Store{
		"failing": &keyring.Memory{Fail: errors.New("The name org.freedesktop.secrets was not provided by any .service files")},
		"hung":    keyring.Bounded(hung{}, 200*time.Millisecond),
		"missing": keyring.NewMemory(),
	} {
		t.Run(name, func(t *testing.T) {
			h := serveInProcess(t, Options{VaultPath: path, Keyring: st})
			if r := h.call(`{"id":1,"type":"hello"}`); r.State != protocol.StateLocked || r.UnlockedBy != "" {
				t.Fatalf("hello: %+v", r)
			}
			if r := h.call(signInCode); r.Error == nil || r.Error.Code != protocol.CodeLocked {
				t.Fatalf("code: %+v", r)
			}
			if r := h.call(`{"id":3,"type":"unlock","passphrase":"pw"}`); !r.OK || r.UnlockedBy != vault.UnlockedByPassphrase {
				t.Fatalf("unlock: %+v", r)
			}
			log := h.log.String()
			if !strings.Contains(log, "keyring unavailable: ") || !strings.Contains(log, "unlock with the passphrase") {
				t.Fatalf("log: %s", log)
			}
		})
	}
}

type hung struct{}

func (hung) Get(string, string) (string, error) { select {} }
func (hung) Set(string, string, string) error   { select {} }
func (hung) Delete(string, string) error        { select {} }

// TestUnlockDoesNotBlockRequests: while a passphrase unlock derives its
// key, hello, list and lock are answered; the unlock's reply comes after
// theirs, matched by id; a lock meanwhile wins.
func TestUnlockDoesNotBlockRequests(t *testing.T) {
	store := keyring.NewMemory()
	path := keyringVault(t, store)
	release := make(chan struct{})
	slowDerive := func(pass, salt []byte, p vault.KDFParams) ([]byte, error) {
		<-release
		return vault.DeriveKey(pass, salt, p), nil
	}
	h := serveInProcess(t, Options{VaultPath: path, Derive: slowDerive})
	h.send(`{"id":"u1","type":"unlock","passphrase":"pw"}`)
	if r := h.call(`{"id":"h","type":"hello"}`); string(r.ID) != `"h"` || r.State != protocol.StateLocked {
		t.Fatalf("hello during the unlock: %s %+v", r.ID, r)
	}
	if r := h.call(`{"id":"l","type":"list"}`); string(r.ID) != `"l"` || r.Error == nil || r.Error.Code != protocol.CodeLocked {
		t.Fatalf("list during the unlock: %s %+v", r.ID, r)
	}
	release <- struct{}{}
	if r := h.read(); string(r.ID) != `"u1"` || !r.OK || r.UnlockedBy != vault.UnlockedByPassphrase {
		t.Fatalf("unlock: %s %+v", r.ID, r)
	}
	h.call(`{"id":"k","type":"lock"}`)
	h.send(`{"id":"u2","type":"unlock","passphrase":"pw"}`)
	if r := h.call(`{"id":"k2","type":"lock"}`); string(r.ID) != `"k2"` || !r.OK {
		t.Fatalf("lock during the unlock: %+v", r)
	}
	release <- struct{}{}
	if r := h.read(); string(r.ID) != `"u2"` || r.Error == nil || r.Error.Code != protocol.CodeLocked {
		t.Fatalf("unlock overtaken by a lock: %s %+v", r.ID, r)
	}
	if r := h.call(`{"id":"h2","type":"hello"}`); r.State != protocol.StateLocked {
		t.Fatalf("hello: %+v", r)
	}
}

func TestKeyringVerb(t *testing.T) {
	store := keyring.NewMemory()
	path := filepath.Join(t.TempDir(), vault.FileName)
	v, err := vault.Create(path, []byte("pw"), vault.FastKDF)
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	h := serveInProcess(t, Options{VaultPath: path, Keyring: store})
	if r := h.call(`{"id":1,"type":"keyring","action":"status","url":"https://login.microsoftonline.com/"}`); r.Error == nil || r.Error.Code != protocol.CodeOriginDenied {
		t.Fatalf("from a page: %+v", r)
	}
	if r := h.call(`{"id":1,"type":"keyring","action":"enable","passphrase":"pw","url":"https://login.microsoftonline.com/"}`); r.Error == nil || r.Error.Code != protocol.CodeOriginDenied {
		t.Fatalf("enable from a page: %+v", r)
	}
	if r := h.call(`{"id":2,"type":"keyring","action":"status"}`); !r.OK || r.Keyring.Item != vault.ItemNone || strings.Join(r.Keyring.Stanzas, ",") != "passphrase" {
		t.Fatalf("status: %+v", r)
	}
	if r := h.call(`{"id":3,"type":"keyring","action":"enable","passphrase":"wrong"}`); r.Error == nil || r.Error.Code != protocol.CodeBadPassphrase {
		t.Fatalf("enable, wrong passphrase: %+v", r)
	}
	if r := h.call(`{"id":3,"type":"keyring","action":"enable"}`); r.Error == nil || r.Error.Code != protocol.CodeBadRequest {
		t.Fatalf("enable, no passphrase: %+v", r)
	}
	if r := h.call(`{"id":4,"type":"keyring","action":"enable","passphrase":"pw"}`); !r.OK || r.Keyring.Item != vault.ItemReachable || strings.Join(r.Keyring.Stanzas, ",") != "passphrase,keyring" {
		t.Fatalf("enable: %+v %+v", r, r.Error)
	}
	if r := h.call(`{"id":5,"type":"keyring","action":"disable"}`); !r.OK || r.Keyring.Item != vault.ItemNone || store.Len() != 0 {
		t.Fatalf("disable: %+v %+v", r, r.Error)
	}
	if r := h.call(`{"id":6,"type":"keyring","action":"other"}`); r.Error == nil || r.Error.Code != protocol.CodeBadRequest {
		t.Fatalf("other: %+v", r)
	}
	// Without a system keyring the verb says so.
	h2 := serveInProcess(t, Options{VaultPath: path})
	if r := h2.call(`{"id":7,"type":"keyring","action":"status"}`); r.Error == nil || r.Error.Code != protocol.CodeKeyring {
		t.Fatalf("no keyring: %+v", r)
	}
}

// TestCraftedKDFRefused: a header asking for 2 GiB of Argon2 memory is
// refused before any derivation, with a clear message, and the host keeps
// answering.
func TestCraftedKDFRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), vault.FileName)
	v, err := vault.Create(path, []byte("pw"), vault.FastKDF)
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	file, _ := os.ReadFile(path)
	n := binary.LittleEndian.Uint32(file[9:13])
	hdr := bytes.Replace(file[13:13+n], []byte(`"memory_kib":8192`), []byte(`"memory_kib":2097152`), 1)
	out := binary.LittleEndian.AppendUint32(bytes.Clone(file[:9]), uint32(len(hdr)))
	out = append(append(out, hdr...), file[13+n:len(file)-32]...)
	sum := sha256.Sum256(out)
	os.WriteFile(path, append(out, sum[:]...), 0o600)
	derived := false
	h := serveInProcess(t, Options{VaultPath: path, Derive: func(p, s []byte, k vault.KDFParams) ([]byte, error) {
		derived = true
		return vault.DeriveKey(p, s, k), nil
	}})
	r := h.call(`{"id":1,"type":"unlock","passphrase":"pw"}`)
	if r.Error == nil || !strings.Contains(r.Error.Message, "beyond otpfill's limits") || derived {
		t.Fatalf("unlock: %+v derived=%v", r.Error, derived)
	}
	if r := h.call(`{"id":2,"type":"hello"}`); r.State != protocol.StateLocked {
		t.Fatalf("hello: %+v", r)
	}
}
