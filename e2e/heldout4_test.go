package e2e

// Held-out pages, round four (issue 10 check): sign-in fixtures from
// testdata/pages/heldout4.js and enrollment fixtures from
// testdata/enroll/heldout4.js, written apart from every fixture before them
// (also rounds one to three) and unlike them. Sign-in: work accounts as
// today's React sign-in renders them (a code step in a portal at the end of
// <body> with a type=number box, a "Verify your identity" list of
// role=button tiles picked by hand, a step rendered again after a failed
// BeginAuth, the SMS step of the same page).
// Enrollment: mysignins with an inline SVG QR drawn one <path> per row and
// the key in an <input readonly>, the account as "Contoso：ada@…" (full-width
// colon), a Chinese page with the key in a <code>, and account.live.com with
// a data: PNG QR. Their cases run in TestFill and TestEnroll under names
// starting "heldout4-":
//
//	OTPFILL_E2E=require OTPFILL_E2E_BROWSERS=chromium go test ./e2e -run '^(TestFill|TestEnroll)$/chromium/heldout4' -count=1

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"
)

var (
	acctH4Ines = testAccount{Tenant: "Contoso", Account: "ines@contoso.com"}
	acctH4Raul = testAccount{Tenant: "Contoso", Account: "raul@contoso.es"}
	acctH4Remy = testAccount{Tenant: "Contoso", Account: "remy@contoso.fr"}
	acctH4Gret = testAccount{Tenant: "Contoso", Account: "gret@contoso.de"} // refused once: one submission only
	// In the vault, on pages that must not be filled.
	acctH4Jiho = testAccount{Tenant: "Contoso", Account: "jiho@contoso.kr"}
)

func heldout4Accounts() []*testAccount {
	return []*testAccount{&acctH4Ines, &acctH4Raul, &acctH4Remy, &acctH4Gret, &acctH4Jiho}
}

func heldout4FillCases() []fillCase {
	page := func(v, lang, account string, cfg map[string]any) map[string]any {
		return map[string]any{"v": v, "lang": lang, "account": account, "config": cfg}
	}
	return []fillCase{
		{Name: "heldout4-portal-number", Host: hostAAD, Path: aadAuthorize, Page: "heldout4",
			Params:  page("portal-number", "en", acctH4Ines.Account, aadConfig(acctH4Ines.Account, "PhoneAppOTP", "OneWaySMS")),
			Account: &acctH4Ines, Expect: expectFill},
		{Name: "heldout4-verify-list", Host: hostMSFT, Path: aadCommon + "&mkt=es-ES", Page: "heldout4",
			Params:  page("verify-list", "es", acctH4Raul.Account, aadConfig(acctH4Raul.Account, "OneWaySMS", "PhoneAppNotification", "PhoneAppOTP", "TwoWayVoiceMobile")),
			Account: &acctH4Raul, Expect: expectFill, NoTiming: true},
		{Name: "heldout4-recreated", Host: hostAAD, Path: aadAuthorize + "&mkt=fr-FR", Page: "heldout4",
			Params:  page("recreated", "fr", acctH4Remy.Account, aadConfig(acctH4Remy.Account, "PhoneAppOTP", "PhoneAppNotification")),
			Account: &acctH4Remy, Expect: expectFill, NoTiming: true},
		// Refused (simulated) after the one submission: no second code.
		{Name: "heldout4-refused-again", Host: hostMSFT, Path: aadCommon + "&mkt=de-DE", Page: "heldout4",
			Params:  page("refused-again", "de", acctH4Gret.Account, aadConfig(acctH4Gret.Account, "PhoneAppOTP", "OneWaySMS")),
			Account: &acctH4Gret, Expect: expectFill, NoTiming: true},

		{Name: "heldout4-react-sms", Host: hostAAD, Path: aadAuthorize + "&mkt=ko-KR", Page: "heldout4",
			Params: page("react-sms", "ko", acctH4Jiho.Account, aadConfig(acctH4Jiho.Account, "PhoneAppOTP", "OneWaySMS")), Expect: expectUntouched},
	}
}

func heldout4EnrollCases() []enrollCase {
	return []enrollCase{
		{Flow: "mysignins", Start: "qr", Lang: "ja", Heldout: "ms-svgrows-ja", Round4: true},
		{Flow: "mysignins", Start: "qr", Lang: "zh", Heldout: "ms-code-zh", Round4: true},
		{Flow: "mysignins", Start: "qr", Lang: "ko", Heldout: "ms-readonly-ko", Round4: true},
		{Flow: "live", Start: "qr", Lang: "en", Heldout: "live-datapng-en", Round4: true},
	}
}

// heldout4EnrollFixture builds a page of testdata/enroll/heldout4.js.
func heldout4EnrollFixture(t *testing.T, c enrollCase, acct testAccount) (host, path string, f *fixture) {
	script, err := os.ReadFile(filepath.Join("testdata", "enroll", "heldout4.js"))
	if err != nil {
		t.Fatal(err)
	}
	label := acct.Account
	if acct.Tenant != "" {
		label = acct.Tenant + ":" + acct.Account
	}
	otpauth := "otpauth://totp/" + url.PathEscape(label) + "?secret=" + acct.Secret + "&issuer=Microsoft"
	params := map[string]any{
		"lang": c.Lang, "variant": c.Heldout, "tenant": acct.Tenant, "upn": acct.Account,
		"secretShown": shownSecret(acct.Secret), "title": "Security info", "otpauth": otpauth,
		"qrSVG": qrSVGRows(t, otpauth), "qrPNG": qrDataPNG(t, otpauth),
	}
	host, path = hostMySignins, "/security-info?tenant=contoso.onmicrosoft.com"
	if c.Flow == "live" {
		host, path = hostLiveAcct, "/proofs/Add?mpcxt=CATB&mkt=en-US&uaid=5e2a9c1d"
	}
	return host, path, &fixture{Page: "enroll-heldout4", Script: string(script), Params: params, Secrets: []string{acct.Secret}}
}

// qrSVGRows draws text as an inline SVG QR code with one <path> per row of
// modules (runs of dark modules as rectangles).
func qrSVGRows(t *testing.T, text string) string {
	code, err := qr.Encode(text, qr.M, qr.Auto)
	if err != nil {
		t.Fatal(err)
	}
	n := code.Bounds().Dx()
	var b strings.Builder
	for y := 0; y < n; y++ {
		var d strings.Builder
		for x := 0; x < n; {
			if r, _, _, _ := code.At(x, y).RGBA(); r != 0 {
				x++
				continue
			}
			x0 := x
			for x < n {
				if r, _, _, _ := code.At(x, y).RGBA(); r != 0 {
					break
				}
				x++
			}
			fmt.Fprintf(&d, "M%d %dh%dv1h-%dz", x0+4, y+4, x-x0, x-x0)
		}
		if d.Len() > 0 {
			fmt.Fprintf(&b, `<path d="%s"/>`, d.String())
		}
	}
	return fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" width="180" height="180" viewBox="0 0 %d %d" aria-hidden="true"><rect width="%d" height="%d" fill="#ffffff"/><g fill="#000000">%s</g></svg>`, n+8, n+8, n+8, n+8, b.String())
}

// qrDataPNG draws text as a QR code PNG in a data: URL.
func qrDataPNG(t *testing.T, text string) string {
	code, err := qr.Encode(text, qr.M, qr.Auto)
	if err != nil {
		t.Fatal(err)
	}
	img, err := barcode.Scale(code, 170, 170)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())
}
