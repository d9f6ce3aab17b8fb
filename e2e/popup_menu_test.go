package e2e

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/otpfill/otpfill/qr"
)

// TestPopupMenu drives the popup's rows and their menu (opened as a tab):
// the same account in two tenants reads "Tenant — account" with the
// seconds left; the menu opens from its button, moves with the arrow keys
// and closes with Escape; a rename persists across a reopen of the popup;
// Show as QR code asks first, then shows a PNG of the entry's otpauth URI;
// Delete asks (naming tenant and account), then removes the entry; locked,
// the popup shows no rows and nothing about adding.
func TestPopupMenu(t *testing.T) {
	for _, kind := range []string{"chromium", "firefox"} {
		t.Run(kind, func(t *testing.T) {
			needBrowser(t, kind)
			srv := fixtures(t)
			// A fixed secret: the image below is checked with our QR reader,
			// and one known to read keeps this a test of the popup (the
			// reader's own round trips are qr's TestPNGDataURLManyRoundTrips).
			home := testAccount{Tenant: "Contoso", Account: "menu.ada@contoso.com", Secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"}
			guest := testAccount{Tenant: "Fabrikam", Account: "menu.ada@contoso.com"}
			fh, ext := setupRun(t, kind, []*testAccount{&home, &guest})
			b, p, eval := openPopupTab(t, kind, fh, srv, ext)
			rows := func() []popupRow {
				t.Helper()
				out := eval(popupRowsJS)
				var rs []popupRow
				if err := json.Unmarshal([]byte(out), &rs); err != nil {
					t.Fatalf("popup rows: %s", out)
				}
				return rs
			}
			idOf := func(a testAccount) string {
				e := findEntry(fh, a)
				if e == nil {
					t.Fatalf("no entry %s:%s in the vault", a.Tenant, a.Account)
				}
				id, _ := e["id"].(string)
				return id
			}
			guestID, homeID := idOf(guest), idOf(home)

			// 1. Rows: tenant first, seconds beside the ring; the add controls show (unlocked).
			rs := rows()
			titles := map[string]string{}
			for _, r := range rs {
				titles[r.ID] = r.Title
				if n, err := strconv.Atoi(r.Secs); err != nil || n < 1 || n > 30 {
					t.Errorf("row %s: seconds left %q", r.Title, r.Secs)
				}
				if !r.AddShown {
					t.Errorf("the add controls are hidden while unlocked")
				}
			}
			if titles[homeID] != "Contoso \u2014 menu.ada@contoso.com" || titles[guestID] != "Fabrikam \u2014 menu.ada@contoso.com" {
				t.Fatalf("row titles %v", titles)
			}

			// 2. The menu: keyboard and screen-reader path.
			out := eval(popupMenuKeysJS(guestID))
			t.Logf("menu keys: %s", out)
			if out != "ok" {
				t.Fatalf("menu keyboard path: %s", out)
			}

			// 3. Rename, then reopen the popup: the label stays.
			out = eval(popupMenuJS(guestID, "Rename", `
  const input = document.getElementById('label-' + id);
  if (!input) return 'no label field';
  input.value = 'Fabrikam guest';
  input.form.requestSubmit();
  for (let i = 0; i < 50; i++) { await sleep(100); const r = rowOf(id); if (r && /Fabrikam guest/.test(r.textContent)) return 'renamed'; }
  return 'not renamed: ' + document.body.innerText.slice(0, 300);`))
			if out != "renamed" {
				t.Fatalf("rename: %s", out)
			}
			eval(`(window.__beforeReopen = 1, location.reload(), 'reloading')`)
			for i := 0; i < 50; i++ {
				if v, err := b.Eval(p, `String(typeof window.__beforeReopen) + document.readyState`); err == nil && v == "undefinedcomplete" {
					break
				}
				time.Sleep(100 * time.Millisecond)
			}
			rs = rows()
			found := false
			for _, r := range rs {
				if r.ID == guestID {
					found = r.Title == "Fabrikam guest" && r.Detail == "Fabrikam \u2014 menu.ada@contoso.com"
					t.Logf("after reopen: %q / %q", r.Title, r.Detail)
				}
			}
			if !found {
				t.Fatalf("the label did not persist across a reopen: %+v", rs)
			}
			if e := findEntry(fh, guest); e == nil || e["label"] != "Fabrikam guest" {
				t.Errorf("otpfill list does not show the label: %v", e)
			}

			// 4. Show as QR code: a warning first, then the image.
			out = eval(popupMenuJS(homeID, "Show as QR code", `
  const panel = rowOf(id).querySelector('.panel');
  const ask = panel.textContent;
  if (panel.querySelector('img')) return 'image before the confirmation';
  const show = Array.from(panel.querySelectorAll('button')).find((x) => x.textContent === 'Show QR code');
  if (!show) return 'no confirmation: ' + ask;
  show.click();
  for (let i = 0; i < 50; i++) { await sleep(100); const img = panel.querySelector('img'); if (img) return JSON.stringify({ ask, src: img.src }); }
  return 'no image: ' + panel.textContent;`))
			var shown struct{ Ask, Src string }
			if err := json.Unmarshal([]byte(out), &shown); err != nil {
				t.Fatalf("qr: %s", out)
			}
			if !strings.Contains(shown.Ask, "anyone who sees it") || !strings.Contains(shown.Ask, "Contoso \u2014 menu.ada@contoso.com") {
				t.Errorf("QR confirmation says %q", shown.Ask)
			}
			text, err := qr.DecodeDataURL(shown.Src)
			if err != nil {
				t.Fatalf("the popup's QR image does not decode: %v", err)
			}
			if !strings.HasPrefix(text, "otpauth://totp/Contoso:menu.ada@contoso.com?") || !strings.Contains(text, "secret="+home.Secret) {
				t.Errorf("the QR code is not this entry's otpauth URI")
			}

			// 5. Delete: asks, naming tenant and account; then removes.
			out = eval(popupMenuJS(homeID, "Delete", `
  const panel = rowOf(id).querySelector('.panel');
  const ask = panel.textContent;
  const del = Array.from(panel.querySelectorAll('button')).find((x) => x.textContent === 'Delete');
  if (!del) return 'no confirmation: ' + ask;
  del.click();
  for (let i = 0; i < 50; i++) { await sleep(100); if (!rowOf(id)) return 'ASKED: ' + ask; }
  return 'still listed';`))
			if !strings.HasPrefix(out, "ASKED: Delete Contoso \u2014 menu.ada@contoso.com") {
				t.Fatalf("delete: %s", out)
			}
			if findEntry(fh, home) != nil || findEntry(fh, guest) == nil {
				t.Errorf("delete removed the wrong entries")
			}

			// 6. Locked: nothing about adding, no rows left behind.
			out = eval(`(async () => {` + popupMenuHelpersJS + `
  document.getElementById('lock').click();
  for (let i = 0; i < 50 && document.getElementById('unlock').hidden; i++) await sleep(100);
  if (document.getElementById('unlock').hidden) return 'did not lock';
  return JSON.stringify({ add: !document.getElementById('add').hidden, rows: document.querySelectorAll('#entries > li').length });
})()`)
			if out != `{"add":false,"rows":0}` {
				t.Errorf("locked popup: %s (want no add controls and no rows)", out)
			}
		})
	}
}

// openPopupTab starts the browser with the host unlocked (passphrase file)
// and opens the popup as a tab; eval runs a script there and returns its
// string.
func openPopupTab(t *testing.T, kind string, home *fakeHome, srv *fixtureServer, ext string) (*browserSession, *extPage, func(js string) string) {
	t.Helper()
	popup := popupPath(ext)
	opts := browserOpts{ExtDir: ext, Remote: true, Env: []string{"OTPFILL_PASSPHRASE_FILE=" + home.PassFile}}
	if kind == "firefox" {
		opts.ExtraTabs = []string{"moz-extension://" + firefoxUUID + "/" + popup}
	}
	b := startBrowser(t, kind, home, srv, opts)
	p, err := b.OpenExtensionPage(popup)
	if err != nil {
		t.Fatalf("open popup: %v", err)
	}
	return b, p, func(js string) string {
		t.Helper()
		out, err := b.Eval(p, js)
		if err != nil {
			t.Fatalf("popup: %v", err)
		}
		return out
	}
}

type popupRow struct {
	ID, Title, Detail, Secs string
	AddShown                bool
}

// popupRowsJS waits for the rows and their codes, and returns them as JSON.
const popupRowsJS = `(async () => {
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  for (let i = 0; i < 100; i++) {
    const lis = Array.from(document.querySelectorAll('#entries > li'));
    if (lis.length && lis.every((li) => li.querySelector('.secs') && li.querySelector('.secs').textContent)) {
      return JSON.stringify(lis.map((li) => ({
        ID: li.querySelector('.more').id.replace(/^more-/, ''),
        Title: li.querySelector('.acct').textContent,
        Detail: li.querySelector('.tenant') ? li.querySelector('.tenant').textContent : '',
        Secs: li.querySelector('.secs').textContent,
        AddShown: !document.getElementById('add').hidden
      })));
    }
    await sleep(100);
  }
  return 'no rows: ' + document.body.innerText.slice(0, 300);
})()`

const popupMenuHelpersJS = `
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const rowOf = (id) => { const b = document.getElementById('more-' + id); return b && b.closest('li'); };
  const key = (target, k) => target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));`

// popupMenuKeysJS checks the menu's keyboard path on one row.
func popupMenuKeysJS(id string) string {
	return `(async () => {` + popupMenuHelpersJS + `
  const id = ` + strconv.Quote(id) + `;
  const btn = document.getElementById('more-' + id);
  if (btn.getAttribute('aria-haspopup') !== 'menu') return 'no aria-haspopup';
  const menu = document.getElementById(btn.getAttribute('aria-controls'));
  btn.focus();
  key(btn, 'ArrowDown');
  if (menu.hidden || btn.getAttribute('aria-expanded') !== 'true') return 'ArrowDown did not open the menu';
  const items = Array.from(menu.querySelectorAll('[role=menuitem]'));
  if (items.length !== 3 || document.activeElement !== items[0]) return 'focus not on the first of 3 items: ' + items.length;
  key(document.activeElement, 'ArrowDown');
  if (document.activeElement !== items[1]) return 'ArrowDown did not move';
  key(document.activeElement, 'ArrowUp'); key(document.activeElement, 'ArrowUp');
  if (document.activeElement !== items[2]) return 'ArrowUp did not wrap';
  if (items.some((x) => x.tabIndex < 0)) return 'an item is out of the Tab order';
  key(document.activeElement, 'Escape');
  if (!menu.hidden || btn.getAttribute('aria-expanded') !== 'false' || document.activeElement !== btn) return 'Escape did not close and refocus';
  return 'ok';
})()`
}

// popupMenuJS opens the row's menu, picks the item whose text starts with
// item and runs then (an async body that may use id and rowOf).
func popupMenuJS(id, item, then string) string {
	return `(async () => {` + popupMenuHelpersJS + `
  const id = ` + strconv.Quote(id) + `;
  for (let i = 0; i < 50 && !document.getElementById('more-' + id); i++) await sleep(100);
  const btn = document.getElementById('more-' + id);
  if (!btn) return 'no menu button for ' + id;
  btn.click();
  const menu = document.getElementById(btn.getAttribute('aria-controls'));
  const it = Array.from(menu.querySelectorAll('[role=menuitem]')).find((x) => x.textContent.startsWith(` + strconv.Quote(item) + `));
  if (!it) return 'no menu item ' + ` + strconv.Quote(item) + `;
  it.click();
  ` + then + `
})()`
}
