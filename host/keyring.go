package host

import (
	"errors"
	"time"

	"github.com/otpfill/otpfill/protocol"
	"github.com/otpfill/otpfill/vault"
)

// keyringRetry is how long a failed keyring unlock is not tried again by
// itself (each try may wait keyring.Timeout for an unreachable keyring).
const keyringRetry = time.Minute

func init() { handlers[protocol.TypeKeyring] = (*session).handleKeyring }

// keyringState: the keyring unlock in flight and when to try again. Guarded
// by session.mu.
type keyringState struct {
	running chan struct{} // closed when the keyring unlock in flight ends; nil when none
	gen     uint64        // bumped at each lock: an unlock that ends after a lock is dropped
	retryAt time.Time     // no keyring unlock by itself before this (it failed)
	held    bool          // the user locked: no keyring unlock until a passphrase unlock
}

// locked is called at every lock: a result in flight is stale, and after an
// auto-lock the keyring may unlock again at once.
func (k *keyringState) locked() {
	k.gen++
	k.retryAt = time.Time{}
}

func (s *session) unlockedBy() string {
	if s.v == nil {
		return ""
	}
	return s.v.UnlockedBy()
}

// keyringUnlock unlocks a locked session through the vault's keyring stanza
// (at start, after an auto-lock), waiting for a keyring unlock in flight. It
// is bounded by keyring.Timeout; s.mu is released while it waits.
func (s *session) keyringUnlock() {
	if s.v != nil || s.opts.Keyring == nil {
		return
	}
	if s.kr.running == nil && !s.startKeyringUnlock() {
		return
	}
	done := s.kr.running
	s.mu.Unlock()
	<-done
	s.mu.Lock()
}

// startKeyringUnlock starts opening the vault through the keyring off the
// caller's goroutine; false when it is not to be tried now. s.mu is held.
func (s *session) startKeyringUnlock() bool {
	if s.v != nil || s.opts.Keyring == nil || s.kr.running != nil || s.kr.held || s.opts.Now().Before(s.kr.retryAt) {
		return false
	}
	if vault.WithoutKeyringStanza(s.opts.VaultPath) {
		return false // a few hundred bytes read: no need to wait for retryAt
	}
	done := make(chan struct{})
	s.kr.running = done
	gen := s.kr.gen
	s.inflight.Add(1)
	go func() {
		defer s.inflight.Done()
		defer close(done) // after s.mu is released below: waiters see the result
		var v *vault.Vault
		var err error
		func() {
			defer tightGC()()
			defer func() {
				if r := recover(); r != nil {
					err = errors.New("internal error")
				}
			}()
			v, err = vault.OpenKeyring(s.opts.VaultPath, s.opts.Keyring)
		}()
		s.mu.Lock()
		defer s.mu.Unlock()
		s.kr.running = nil
		switch {
		case err != nil:
			s.kr.retryAt = s.opts.Now().Add(keyringRetry)
			if !errors.Is(err, vault.ErrNoKeyringStanza) && !errors.Is(err, vault.ErrNoVault) {
				s.logf("%v; unlock with the passphrase", err)
			}
		case gen != s.kr.gen || s.v != nil:
			v.Close() // locked meanwhile, or a passphrase unlock came first
		default:
			s.install(v)
			s.logf("unlocked through the system keyring")
		}
	}()
	return true
}

// deferred reports a reply that handle left to a goroutine: every real
// reply is either OK or carries an error.
func deferred(r protocol.Reply) bool { return !r.OK && r.Error == nil }

// slow returns the work of a request that runs a key derivation (an unlock,
// keyring enable): it runs off the reader goroutine, so hello, lock and list
// keep being answered meanwhile. nil: handle the request as usual.
func (s *session) slow(f frame, req *protocol.Request) func() (protocol.Reply, *protocol.Error) {
	if f.later == nil || req.URL != "" || req.Passphrase == "" {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case req.Type == protocol.TypeUnlock && s.v == nil:
		if checkAutoLock(req) != nil {
			return nil // handleUnlock answers the bad_request at once
		}
		pass := []byte(req.Passphrase)
		req.Passphrase = ""
		gen := s.kr.gen
		return func() (protocol.Reply, *protocol.Error) {
			v, err := s.open(pass)
			clear(pass)
			s.mu.Lock()
			defer s.mu.Unlock()
			if perr := s.unlockError(err); perr != nil {
				return protocol.Reply{}, perr
			}
			switch {
			case gen != s.kr.gen:
				v.Close()
				return protocol.Reply{}, protocol.NewError(protocol.CodeLocked, "otpfill was locked while it unlocked")
			case s.v != nil:
				v.Close() // another unlock came first
			default:
				s.install(v)
			}
			return s.unlocked(req), nil
		}
	case req.Type == protocol.TypeKeyring && req.Action == protocol.KeyringEnable:
		pass := []byte(req.Passphrase)
		req.Passphrase = ""
		return func() (protocol.Reply, *protocol.Error) {
			defer clear(pass)
			return s.enableKeyring(pass)
		}
	}
	return nil
}

// answerLater runs slow work and sends its reply; a panic becomes an
// internal error.
func (s *session) answerLater(id []byte, later func(protocol.Reply), run func() (protocol.Reply, *protocol.Error)) {
	reply := func() (reply protocol.Reply) {
		defer func() {
			if r := recover(); r != nil {
				s.logf("internal error in a deferred request")
				reply = protocol.Fail(id, protocol.NewError(protocol.CodeInternal, "internal error"))
			}
		}()
		reply, perr := run()
		if perr != nil {
			s.logf("deferred request: %s", perr.Code)
			return protocol.Fail(id, perr)
		}
		reply.ID, reply.OK = id, true
		return reply
	}()
	later(reply)
}

// enableKeyring checks the passphrase (the KDF runs in the key helper, not
// under s.mu), then adds the keyring stanza and stores its key.
func (s *session) enableKeyring(pass []byte) (protocol.Reply, *protocol.Error) {
	if s.opts.Keyring == nil {
		return protocol.Reply{}, errNoKeyring
	}
	v, err := s.open(pass)
	if perr := s.unlockError(err); perr != nil {
		return protocol.Reply{}, perr
	}
	defer v.Close()
	if err := v.EnableKeyring(s.opts.Keyring); err != nil {
		return protocol.Reply{}, s.keyringError(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.kr.retryAt = time.Time{}
	s.refresh() // the session's own handle sees the new header
	return s.keyringStatus()
}

var errNoKeyring = protocol.NewError(protocol.CodeKeyring, "keyring unavailable: this otpfill has no system keyring")

func (s *session) keyringError(err error) *protocol.Error {
	if errors.Is(err, vault.ErrKeyring) {
		return protocol.NewError(protocol.CodeKeyring, err.Error())
	}
	return s.vaultError(err)
}

// handleKeyring: status and disable (enable runs through slow). Extension
// pages only: a web page must not learn or change how the vault unlocks.
func (s *session) handleKeyring(req *protocol.Request) (protocol.Reply, *protocol.Error) {
	if req.URL != "" {
		return protocol.Reply{}, errDenied
	}
	if s.opts.Keyring == nil {
		return protocol.Reply{}, errNoKeyring
	}
	switch req.Action {
	case protocol.KeyringStatus:
		return s.keyringStatus()
	case protocol.KeyringEnable:
		if req.Passphrase == "" {
			return protocol.Reply{}, protocol.NewError(protocol.CodeBadRequest, "passphrase is missing")
		}
		// Reached only when nothing may be deferred (a direct call).
		pass := []byte(req.Passphrase)
		req.Passphrase = ""
		defer clear(pass)
		s.mu.Unlock()
		defer s.mu.Lock()
		return s.enableKeyring(pass)
	case protocol.KeyringDisable:
		if err := s.needUnlocked(); err != nil {
			return protocol.Reply{}, err
		}
		if err := s.v.DisableKeyring(s.opts.Keyring); err != nil {
			return protocol.Reply{}, s.keyringError(err)
		}
		return s.keyringStatus()
	}
	return protocol.Reply{}, protocol.NewError(protocol.CodeBadRequest, "action must be enable, disable or status")
}

func (s *session) keyringStatus() (protocol.Reply, *protocol.Error) {
	st, err := vault.Keyring(s.opts.VaultPath, s.opts.Keyring)
	if errors.Is(err, vault.ErrNoVault) {
		return protocol.Reply{}, protocol.NewError(protocol.CodeNoVault, "no vault yet: run 'otpfill init' in a terminal")
	}
	if err != nil {
		return protocol.Reply{}, s.vaultError(err)
	}
	return protocol.Reply{Keyring: &protocol.KeyringInfo{Stanzas: st.Stanzas, Item: st.Item, Reason: st.Reason}}, nil
}
