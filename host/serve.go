package host

import (
	"context"
	"errors"
	"io"
	"path/filepath"
	"sync"
	"time"

	"github.com/otpfill/otpfill/protocol"
	"github.com/otpfill/otpfill/vault"
	"github.com/rjeczalik/notify"
)

type frame struct {
	msg   []byte
	err   error
	later func(protocol.Reply) // answers a request handled off the reader goroutine; nil = never defer
}

// Serve answers requests from in on out until in ends (EOF: nil) or ctx is
// cancelled. Only frames are written to out. After ctx is cancelled Serve
// returns at once and nothing more is written to out.
func Serve(ctx context.Context, in io.Reader, out io.Writer, opts Options) error {
	s := newSession(opts)

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
		s.mu.Lock()
		s.startKeyringUnlock() // a vault with a keyring stanza unlocks without a prompt
		s.mu.Unlock()
	}

	// The reader goroutine handles each request itself: handing frames to
	// another goroutine cost tens of microseconds per round trip (the reader
	// goes straight back into a blocking read on a pipe that the runtime
	// cannot poll, sitting on the P the woken goroutine needs).
	w := &replyWriter{out: out}
	done := make(chan error, 1)
	go func() { done <- s.serveFrames(ctx, in, w, unlocked) }()

	// The vault is watched once it is unlocked: until then there is nothing
	// to reload, and a browser's start need not pay for setting up inotify.
	var events <-chan struct{}
	stopWatch := func() {}
	defer func() { stopWatch() }()
	tick := time.NewTicker(autoLockTick(s.autoLock))
	defer tick.Stop()

	for {
		select {
		case <-ctx.Done():
			w.stop()
			// Drop the key unless a request holds the session (an unlock
			// deriving a key): the process is about to end either way.
			if s.mu.TryLock() {
				s.lock()
				s.mu.Unlock()
			}
			return nil
		case err := <-done:
			// Captures, unlocks and keyring opens in flight still finish:
			// none may touch the vault's directory after Serve returns.
			s.inflight.Wait()
			w.stop()
			s.mu.Lock()
			s.lock()
			s.mu.Unlock()
			return err
		case <-s.unlockedSig:
			if events == nil {
				events, stopWatch = s.watch()
			}
			// unlock may have set another idle time (autolock_seconds).
			s.mu.Lock()
			tick.Reset(autoLockTick(s.autoLock))
			s.mu.Unlock()
		case <-events:
			s.mu.Lock()
			s.refresh()
			s.mu.Unlock()
		case <-tick.C:
			s.mu.Lock()
			s.expire()
			s.mu.Unlock()
		}
	}
}

// serveFrames reads, handles and answers one request at a time until the
// input ends.
func (s *session) serveFrames(ctx context.Context, in io.Reader, w *replyWriter, unlocked <-chan struct{}) error {
	for {
		msg, err := protocol.ReadMessage(in, s.opts.MaxIncoming)
		if err != nil && !errors.Is(err, protocol.ErrTooLarge) {
			if !errors.Is(err, io.EOF) {
				s.logf("input ended mid-frame: %v", err)
			}
			return nil
		}
		select {
		case <-unlocked:
		case <-ctx.Done():
			return nil
		}
		f := frame{msg, err, func(r protocol.Reply) { w.write(protocol.EncodeReply(r)) }}
		req, perr := parse(f)
		if perr == nil && req.Type == protocol.TypeCapture {
			// A capture's QR decode may take seconds: answer it when done,
			// and keep answering fills meanwhile.
			select {
			case s.captureSlots <- struct{}{}:
				s.inflight.Add(1)
				go func() {
					defer func() { <-s.captureSlots; s.inflight.Done() }()
					w.write(protocol.EncodeReply(s.run(f, &req)))
				}()
				continue
			default:
				perr = protocol.NewError(protocol.CodeBadRequest, "too many captures at once: wait for their answers")
			}
		}
		reply := protocol.Fail(req.ID, perr)
		if perr == nil {
			reply = s.run(f, &req)
		}
		if deferred(reply) {
			continue // a slow request (an unlock) answers when it is done
		}
		if err := w.write(protocol.EncodeReply(reply)); err != nil {
			return err
		}
	}
}

// replyWriter writes whole frames until stopped.
type replyWriter struct {
	mu      sync.Mutex
	out     io.Writer
	stopped bool
}

func (w *replyWriter) write(msg []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.stopped {
		return nil
	}
	return protocol.WriteMessage(w.out, msg)
}

func (w *replyWriter) stop() {
	w.mu.Lock()
	w.stopped = true
	w.mu.Unlock()
}

func autoLockTick(d time.Duration) time.Duration {
	if d <= 0 || d > 4*time.Minute {
		return time.Minute
	}
	return max(d/4, time.Second)
}

// handle turns one frame into one reply.
func (s *session) handle(f frame) protocol.Reply {
	req, perr := parse(f)
	if perr != nil {
		return protocol.Fail(req.ID, perr)
	}
	return s.run(f, &req)
}

func parse(f frame) (protocol.Request, *protocol.Error) {
	if f.err != nil {
		return protocol.Request{}, protocol.NewError(protocol.CodeTooLarge, f.err.Error())
	}
	return protocol.DecodeRequest(f.msg)
}

// run answers one request; a panic becomes an internal error. Handlers run
// under the session lock, except capture, which takes it itself around its
// QR decode, and the slow ones (a key derivation), which answer through
// f.later off the reader goroutine and return an empty reply here.
func (s *session) run(f frame, req *protocol.Request) (reply protocol.Reply) {
	var perr *protocol.Error
	defer func() {
		if r := recover(); r != nil {
			s.logf("internal error handling %q", req.Type)
			reply = protocol.Fail(req.ID, protocol.NewError(protocol.CodeInternal, "internal error"))
		}
	}()
	if run := s.slow(f, req); run != nil {
		s.inflight.Add(1)
		go func() {
			defer s.inflight.Done()
			s.answerLater(req.ID, f.later, run)
		}()
		return protocol.Reply{}
	}
	if req.Type == protocol.TypeCapture {
		reply, perr = s.capture(req)
	} else if h, ok := handlers[req.Type]; ok {
		s.mu.Lock()
		defer s.mu.Unlock()
		reply, perr = h(s, req)
	} else {
		return protocol.Fail(req.ID, protocol.NewError(protocol.CodeUnknownType, "unknown request type"))
	}
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
//
// Writes in place are not watched: every save renames a new file into place,
// and the replay guard's "<vault>.steps" beside it is written on every fill,
// whose events alone cost a fill's round trip tens of microseconds. Every
// request still compares the file's identity, size and mtime, so an
// in-place write by another tool is seen at the next request.
func (s *session) watch() (<-chan struct{}, func()) {
	changed := make(chan struct{}, 1)
	ch := make(chan notify.EventInfo, 64)
	dir := filepath.Dir(s.opts.VaultPath)
	if err := notify.Watch(dir, ch, notify.Create|notify.Remove|notify.Rename); err != nil {
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
