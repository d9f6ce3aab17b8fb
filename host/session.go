// Package host is otpfill's serve mode: the native-messaging host a browser
// starts. It holds the unlocked vault, answers the extension's requests one
// at a time and enforces the policy (which pages may ask, the replay guard).
package host

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/otpfill/otpfill/keyring"
	"github.com/otpfill/otpfill/protocol"
	"github.com/otpfill/otpfill/vault"
)

// DefaultAutoLock is how long an unused unlocked vault stays unlocked.
const DefaultAutoLock = 15 * time.Minute

// enrollWindow is how long after adding an entry an enrollment page may ask
// for its code (Microsoft's "Enter code" verification step).
const enrollWindow = 15 * time.Minute

// maxCapturesInFlight bounds the captures waiting for a decode; more are
// refused (each holds an image of up to 4 MiB).
const maxCapturesInFlight = 4

// Options configure a serve session.
type Options struct {
	VaultPath      string
	PassphraseFile string        // unlock at start (headless use, tests)
	AutoLock       time.Duration // idle time before locking; <0 = never
	Version        string
	Log            io.Writer // diagnostics; never secrets. nil = discard
	Now            func() time.Time
	MaxIncoming    uint32
	Derive         vault.Deriver // runs the KDF; nil = in this process
	Keyring        keyring.Store // opens a vault's keyring stanza (host/keyring.go); nil = never
}

// session is the state behind the handlers. The serve loop runs one request
// at a time; mu also guards against the watcher and the auto-lock timer.
type session struct {
	opts Options

	mu       sync.Mutex
	v        *vault.Vault // nil when locked; it owns the entries
	idx      index        // the vault's entries by account
	stamp    os.FileInfo
	autoLock time.Duration
	lastUse  time.Time

	captures map[string]*captured // parsed enrollments waiting for their add; dropped on lock
	enrolled []enrolled           // entries added from enrollment pages, for their "Enter code" step

	decodeSlot   chan struct{}  // one QR decode at a time, outside mu
	captureSlots chan struct{}  // captures in flight (each waits for the decode slot)
	inflight     sync.WaitGroup // captures, unlocks and keyring opens in flight, for Serve's end

	unlockedSig chan struct{} // on unlock: start watching the vault, re-time the auto-lock
	kr          keyringState  // unlocks in flight, keyring retries (host/keyring.go)
}

// unchanged reports whether the vault file is the one last read: the same
// file (an atomic save renames a new one into place), size and mtime.
func (s *session) unchanged() (os.FileInfo, bool) {
	st, err := os.Stat(s.opts.VaultPath)
	if err != nil {
		return nil, false
	}
	old := s.stamp
	return st, old != nil && sameInode(st, old) && st.Size() == old.Size() && st.ModTime().Equal(old.ModTime())
}

// tightGC lowers the GC target while the whole vault is decoded or encoded
// (file, plaintext and entries alive at once), so the host's peak memory
// stays near that instead of half as much again. It returns the undo.
func tightGC() func() {
	gcMu.Lock()
	defer gcMu.Unlock()
	if gcTight == 0 {
		gcOld = debug.SetGCPercent(10)
	}
	gcTight++
	return func() {
		gcMu.Lock()
		defer gcMu.Unlock()
		if gcTight--; gcTight == 0 {
			debug.SetGCPercent(gcOld)
		}
	}
}

// A decode (outside the session lock) and a vault rewrite may overlap: the
// GC target is restored when the last of them ends.
var (
	gcMu    sync.Mutex
	gcTight int
	gcOld   int
)

func newSession(opts Options) *session {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	if opts.MaxIncoming == 0 {
		opts.MaxIncoming = protocol.MaxIncoming
	}
	al := opts.AutoLock
	if al == 0 {
		al = DefaultAutoLock
	}
	return &session{opts: opts, autoLock: al, lastUse: opts.Now(), unlockedSig: make(chan struct{}, 1),
		decodeSlot: make(chan struct{}, 1), captureSlots: make(chan struct{}, maxCapturesInFlight)}
}

func (s *session) logf(format string, args ...any) {
	fmt.Fprintf(s.opts.Log, "otpfill host: "+format+"\n", args...)
}

// state is hello's answer; it never runs the KDF.
func (s *session) state() string {
	if s.v != nil {
		return protocol.StateUnlocked
	}
	if _, err := os.Stat(s.opts.VaultPath); err != nil {
		return protocol.StateNoVault
	}
	return protocol.StateLocked
}

// unlock derives the key; wrong passphrase and damaged vault differ.
func (s *session) unlock(pass []byte) *protocol.Error {
	if s.v != nil {
		return nil
	}
	v, err := s.open(pass)
	if perr := s.unlockError(err); perr != nil {
		return perr
	}
	s.install(v)
	return nil
}

func (s *session) unlockError(err error) *protocol.Error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, vault.ErrNoVault):
		return protocol.NewError(protocol.CodeNoVault, "no vault yet: run 'otpfill init' in a terminal")
	case errors.Is(err, vault.ErrBadPassphrase):
		return protocol.NewError(protocol.CodeBadPassphrase, "wrong passphrase")
	}
	s.logf("unlock failed: %v", err)
	return protocol.NewError(protocol.CodeInternal, err.Error())
}

// install makes v the session's unlocked vault.
func (s *session) install(v *vault.Vault) {
	s.v = v
	s.kr.held = false
	s.loaded()
	s.lastUse = s.opts.Now()
	select {
	case s.unlockedSig <- struct{}{}:
	default:
	}
}

func (s *session) open(pass []byte) (*vault.Vault, error) {
	defer tightGC()()
	return vault.OpenWith(s.opts.VaultPath, pass, s.opts.Derive)
}

func (s *session) lock() {
	if s.v != nil {
		s.v.Close()
	}
	s.kr.locked()
	s.v, s.idx, s.stamp = nil, index{}, nil
	for _, c := range s.captures {
		c.entry.Secret = ""
	}
	s.captures = nil
}

// entryByID finds an entry by its id.
func (s *session) entryByID(id string) (e vault.Entry, ok bool) {
	s.view(func(es []vault.Entry) {
		if i := slices.IndexFunc(es, func(e vault.Entry) bool { return e.ID == id }); i >= 0 {
			e, ok = es[i], true
		}
	})
	return e, ok
}

// sameAccountAndTenant finds the entry a capture of e would replace.
func (s *session) sameAccountAndTenant(e *vault.Entry) (found *vault.Entry) {
	s.view(func(es []vault.Entry) {
		for _, i := range s.idx.byAccount(accountKey(e.Account)) {
			if sameAccountAndTenant(&es[i], e) {
				c := es[i]
				found = &c
				return
			}
		}
	})
	return found
}

// index finds the vault's entries by account without a copy of them (the
// vault owns the entries and their secrets): positions sorted by account
// (a sorted index: a map of slices cost half a MiB at 10,000 entries),
// rebuilt when the vault's generation moves.
type index struct {
	built    bool
	gen      uint64
	acctKeys []string // lower-case account of each entry
	byAcct   []int32  // positions in the entries, sorted by acctKeys
}

func (x *index) build(es []vault.Entry, gen uint64) {
	x.built, x.gen = true, gen
	x.acctKeys = slices.Grow(x.acctKeys[:0], len(es))[:len(es)]
	x.byAcct = slices.Grow(x.byAcct[:0], len(es))[:len(es)]
	for i := range es {
		x.acctKeys[i] = accountKey(es[i].Account)
		x.byAcct[i] = int32(i)
	}
	slices.SortStableFunc(x.byAcct, func(a, b int32) int { return strings.Compare(x.acctKeys[a], x.acctKeys[b]) })
}

// byAccount returns the positions of the entries of an account (lower case).
func (x *index) byAccount(key string) []int32 {
	lo, _ := slices.BinarySearchFunc(x.byAcct, key, func(i int32, k string) int { return strings.Compare(x.acctKeys[i], k) })
	hi := lo
	for hi < len(x.byAcct) && x.acctKeys[x.byAcct[hi]] == key {
		hi++
	}
	return x.byAcct[lo:hi]
}

// view runs fn on the vault's entries with the index in step with them.
// fn must not keep them, nor call the vault.
func (s *session) view(fn func(es []vault.Entry)) {
	s.v.Read(func(es []vault.Entry, gen uint64) {
		if !s.idx.built || s.idx.gen != gen {
			s.idx.build(es, gen)
		}
		fn(es)
	})
}

// loaded notes the vault file just read or written, so the next request
// does not re-read it.
func (s *session) loaded() {
	s.stamp, _ = os.Stat(s.opts.VaultPath)
}

// rewrite runs a vault operation that re-reads and rewrites the file. The
// index is dropped first (the rewrite's peak is the file, the plaintext and
// two copies of the entries) and the file's stamp always taken again after:
// even a failed operation may have re-read changes made elsewhere.
func (s *session) rewrite(op func() error) error {
	defer tightGC()()
	s.idx = index{}
	err := op()
	if s.v != nil {
		s.loaded()
	}
	return err
}

func accountKey(account string) string { return strings.ToLower(strings.TrimSpace(account)) }

// refresh re-reads the vault when another process changed it (CLI, another
// browser's host). A changed passphrase or a deleted vault locks the session.
func (s *session) refresh() {
	if s.v == nil {
		return
	}
	st, same := s.unchanged()
	if same {
		return
	}
	defer tightGC()()
	changed, err := s.v.Reload()
	switch {
	case errors.Is(err, vault.ErrKeyChanged), errors.Is(err, vault.ErrNoVault):
		s.logf("vault changed its passphrase or was removed: locking")
		s.lock()
	case err != nil:
		// Keep serving what we had: a damaged file must not lose the session.
		s.logf("vault reload failed: %v", err)
		s.stamp = st
	case changed:
		s.loaded()
	default:
		s.stamp = st
	}
}

// expire locks the vault after the idle time.
func (s *session) expire() {
	if s.v != nil && s.autoLock > 0 && s.opts.Now().Sub(s.lastUse) >= s.autoLock {
		s.logf("idle for %v: locking", s.autoLock)
		s.lock()
	}
}

func infoOf(e *vault.Entry) protocol.EntryInfo {
	return protocol.EntryInfo{ID: e.ID, Issuer: e.Issuer, Account: e.Account, Tenant: e.Tenant, Label: e.Nickname}
}
