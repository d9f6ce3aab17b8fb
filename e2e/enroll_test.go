package e2e

import (
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/boombuler/barcode/qr"
	"github.com/pquerna/otp/totp"
)

// Enrollment end to end (issue 7): the real extension on the enrollment
// fixtures (enrollfx_test.go; French and Japanese from testdata/enroll),
// the real host and CLI. For each case: the Authenticator-only view stores
// nothing and offers the switch; "Save to otpfill" (a real click in the
// extension's closed shadow root) puts the right secret in the vault for the
// right account and tenant (otpfill list --json, otpfill code); the "Enter
// code" step then gets a valid code and is submitted once.

type enrollCase struct {
	Flow, Start, Lang string
	// QRMode: "svg" or "canvas" instead of <img>.
	QRMode string
	// Again re-registers the account of an earlier case with a new secret:
	// the bar must ask before replacing.
	Again string
	// Variant: a page from testdata/enroll/unseen.js (markup and languages
	// the extension's code does not name) instead of enrollFixture's.
	Variant string
	// Layout "fluent": mysignins' Fluent dialog, the action row beside the
	// content that holds the code box (issue 10 §1).
	Layout string
	// BoxFirst: account.live.com with the code box on the page from the
	// start, before the save (issue 10 §1).
	BoxFirst bool
	// Conflict: text above the dialog shows another secret for the same
	// account than the QR code; the QR's secret must be the one saved.
	Conflict bool
	// Heldout: a page from testdata/enroll/heldout.js (heldout_test.go).
	Heldout string
	// RefusedOnce: the page refuses the first code (heldout ms-failonce).
	RefusedOnce bool
	// Round2: Heldout names a page of testdata/enroll/heldout2.js
	// (heldout2_test.go).
	Round2 bool
	// Round4: Heldout names a page of testdata/enroll/heldout4.js
	// (heldout4_test.go).
	Round4 bool
	// Round5: Heldout names a page of testdata/enroll/heldout5.js
	// (heldout5_test.go).
	Round5 bool
	// Tenant: the tenant's display name instead of "Contoso".
	Tenant string
	// LongSecret: a 32-character key instead of mysignins' 16.
	LongSecret bool
	// ActivationOnly: the page offers only Microsoft Authenticator's
	// activation code (no switch): nothing is stored (activationOnly).
	ActivationOnly bool
	// Twice: after the first verification the user deletes the method and
	// adds it again on the same page (a new secret): the bar must ask
	// before replacing, and the second code step gets the new secret's code.
	Twice bool
}

func (c enrollCase) name() string {
	n := c.Flow + "-" + c.Start + "-" + c.Lang
	if c.Variant != "" {
		n = "unseen-" + c.Variant
	}
	if c.Heldout != "" && c.Round5 {
		return "heldout5-" + c.Heldout
	}
	if c.Heldout != "" && c.Round4 {
		return "heldout4-" + c.Heldout
	}
	if c.Heldout != "" && c.Round2 {
		return "heldout2-" + c.Heldout
	}
	if c.Heldout != "" {
		return "heldout-" + c.Heldout
	}
	if c.QRMode != "" {
		n += "-" + c.QRMode
	}
	if c.Again != "" {
		n += "-again"
	}
	if c.Layout != "" {
		n += "-" + c.Layout
	}
	if c.BoxFirst {
		n += "-boxfirst"
	}
	if c.Conflict {
		n += "-conflict"
	}
	return n
}

func enrollCases() []enrollCase {
	return []enrollCase{
		{Flow: "mysignins", Start: "secret", Lang: "en"},
		{Flow: "mysignins", Start: "qr", Lang: "de"},
		{Flow: "mysignins", Start: "decoy", Lang: "en"},
		{Flow: "mysignins", Start: "secret", Lang: "fr"},
		{Flow: "mysignins", Start: "decoy", Lang: "ja"},
		{Flow: "mysignins", Start: "qr", Lang: "fr", QRMode: "svg"},
		{Flow: "mysignins", Start: "qr", Lang: "ja", QRMode: "canvas"},
		{Flow: "proofup", Start: "secret", Lang: "en"},
		{Flow: "proofup", Start: "decoy", Lang: "de"},
		{Flow: "proofup", Start: "qr", Lang: "fr"},
		{Flow: "proofup", Start: "secret", Lang: "ja"},
		{Flow: "live", Start: "secret", Lang: "en"},
		{Flow: "live", Start: "qr", Lang: "de"},
		{Flow: "live", Start: "secret", Lang: "ja"},
		{Flow: "mysignins", Start: "secret", Lang: "en", Again: "mysignins-secret-en"},
		{Flow: "mysignins", Start: "secret", Lang: "es", Variant: "inline-es"},
		{Flow: "live", Start: "secret", Lang: "it", Variant: "samepage-it"},
		{Flow: "mysignins", Start: "decoy", Lang: "pt", Variant: "decoy-pt"},
		{Flow: "mysignins", Start: "secret", Lang: "de", Layout: "fluent"},
		{Flow: "mysignins", Start: "qr", Lang: "ja", Layout: "fluent"},
		{Flow: "live", Start: "secret", Lang: "en", BoxFirst: true},
		{Flow: "live", Start: "qr", Lang: "fr", BoxFirst: true},
		{Flow: "mysignins", Start: "qr", Lang: "en", Conflict: true},
	}
}

// unseenFixture builds a page of testdata/enroll/unseen.js.
func unseenFixture(t *testing.T, c enrollCase, acct testAccount) (host, path string, f *fixture) {
	script, err := os.ReadFile(filepath.Join("testdata", "enroll", "unseen.js"))
	if err != nil {
		t.Fatal(err)
	}
	host, path = hostMySignins, "/security-info/unseen"
	if c.Flow == "live" {
		host, path = hostLiveAcct, pathLiveProof
	}
	params := map[string]any{
		"lang": c.Lang, "variant": c.Variant, "tenant": acct.Tenant, "upn": acct.Account,
		"secretShown": shownSecret(acct.Secret), "pfCode": "482913765", "title": "Security info",
	}
	return host, path, &fixture{Page: "enroll-unseen", Script: string(script), Params: params, Secrets: []string{acct.Secret}}
}

// workSecret is a 16-character secret like the ones mysignins shows.
func workSecret() string {
	b := make([]byte, 10)
	rand.Read(b)
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)
}

func TestEnroll(t *testing.T) {
	for _, kind := range []string{"chromium", "firefox"} {
		t.Run(kind, func(t *testing.T) {
			needBrowser(t, kind)
			t.Parallel() // as TestFill: each browser with its own server and vault
			srv := fixturesFor(t, kind)
			home, ext := setupRun(t, kind, nil)
			b := startBrowser(t, kind, home, srv, browserOpts{ExtDir: ext, Remote: true,
				Env: []string{"OTPFILL_PASSPHRASE_FILE=" + home.PassFile}})
			accts := map[string]testAccount{}
			for _, c := range append(append(append(append(enrollCases(), heldoutEnrollCases()...), heldout2EnrollCases()...), heldout4EnrollCases()...), heldout5EnrollCases()...) {
				acct := testAccount{Tenant: "Contoso", Account: strings.ReplaceAll(c.name(), "-", ".") + "@contoso.com", Secret: workSecret()}
				if c.Tenant != "" {
					acct.Tenant = c.Tenant
				}
				if c.LongSecret {
					acct.Secret = randomSecret()
				}
				if c.Flow == "live" {
					acct = testAccount{Account: strings.ReplaceAll(c.name(), "-", ".") + "@outlook.com", Secret: randomSecret()}
				}
				if prev, ok := accts[c.Again]; ok {
					acct.Tenant, acct.Account = prev.Tenant, prev.Account
				}
				accts[c.name()] = acct
				t.Run(c.name(), func(t *testing.T) {
					runEnrollCase(t, b, srv, home, c, acct)
				})
				if !b.Alive() {
					b.dumpLog()
					t.Fatalf("%s died", kind)
				}
			}
		})
	}
}

func runEnrollCase(t *testing.T, b *browserSession, srv *fixtureServer, home *fakeHome, c enrollCase, acct testAccount) {
	var host, path string
	var f *fixture
	if c.Round5 {
		host, path, f = heldout5EnrollFixture(t, c, acct)
	} else if c.Round4 {
		host, path, f = heldout4EnrollFixture(t, c, acct)
	} else if c.Heldout != "" {
		host, path, f = heldoutEnrollFixture(t, c, acct)
	} else if c.Variant != "" {
		host, path, f = unseenFixture(t, c, acct)
	} else {
		host, path, f = enrollFixture(c.Flow, c.Start, c.Lang, acct)
	}
	if c.Layout != "" {
		f.Params["layout"] = c.Layout
	}
	if c.BoxFirst {
		f.Params["boxFirst"] = true
	}
	if c.Conflict {
		// Measured in issue 11: header text with another secret above
		// Microsoft's real QR code.
		f.Params["header"] = "Account name: " + acct.Tenant + ":" + acct.Account + " Secret key: " + shownSecret(workSecret())
	}
	var second string
	if c.Twice {
		second = workSecret()
		f.Params["secretShown2"] = shownSecret(second)
		f.Secrets = append(f.Secrets, second)
	}
	if c.QRMode != "" {
		f.Params["qrMode"] = c.QRMode
		f.Params["qrSVG"] = qrSVG(t, f.Params["otpauth"].(string))
	}
	before, err := home.VaultEntries()
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	u := srv.AddFixture(host, path, f)
	tok := f.Token
	if !b.Open(u, tok) {
		return
	}
	defer park(t, b, tok)
	if _, ok := srv.WaitFor(tok, 10*time.Second, hasKind("view")); !ok {
		t.Fatal("the fixture did not render")
	}

	if c.ActivationOnly {
		activationOnly(t, b, home, tok, len(before))
		return
	}
	if c.Start == "decoy" {
		// Give the extension time to read (and decode) everything on the
		// Authenticator-only view: nothing may be stored.
		time.Sleep(2500 * time.Millisecond)
		if after, _ := home.VaultEntries(); len(after) != len(before) {
			t.Fatalf("the Authenticator-only view stored something: %d entries, were %d", len(after), len(before))
		}
		got, err := clickUI(b, tok, "Switch to a standard code", 10*time.Second)
		if err != nil {
			t.Fatalf("no guidance with a switch button on the Authenticator-only view: %v", err)
		}
		t.Logf("guidance: clicked %q", got)
		if _, ok := srv.WaitFor(tok, 5*time.Second, hasKind("proof")); !ok {
			t.Fatal("the switch button did not switch the page to a standard code")
		}
		if after, _ := home.VaultEntries(); len(after) != len(before) {
			t.Fatalf("stored something before the user saved: %d entries", len(after))
		}
	}

	if c.Heldout != "" {
		// What a person does: "Can't scan image?" where the page has it.
		if _, err := b.PageEval(tok, "window.__fxReveal(), 'ok'"); err != nil {
			t.Fatal(err)
		}
	}
	clicked, err := clickUI(b, tok, "Save to otpfill", 15*time.Second)
	if err != nil {
		t.Fatalf("no \"Save to otpfill\" offer: %v", err)
	}
	t.Logf("clicked %q", clicked)
	if c.Again != "" {
		// The account is there with the old secret: the bar asks first.
		time.Sleep(500 * time.Millisecond)
		if codeMatches(t, home, acct) {
			t.Errorf("the secret was replaced before the user said so")
		}
		if _, err := clickUI(b, tok, "Replace", 10*time.Second); err != nil {
			t.Fatalf("re-registration: no Replace question: %v", err)
		}
	}

	// The entry is in the vault, for the right account and tenant, with the
	// page's secret.
	deadline := time.Now().Add(10 * time.Second)
	var entry map[string]any
	for time.Now().Before(deadline) {
		if entry = findEntry(home, acct); entry != nil && codeMatches(t, home, acct) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if entry == nil {
		all, _ := home.VaultEntries()
		t.Fatalf("no vault entry for %s / %q after saving; vault: %v", acct.Account, acct.Tenant, all)
	}
	if !codeMatches(t, home, acct) {
		t.Fatalf("the stored secret for %s is not the page's", acct.Account)
	}
	if got, _ := entry["tenant"].(string); got != acct.Tenant {
		t.Errorf("tenant %q, want %q", got, acct.Tenant)
	}
	if after, _ := home.VaultEntries(); c.Again == "" && len(after) != len(before)+1 {
		t.Errorf("%d entries after one save, want %d", len(after), len(before)+1)
	} else if c.Again != "" && len(after) != len(before) {
		t.Errorf("re-registration added an entry instead of replacing: %d, want %d", len(after), len(before))
	}

	// "Enter code": the extension fills a valid code and submits once (a
	// code box that was there from the start is filled after the save).
	if _, err := b.PageEval(tok, "window.__fxNext(), 'ok'"); err != nil {
		t.Fatal(err)
	}
	if _, ok := srv.WaitFor(tok, fillTimeout, hasKind("submit")); !ok {
		t.Fatalf("the verification step got no code (events: %s)", kindsOf(srv.Events(tok)))
	}
	time.Sleep(afterSubmit)
	if c.RefusedOnce {
		// The page said the code was wrong and mounted a new box: the
		// extension must not enter codes again and again, nor say the
		// code was accepted.
		time.Sleep(2 * time.Second)
		if txt := extensionUIText(b, tok); strings.Contains(txt, "accepted") {
			t.Errorf("the page refused the code, the extension says: %q", txt)
		} else {
			t.Logf("extension UI after the refusal: %q", txt)
		}
		time.Sleep(refusedDwell)
	}
	evs := srv.Events(tok)
	subs := ofKind(evs, "submit")
	if len(subs) != 1 {
		t.Errorf("%d submissions, want 1", len(subs))
	}
	if !subs[0].Valid {
		t.Errorf("submitted code %q is not valid for the enrolled secret", subs[0].str("code"))
	}
	for _, e := range ofKind(evs, "clientreject") {
		t.Errorf("submit clicked with an empty page model: %v", e.Data)
	}
	if fe, ok := lastOfKind(evs, "filled"); ok {
		t.Logf("verification code filled %.0f ms after the box appeared", fe.num("ms"))
	}
	if c.Twice {
		enrollAgain(t, b, srv, home, tok, acct, second)
	}
}

// enrollAgain: the user deletes the method just added and adds it again on
// the same page with a new secret (heldout2 ms-twice-nb).
func enrollAgain(t *testing.T, b *browserSession, srv *fixtureServer, home *fakeHome, tok string, acct testAccount, second string) {
	if _, err := b.PageEval(tok, "window.__fxAgain(), 'ok'"); err != nil {
		t.Fatal(err)
	}
	clicked, err := clickUI(b, tok, "Save to otpfill", 15*time.Second)
	if err != nil {
		t.Fatalf("second enrollment: no \"Save to otpfill\" offer: %v", err)
	}
	t.Logf("second enrollment: clicked %q", clicked)
	time.Sleep(500 * time.Millisecond)
	acct2 := acct
	acct2.Secret = second
	if codeMatches(t, home, acct2) {
		t.Errorf("second enrollment: the secret was replaced before the user said so")
	}
	if _, err := clickUI(b, tok, "Replace", 10*time.Second); err != nil {
		t.Fatalf("second enrollment: no Replace question: %v", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) && !codeMatches(t, home, acct2) {
		time.Sleep(200 * time.Millisecond)
	}
	if !codeMatches(t, home, acct2) {
		t.Fatalf("second enrollment: the vault does not hold the new secret")
	}
	if _, err := b.PageEval(tok, "window.__fxNext(), 'ok'"); err != nil {
		t.Fatal(err)
	}
	// The new secret's codes have not been used: no wait for a time step.
	if _, ok := srv.WaitFor(tok, fillTimeout, func(evs []event) bool { return len(ofKind(evs, "submit")) >= 2 }); !ok {
		t.Fatalf("second enrollment: the verification step got no code (events: %s)", kindsOf(srv.Events(tok)))
	}
	time.Sleep(afterSubmit)
	subs := ofKind(srv.Events(tok), "submit")
	if len(subs) != 2 {
		t.Errorf("%d submissions over both enrollments, want 2", len(subs))
	}
	last := subs[len(subs)-1]
	if _, ok := checkTOTP(second, last.str("code"), last.At); !ok {
		t.Errorf("second enrollment: submitted code %q is not the new secret's", last.str("code"))
	}
}

// clickUI retries ClickExtensionUI until timeout (the bar appears after the
// page renders, and after the host decoded a QR code).
func clickUI(b *browserSession, tok, text string, timeout time.Duration) (string, error) {
	deadline := time.Now().Add(timeout)
	for {
		got, err := b.ClickExtensionUI(tok, text)
		if err == nil || time.Now().After(deadline) {
			return got, err
		}
	}
}

func findEntry(home *fakeHome, acct testAccount) map[string]any {
	all, err := home.VaultEntries()
	if err != nil {
		return nil
	}
	for _, e := range all {
		a, _ := e["account"].(string)
		ten, _ := e["tenant"].(string)
		if strings.EqualFold(a, acct.Account) && ten == acct.Tenant {
			return e
		}
	}
	return nil
}

// codeMatches: `otpfill code --at T ACCOUNT` gives the code of the page's
// secret at a fixed time (so the replay guard is not involved).
func codeMatches(t *testing.T, home *fakeHome, acct testAccount) bool {
	at := time.Now().Add(-time.Hour).Truncate(30 * time.Second)
	out, err := home.CLI("code", "--at", strconv.FormatInt(at.Unix(), 10), acct.Account)
	if err != nil {
		return false
	}
	want, err := totp.GenerateCode(acct.Secret, at)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(out) == want
}

func kindsOf(evs []event) string {
	var ks []string
	for _, e := range evs {
		ks = append(ks, e.Kind)
	}
	return fmt.Sprint(ks)
}

// qrSVG draws text as an inline SVG QR code (one path of unit squares with
// a 4-module quiet zone), the way React QR components render it.
func qrSVG(t *testing.T, text string) string {
	code, err := qr.Encode(text, qr.M, qr.Auto)
	if err != nil {
		t.Fatal(err)
	}
	n := code.Bounds().Dx()
	var d strings.Builder
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			if r, _, _, _ := code.At(x, y).RGBA(); r == 0 {
				fmt.Fprintf(&d, "M%d %dh1v1h-1z", x+4, y+4)
			}
		}
	}
	return fmt.Sprintf(`<svg class="qr" role="img" aria-label="QR code" width="216" height="216" viewBox="0 0 %d %d" shape-rendering="crispEdges"><rect width="100%%" height="100%%" fill="#fff"/><path fill="#000" d="%s"/></svg>`, n+8, n+8, d.String())
}
