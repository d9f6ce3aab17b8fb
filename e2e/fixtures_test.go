package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The reference filler is a tiny extension that does what DESIGN.md says a
// correct filler does (native value setter + bubbling input/change, one
// plain click, PhoneAppOTP from the proof list) with the code taken from the
// fixture server. Running the fixtures against it (and against a naive
// filler that only sets .value) checks the fixture pages themselves: their
// quirks must reject the naive way and accept the right one, in both
// browsers, independently of the real extension.
const refFillerJS = `
(function () {
  'use strict';
  var MODE = '%MODE%';
  var token = new URLSearchParams(location.search).get('e2e');
  var done = false, busy = false;
  function setNative(el, v) {
    var d = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
    d.set.call(el, v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }
  function fill(box, button) {
    if (busy || done) return;
    busy = true;
    fetch('/__e2e/refcode?e2e=' + token).then(function (r) { return r.text(); }).then(function (code) {
      box = document.getElementById(box.id) || box; // the view may have re-rendered
      if (MODE === 'naive') box.value = code; else setNative(box, code);
      var b = document.getElementById(button.id) || button;
      done = true;
      b.click();
    });
  }
  function scan() {
    if (done) return;
    var another = document.getElementById('signInAnotherWay') || document.querySelector('[data-testid=displaySign] ~ [data-testid=viewFooter] [role=button]');
    if (another && !scan.left) { scan.left = true; another.click(); return; }
    var codeImg = document.querySelector('[data-testid=tile] img[src*=picker_verify_code]');
    var tile = document.querySelector('div[role=button][data-value=PhoneAppOTP]') || (codeImg && codeImg.parentNode);
    if (tile && !scan.tile) { scan.tile = true; tile.click(); return; }
    var box = document.getElementById('idTxtBx_SAOTCC_OTC') || document.querySelector('input[name=otc][type=tel]');
    var img = document.querySelector('img[src*=picker_verify_code]');
    if (box && img) { fill(box, document.getElementById('idSubmit_SAOTCC_Continue') || document.querySelector('input[type=submit]')); return; }
    var live = document.getElementById('otc-confirmation-input') || document.querySelector('form[name=OneTimeCodeViewForm] input[type=text]');
    var desc = document.getElementById('oneTimeCodeDescription') || document.querySelector('[data-testid=description]');
    if (live && desc && desc.textContent.indexOf('@') < 0) fill(live, document.getElementById('oneTimeCodePrimaryButton') || document.querySelector('form button[type=submit]'));
  }
  new MutationObserver(scan).observe(document.documentElement, { childList: true, subtree: true });
  scan();
})();
`

func writeRefFiller(t *testing.T, mode string) string {
	dir, err := os.MkdirTemp(tmpRoot, "refext-")
	if err != nil {
		t.Fatal(err)
	}
	hosts := []string{"https://" + hostAAD + "/*", "https://" + hostMSFT + "/*", "https://" + hostLive + "/*"}
	manifest := map[string]any{
		"manifest_version": 3, "name": "otpfill e2e reference filler", "version": "0.0.1", "key": extensionKey,
		"browser_specific_settings": map[string]any{"gecko": map[string]any{"id": geckoID, "strict_min_version": "128.0"}},
		"host_permissions":          hosts,
		"content_scripts":           []map[string]any{{"matches": hosts, "js": []string{"cs.js"}, "run_at": "document_idle"}},
	}
	mb, _ := json.MarshalIndent(manifest, "", "  ")
	os.WriteFile(filepath.Join(dir, "manifest.json"), mb, 0o644)
	js := []byte(refFillerJS)
	js = []byte(replaceAll(string(js), "%MODE%", mode))
	os.WriteFile(filepath.Join(dir, "cs.js"), js, 0o644)
	return dir
}

func replaceAll(s, old, new string) string {
	out := ""
	for {
		i := indexOf(s, old)
		if i < 0 {
			return out + s
		}
		out += s[:i] + new
		s = s[i+len(old):]
	}
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

// TestFixturePages checks the fixtures with the reference and naive fillers.
func TestFixturePages(t *testing.T) {
	for _, kind := range []string{"chromium", "firefox"} {
		t.Run(kind, func(t *testing.T) {
			needBrowser(t, kind)
			t.Parallel() // as TestFill: each browser with its own server
			srv := fixturesFor(t, kind)
			withSecrets(allAccounts())
			home := newFakeHome(t, kind+"-ref")
			b := startBrowser(t, kind, home, srv, browserOpts{ExtDir: writeRefFiller(t, "ref")})
			for i, c := range fillCases() {
				if c.Expect != expectFill {
					continue // negatives say nothing about the pages with this filler
				}
				c := c
				t.Run(c.Name, func(t *testing.T) { runFillCase(t, b, srv, c, i == 0) })
			}
			b.Close()

			// The naive filler sets .value without events: the Knockout page
			// must refuse (empty model), the React page must keep its button
			// disabled. Nothing valid may be submitted.
			home2 := newFakeHome(t, kind+"-naive")
			b2 := startBrowser(t, kind, home2, srv, browserOpts{ExtDir: writeRefFiller(t, "naive")})
			for _, c := range fillCases() {
				if c.Name != "classic" && c.Name != "personal" {
					continue
				}
				f := &fixture{Page: c.Page, Params: c.Params, Secrets: []string{c.Account.Secret}}
				u := srv.AddFixture(c.Host, c.Path, f)
				if !b2.Open(u, f.Token) {
					continue
				}
				time.Sleep(1500 * time.Millisecond)
				st, _ := park(t, b2, f.Token)
				evs := srv.Events(f.Token)
				for _, s := range ofKind(evs, "submit") {
					if s.Valid {
						t.Errorf("naive/%s: a bare .value reached the page model and was submitted", c.Name)
					}
				}
				if st.str("model") != "" {
					t.Errorf("naive/%s: page model saw a bare .value: %q", c.Name, st.str("model"))
				}
				t.Logf("naive/%s: model=%q dom=%q clientrejects=%d", c.Name, st.str("model"), st.str("dom"), len(ofKind(evs, "clientreject")))
			}
		})
	}
}
