package e2e

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestEnrollPopup drives the popup's Add section (opened as a tab): a
// secret key typed by hand, the same account again (must ask before
// replacing), Microsoft Authenticator's activation link (refused with the
// guidance, nothing stored) and a QR screenshot pasted into the popup
// (Firefox: chosen as a file; decoded by the host).
func TestEnrollPopup(t *testing.T) {
	for _, kind := range []string{"chromium", "firefox"} {
		t.Run(kind, func(t *testing.T) {
			needBrowser(t, kind)
			srv := fixtures(t)
			home, ext := setupRun(t, kind, nil)
			b, _, eval := openPopupTab(t, kind, home, srv, ext)

			// 1. By hand, as Microsoft shows it.
			acct := testAccount{Tenant: "Contoso", Account: "popup.hand@contoso.com", Secret: workSecret()}
			out := eval(popupAddJS(shownSecret(acct.Secret), acct.Account, acct.Tenant))
			t.Logf("by hand: %s", out)
			if !strings.HasPrefix(out, "Added") || findEntry(home, acct) == nil || !codeMatches(t, home, acct) {
				t.Fatalf("manual add did not store the secret for %s (%s)", acct.Account, out)
			}

			// 2. Again with a new secret: a question first, then Replace.
			acct.Secret = workSecret()
			out = eval(popupAddJS(shownSecret(acct.Secret), acct.Account, acct.Tenant))
			if !strings.Contains(out, "Replace") || codeMatches(t, home, acct) {
				t.Fatalf("re-adding did not ask before replacing: %s", out)
			}
			out = eval(popupConfirmJS("Replace"))
			if !strings.HasPrefix(out, "Added") || !codeMatches(t, home, acct) {
				t.Fatalf("Replace did not take the new secret: %s", out)
			}
			all, _ := home.VaultEntries()
			if len(all) != 1 {
				t.Errorf("%d entries, want 1", len(all))
			}

			// 3. The Authenticator-only link: guidance, nothing stored.
			out = eval(popupAddJS("phonefactor://activate_account?code=482913765&url=https%3A%2F%2Fmobileappcommunicator.auth.microsoft.com%2Factivate%2F482913765%2FWEU", "x@contoso.com", ""))
			if !strings.Contains(out, "only works with Microsoft Authenticator") {
				t.Errorf("no guidance for the Authenticator-only link: %s", out)
			}
			if all, _ := home.VaultEntries(); len(all) != 1 {
				t.Errorf("the activation link was stored: %d entries", len(all))
			}

			// 4. A QR screenshot pasted into the popup.
			qrAcct := testAccount{Tenant: "Fabrikam", Account: "popup.qr@fabrikam.com", Secret: workSecret()}
			img := "https://" + hostMySignins + "/__e2e/qr?size=240&data=" + url.QueryEscape(qrAcct.URI())
			out = eval(popupPasteJS(img))
			t.Logf("pasted QR: %s", out)
			if !strings.Contains(out, "popup.qr@fabrikam.com") {
				t.Fatalf("pasted QR not read: %s", out)
			}
			out = eval(popupConfirmJS("Save to otpfill"))
			if !strings.HasPrefix(out, "Added") || findEntry(home, qrAcct) == nil || !codeMatches(t, home, qrAcct) {
				t.Fatalf("QR add did not store the secret: %s", out)
			}

			// 5. "Add from this page": the enrollment page in the active tab
			// (the popup tab was opened in the background) answers with what
			// it found; the popup saves through it; the page's verification
			// step then gets its code.
			pageAcct := testAccount{Tenant: "Northwind", Account: "popup.page@northwind.com", Secret: workSecret()}
			host, path, f := enrollFixture("mysignins", "secret", "en", pageAcct)
			u := srv.AddFixture(host, path, f)
			if !b.Open(u, f.Token) {
				return
			}
			defer park(t, b, f.Token)
			if _, ok := srv.WaitFor(f.Token, 10*time.Second, hasKind("view")); !ok {
				t.Fatal("fixture did not render")
			}
			time.Sleep(500 * time.Millisecond)
			out = eval(popupFromPageJS())
			t.Logf("from page: %s", out)
			if !strings.Contains(out, "Northwind \u2014 popup.page@northwind.com") || !strings.Contains(strings.ToLower(out), strings.ToLower(pageAcct.Secret[:4])+" \u2022\u2022\u2022\u2022") || strings.Contains(strings.ToLower(out), strings.ToLower(pageAcct.Secret[4:8])) {
				t.Fatalf("popup shows %q, want the account, tenant and a masked secret", out)
			}
			out = eval(popupConfirmJS("Save to otpfill"))
			if !strings.HasPrefix(out, "Added") || findEntry(home, pageAcct) == nil || !codeMatches(t, home, pageAcct) {
				t.Fatalf("save from the page did not store the secret: %s", out)
			}
			if _, err := b.PageEval(f.Token, "window.__fxNext(), 'ok'"); err != nil {
				t.Fatal(err)
			}
			if evs, ok := srv.WaitFor(f.Token, fillTimeout, hasKind("submit")); !ok {
				t.Errorf("verification step got no code after a popup save")
			} else if s, _ := lastOfKind(evs, "submit"); !s.Valid {
				t.Errorf("invalid code submitted: %v", s.Data)
			}
		})
	}
}

const popupWaitJS = `
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const msg = () => document.getElementById('add-msg').textContent;
  const box = () => document.getElementById('add-confirm');
  const settle = async () => {
    for (let i = 0; i < 100; i++) {
      await sleep(100);
      if (!box().hidden) return 'ASK: ' + box().textContent;
      const m = msg();
      if (m && !/\u2026$/.test(m)) return m;
    }
    return 'timeout: ' + msg();
  };`

func popupAddJS(secret, account, tenant string) string {
	return `(async () => {` + popupWaitJS + `
  for (let i = 0; i < 50 && !document.getElementById('add-form'); i++) await sleep(100);
  document.getElementById('add-manual').open = true;
  const set = (id, v) => { const e = document.getElementById(id); e.value = v; e.dispatchEvent(new Event('input', { bubbles: true })); };
  set('add-secret', ` + strconv.Quote(secret) + `); set('add-account', ` + strconv.Quote(account) + `); set('add-tenant', ` + strconv.Quote(tenant) + `);
  document.getElementById('add-msg').textContent = '';
  document.getElementById('add-form').requestSubmit();
  return settle();
})()`
}

func popupConfirmJS(label string) string {
	return `(async () => {` + popupWaitJS + `
  const b = Array.from(box().querySelectorAll('button')).find((x) => x.textContent === ` + strconv.Quote(label) + `);
  if (!b) return 'no button ' + ` + strconv.Quote(label) + ` + ' in: ' + box().textContent;
  document.getElementById('add-msg').textContent = '';
  b.click();
  return settle();
})()`
}

func popupPasteJS(imgURL string) string {
	return `(async () => {` + popupWaitJS + `
  const blob = await (await fetch(` + strconv.Quote(imgURL) + `)).blob();
  const dt = new DataTransfer();
  dt.items.add(new File([blob], 'qr.png', { type: 'image/png' }));
  document.getElementById('add-msg').textContent = '';
  const ev = new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true });
  if (ev.clipboardData && ev.clipboardData.items.length) {
    document.dispatchEvent(ev);
  } else {
    // Firefox drops clipboardData from a constructed event: choose the
    // file instead (the same reader behind the file picker).
    const input = document.getElementById('add-file');
    input.files = dt.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }
  return settle();
})()`
}

func popupFromPageJS() string {
	return `(async () => {` + popupWaitJS + `
  document.getElementById('add-msg').textContent = '';
  document.getElementById('add-from-page').click();
  return settle();
})()`
}
