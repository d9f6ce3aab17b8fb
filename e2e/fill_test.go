package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	fillTimeout = 12 * time.Second        // input appears → submitted
	negDwell    = 2500 * time.Millisecond // how long a negative page is watched
	afterSubmit = 700 * time.Millisecond  // watch for a second submission
)

// needExtension returns the repo's extension dir, skipping (or failing with
// OTPFILL_E2E=require) before it exists.
func needExtension(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(moduleRoot(), "extension")
	if _, err := os.Stat(filepath.Join(dir, "manifest.json")); err != nil {
		if requireMode() {
			t.Fatalf("extension/manifest.json missing: %v", err)
		}
		t.Skipf("extension not there yet: %v", err)
	}
	return dir
}

// setupRun prepares a home with the vault and the host registered for kind,
// and returns the extension dir to load (the one `otpfill install` unpacked,
// when the installer exists).
func setupRun(t *testing.T, kind string, accts []*testAccount) (*fakeHome, string) {
	t.Helper()
	repoExt := needExtension(t)
	home := newFakeHome(t, kind)
	home.Bin = otpfillBinary(t)
	if _, err := probeHost(home.Bin, home.Env()); err != nil {
		if requireMode() {
			t.Fatalf("otpfill serve mode does not answer hello: %v", err)
		}
		t.Skipf("otpfill serve mode not usable yet: %v", err)
	}
	var list []testAccount
	for _, a := range withSecrets(accts) {
		list = append(list, *a)
	}
	if err := home.MakeVault(list); err != nil {
		t.Fatalf("vault: %v", err)
	}
	res, err := home.Install(kind)
	if err != nil {
		t.Fatalf("install: %v", err)
	}
	ext := repoExt
	if res.ExtDir != "" {
		ext = res.ExtDir
	}
	t.Logf("%s: host %s (installer: %v), extension %s", kind, res.HostPath, res.ByInstaller, ext)
	return home, ext
}

// timing collects fill latencies for the report.
type timing struct {
	Browser string
	Case    string
	Cold    bool
	MS      float64
}

var (
	timingsMu sync.Mutex
	timings   []timing
)

// withSecrets gives each account without a secret a random one, before
// browsers run in parallel (both vaults must hold the same secrets as the
// pages check codes against).
func withSecrets(accts []*testAccount) []*testAccount {
	secretsMu.Lock()
	defer secretsMu.Unlock()
	for _, a := range accts {
		if a.Secret == "" {
			a.Secret = randomSecret()
		}
	}
	return accts
}

var secretsMu sync.Mutex

// TestFill drives each browser through the sign-in fixtures with an unlocked
// vault (the host unlocks at start from OTPFILL_PASSPHRASE_FILE).
//
// The two browsers run in parallel, each with its own fixture server and
// vault: most of a case is waiting (a negative page is watched for
// seconds), and one after the other they took most of the test binary's
// 10-minute budget.
func TestFill(t *testing.T) {
	accounts := withSecrets(append(append(append(append(allAccounts(), heldoutAccounts()...), heldout2Accounts()...), heldout3Accounts()...), heldout4Accounts()...))
	for _, kind := range []string{"chromium", "firefox"} {
		t.Run(kind, func(t *testing.T) {
			needBrowser(t, kind)
			t.Parallel()
			srv := fixturesFor(t, kind)
			home, ext := setupRun(t, kind, accounts)
			// Remote: the chooser case clicks inside the extension's UI,
			// which in Firefox goes through WebDriver BiDi.
			b := startBrowser(t, kind, home, srv, browserOpts{ExtDir: ext, Remote: true,
				Env: []string{"OTPFILL_PASSPHRASE_FILE=" + home.PassFile}})
			for i, c := range append(append(append(append(fillCases(), heldoutFillCases()...), heldout2FillCases()...), heldout3FillCases()...), heldout4FillCases()...) {
				c := c
				cold := i == 0
				t.Run(c.Name, func(t *testing.T) {
					runFillCase(t, b, srv, c, cold)
				})
				if !b.Alive() {
					b.dumpLog()
					t.Fatalf("%s died", kind)
				}
			}
			logTimings(t, kind)
		})
	}
}

// park sends the tab to the neutral start page and waits until token's page
// has left (its final state report is then in).
func park(t *testing.T, b *browserSession, token string) (event, bool) {
	t.Helper()
	b.srv.Navigate("https://" + hostDriver + "/park")
	evs, ok := b.srv.WaitFor(token, 10*time.Second, func(evs []event) bool {
		for _, e := range ofKind(evs, "state") {
			if e.Data["final"] == true {
				return true
			}
		}
		return false
	})
	if !ok {
		t.Errorf("page %s did not report its final state", token)
		return event{}, false
	}
	st, _ := lastOfKind(evs, "state")
	return st, true
}

func runFillCase(t *testing.T, b *browserSession, srv *fixtureServer, c fillCase, cold bool) {
	f := &fixture{Page: c.Page, Params: c.Params}
	if c.Account != nil {
		f.Secrets = []string{c.Account.Secret}
	}
	wait := fillTimeout
	if c.Wait > 0 {
		wait = c.Wait
	}
	u := srv.AddFixture(c.Host, c.Path, f)
	tok := f.Token
	if !b.Open(u, tok) {
		return
	}
	switch c.Expect {
	case expectFill:
		evs, ok := srv.WaitFor(tok, wait, hasKind("submit"))
		if ok {
			time.Sleep(afterSubmit)
			evs = srv.Events(tok)
		}
		st, _ := park(t, b, tok)
		checkFilled(t, b, c, evs, st, ok, cold)
	case expectChooser:
		evs, ok := srv.WaitFor(tok, 6*time.Second, hasKind("foreign"))
		if subs := ofKind(evs, "submit"); len(subs) > 0 {
			t.Errorf("%s: submitted before the user chose an account: %v", c.Name, subs[0].Data)
		}
		if !ok {
			st, _ := park(t, b, tok)
			t.Errorf("%s: expected an in-page account chooser, the page shows nothing added (model=%q)", c.Name, st.str("model"))
			return
		}
		if fe, _ := lastOfKind(evs, "foreign"); true {
			t.Logf("%s: extension UI: %v", c.Name, compactJSON(fe.Data))
		}
		got, err := b.ClickExtensionUI(tok, "Fabrikam")
		if err != nil {
			park(t, b, tok)
			t.Errorf("%s: could not choose Fabrikam in the chooser: %v", c.Name, err)
			return
		}
		t.Logf("%s: clicked %q", c.Name, got)
		evs, ok = srv.WaitFor(tok, wait, hasKind("submit"))
		if ok {
			time.Sleep(afterSubmit)
			evs = srv.Events(tok)
		}
		st, _ := park(t, b, tok)
		checkFilled(t, b, c, evs, st, ok, false)
	case expectUntouched:
		time.Sleep(negDwell)
		st, _ := park(t, b, tok)
		evs := srv.Events(tok)
		if subs := ofKind(evs, "submit"); len(subs) > 0 {
			t.Errorf("%s: page must be left alone but %d code(s) were submitted (first: %q)", c.Name, len(subs), subs[0].str("code"))
		}
		if m := st.str("model"); m != "" {
			t.Errorf("%s: page model holds %q; the input must stay untouched", c.Name, m)
		}
		if d := st.str("dom"); d != "" {
			t.Errorf("%s: code box holds %q; it must stay untouched", c.Name, d)
		}
		for _, e := range ofKind(evs, "proof") {
			t.Errorf("%s: a proof was chosen on a page that must be left alone: %v", c.Name, e.Data)
		}
		if fe := foreignElements(st); len(fe) > 0 {
			t.Logf("%s: extension added (allowed, informational): %s", c.Name, strings.Join(fe, " | "))
		}
	}
}

func checkFilled(t *testing.T, b *browserSession, c fillCase, evs []event, st event, submitted, cold bool) {
	t.Helper()
	for _, e := range ofKind(evs, "clientreject") {
		t.Errorf("%s: submit was clicked while the page model was empty (value set without the events the page listens to): %v", c.Name, e.Data)
	}
	if c.Push {
		var chosen []string
		for _, e := range ofKind(evs, "proof") {
			if e.str("action") == "choose" {
				chosen = append(chosen, e.str("value"))
			}
		}
		if len(chosen) == 0 || chosen[0] != "PhoneAppOTP" {
			t.Errorf("%s: expected the PhoneAppOTP tile to be chosen, got %v", c.Name, chosen)
		}
		for _, v := range chosen {
			if v == "OneWaySMS" || v == "TwoWayVoiceMobile" {
				t.Errorf("%s: the extension chose %s (never SMS or voice)", c.Name, v)
			}
		}
	}
	if !submitted {
		t.Errorf("%s: no code submitted in time (final page state: view=%s model=%q dom=%q errors=%v; added: %s)",
			c.Name, st.str("view"), st.str("model"), st.str("dom"), st.Data["errors"], strings.Join(foreignElements(st), " | "))
		return
	}
	subs := ofKind(evs, "submit")
	if len(subs) != 1 {
		t.Errorf("%s: %d submissions, want exactly 1", c.Name, len(subs))
	}
	if !subs[0].Valid {
		t.Errorf("%s: submitted code %q is not valid for %s", c.Name, subs[0].str("code"), c.Account.Account)
	}
	if d := subs[0].str("dom"); d != subs[0].str("code") {
		t.Errorf("%s: page model %q differs from the box %q", c.Name, subs[0].str("code"), d)
	}
	if fe, ok := lastOfKind(evs, "filled"); ok && !c.NoTiming {
		ms := fe.num("ms")
		timingsMu.Lock()
		timings = append(timings, timing{Browser: b.kind, Case: c.Name, Cold: cold, MS: ms})
		timingsMu.Unlock()
		t.Logf("%s: filled %.0f ms after the code box appeared (cold=%v)", c.Name, ms, cold)
	}
	if fe := foreignElements(st); len(fe) > 0 {
		t.Logf("%s: extension UI after fill: %s", c.Name, strings.Join(fe, " | "))
	}
}

// foreignElements lists what the page did not create (the extension's UI).
func foreignElements(st event) []string {
	list, _ := st.Data["foreign"].([]any)
	var out []string
	for _, x := range list {
		m, _ := x.(map[string]any)
		if m == nil {
			continue
		}
		txt := fmt.Sprint(m["text"])
		if s := fmt.Sprint(m["shadowText"]); s != "" {
			txt += " [shadow: " + s + "]"
		}
		out = append(out, fmt.Sprintf("<%v id=%q class=%q connected=%v> %s", m["tag"], m["id"], m["cls"], m["connected"], strings.TrimSpace(txt)))
	}
	return out
}

func logTimings(t *testing.T, kind string) {
	var warm []float64
	timingsMu.Lock()
	defer timingsMu.Unlock()
	for _, tm := range timings {
		if tm.Browser != kind {
			continue
		}
		if tm.Cold {
			t.Logf("TIMING %s cold (first fill after browser start, %s): %.0f ms", kind, tm.Case, tm.MS)
		} else {
			warm = append(warm, tm.MS)
		}
	}
	if len(warm) > 0 {
		sort.Float64s(warm)
		t.Logf("TIMING %s warm: median %.0f ms, min %.0f, max %.0f over %d fills", kind, warm[len(warm)/2], warm[0], warm[len(warm)-1], len(warm))
	}
}
