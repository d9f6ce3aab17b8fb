package qr

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/png"
)

// pngScale is the pixels per module: a phone camera reads a code of a few
// hundred pixels off a screen at once.
const pngScale = 6

// PNGDataURL draws text as a QR code (black on white, with the 4-module
// quiet zone readers expect) and returns it as a data:image/png URL.
func PNGDataURL(text string) (string, error) {
	size, dark, err := modules(text, 4)
	if err != nil {
		return "", err
	}
	img := image.NewGray(image.Rect(0, 0, size*pngScale, size*pngScale))
	for y := range img.Bounds().Dy() {
		for x := range img.Bounds().Dx() {
			if !dark(x/pngScale, y/pngScale) {
				img.Pix[y*img.Stride+x] = 0xff
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return "", err
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()), nil
}
