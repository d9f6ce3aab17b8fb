package qr

import (
	"strings"
	"testing"
)

// The PNG a phone is shown decodes back to the same text with our reader.
func TestPNGDataURLRoundTrip(t *testing.T) {
	u, err := PNGDataURL(uri)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(u, "data:image/png;base64,") {
		t.Fatalf("not a PNG data URL: %.40s", u)
	}
	got, err := DecodeDataURL(u)
	if err != nil {
		t.Fatal(err)
	}
	if got != uri {
		t.Fatalf("decoded %q, want %q", got, uri)
	}
}

// Every code the popup shows a phone reads back (1 in 25 did not before
// DecodeImage tried a pure barcode and smaller scales).
func TestPNGDataURLManyRoundTrips(t *testing.T) {
	for i, u := range randomURIs(200) {
		img, err := PNGDataURL(u)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := DecodeDataURL(img); got != u {
			t.Errorf("code %d: %v", i, err)
		}
	}
}
