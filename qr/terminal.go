package qr

import (
	"strings"

	"github.com/boombuler/barcode/qr"
)

// Terminal draws text as a QR code with Unicode half blocks (two modules per
// character cell), dark on light, with a quiet zone, for a phone to scan.
func Terminal(text string) (string, error) {
	size, dark, err := modules(text, 2)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for y := 0; y < size; y += 2 {
		for x := 0; x < size; x++ {
			top, bottom := dark(x, y), dark(x, y+1)
			switch {
			case top && bottom:
				b.WriteRune(' ')
			case top:
				b.WriteRune('▄')
			case bottom:
				b.WriteRune('▀')
			default:
				b.WriteRune('█')
			}
		}
		b.WriteByte('\n')
	}
	return b.String(), nil
}

// modules encodes text as a QR code (error correction M) and gives its
// width with a quiet zone of quiet modules on each side, and which modules
// of that square are dark.
func modules(text string, quiet int) (int, func(x, y int) bool, error) {
	code, err := qr.Encode(text, qr.M, qr.Auto)
	if err != nil {
		return 0, nil, err
	}
	n := code.Bounds().Dx()
	ink := code.At(0, 0) // a finder module: dark
	dark := func(x, y int) bool {
		x, y = x-quiet, y-quiet
		return x >= 0 && y >= 0 && x < n && y < n && code.At(x, y) == ink
	}
	return n + 2*quiet, dark, nil
}
