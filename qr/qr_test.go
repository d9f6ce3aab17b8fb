package qr

import (
	"bytes"
	"encoding/base64"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"github.com/boombuler/barcode"
	bqr "github.com/boombuler/barcode/qr"
)

const uri = "otpauth://totp/Contoso%3Aada%40contoso.com?secret=JBSWY3DPEHPK3PXP&issuer=Microsoft"

// render makes a QR image of text, size px wide, with a quiet zone of
// quiet modules (boombuler draws none).
func render(t testing.TB, text string, size, quiet int) image.Image {
	t.Helper()
	c, err := bqr.Encode(text, bqr.M, bqr.Auto)
	if err != nil {
		t.Fatal(err)
	}
	n := c.Bounds().Dx()
	scaled, err := barcode.Scale(c, size*n/(n+2*quiet), size*n/(n+2*quiet))
	if err != nil {
		t.Fatal(err)
	}
	sb := scaled.Bounds()
	out := image.NewGray(image.Rect(0, 0, sb.Dx()+2*(size-sb.Dx())/2, sb.Dy()+2*(size-sb.Dy())/2))
	for i := range out.Pix {
		out.Pix[i] = 255
	}
	off := (out.Bounds().Dx() - sb.Dx()) / 2
	for y := 0; y < sb.Dy(); y++ {
		for x := 0; x < sb.Dx(); x++ {
			out.Set(x+off, y+off, scaled.At(x, y))
		}
	}
	return out
}

func pngBytes(t testing.TB, img image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestDecodeSizesAndFormats(t *testing.T) {
	for _, size := range []int{120, 200, 400, 900} {
		img := render(t, uri, size, 4)
		if got, err := Decode(pngBytes(t, img)); err != nil || got != uri {
			t.Errorf("png %d: %q %v", size, got, err)
		}
		var j bytes.Buffer
		jpeg.Encode(&j, img, &jpeg.Options{Quality: 70})
		if got, err := Decode(j.Bytes()); err != nil || got != uri {
			t.Errorf("jpeg %d: %q %v", size, got, err)
		}
	}
}

func TestDecodeWithoutQuietZone(t *testing.T) {
	img := render(t, uri, 300, 0)
	if got, err := Decode(pngBytes(t, img)); err != nil || got != uri {
		t.Fatalf("%q %v", got, err)
	}
}

func TestDecodeInverted(t *testing.T) {
	img := render(t, uri, 300, 4).(*image.Gray)
	for i := range img.Pix {
		img.Pix[i] = 255 - img.Pix[i]
	}
	if got, err := Decode(pngBytes(t, img)); err != nil || got != uri {
		t.Fatalf("%q %v", got, err)
	}
}

func TestDecodeDataURL(t *testing.T) {
	b := pngBytes(t, render(t, uri, 200, 4))
	for _, in := range []string{"data:image/png;base64," + base64.StdEncoding.EncodeToString(b), base64.StdEncoding.EncodeToString(b)} {
		if got, err := DecodeDataURL(in); err != nil || got != uri {
			t.Errorf("%q %v", got, err)
		}
	}
	if _, err := DecodeDataURL("data:text/plain,hello"); !errors.Is(err, ErrNoImage) {
		t.Error(err)
	}
}

func TestGarbage(t *testing.T) {
	blank := image.NewGray(image.Rect(0, 0, 50, 50))
	cases := map[string]struct {
		in   []byte
		want error
	}{
		"empty":     {nil, ErrNoImage},
		"text":      {[]byte("hello"), ErrNoImage},
		"truncated": {pngBytes(t, render(t, uri, 200, 4))[:100], ErrNoImage},
		"blank":     {pngBytes(t, blank), ErrNoCode},
		"too big":   {make([]byte, MaxBytes+1), ErrTooLarge},
	}
	for name, c := range cases {
		if _, err := Decode(c.in); !errors.Is(err, c.want) {
			t.Errorf("%s: %v", name, err)
		}
	}
	// A small file that claims a huge image is refused before decoding.
	var b bytes.Buffer
	png.Encode(&b, image.NewGray(image.Rect(0, 0, 1, 1)))
	bomb := b.Bytes()
	bomb[16], bomb[17], bomb[20], bomb[21] = 0, 0x10, 0, 0x10 // 1 Mi x 1 Mi in the IHDR (CRC now wrong)
	if _, err := Decode(bomb); err == nil {
		t.Error("bomb accepted")
	}
}

func TestClassify(t *testing.T) {
	cases := map[string]Kind{
		uri: KindOTPAuth,
		"phonefactor://activate_account?code=123456789&url=https%3a%2f%2fmobileappcommunicator.auth.microsoft.com%2factivate%2f123": KindPhoneFactor,
		"https://mobileappcommunicator.auth.microsoft.com/mac/authenticatorApp/activateAccount?code=123":                            KindPhoneFactor,
		"otpauth-migration://offline?data=abc": KindMigration,
		"https://example.com/":                 KindOther,
		"hello world":                          KindOther,
		"":                                     KindOther,
	}
	for in, want := range cases {
		if got := Classify(in); got != want {
			t.Errorf("%q: %s, want %s", in, got, want)
		}
	}
}

func TestTerminalRoundTrip(t *testing.T) {
	out, err := Terminal(uri)
	if err != nil {
		t.Fatal(err)
	}
	// Paint the half blocks back into pixels and decode them.
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	w := len([]rune(lines[0]))
	img := image.NewGray(image.Rect(0, 0, w*8, len(lines)*16))
	for y, line := range lines {
		for x, r := range []rune(line) {
			top := r == '█' || r == '▀'
			bottom := r == '█' || r == '▄'
			for dy := 0; dy < 16; dy++ {
				light := top
				if dy >= 8 {
					light = bottom
				}
				for dx := 0; dx < 8; dx++ {
					c := color.Gray{0}
					if light {
						c = color.Gray{255}
					}
					img.SetGray(x*8+dx, y*16+dy, c)
				}
			}
		}
	}
	if got, err := DecodeImage(img); err != nil || got != uri {
		t.Fatalf("%q %v", got, err)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(pngBytes(f, render(f, uri, 100, 4)))
	var j bytes.Buffer
	jpeg.Encode(&j, render(f, uri, 100, 4), nil)
	f.Add(j.Bytes())
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		text, err := Decode(data)
		if err != nil {
			if strings.Contains(err.Error(), "otpauth") {
				t.Fatal("payload in error")
			}
			return
		}
		_ = Classify(text)
	})
}
