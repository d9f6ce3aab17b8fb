// Package qr reads QR codes from screenshots (PNG or JPEG), tells
// Microsoft's Authenticator-only activation codes from standard otpauth
// ones, and draws a QR code in a terminal.
package qr

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	_ "image/jpeg" // decoders for image.Decode
	_ "image/png"
	"net/url"
	"strings"

	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"
)

// Limits that refuse a decompression bomb before it is decoded.
const (
	MaxBytes  = 8 << 20
	MaxPixels = 16 << 20
)

var (
	ErrTooLarge = errors.New("image too large")
	ErrNoImage  = errors.New("not a PNG or JPEG image")
	ErrNoCode   = errors.New("no QR code found in the image")
)

// Kind is what a QR code's text is.
type Kind string

const (
	KindOTPAuth     Kind = "otpauth"     // otpauth://totp/... : a standard secret
	KindPhoneFactor Kind = "phonefactor" // Microsoft Authenticator only: no secret in it
	KindMigration   Kind = "migration"   // otpauth-migration:// (Google Authenticator export)
	KindOther       Kind = "other"
)

// Decode finds a QR code in PNG or JPEG bytes and returns its text. Errors
// never include the payload: it may hold a secret.
func Decode(data []byte) (string, error) { return DecodeWithin(data, MaxPixels) }

// DecodeWithin is Decode for images of at most maxPixels: a larger one is
// refused from its header, before any pixel is allocated.
func DecodeWithin(data []byte, maxPixels int) (string, error) {
	if len(data) > MaxBytes {
		return "", ErrTooLarge
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return "", ErrNoImage
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxPixels {
		return "", fmt.Errorf("%w: %d×%d pixels, the limit is %g megapixels", ErrTooLarge, cfg.Width, cfg.Height, float64(maxPixels)/(1<<20))
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return "", ErrNoImage
	}
	return DecodeImage(img)
}

// DecodeImage tries the image as is, with a quiet zone added (crops that cut
// it off defeat the finder), inverted (dark themes), as a pure barcode (a
// code alone on its margin, as a page's QR element is) and scaled down.
// gozxing's finder misses some valid codes at some module sizes (4 % of
// otpauth codes drawn at 6 pixels a module, which zbar and phones read);
// the same pixels read at another scale or without the finder.
func DecodeImage(img image.Image) (string, error) {
	hints := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true}
	pure := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_PURE_BARCODE: true}
	src := gozxing.NewLuminanceSourceFromImage(img)
	for _, try := range []struct {
		src   func() gozxing.LuminanceSource
		hints map[gozxing.DecodeHintType]any
	}{
		{func() gozxing.LuminanceSource { return src }, hints},
		{func() gozxing.LuminanceSource { return gozxing.NewLuminanceSourceFromImage(withQuietZone(img)) }, hints},
		{func() gozxing.LuminanceSource { return src }, pure},
		{func() gozxing.LuminanceSource { return shrunk(src, 2) }, hints},
		{func() gozxing.LuminanceSource { return shrunk(src, 3) }, hints},
		{func() gozxing.LuminanceSource { return shrunk(src, 4) }, hints}, // codes of 8+ pixels a module
	} {
		if text, ok := decodeOnce(try.src(), try.hints); ok {
			return text, nil
		}
	}
	return "", ErrNoCode
}

// decodeOnce reads src with both of gozxing's binarizers, as is and
// inverted.
func decodeOnce(src gozxing.LuminanceSource, hints map[gozxing.DecodeHintType]any) (string, bool) {
	if src == nil {
		return "", false
	}
	for _, s := range []gozxing.LuminanceSource{src, gozxing.NewInvertedLuminanceSource(src)} {
		for _, bin := range []gozxing.Binarizer{gozxing.NewHybridBinarizer(s), gozxing.NewGlobalHistgramBinarizer(s)} {
			bmp, err := gozxing.NewBinaryBitmap(bin)
			if err != nil {
				continue
			}
			if res, err := zxqr.NewQRCodeReader().Decode(bmp, hints); err == nil {
				return res.GetText(), true
			}
		}
	}
	return "", false
}

// shrunk is src scaled down by f, each pixel the mean of an f×f block; nil
// when that leaves too few pixels for a code.
func shrunk(src gozxing.LuminanceSource, f int) gozxing.LuminanceSource {
	w, h := src.GetWidth()/f, src.GetHeight()/f
	if w < 42 || h < 42 { // 21 modules, the smallest code, at 2 pixels each
		return nil
	}
	lum, stride := src.GetMatrix(), src.GetWidth()
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			sum := 0
			for dy := range f {
				row := lum[(y*f+dy)*stride+x*f:]
				for dx := range f {
					sum += int(row[dx])
				}
			}
			out.Pix[y*out.Stride+x] = uint8(sum / (f * f))
		}
	}
	return gozxing.NewLuminanceSourceFromImage(out)
}

func withQuietZone(img image.Image) image.Image {
	b := img.Bounds()
	pad := max(b.Dx(), b.Dy())/8 + 8
	out := image.NewRGBA(image.Rect(0, 0, b.Dx()+2*pad, b.Dy()+2*pad))
	draw.Draw(out, out.Bounds(), &image.Uniform{color.White}, image.Point{}, draw.Src)
	draw.Draw(out, image.Rect(pad, pad, pad+b.Dx(), pad+b.Dy()), img, b.Min, draw.Src)
	return out
}

// DecodeDataURL accepts "data:image/png;base64,..." or bare base64.
func DecodeDataURL(s string) (string, error) { return DecodeDataURLWithin(s, MaxPixels) }

// DecodeDataURLWithin is DecodeDataURL for images of at most maxPixels.
func DecodeDataURLWithin(s string, maxPixels int) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) > MaxBytes*4/3+64 {
		return "", ErrTooLarge
	}
	if rest, ok := strings.CutPrefix(s, "data:"); ok {
		meta, payload, found := strings.Cut(rest, ",")
		if !found || !strings.HasSuffix(meta, ";base64") {
			return "", ErrNoImage
		}
		s = payload
	}
	data, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		if data, err = base64.RawStdEncoding.DecodeString(s); err != nil {
			return "", ErrNoImage
		}
	}
	return DecodeWithin(data, maxPixels)
}

// Classify tells what a QR code's text is. Microsoft's default QR for
// Microsoft Authenticator is phonefactor://activate_account?code=...&url=...
// or an https URL ending in /authenticatorApp/activateAccount: neither
// carries a TOTP secret.
func Classify(text string) Kind {
	t := strings.TrimSpace(text)
	u, err := url.Parse(t)
	if err != nil {
		return KindOther
	}
	switch strings.ToLower(u.Scheme) {
	case "otpauth":
		return KindOTPAuth
	case "otpauth-migration":
		return KindMigration
	case "phonefactor":
		return KindPhoneFactor
	case "http", "https":
		if strings.Contains(strings.ToLower(u.Path), "/authenticatorapp/activateaccount") {
			return KindPhoneFactor
		}
	}
	return KindOther
}
