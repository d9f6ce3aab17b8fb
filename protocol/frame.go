// Package protocol is the native-messaging wire format between the otpfill
// extension and the host: a 32-bit length in native byte order, then that
// many bytes of UTF-8 JSON. PROTOCOL.md beside this file is the normative
// description.
package protocol

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

const (
	// MaxIncoming is the default cap on a message from the browser.
	MaxIncoming = 4 << 20
	// MaxOutgoing is Chromium's limit for a message to the extension: a
	// larger one makes it close the port.
	MaxOutgoing = 1 << 20
)

// ErrTooLarge reports an incoming message over the cap; its body has been
// read and discarded, so the stream is still in step.
var ErrTooLarge = errors.New("message too large")

// ErrReplyTooLarge reports a reply that the browser would refuse.
var ErrReplyTooLarge = errors.New("reply too large for the browser")

// ReadMessage reads one frame. It returns io.EOF on a clean end of input
// between frames and io.ErrUnexpectedEOF for a frame cut short.
func ReadMessage(r io.Reader, max uint32) ([]byte, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, err
	}
	n := binary.NativeEndian.Uint32(hdr[:])
	if n > max {
		if _, err := io.CopyN(io.Discard, r, int64(n)); err != nil {
			return nil, io.ErrUnexpectedEOF
		}
		return nil, fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, n, max)
	}
	buf := make([]byte, n)
	if _, err := io.ReadFull(r, buf); err != nil {
		return nil, io.ErrUnexpectedEOF
	}
	return buf, nil
}

// WriteMessage writes one frame in a single Write, so concurrent writers
// that share a lock never interleave.
func WriteMessage(w io.Writer, msg []byte) error {
	if len(msg) >= MaxOutgoing {
		return ErrReplyTooLarge
	}
	buf := make([]byte, 4+len(msg))
	binary.NativeEndian.PutUint32(buf, uint32(len(msg)))
	copy(buf[4:], msg)
	_, err := w.Write(buf)
	return err
}
