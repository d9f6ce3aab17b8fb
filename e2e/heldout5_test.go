package e2e

// Held-out pages, round five (issue 10 check): enrollment fixtures from
// testdata/enroll/heldout5.js, written apart from every fixture before them
// (also rounds one to four) and unlike them: mysignins reached through the
// "Add sign-in method" dropdown, Microsoft Authenticator's "Download now"
// step and "I want to use a different authenticator app", the QR on a
// <canvas> drawn a second late, a dark page, a tenant named "Contoso Ltd
// (EU)" and a 32-character key, with a help article beside it that shows an
// example key for another account; account.live.com with the method picked
// from a <select>, the key in a monospace <div> and the code box below it;
// proofup.aspx with the activation code and URL in a table and the
// "Configure app without notifications" checkbox. Their cases run in
// TestEnroll under names starting "heldout5-":
//
//	OTPFILL_E2E=require OTPFILL_E2E_BROWSERS=chromium go test ./e2e -run '^TestEnroll$/chromium/heldout5' -count=1

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func heldout5EnrollCases() []enrollCase {
	return []enrollCase{
		{Flow: "mysignins", Start: "qr", Lang: "en", Heldout: "ms-dropdown-en", Round5: true, Tenant: "Contoso Ltd (EU)", LongSecret: true},
		{Flow: "live", Start: "qr", Lang: "en", Heldout: "live-select-en", Round5: true},
		{Flow: "proofup", Start: "decoy", Lang: "de", Heldout: "proofup-table-de", Round5: true},
		// Negative: Microsoft Authenticator's activation code only.
		{Flow: "mysignins", Start: "decoy", Lang: "en", Heldout: "ms-activation-only-en", Round5: true, ActivationOnly: true},
	}
}

// activationOnly checks a page that offers only Microsoft Authenticator's
// activation code: nothing is stored, and (where the extension's UI can be
// read, Chromium) the extension says why.
func activationOnly(t *testing.T, b *browserSession, home *fakeHome, tok string, before int) {
	time.Sleep(3 * time.Second)
	if after, _ := home.VaultEntries(); len(after) != before {
		t.Fatalf("the activation-code-only page stored something: %d entries, were %d", len(after), before)
	}
	if txt := extensionUIText(b, tok); b.cdp != nil && !strings.Contains(txt, "Microsoft Authenticator") {
		t.Errorf("no guidance on the activation-code-only page: %q", txt)
	} else {
		t.Logf("extension UI: %q", txt)
	}
}

// heldout5EnrollFixture builds a page of testdata/enroll/heldout5.js.
func heldout5EnrollFixture(t *testing.T, c enrollCase, acct testAccount) (host, path string, f *fixture) {
	script, err := os.ReadFile(filepath.Join("testdata", "enroll", "heldout5.js"))
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
		"secretShown": shownSecret(acct.Secret), "title": "Security info", "otpauth": otpauth, "pfCode": "482913765",
	}
	switch c.Flow {
	case "live":
		host, path = hostLiveAcct, "/proofs/Add?mkt=en-US&uaid=71c0e3a2"
		params["title"] = "Add security info"
	case "proofup":
		host, path = hostAADAcct, "/proofup.aspx?culture=de-DE&proofup=1"
		params["title"] = "Zusätzliche Sicherheitsüberprüfung"
	default:
		host, path = hostMySignins, "/security-info"
	}
	return host, path, &fixture{Page: "enroll-heldout5", Script: string(script), Params: params, Secrets: []string{acct.Secret}}
}
