package e2e

import (
	"strconv"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

// TestEnrollFixturePages checks the enrollment fixtures themselves (no
// extension involved): each flow renders, shows the secret as Microsoft
// does, moves to "Enter code", and the server accepts a valid code typed
// there. Chromium only: it is about the pages, not the browser.
func TestEnrollFixturePages(t *testing.T) {
	needBrowser(t, "chromium")
	srv := fixtures(t)
	home := newFakeHome(t, "enrollfx")
	b := startBrowser(t, "chromium", home, srv, browserOpts{ExtDir: writeStubExtension(t)})
	for _, flow := range []string{"mysignins", "proofup", "live"} {
		for _, lang := range []string{"en", "de"} {
			t.Run(flow+"-"+lang, func(t *testing.T) {
				acct := testAccount{Tenant: "Contoso", Account: "ada@contoso.com", Secret: randomSecret()}
				if flow == "live" {
					acct = testAccount{Account: "ada@outlook.com", Secret: randomSecret()}
				}
				host, path, f := enrollFixture(flow, "secret", lang, acct)
				u := srv.AddFixture(host, path, f)
				if !b.Open(u, f.Token) {
					return
				}
				if _, ok := srv.WaitFor(f.Token, 5*time.Second, hasKind("view")); !ok {
					t.Fatal("no view")
				}
				text, err := b.PageEval(f.Token, "document.body.innerText")
				if err != nil {
					t.Fatal(err)
				}
				want := shownSecret(acct.Secret)
				if flow == "live" {
					want = want[:4] // &nbsp; between groups
				}
				if !containsStr(text, want) {
					t.Errorf("secret %q not shown: %s", want, text)
				}
				if _, err := b.PageEval(f.Token, "window.__fxNext(), 'ok'"); err != nil {
					t.Fatal(err)
				}
				code, _ := totp.GenerateCode(acct.Secret, time.Now())
				js := `(() => { const box = document.querySelector('#mfa-code-input, #VerificationCode, #iOttText');
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(box, ` + strconv.Quote(code) + `);
  box.dispatchEvent(new Event('input', { bubbles: true }));
  document.querySelector('#next, #verifyBtn, #iVerify').click(); return 'ok'; })()`
				time.Sleep(100 * time.Millisecond)
				if _, err := b.PageEval(f.Token, js); err != nil {
					t.Fatal(err)
				}
				evs, ok := srv.WaitFor(f.Token, 5*time.Second, hasKind("submit"))
				if !ok {
					t.Fatal("no submit")
				}
				if s, _ := lastOfKind(evs, "submit"); !s.Valid {
					t.Errorf("valid code refused: %v", s.Data)
				}
				park(t, b, f.Token)
			})
		}
	}
}

func containsStr(s, sub string) bool { return indexOf(s, sub) >= 0 }
