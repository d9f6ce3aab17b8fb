package e2e

import (
	"encoding/json"
	"os"
	"testing"
)

// The layout the otpfill .deb/.rpm installs (installer.Stage writes it).
const (
	systemBin = "/usr/bin/otpfill"
	systemExt = "/usr/share/otpfill/extension"
)

// systemManifests are where Debian's chromium and firefox-esr read
// machine-wide host manifests.
var systemManifests = map[string]string{
	"chromium": "/etc/chromium/native-messaging-hosts/" + hostName + ".json",
	"firefox":  "/usr/lib/mozilla/native-messaging-hosts/" + hostName + ".json",
}

// TestSystemInstall fills one code in Chromium and one in Firefox with
// otpfill registered only machine-wide, as the package installs it: the
// binary, the extension and the manifests are the package's, the home has
// no user-level manifest. It needs the package installed, so it runs only
// with OTPFILL_E2E_SYSTEM=1 (.ci/run installs the .deb first).
func TestSystemInstall(t *testing.T) {
	if os.Getenv("OTPFILL_E2E_SYSTEM") != "1" {
		t.Skip("OTPFILL_E2E_SYSTEM=1 runs this against an installed otpfill package")
	}
	for _, p := range []string{systemBin, systemExt + "/manifest.json"} {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("the otpfill package is not installed: %v", err)
		}
	}
	c := fillCases()[0] // classic work-account code page
	if c.Expect != expectFill || c.Account == nil {
		t.Fatalf("first fill case %q is not a fill", c.Name)
	}
	if c.Account.Secret == "" {
		c.Account.Secret = randomSecret()
	}
	for _, kind := range []string{"chromium", "firefox"} {
		t.Run(kind, func(t *testing.T) {
			needBrowser(t, kind)
			var m struct {
				Path string `json:"path"`
			}
			b, err := os.ReadFile(systemManifests[kind])
			if err != nil || json.Unmarshal(b, &m) != nil || m.Path != systemBin {
				t.Fatalf("machine-wide manifest %s: %v, path %q", systemManifests[kind], err, m.Path)
			}
			srv := fixtures(t)
			home := newFakeHome(t, "system-"+kind)
			home.Bin = systemBin
			if err := home.MakeVault([]testAccount{*c.Account}); err != nil {
				t.Fatalf("vault: %v", err)
			}
			if _, err := os.Stat(home.manifestPath(kind)); err == nil {
				t.Fatalf("%s exists: the fill would not go through the machine-wide registration", home.manifestPath(kind))
			}
			bs := startBrowser(t, kind, home, srv, browserOpts{ExtDir: systemExt,
				Env: []string{"OTPFILL_PASSPHRASE_FILE=" + home.PassFile}})
			runFillCase(t, bs, srv, c, true)
			if !bs.Alive() {
				bs.dumpLog()
				t.Fatalf("%s died", kind)
			}
		})
	}
}
