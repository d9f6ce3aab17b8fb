package main

import (
	"bytes"
	"encoding/base64"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/boombuler/barcode"
	bqr "github.com/boombuler/barcode/qr"
	"google.golang.org/protobuf/encoding/protowire"
)

func qrPNG(t *testing.T, text string) string {
	t.Helper()
	c, err := bqr.Encode(text, bqr.M, bqr.Auto)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := barcode.Scale(c, 300, 300)
	var b bytes.Buffer
	png.Encode(&b, s)
	p := filepath.Join(t.TempDir(), "qr.png")
	os.WriteFile(p, b.Bytes(), 0o600)
	return p
}

func TestAddFromQRAndExportQR(t *testing.T) {
	e := newEnv(t)
	uri := "otpauth://totp/Contoso%3Aada%40contoso.com?secret=" + secret + "&issuer=Microsoft"
	if out, err := e.run("", "add", "--qr", qrPNG(t, uri)); err != nil || !strings.Contains(out, "Added Contoso:ada@contoso.com") {
		t.Fatalf("%v %s", err, out)
	}
	out, err := e.run("", "add", "--qr", qrPNG(t, "phonefactor://activate_account?code=123456789&url=https%3a%2f%2fx.example%2f"))
	if err == nil || !strings.Contains(out, "Microsoft Authenticator") || strings.Contains(out, "123456789") {
		t.Fatalf("phonefactor: %v %s", err, out)
	}
	// The same links pasted get the same advice.
	for _, link := range []string{"phonefactor://activate_account?code=123456789&url=https%3a%2f%2fx.example%2f",
		"https://mysignins.microsoft.com/authenticatorApp/activateAccount?code=123456789"} {
		out, err := e.run("", "add", link)
		if err == nil || !strings.Contains(out, "Microsoft Authenticator") || !strings.Contains(out, "different authenticator app") || strings.Contains(out, "123456789") {
			t.Fatalf("pasted %s: %v %s", link, err, out)
		}
	}
	if out, err := e.run("", "add", "--qr", filepath.Join(e.dir, "pw")); err == nil || !strings.Contains(out, "not a PNG or JPEG") {
		t.Fatalf("not an image: %v %s", err, out)
	}
	if n := len(e.list()); n != 1 {
		t.Fatalf("%d entries", n)
	}
	var stdout, stderr bytes.Buffer
	c := e.cmd("", "export", "--qr", "ada@contoso.com")
	c.Stdout, c.Stderr = &stdout, &stderr
	if err := c.Run(); err != nil || !strings.Contains(stdout.String(), "█") || !strings.Contains(stderr.String(), "holds the secret") {
		t.Fatalf("export --qr: %v %q", err, stderr.String())
	}
}

func TestImportGoogleAuthenticatorExport(t *testing.T) {
	e := newEnv(t)
	one := func(secret []byte, name, issuer string, otpType uint64) []byte {
		var m []byte
		m = protowire.AppendTag(m, 1, protowire.BytesType)
		m = protowire.AppendBytes(m, secret)
		m = protowire.AppendTag(m, 2, protowire.BytesType)
		m = protowire.AppendString(m, name)
		m = protowire.AppendTag(m, 3, protowire.BytesType)
		m = protowire.AppendString(m, issuer)
		m = protowire.AppendTag(m, 6, protowire.VarintType)
		m = protowire.AppendVarint(m, otpType)
		return protowire.AppendBytes(protowire.AppendTag(nil, 1, protowire.BytesType), m)
	}
	payload := append(one([]byte("0123456789abcdef"), "Contoso:ada@contoso.com", "Microsoft", 2), one([]byte("0123456789abcdef"), "hotp", "X", 1)...)
	line := "otpauth-migration://offline?data=" + base64.StdEncoding.EncodeToString(payload) + "\n"
	_, out, err := e.run2(line, "import")
	if err != nil || !strings.Contains(out, "Imported 1 entry from Google Authenticator. Skipped 1: 'X: hotp' (counter-based") {
		t.Fatalf("%v %s", err, out)
	}
}
