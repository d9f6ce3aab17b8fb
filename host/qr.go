package host

import (
	"runtime/debug"

	"github.com/otpfill/otpfill/qr"
)

const msgAuthenticatorOnly = "this QR code only works with Microsoft Authenticator and holds no secret: " +
	"choose \"I want to use a different authenticator app\" (or \"Configure app without notifications\") to get a standard one"

// maxCapturePixels bounds a capture's image: a screenshot of a sign-in
// page's QR needs far less, and the reader's memory grows with the pixels.
const maxCapturePixels = 4 << 20

func isAuthenticatorOnly(text string) bool { return qr.Classify(text) == qr.KindPhoneFactor }

// decodeQR reads a QR code from a data URL or bare base64; tests replace it
// to hold a decode open.
var decodeQR = func(image string) (string, error) { return qr.DecodeDataURLWithin(image, maxCapturePixels) }

// decodeImage runs the QR reader, one decode at a time (each may take tens
// of MiB), without the session lock, under a tight GC target: a large image
// is decoded to full-size bitmaps several times over and the host is
// long-lived, so the memory is handed back to the system at once afterwards.
func (s *session) decodeImage(image string) (string, error) {
	s.decodeSlot <- struct{}{}
	defer func() { <-s.decodeSlot }()
	restore := tightGC()
	text, err := decodeQR(image)
	restore()
	debug.FreeOSMemory()
	return text, err
}
