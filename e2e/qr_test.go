package e2e

import (
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"net/http"
	"strconv"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"
)

// serveQR answers /__e2e/qr?data=TEXT[&size=PX][&format=jpeg][&quiet=0]
// with a QR code of TEXT, served from the page's own origin so an extension
// can read its pixels (canvas) without a cross-origin taint. Enrollment
// fixtures use it for otpauth:// and the phonefactor:// decoy.
func serveQR(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	size, _ := strconv.Atoi(q.Get("size"))
	if size < 64 || size > 1024 {
		size = 220
	}
	code, err := qr.Encode(q.Get("data"), qr.M, qr.Auto)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	code, err = barcode.Scale(code, size, size)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	img := image.Image(code)
	if q.Get("quiet") != "0" {
		// A white margin like Microsoft's images have.
		pad := size / 10
		canvas := image.NewRGBA(image.Rect(0, 0, size+2*pad, size+2*pad))
		draw.Draw(canvas, canvas.Bounds(), &image.Uniform{color.White}, image.Point{}, draw.Src)
		draw.Draw(canvas, image.Rect(pad, pad, pad+size, pad+size), code, image.Point{}, draw.Src)
		img = canvas
	}
	if q.Get("format") == "jpeg" {
		w.Header().Set("Content-Type", "image/jpeg")
		jpeg.Encode(w, img, &jpeg.Options{Quality: 85})
		return
	}
	w.Header().Set("Content-Type", "image/png")
	png.Encode(w, img)
}
