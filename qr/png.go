package qr

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"

	"github.com/boombuler/barcode/qr"
)

// pngScale is the pixels per module: a phone camera reads a code of a few
// hundred pixels off a screen at once.
const pngScale = 6

// PNGDataURL draws text as a QR code (black on white, with the 4-module
// quiet zone readers expect) and returns it as a data:image/png URL.
func PNGDataURL(text string) (string, error) {
	code, err := qr.Encode(text, qr.M, qr.Auto)
	if err != nil {
		return "", err
	}
	n := code.Bounds().Dx()
	const quiet = 4
	size := (n + 2*quiet) * pngScale
	img := image.NewGray(image.Rect(0, 0, size, size))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	dark := code.At(0, 0) // a finder module
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			if code.At(x, y) != dark {
				continue
			}
			for dy := 0; dy < pngScale; dy++ {
				for dx := 0; dx < pngScale; dx++ {
					img.SetGray((x+quiet)*pngScale+dx, (y+quiet)*pngScale+dy, color.Gray{})
				}
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return "", err
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()), nil
}
