package host

import (
	"context"
	"errors"
	"io"
	"path/filepath"
	"time"

	"github.com/otpfill/otpfill/protocol"
	"github.com/otpfill/otpfill/vault"
	"github.com/rjeczalik/notify"
)

type frame struct {
	msg []byte
	err error
}

// Serve answers requests from in on out until in ends (EOF: nil) or ctx is
// cancelled. Only frames are written to out.
func Serve(ctx context.Context, in io.Reader, out io.Writer, opts Options) error {
	s := newSession(opts)
	defer s.lock()

	// Unlocking from a file runs the KDF alongside the browser's first
	// messages; requests wait for it, so hello never pays for it twice.
	unlocked := make(chan struct{})
	if opts.PassphraseFile != "" {
		go func() {
			defer close(unlocked)
			pass, err := vault.ReadPassphraseFile(opts.PassphraseFile)
			if err != nil {
				s.logf("%v", err)
				return
			}
			s.mu.Lock()
			if perr := s.unlock(pass); perr != nil {
				s.logf("unlock at start failed: %s", perr.Message)
			}
			s.mu.Unlock()
			clear(pass)
		}()
	} else {
		close(unlocked)
	}

	frames := make(chan frame)
	go func() {
		defer close(frames)
		for {
			msg, err := protocol.ReadMessage(in, s.opts.MaxIncoming)
			select {
			case frames <- frame{msg, err}:
			case <-ctx.Done():
				return
			}
			if err != nil && !errors.Is(err, protocol.ErrTooLarge) {
				return
			}
		}
	}()

	events, stopWatch := s.watch()
	defer stopWatch()
	tick := time.NewTicker(autoLockTick(s.autoLock))
	defer tick.Stop()

	for {
		select {
		case <-ctx.Done():
			return nil
		case <-events:
			s.mu.Lock()
			s.refresh()
			s.mu.Unlock()
		case <-tick.C:
			s.mu.Lock()
			s.expire()
			s.mu.Unlock()
		case f, ok := <-frames:
			if !ok {
				return nil
			}
			if f.err != nil && !errors.Is(f.err, protocol.ErrTooLarge) {
				if errors.Is(f.err, io.EOF) {
					return nil
				}
				s.logf("input ended mid-frame: %v", f.err)
				return nil
			}
			<-unlocked
			reply := s.handle(f)
			if err := protocol.WriteMessage(out, protocol.EncodeReply(reply)); err != nil {
				return err
			}
		}
	}
}

func autoLockTick(d time.Duration) time.Duration {
	if d <= 0 || d > 4*time.Minute {
		return time.Minute
	}
	return max(d/4, time.Second)
}

// handle turns one frame into one reply; a panic becomes an internal error.
func (s *session) handle(f frame) (reply protocol.Reply) {
	if f.err != nil {
		return protocol.Fail(nil, protocol.NewError(protocol.CodeTooLarge, f.err.Error()))
	}
	req, perr := protocol.DecodeRequest(f.msg)
	if perr != nil {
		return protocol.Fail(req.ID, perr)
	}
	defer func() {
		if r := recover(); r != nil {
			s.logf("internal error handling %q", req.Type)
			reply = protocol.Fail(req.ID, protocol.NewError(protocol.CodeInternal, "internal error"))
		}
	}()
	h, ok := handlers[req.Type]
	if !ok {
		return protocol.Fail(req.ID, protocol.NewError(protocol.CodeUnknownType, "unknown request type"))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	reply, perr = h(s, &req)
	if perr != nil {
		s.logf("%s: %s", req.Type, perr.Code)
		return protocol.Fail(req.ID, perr)
	}
	reply.ID, reply.OK = req.ID, true
	return reply
}

// watch signals changes of the vault file. notify drops events when its
// channel is full, so it gets a buffer, the whole directory is watched
// (rename-into-place shows up there) and any event for the file's name means
// "re-check": refresh decides whether the contents changed.
func (s *session) watch() (<-chan struct{}, func()) {
	changed := make(chan struct{}, 1)
	ch := make(chan notify.EventInfo, 64)
	dir := filepath.Dir(s.opts.VaultPath)
	if err := notify.Watch(dir, ch, notify.All); err != nil {
		s.logf("not watching %s (%v); changes are seen on the next request", dir, err)
		return changed, func() {}
	}
	done := make(chan struct{})
	go func() {
		name := filepath.Base(s.opts.VaultPath)
		for {
			select {
			case <-done:
				return
			case ev := <-ch:
				if filepath.Base(ev.Path()) != name {
					continue
				}
				select {
				case changed <- struct{}{}:
				default: // a re-check is already queued
				}
			}
		}
	}()
	return changed, func() { notify.Stop(ch); close(done) }
}
