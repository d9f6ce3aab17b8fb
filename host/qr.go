package host

import (
	"runtime/debug"
	"strings"

	"github.com/otpfill/otpfill/protocol"
	"github.com/otpfill/otpfill/qr"
)

const msgAuthenticatorOnly = "this QR code only works with Microsoft Authenticator and holds no secret: " +
	"choose \"I want to use a different authenticator app\" (or \"Configure app without notifications\") to get a standard one"

func isAuthenticatorOnly(text string) bool { return qr.Classify(text) == qr.KindPhoneFactor }

// decodeQR reads a QR code from an image the extension took from the page
// or the user pasted. It works while locked: it touches no secret it keeps.
func (s *session) decodeQR(req *protocol.Request) (protocol.Reply, *protocol.Error) {
	if req.URL != "" && !isEnrollPage(req.URL) {
		return protocol.Reply{}, errDenied
	}
	if strings.TrimSpace(req.Image) == "" {
		return protocol.Reply{}, protocol.NewError(protocol.CodeBadRequest, "image is missing")
	}
	text, err := decodeImage(req.Image)
	req.Image = ""
	if err != nil {
		return protocol.Reply{}, protocol.NewError(protocol.CodeBadRequest, err.Error())
	}
	kind := qr.Classify(text)
	switch kind {
	case qr.KindOTPAuth, qr.KindPhoneFactor:
	default:
		kind = qr.KindOther
	}
	return protocol.Reply{Text: text, Kind: string(kind)}, nil
}

// decodeImage runs the QR reader under a tight GC target: a large image is
// decoded to full-size bitmaps several times over (tens of MiB each for a
// screenshot), and the host is long-lived, so the memory is handed back to
// the system at once afterwards.
func decodeImage(image string) (string, error) {
	restore := tightGC()
	text, err := qr.DecodeDataURL(image)
	restore()
	debug.FreeOSMemory()
	return text, err
}
