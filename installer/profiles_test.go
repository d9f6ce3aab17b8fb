package installer

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/otpfill/otpfill/extension"
)

func chromePrefs(settings string) string {
	return `{"extensions":{"settings":{` + settings + `}},"profile":{"name":"Person 1"}}`
}

func TestChromeExtensionState(t *testing.T) {
	id := extension.DevChromeID
	for _, c := range []struct {
		name, prefs string
		want        ExtState
	}{
		{"absent", chromePrefs(`"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa":{"state":1}`), ExtAbsent},
		{"no extensions key", `{"browser":{}}`, ExtAbsent},
		{"enabled, no state (new Chrome)", chromePrefs(`"` + id + `":{"location":4,"path":"/x"}`), ExtEnabled},
		{"enabled, state 1", chromePrefs(`"` + id + `":{"state":1}`), ExtEnabled},
		{"disabled, state 0", chromePrefs(`"` + id + `":{"state":0,"disable_reasons":1}`), ExtDisabled},
		{"disabled, reasons list", chromePrefs(`"` + id + `":{"disable_reasons":[1]}`), ExtDisabled},
		{"enabled, empty reasons", chromePrefs(`"` + id + `":{"disable_reasons":[]}`), ExtEnabled},
		{"enabled, reasons 0", chromePrefs(`"` + id + `":{"disable_reasons":0}`), ExtEnabled},
		{"uninstalled external", chromePrefs(`"` + id + `":{"state":2}`), ExtAbsent},
	} {
		got, err := ChromeExtensionState([]byte(c.prefs), []string{id})
		if err != nil || got != c.want {
			t.Errorf("%s: %v %v, want %v", c.name, got, err, c.want)
		}
	}
	if _, err := ChromeExtensionState([]byte("{"), []string{id}); err == nil {
		t.Error("bad JSON accepted")
	}
}

func TestFirefoxExtensionState(t *testing.T) {
	for _, c := range []struct {
		json string
		want ExtState
	}{
		{`{"schemaVersion":36,"addons":[{"id":"other@x","active":true}]}`, ExtAbsent},
		{`{"addons":[{"id":"otpfill@otpfill.org","active":true,"userDisabled":false}]}`, ExtEnabled},
		{`{"addons":[{"id":"otpfill@otpfill.org","active":false,"userDisabled":true}]}`, ExtDisabled},
		{`{"addons":[]}`, ExtAbsent},
	} {
		got, err := FirefoxExtensionState([]byte(c.json), extension.Known.Firefox)
		if err != nil || got != c.want {
			t.Errorf("%s: %v %v, want %v", c.json, got, err, c.want)
		}
	}
}

// fabricate writes a browser profile file under home.
func fabricate(t *testing.T, path, content string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o700)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestDoctorChecksTheExtensionInProfiles(t *testing.T) {
	home := t.TempDir()
	o := testOptions(t, home, "chromium", "firefox")
	o.Exe = buildHost(t)
	if _, err := Install(o); err != nil {
		t.Fatal(err)
	}
	okVault := func(string) error { return nil }
	find := func(subject string) (Finding, bool) {
		for _, f := range Doctor(o, "/v", okVault) {
			if f.Subject == subject {
				return f, true
			}
		}
		return Finding{}, false
	}
	// No profile yet (browser never started): nothing to say.
	if f, ok := find("Chromium extension"); ok {
		t.Errorf("finding without a profile: %+v", f)
	}
	chromium := filepath.Join(home, ".config", "chromium")
	fabricate(t, filepath.Join(chromium, "Default", "Preferences"), chromePrefs(""))
	fabricate(t, filepath.Join(chromium, "Default", "Secure Preferences"), `{"extensions":{"settings":{}}}`)
	fabricate(t, filepath.Join(chromium, "Guest Profile", "Preferences"), chromePrefs(`"`+extension.DevChromeID+`":{}`))
	ffProfile := filepath.Join(home, ".mozilla", "firefox", "ab12.default-esr")
	fabricate(t, filepath.Join(ffProfile, "prefs.js"), "")
	f, _ := find("Chromium extension")
	if f.OK || !strings.Contains(f.Problem, "not installed in Chromium (profile Default)") || !strings.Contains(f.Fix, "chrome://extensions") ||
		!strings.Contains(f.Fix, filepath.Join(o.Env.InstallDir(false), "extension")) {
		t.Errorf("missing in Chromium: %+v", f)
	}
	f, _ = find("Firefox extension")
	if f.OK || !strings.Contains(f.Problem, "not installed in Firefox") || !strings.Contains(f.Fix, "otpfill.xpi") {
		t.Errorf("missing in Firefox: %+v", f)
	}
	// Turned off in one profile, on in another (Secure Preferences holds it, as on Windows and macOS).
	fabricate(t, filepath.Join(chromium, "Default", "Secure Preferences"), chromePrefs(`"`+extension.DevChromeID+`":{"disable_reasons":[1]}`))
	if f, _ := find("Chromium extension"); f.OK || !strings.Contains(f.Problem, "turned off") || f.Fix != "turn otpfill on at chrome://extensions" {
		t.Errorf("disabled: %+v", f)
	}
	fabricate(t, filepath.Join(chromium, "Profile 2", "Preferences"), chromePrefs(`"`+extension.DevChromeID+`":{"state":1}`))
	if f, _ := find("Chromium extension"); !f.OK || f.Problem != "enabled in profile Profile 2" {
		t.Errorf("enabled: %+v", f)
	}
	fabricate(t, filepath.Join(ffProfile, "extensions.json"), `{"addons":[{"id":"otpfill@otpfill.org","active":true}]}`)
	if f, _ := find("Firefox extension"); !f.OK {
		t.Errorf("enabled in Firefox: %+v", f)
	}
	// Uninstall names each browser the extension is in, and speaks of registry keys only on Windows.
	steps := ExtensionRemovalSteps(o)
	if !slices.Equal(steps, []string{"Chromium: remove the otpfill extension at chrome://extensions", "Firefox: remove the otpfill extension at about:addons"}) {
		t.Errorf("removal steps %q", steps)
	}
	if s := UninstallSummary("linux", 3); strings.Contains(s, "registry") {
		t.Error(s)
	}
	if s := UninstallSummary("windows", 3); !strings.Contains(s, "registry keys") {
		t.Error(s)
	}
}

func TestRemovalStepsFromTheInstallRecord(t *testing.T) {
	home := t.TempDir()
	o := testOptions(t, home, "edge", "firefox")
	if _, err := Install(o); err != nil {
		t.Fatal(err)
	}
	steps := ExtensionRemovalSteps(o)
	if !slices.Equal(steps, []string{"Microsoft Edge: remove the otpfill extension at edge://extensions", "Firefox: remove the otpfill extension at about:addons"}) {
		t.Errorf("steps %q", steps)
	}
}

func TestProfileRoots(t *testing.T) {
	lin := envOf("linux", "/home/ada", nil)
	mac := envOf("darwin", "/Users/ada", nil)
	win := envOf("windows", `C:\Users\ada`, map[string]string{"LOCALAPPDATA": `C:\L`, "APPDATA": `C:\R`})
	ff, _ := Lookup("firefox")
	ch, _ := Lookup("chrome")
	for got, want := range map[string]string{
		lin.ProfileRoot(ff): "/home/ada/.mozilla/firefox", lin.ProfileRoot(ch): "/home/ada/.config/google-chrome",
		mac.ProfileRoot(ff): "/Users/ada/Library/Application Support/Firefox/Profiles", mac.ProfileRoot(ch): "/Users/ada/Library/Application Support/Google/Chrome",
		win.ProfileRoot(ff): `C:\R\Mozilla\Firefox\Profiles`, win.ProfileRoot(ch): `C:\L\Google\Chrome\User Data`,
	} {
		if got != want {
			t.Errorf("profile root %q, want %q", got, want)
		}
	}
	for _, b := range Browsers {
		if b.Family == Firefox && (b.LinuxProfiles == "" || b.MacProfiles == "" || b.WinProfiles == "") {
			t.Errorf("%s has no profile directories", b.Name)
		}
	}
}

func TestDoctorFallsBackToTheSystemRegistration(t *testing.T) {
	local := t.TempDir()
	reg := MapRegistry{}
	o := testOptions(t, local, "chrome")
	o.Env = envOf("windows", local, map[string]string{"LOCALAPPDATA": local})
	o.Registry = reg
	o.Exe = buildHost(t)
	// A machine-wide install only: HKLM points at a manifest; HKCU has nothing.
	manifest := filepath.Join(t.TempDir(), "org.otpfill.host.json")
	os.WriteFile(manifest, HostManifest(Chrome, o.Exe, nil), 0o644)
	reg.SetDefault(LocalMachine, o.Env.RegistryKey(Browsers[0]), manifest)
	fs := Doctor(o, "/v", func(string) error { return nil })
	if len(fs) == 0 || fs[0].Subject != "Google Chrome (system-wide)" || !fs[0].OK {
		t.Fatalf("findings %+v", fs)
	}
	// A broken machine-wide manifest is named, with the machine-wide fix.
	var m map[string]any
	json.Unmarshal(HostManifest(Chrome, "/nowhere/otpfill", nil), &m)
	b, _ := json.Marshal(m)
	os.WriteFile(manifest, b, 0o644)
	fs = Doctor(o, "/v", func(string) error { return nil })
	if fs[0].OK || !strings.Contains(fs[0].Fix, "install --system --browser chrome") {
		t.Fatalf("findings %+v", fs)
	}
}

func FuzzChromeExtensionState(f *testing.F) {
	f.Add([]byte(chromePrefs(`"` + extension.DevChromeID + `":{"disable_reasons":[1]}`)))
	f.Add([]byte(`{"extensions":{"settings":{"x":1}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		st, err := ChromeExtensionState(data, extension.Known.Chrome)
		if err != nil && st != ExtAbsent {
			t.Fatal("state with an error")
		}
	})
}

func FuzzFirefoxExtensionState(f *testing.F) {
	f.Add([]byte(`{"addons":[{"id":"otpfill@otpfill.org","active":true}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		st, err := FirefoxExtensionState(data, extension.Known.Firefox)
		if err != nil && st != ExtAbsent {
			t.Fatal("state with an error")
		}
	})
}
