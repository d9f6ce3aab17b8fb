package e2e

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

const (
	chromeExtID  = "oldaboobdkknjdokgfaboekphimhbnkh"
	geckoID      = "otpfill@otpfill.org"
	hostName     = "org.otpfill.host"
	firefoxUUID  = "5f0e7c1a-8e57-4b5c-9a55-0f7d3b1e2a11" // fixed moz-extension:// host, see user.js
	startTimeout = 40 * time.Second
)

var browserBins = map[string][]string{
	"chromium": {"/usr/bin/chromium", "chromium", "chromium-browser"},
	"firefox":  {"/usr/bin/firefox-esr", "firefox-esr", "firefox"},
}

// findBrowser returns the executable for kind, or "".
func findBrowser(kind string) string {
	for _, c := range browserBins[kind] {
		if p, err := exec.LookPath(c); err == nil {
			return p
		}
	}
	return ""
}

// browserOpts is what differs between the runs of one browser.
type browserOpts struct {
	ExtDir string   // unpacked extension to load
	Env    []string // extra environment for the browser (and so for the host it starts)
	// Remote: Firefox also starts WebDriver BiDi (Chromium always has its
	// DevTools pipe) for the cases that must act on extension UI.
	Remote bool
	// ExtraTabs are opened at start next to the driver tab (Firefox: the
	// only way an extension page can be put in a tab for BiDi).
	ExtraTabs []string
}

// browserSession is one running browser with one tab that follows the
// fixture server's navigation orders.
type browserSession struct {
	t        *testing.T
	kind     string
	home     *fakeHome
	srv      *fixtureServer
	cmd      *exec.Cmd
	logPath  string
	started  time.Time
	done     chan struct{}
	exitErr  error
	cdp      *cdp  // Chromium: DevTools over a pipe
	bidi     *bidi // Firefox: WebDriver BiDi (only when asked for)
	bidiPort int
}

// startBrowser launches kind headless with the extension, pointed at the
// fixture server through its proxy, on the driver start page, and waits until
// that page has loaded.
func startBrowser(t *testing.T, kind string, home *fakeHome, srv *fixtureServer, opts browserOpts) *browserSession {
	t.Helper()
	bin := findBrowser(kind)
	if bin == "" {
		t.Fatalf("%s not installed", kind)
	}
	s := &browserSession{t: t, kind: kind, home: home, srv: srv, done: make(chan struct{})}
	start := "https://" + hostDriver + "/"
	var args []string
	switch kind {
	case "chromium":
		args = chromiumArgs(home, srv, opts.ExtDir, start)
	case "firefox":
		prof, err := firefoxProfile(home, srv, opts.ExtDir)
		if err != nil {
			t.Fatalf("firefox profile: %v", err)
		}
		args = []string{"--headless", "--no-remote", "--profile", prof}
		if opts.Remote {
			port, err := freePort()
			if err != nil {
				t.Fatal(err)
			}
			args = append(args, "--remote-debugging-port", strconv.Itoa(port))
			s.bidiPort = port
		}
		args = append(args, start)
		args = append(args, opts.ExtraTabs...)
	}
	s.cmd = exec.Command(bin, args...)
	var childFiles []*os.File
	if kind == "chromium" {
		c, toB, fromB, err := newCDPPipes()
		if err != nil {
			t.Fatal(err)
		}
		s.cdp = c
		s.cmd.ExtraFiles = []*os.File{toB, fromB} // fd 3, fd 4
		childFiles = []*os.File{toB, fromB}
	}
	s.cmd.Env = append(home.Env(), opts.Env...)
	s.cmd.Dir = home.Dir
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	s.logPath = filepath.Join(home.Dir, kind+".log")
	lf, err := os.Create(s.logPath)
	if err != nil {
		t.Fatal(err)
	}
	s.cmd.Stdout, s.cmd.Stderr = lf, lf
	srv.ResetBlocked()
	before := len(ofKind(srv.Events("driver"), "loaded"))
	s.started = time.Now()
	if err := s.cmd.Start(); err != nil {
		lf.Close()
		t.Fatalf("start %s: %v", kind, err)
	}
	for _, f := range childFiles {
		f.Close()
	}
	go func() {
		s.exitErr = s.cmd.Wait()
		lf.Close()
		close(s.done)
	}()
	t.Cleanup(s.Close)
	_, ok := srv.WaitFor("driver", startTimeout, func(evs []event) bool {
		return len(ofKind(evs, "loaded")) > before
	})
	if !ok {
		s.dumpLog()
		t.Fatalf("%s: start page did not load within %v (blocked: %v)", kind, startTimeout, srv.Blocked())
	}
	t.Logf("%s up in %v", kind, time.Since(s.started).Round(time.Millisecond))
	if s.bidiPort != 0 {
		b, err := dialBiDi(s.bidiPort)
		if err != nil {
			t.Logf("firefox: WebDriver BiDi not available: %v", err)
		} else {
			s.bidi = b
			s.activateDriverTab()
		}
	}
	return s
}

func chromiumArgs(home *fakeHome, srv *fixtureServer, ext, start string) []string {
	return []string{
		"--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-features=DisableLoadExtensionCommandLineSwitch,MediaRouter,OptimizationHints,Translate",
		"--disable-dev-shm-usage", "--password-store=basic", "--use-mock-keychain",
		// The profile lives where Chromium looks by default ($HOME/.config/chromium), so
		// the host manifest `otpfill install` writes there is the one used.
		"--user-data-dir=" + home.ChromiumDir(),
		"--load-extension=" + ext, "--disable-extensions-except=" + ext,
		"--proxy-server=http://" + srv.ProxyAddr(), "--proxy-bypass-list=<-loopback>",
		"--ignore-certificate-errors",
		"--window-size=1280,900", "--remote-debugging-pipe",
		start,
	}
}

// firefoxProfile writes a profile: prefs, the test CA in its NSS store and
// the extension as a sideloaded XPI.
func firefoxProfile(home *fakeHome, srv *fixtureServer, ext string) (string, error) {
	prof := filepath.Join(home.Dir, "ffprofile")
	if err := os.MkdirAll(filepath.Join(prof, "extensions"), 0o700); err != nil {
		return "", err
	}
	port := strconv.Itoa(srv.ProxyPort())
	prefs := map[string]string{
		"xpinstall.signatures.required":                   "false",
		"extensions.autoDisableScopes":                    "0",
		"extensions.enabledScopes":                        "15",
		"extensions.webextensions.uuids":                  strconv.Quote(`{"` + geckoID + `":"` + firefoxUUID + `"}`),
		"extensions.update.enabled":                       "false",
		"extensions.getAddons.cache.enabled":              "false",
		"extensions.systemAddon.update.enabled":           "false",
		"network.proxy.type":                              "1",
		"network.proxy.ssl":                               `"127.0.0.1"`,
		"network.proxy.ssl_port":                          port,
		"network.proxy.http":                              `"127.0.0.1"`,
		"network.proxy.http_port":                         port,
		"network.proxy.no_proxies_on":                     `""`,
		"network.proxy.allow_hijacking_localhost":         "true",
		"network.captive-portal-service.enabled":          "false",
		"network.connectivity-service.enabled":            "false",
		"network.dns.disablePrefetch":                     "true",
		"network.prefetch-next":                           "false",
		"browser.shell.checkDefaultBrowser":               "false",
		"browser.startup.homepage_override.mstone":        `"ignore"`,
		"browser.aboutwelcome.enabled":                    "false",
		"browser.newtabpage.enabled":                      "false",
		"browser.safebrowsing.malware.enabled":            "false",
		"browser.safebrowsing.phishing.enabled":           "false",
		"browser.safebrowsing.downloads.enabled":          "false",
		"browser.safebrowsing.blockedURIs.enabled":        "false",
		"browser.tabs.warnOnClose":                        "false",
		"browser.sessionstore.resume_from_crash":          "false",
		"browser.region.update.enabled":                   "false",
		"browser.search.update":                           "false",
		"app.update.enabled":                              "false",
		"app.update.auto":                                 "false",
		"app.normandy.enabled":                            "false",
		"datareporting.policy.dataSubmissionEnabled":      "false",
		"datareporting.healthreport.uploadEnabled":        "false",
		"toolkit.telemetry.reportingpolicy.firstRun":      "false",
		"toolkit.telemetry.enabled":                       "false",
		"security.OCSP.enabled":                           "0",
		"security.remote_settings.crlite_filters.enabled": "false",
		"services.settings.server":                        `"https://127.0.0.1:9/"`,
		"dom.disable_open_during_load":                    "false",
		"privacy.trackingprotection.enabled":              "false",
		"extensions.originControls.grantByDefault":        "true",
	}
	var b strings.Builder
	for k, v := range prefs {
		fmt.Fprintf(&b, "user_pref(%q, %s);\n", k, v)
	}
	if err := os.WriteFile(filepath.Join(prof, "user.js"), []byte(b.String()), 0o600); err != nil {
		return "", err
	}
	ca := filepath.Join(home.Dir, "ca.pem")
	if err := os.WriteFile(ca, srv.pki.CAPEM, 0o600); err != nil {
		return "", err
	}
	db := "sql:" + prof
	if out, err := exec.Command("certutil", "-N", "-d", db, "--empty-password").CombinedOutput(); err != nil {
		return "", fmt.Errorf("certutil -N: %v: %s", err, out)
	}
	if out, err := exec.Command("certutil", "-A", "-d", db, "-n", "otpfill-test", "-t", "C,,", "-i", ca).CombinedOutput(); err != nil {
		return "", fmt.Errorf("certutil -A: %v: %s", err, out)
	}
	if err := zipDir(ext, filepath.Join(prof, "extensions", geckoID+".xpi")); err != nil {
		return "", err
	}
	return prof, nil
}

// zipDir packs dir (its contents at the archive root) into dst.
func zipDir(dir, dst string) error {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if strings.HasSuffix(rel, ".go") || strings.HasSuffix(rel, "_test.js") {
			return nil
		}
		w, err := zw.Create(filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(w, f)
		return err
	})
	if err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(dst, buf.Bytes(), 0o600)
}

// Close asks the browser to quit (SIGTERM, which also makes it stop its
// native hosts) and kills it if it lingers.
func (s *browserSession) Close() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	select {
	case <-s.done:
		return
	default:
	}
	if s.bidi != nil {
		s.bidi.Close()
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(5 * time.Second):
		syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
		<-s.done
	}
	// Our own process group only: helpers the browser left behind.
	syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
}

// activateDriverTab brings the fixture tab to the front (Firefox opens
// extra start tabs after it, and background tabs get throttled timers).
func (s *browserSession) activateDriverTab() {
	ctxs, err := s.bidi.Contexts()
	if err != nil {
		return
	}
	for ctx, u := range ctxs {
		if strings.Contains(u, hostDriver) {
			s.bidi.Call("browsingContext.activate", map[string]any{"context": ctx})
		}
	}
}

// Alive reports whether the browser process still runs.
func (s *browserSession) Alive() bool {
	select {
	case <-s.done:
		return false
	default:
		return true
	}
}

func (s *browserSession) dumpLog() {
	b, _ := os.ReadFile(s.logPath)
	lines := strings.Split(string(b), "\n")
	var keep []string
	for _, l := range lines {
		if strings.Contains(l, "dbus") || strings.TrimSpace(l) == "" {
			continue
		}
		keep = append(keep, l)
	}
	if len(keep) > 40 {
		keep = keep[len(keep)-40:]
	}
	s.t.Logf("%s log (tail):\n%s", s.kind, strings.Join(keep, "\n"))
}

// Open navigates the tab to u and waits for the page to report loaded.
func (s *browserSession) Open(u, token string) bool {
	s.t.Helper()
	s.srv.Navigate(u)
	_, ok := s.srv.WaitFor(token, 15*time.Second, hasKind("loaded"))
	if !ok {
		s.t.Errorf("%s: page %s did not load (browser alive: %v, %d outside requests refused)", s.kind, u, s.Alive(), len(s.srv.Blocked()))
	}
	return ok
}
