package e2e

// Held-out pages (issue 10 check): sign-in fixtures from
// testdata/pages/heldout.js and enrollment fixtures from
// testdata/enroll/heldout.js, written apart from the fixtures the extension
// was developed against. Their cases run in TestFill and TestEnroll under
// names starting "heldout-":
//
//	OTPFILL_E2E=require OTPFILL_E2E_BROWSERS=chromium go test ./e2e -run 'TestFill/chromium/heldout|TestEnroll/chromium/heldout' -count=1

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const hostEvilLive = "login.live.com.evil.example"

var (
	acctHeTal   = testAccount{Tenant: "Contoso", Account: "tal@contoso.co.il"}
	acctHeUma   = testAccount{Account: "uma@outlook.es"}
	acctHeVera  = testAccount{Tenant: "Contoso", Account: "vera@contoso.fr"}
	acctHeWalid = testAccount{Account: "walid@outlook.sa"}
	acctHeXena  = testAccount{Tenant: "Contoso", Account: "xena@contoso.com"}
	acctHeYuri  = testAccount{Tenant: "Contoso", Account: "yuri@contoso.com"} // SMS page: in the vault, must not be filled
	acctHeZoe   = testAccount{Account: "zoe@outlook.com"}                     // e-mailed code page: in the vault, must not be filled
	acctHeAda   = testAccount{Account: "ada.lovelace@outlook.es"}
	acctHeGmail = testAccount{Account: "zoe.example@gmail.com"} // a Microsoft account named by a Gmail address: codes e-mailed there
)

func heldoutAccounts() []*testAccount {
	return []*testAccount{&acctHeTal, &acctHeUma, &acctHeVera, &acctHeWalid, &acctHeXena, &acctHeYuri, &acctHeZoe, &acctHeAda, &acctHeGmail}
}

func heldoutFillCases() []fillCase {
	page := func(v, lang, account string, cfg map[string]any, cfgVar string) map[string]any {
		m := map[string]any{"v": v, "lang": lang, "account": account, "config": cfg}
		if cfgVar != "" {
			m["configVar"] = cfgVar
		}
		return m
	}
	serverData := func(account string, proofType int) map[string]any {
		return map[string]any{"sSigninName": account, "urlPost": livePost, "iDefaultProofType": proofType}
	}
	noUser := func(m map[string]any) map[string]any { delete(m, "sPOST_Username"); return m }
	return []fillCase{
		{Name: "heldout-entra-he", Host: hostAAD, Path: aadAuthorize + "&mkt=he-IL", Page: "heldout",
			Params:  page("entra-he", "he", acctHeTal.Account, aadConfig(acctHeTal.Account, "PhoneAppOTP", "OneWaySMS"), ""),
			Account: &acctHeTal, Expect: expectFill},
		{Name: "heldout-live-late", Host: hostLive, Path: livePost, Page: "heldout",
			Params:  page("live-late", "es", acctHeUma.Account, serverData(acctHeUma.Account, 10), "ServerData"),
			Account: &acctHeUma, Expect: expectFill},
		{Name: "heldout-live-enable", Host: hostLive, Path: liveAuthorize + "&mkt=es-ES", Page: "heldout",
			Params:  page("live-enable", "es", acctHeAda.Account, serverData(acctHeAda.Account, 10), "ServerData"),
			Account: &acctHeAda, Expect: expectFill},
		// The list comes first; its default is SMS; the code is fourth.
		{Name: "heldout-entra-picker", Host: hostAAD, Path: aadAuthorize + "&mkt=fr-FR", Page: "heldout",
			Params:  page("entra-picker", "fr", acctHeVera.Account, aadConfig(acctHeVera.Account, "OneWaySMS", "TwoWayVoiceMobile", "PhoneAppNotification", "PhoneAppOTP"), ""),
			Account: &acctHeVera, Expect: expectFill, Push: true},
		{Name: "heldout-live-picker", Host: hostLive, Path: livePost, Page: "heldout",
			Params:  page("live-picker", "ar", acctHeWalid.Account, serverData(acctHeWalid.Account, 1), "ServerData"),
			Account: &acctHeWalid, Expect: expectFill, Push: true},
		{Name: "heldout-reprompt-entra", Host: hostAAD, Path: aadAuthorize + "&prompt=login&max_age=0", Page: "heldout",
			Params:  page("reprompt-entra", "en", acctHeXena.Account, noUser(aadConfig(acctHeXena.Account, "PhoneAppOTP", "PhoneAppNotification")), ""),
			Account: &acctHeXena, Expect: expectFill},

		{Name: "heldout-sms-entra", Host: hostAAD, Path: aadAuthorize + "&mkt=ar-SA", Page: "heldout",
			Params: page("sms-entra", "ar", acctHeYuri.Account, aadConfig(acctHeYuri.Account, "OneWaySMS", "PhoneAppOTP"), ""), Expect: expectUntouched},
		{Name: "heldout-email-grouped", Host: hostLive, Path: livePost, Page: "heldout",
			Params: page("email-grouped", "en", acctHeZoe.Account, serverData(acctHeZoe.Account, 1), "ServerData"), Expect: expectUntouched},
		{Name: "heldout-email-own", Host: hostLive, Path: livePost, Page: "heldout",
			Params: page("email-own", "en", acctHeGmail.Account, serverData(acctHeGmail.Account, 1), "ServerData"), Expect: expectUntouched},
		{Name: "heldout-device-new", Host: hostMSFT, Path: "/device", Page: "heldout",
			Params: map[string]any{"v": "device-new", "lang": "en"}, Expect: expectUntouched},
		{Name: "heldout-look-alike-live", Host: hostEvilLive, Path: livePost, Page: "heldout",
			Params: page("live-late", "es", acctHeUma.Account, serverData(acctHeUma.Account, 10), "ServerData"), Expect: expectUntouched},
	}
}

// refusedDwell: how long a page that refused the code is watched for
// another submission.
const refusedDwell = 12 * time.Second

func heldoutEnrollCases() []enrollCase {
	return []enrollCase{
		{Flow: "mysignins", Start: "qr", Lang: "pl", Heldout: "ms-v9-pl"},
		{Flow: "live", Start: "qr", Lang: "nl", Heldout: "live-qronly-nl"},
		{Flow: "proofup", Start: "decoy", Lang: "it", Heldout: "proofup-boxfirst-it"},
		{Flow: "mysignins", Start: "secret", Lang: "ko", Heldout: "ms-failonce-ko", RefusedOnce: true},
		{Flow: "mysignins", Start: "qr", Lang: "sv", Heldout: "ms-onepage-sv"},
		{Flow: "mysignins", Start: "qr", Lang: "tr", Heldout: "ms-cdnqr-tr"},
	}
}

// extensionUIText is the text of the extension's in-page card on the tab
// at urlPart (closed shadow root: DevTools only; "" elsewhere).
func extensionUIText(b *browserSession, urlPart string) string {
	if b.cdp == nil {
		return ""
	}
	sess, detach, err := b.attachTab(urlPart)
	if err != nil {
		return ""
	}
	defer detach()
	doc, err := b.cdp.Document(sess)
	if err != nil {
		return ""
	}
	var out []string
	doc.walk(false, func(n *cdpNode, inShadow bool) {
		if inShadow && n.NodeType == 3 {
			out = append(out, n.NodeValue)
		}
	})
	return strings.Join(out, " ")
}

// heldoutEnrollFixture builds a page of testdata/enroll/heldout.js.
func heldoutEnrollFixture(t *testing.T, c enrollCase, acct testAccount) (host, path string, f *fixture) {
	file := "heldout.js"
	if c.Round2 {
		file = "heldout2.js"
	}
	script, err := os.ReadFile(filepath.Join("testdata", "enroll", file))
	if err != nil {
		t.Fatal(err)
	}
	label := acct.Account
	if acct.Tenant != "" {
		label = acct.Tenant + ":" + acct.Account
	}
	params := map[string]any{
		"lang": c.Lang, "variant": c.Heldout, "tenant": acct.Tenant, "upn": acct.Account,
		"secretShown": shownSecret(acct.Secret), "pfCode": "482913765", "title": "Security info",
		"otpauth": "otpauth://totp/" + url.PathEscape(label) + "?secret=" + acct.Secret + "&issuer=Microsoft",
	}
	switch c.Flow {
	case "live":
		host, path = hostLiveAcct, "/proofs/Add?mpcxt=CATB&mkt=nl-NL&uaid=8d1c0a2f"
	case "proofup":
		// Where aka.ms/mfasetup leads.
		host, path = hostAADAcct, "/proofup.aspx?proofup=1&culture=it-IT"
	default:
		host, path = hostMySignins, "/security-info?tenant=contoso.onmicrosoft.com"
	}
	return host, path, &fixture{Page: "enroll-heldout", Script: string(script), Params: params, Secrets: []string{acct.Secret}}
}
