// Package keyring reaches the operating system's credential store (Secret
// Service on Linux, Keychain on macOS, Credential Manager on Windows) with
// calls that always return within a bound, and errors that fit on one line
// and never carry the stored secret.
//
// The backends are github.com/zalando/go-keyring v0.2.8. Its macOS backend
// was checked for secrets in argv (visible in ps): Set writes the command to
// `/usr/bin/security -i` on stdin, and Get only reads the secret from the
// child's output, so no own macOS backend is needed. Re-check this when
// upgrading the library.
package keyring

import (
	"errors"
	"strings"
	"time"

	gokeyring "github.com/zalando/go-keyring"
)

// Store holds small secrets under a service and an item name.
type Store interface {
	Get(service, item string) (string, error)
	Set(service, item, secret string) error
	Delete(service, item string) error
}

// ErrUnavailable is what every error of this package is (errors.Is);
// ErrNotFound additionally marks an item that is not there.
var (
	ErrUnavailable = errors.New("keyring unavailable")
	ErrNotFound    = errors.New("keyring item not found")
)

// Error is a failed keyring call: "keyring unavailable: <reason>".
type Error struct {
	Reason   string
	notFound bool
}

func (e *Error) Error() string { return "keyring unavailable: " + e.Reason }

func (e *Error) Is(target error) bool {
	return target == ErrUnavailable || (e.notFound && target == ErrNotFound)
}

// NotFound is the error for a missing item.
func NotFound(service, item string) error {
	return &Error{Reason: "no item " + service + "/" + item, notFound: true}
}

// Timeout bounds every call of System's store: a locked collection makes
// Secret Service wait for a prompt the host can never answer.
const Timeout = 3 * time.Second

// System is the operating system's store, every call bounded by Timeout.
func System() Store { return Bounded(osStore{}, Timeout) }

type osStore struct{}

func (osStore) Get(service, item string) (string, error) { return gokeyring.Get(service, item) }
func (osStore) Set(service, item, secret string) error   { return gokeyring.Set(service, item, secret) }
func (osStore) Delete(service, item string) error        { return gokeyring.Delete(service, item) }

// Bounded wraps s so that each call returns within d. A call that does not
// finish in time is left running in its goroutine (the library offers no
// way to cancel it); its result is dropped.
func Bounded(s Store, d time.Duration) Store { return bounded{s, d} }

type bounded struct {
	s Store
	d time.Duration
}

type result struct {
	val string
	err error
}

func (b bounded) call(service, item, secret string, f func() (string, error)) (string, error) {
	ch := make(chan result, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				ch <- result{err: errors.New("the keyring library failed")}
			}
		}()
		v, err := f()
		ch <- result{v, err}
	}()
	timer := time.NewTimer(b.d)
	defer timer.Stop()
	select {
	case r := <-ch:
		return r.val, describe(r.err, service, item, secret)
	case <-timer.C:
		return "", &Error{Reason: "no answer within " + b.d.String() + " (is the keyring locked?)"}
	}
}

func (b bounded) Get(service, item string) (string, error) {
	return b.call(service, item, "", func() (string, error) { return b.s.Get(service, item) })
}

func (b bounded) Set(service, item, secret string) error {
	_, err := b.call(service, item, secret, func() (string, error) { return "", b.s.Set(service, item, secret) })
	return err
}

func (b bounded) Delete(service, item string) error {
	_, err := b.call(service, item, "", func() (string, error) { return "", b.s.Delete(service, item) })
	return err
}

// describe turns a backend error into one line without the secret.
func describe(err error, service, item, secret string) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	if errors.Is(err, gokeyring.ErrNotFound) {
		return NotFound(service, item)
	}
	reason := strings.Join(strings.Fields(err.Error()), " ")
	if secret != "" {
		reason = strings.ReplaceAll(reason, secret, "…")
	}
	if len(reason) > 200 {
		reason = reason[:200] + "…"
	}
	if reason == "" {
		reason = "unknown error"
	}
	return &Error{Reason: reason}
}
