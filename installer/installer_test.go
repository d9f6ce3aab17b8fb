package installer

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
)

func envOf(goos, home string, vars map[string]string) Env {
	return Env{GOOS: goos, Home: home, Getenv: func(k string) string { return vars[k] }}
}

func TestManifestDirs(t *testing.T) {
	lin := envOf("linux", "/home/ada", nil)
	linXDG := envOf("linux", "/home/ada", map[string]string{"XDG_CONFIG_HOME": "/cfg", "XDG_DATA_HOME": "/data"})
	mac := envOf("darwin", "/Users/ada", nil)
	win := envOf("windows", `C:\Users\ada`, map[string]string{"LOCALAPPDATA": `C:\Users\ada\AppData\Local`, "APPDATA": `C:\Users\ada\AppData\Roaming`})
	want := map[string][4]string{ // linux user, linux system, mac user, mac system
		"chrome":      {"/home/ada/.config/google-chrome/NativeMessagingHosts", "/etc/opt/chrome/native-messaging-hosts", "/Users/ada/Library/Application Support/Google/Chrome/NativeMessagingHosts", "/Library/Google/Chrome/NativeMessagingHosts"},
		"chrome-beta": {"/home/ada/.config/google-chrome-beta/NativeMessagingHosts", "/etc/opt/chrome/native-messaging-hosts", "/Users/ada/Library/Application Support/Google/Chrome Beta/NativeMessagingHosts", "/Library/Google/Chrome/NativeMessagingHosts"},
		"chrome-dev":  {"/home/ada/.config/google-chrome-unstable/NativeMessagingHosts", "/etc/opt/chrome/native-messaging-hosts", "/Users/ada/Library/Application Support/Google/Chrome Dev/NativeMessagingHosts", "/Library/Google/Chrome/NativeMessagingHosts"},
		"chromium":    {"/home/ada/.config/chromium/NativeMessagingHosts", "/etc/chromium/native-messaging-hosts", "/Users/ada/Library/Application Support/Chromium/NativeMessagingHosts", "/Library/Application Support/Chromium/NativeMessagingHosts"},
		"edge":        {"/home/ada/.config/microsoft-edge/NativeMessagingHosts", "/etc/opt/edge/native-messaging-hosts", "/Users/ada/Library/Application Support/Microsoft Edge/NativeMessagingHosts", "/Library/Microsoft/Edge/NativeMessagingHosts"},
		"edge-beta":   {"/home/ada/.config/microsoft-edge-beta/NativeMessagingHosts", "/etc/opt/edge/native-messaging-hosts", "/Users/ada/Library/Application Support/Microsoft Edge Beta/NativeMessagingHosts", "/Library/Microsoft/Edge/NativeMessagingHosts"},
		"edge-dev":    {"/home/ada/.config/microsoft-edge-dev/NativeMessagingHosts", "/etc/opt/edge/native-messaging-hosts", "/Users/ada/Library/Application Support/Microsoft Edge Dev/NativeMessagingHosts", "/Library/Microsoft/Edge/NativeMessagingHosts"},
		"brave":       {"/home/ada/.config/BraveSoftware/Brave-Browser/NativeMessagingHosts", "", "/Users/ada/Library/Application Support/BraveSoftware/Brave-Browser/NativeMessagingHosts", ""},
		"vivaldi":     {"/home/ada/.config/vivaldi/NativeMessagingHosts", "", "/Users/ada/Library/Application Support/Vivaldi/NativeMessagingHosts", ""},
		"firefox":     {"/home/ada/.mozilla/native-messaging-hosts", "/usr/lib/mozilla/native-messaging-hosts", "/Users/ada/Library/Application Support/Mozilla/NativeMessagingHosts", "/Library/Application Support/Mozilla/NativeMessagingHosts"},
		"librewolf":   {"/home/ada/.librewolf/native-messaging-hosts", "/usr/lib/librewolf/native-messaging-hosts", "/Users/ada/Library/Application Support/LibreWolf/NativeMessagingHosts", "/Library/Application Support/LibreWolf/NativeMessagingHosts"},
		"waterfox":    {"/home/ada/.waterfox/native-messaging-hosts", "", "/Users/ada/Library/Application Support/Waterfox/NativeMessagingHosts", ""},
	}
	winKeys := map[string]string{
		"chrome": `Software\Google\Chrome\NativeMessagingHosts\org.otpfill.host`, "chrome-beta": `Software\Google\Chrome\NativeMessagingHosts\org.otpfill.host`,
		"chrome-dev": `Software\Google\Chrome\NativeMessagingHosts\org.otpfill.host`, "chromium": `Software\Chromium\NativeMessagingHosts\org.otpfill.host`,
		"edge": `Software\Microsoft\Edge\NativeMessagingHosts\org.otpfill.host`, "edge-beta": `Software\Microsoft\Edge\NativeMessagingHosts\org.otpfill.host`,
		"edge-dev": `Software\Microsoft\Edge\NativeMessagingHosts\org.otpfill.host`, "brave": `Software\Google\Chrome\NativeMessagingHosts\org.otpfill.host`,
		"vivaldi": `Software\Google\Chrome\NativeMessagingHosts\org.otpfill.host`, "firefox": `Software\Mozilla\NativeMessagingHosts\org.otpfill.host`,
		"librewolf": `Software\Mozilla\NativeMessagingHosts\org.otpfill.host`, "waterfox": `Software\Mozilla\NativeMessagingHosts\org.otpfill.host`,
	}
	if len(want) != len(Browsers) {
		t.Fatalf("table covers %d of %d browsers", len(want), len(Browsers))
	}
	for _, b := range Browsers {
		w := want[b.Name]
		got := [4]string{lin.ManifestDir(b, false), lin.ManifestDir(b, true), mac.ManifestDir(b, false), mac.ManifestDir(b, true)}
		if got != w {
			t.Errorf("%s:\n got %q\nwant %q", b.Name, got, w)
		}
		if k := win.RegistryKey(b); k != winKeys[b.Name] {
			t.Errorf("%s: registry key %q", b.Name, k)
		}
		if d := win.ManifestDir(b, false); d != `C:\Users\ada\AppData\Local\otpfill\manifests\`+string(b.Family) {
			t.Errorf("%s: windows manifest dir %q", b.Name, d)
		}
		if lin.RegistryKey(b) != "" || mac.RegistryKey(b) != "" {
			t.Errorf("%s: registry key outside Windows", b.Name)
		}
		// XDG_CONFIG_HOME moves the Chrome family only; Mozilla's stay in ~.
		xdg := linXDG.ManifestDir(b, false)
		if (b.Family == Chrome) != strings.HasPrefix(xdg, "/cfg/") {
			t.Errorf("%s with XDG_CONFIG_HOME: %q", b.Name, xdg)
		}
	}
	installDirs := map[string]string{
		lin.InstallDir(false): "/home/ada/.local/share/otpfill", linXDG.InstallDir(false): "/data/otpfill",
		mac.InstallDir(false): "/Users/ada/Library/Application Support/otpfill", win.InstallDir(false): `C:\Users\ada\AppData\Local\otpfill`,
		lin.InstallDir(true): "/opt/otpfill", win.InstallDir(true): `C:\Program Files\otpfill`,
	}
	for got, want := range installDirs {
		if got != want {
			t.Errorf("install dir %q, want %q", got, want)
		}
	}
	ff, _ := Lookup("firefox")
	if d := lin.FlatpakManifestDir(ff); d != "/home/ada/.var/app/org.mozilla.firefox/.mozilla/native-messaging-hosts" {
		t.Error(d)
	}
	cr, _ := Lookup("chromium")
	if d := lin.FlatpakManifestDir(cr); d != "/home/ada/.var/app/org.chromium.Chromium/config/chromium/NativeMessagingHosts" {
		t.Error(d)
	}
	if d := win.DetectPaths(ff)[0]; d != `C:\Users\ada\AppData\Roaming\Mozilla\Firefox` {
		t.Error(d)
	}
	if _, ok := Lookup("firefox-esr"); !ok {
		t.Error("alias")
	}
}

func TestHostManifestFlavours(t *testing.T) {
	var c, f map[string]any
	json.Unmarshal(HostManifest(Chrome, "/x/otpfill", []string{"abcdefghijklmnopabcdefghijklmnop", "store@example.org"}), &c)
	json.Unmarshal(HostManifest(Firefox, "/x/otpfill", []string{"abcdefghijklmnopabcdefghijklmnop", "store@example.org"}), &f)
	if c["name"] != HostName || c["type"] != "stdio" || c["path"] != "/x/otpfill" || c["allowed_extensions"] != nil ||
		len(c["allowed_origins"].([]any)) != 2 || c["allowed_origins"].([]any)[0] != "chrome-extension://"+ChromeExtensionID+"/" {
		t.Errorf("chrome manifest %v", c)
	}
	if f["allowed_origins"] != nil || len(f["allowed_extensions"].([]any)) != 2 || f["allowed_extensions"].([]any)[0] != FirefoxExtensionID {
		t.Errorf("firefox manifest %v", f)
	}
}

var fakeExt = fstest.MapFS{
	"manifest.json":    {Data: []byte(`{"manifest_version":3,"browser_specific_settings":{"gecko":{"id":"otpfill@otpfill.org"}}}`)},
	"background.js":    {Data: []byte("// bg")},
	"popup/popup.html": {Data: []byte("<p>")},
}

// snapshot lists every path under root with its content (dirs as "/").
func snapshot(t *testing.T, root string) map[string]string {
	out := map[string]string{}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() {
			out[rel] = "/"
		} else {
			b, _ := os.ReadFile(p)
			out[rel] = string(b)
		}
		return nil
	})
	return out
}

func testOptions(t *testing.T, home string, browsers ...string) Options {
	exe := filepath.Join(t.TempDir(), "otpfill-build")
	os.WriteFile(exe, []byte("#!/bin/sh\nexit 0\n"), 0o755)
	return Options{Env: envOf("linux", home, nil), Browsers: browsers, Exe: exe, Ext: fakeExt, Registry: MapRegistry{}}
}

func TestInstallUninstallLeavesTheTreeAsItWas(t *testing.T) {
	home := t.TempDir()
	os.MkdirAll(filepath.Join(home, ".config", "chromium"), 0o700) // a Chromium profile: detected
	os.MkdirAll(filepath.Join(home, ".mozilla", "firefox"), 0o700)
	os.WriteFile(filepath.Join(home, ".bashrc"), []byte("x"), 0o644)
	before := snapshot(t, home)
	o := testOptions(t, home)
	o.Exists = func(p string) bool { // only what is in this home counts as installed
		if !strings.HasPrefix(p, home) {
			return false
		}
		_, err := os.Stat(p)
		return err == nil
	}
	res, err := Install(o)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, b := range res.Installed {
		names = append(names, b.Name)
	}
	sort.Strings(names)
	if strings.Join(names, ",") != "chromium,firefox" || len(res.Failed) != 0 {
		t.Fatalf("installed %v failed %v", names, res.Failed)
	}
	for _, p := range []string{
		".config/chromium/NativeMessagingHosts/org.otpfill.host.json", ".mozilla/native-messaging-hosts/org.otpfill.host.json",
		".local/share/otpfill/otpfill", ".local/share/otpfill/extension/popup/popup.html", ".local/share/otpfill/otpfill.xpi",
	} {
		if _, err := os.Stat(filepath.Join(home, p)); err != nil {
			t.Errorf("missing %s", p)
		}
	}
	zr, err := zip.OpenReader(res.XPI)
	if err != nil || len(zr.File) != 3 {
		t.Fatalf("xpi: %v", err)
	}
	zr.Close()
	var m map[string]any
	b, _ := os.ReadFile(filepath.Join(home, ".config/chromium/NativeMessagingHosts/org.otpfill.host.json"))
	json.Unmarshal(b, &m)
	if m["path"] != res.Binary {
		t.Fatalf("manifest path %v", m["path"])
	}
	// Re-installing is safe and changes nothing.
	mid := snapshot(t, home)
	if _, err := Install(o); err != nil {
		t.Fatal(err)
	}
	if again := snapshot(t, home); !equalMaps(mid, again) {
		t.Fatalf("reinstall changed the tree:\n%v\n%v", mid, again)
	}
	if _, err := Uninstall(o); err != nil {
		t.Fatal(err)
	}
	if after := snapshot(t, home); !equalMaps(before, after) {
		t.Fatalf("uninstall left:\n%v\nwant\n%v", after, before)
	}
	if _, err := Uninstall(o); err == nil {
		t.Fatal("second uninstall had something to do")
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestMalformedManifestIsReplacedWithAWarning(t *testing.T) {
	home := t.TempDir()
	p := filepath.Join(home, ".mozilla", "native-messaging-hosts", "org.otpfill.host.json")
	os.MkdirAll(filepath.Dir(p), 0o755)
	os.WriteFile(p, []byte("{not json"), 0o644)
	var out bytes.Buffer
	o := testOptions(t, home, "firefox")
	o.Out = &out
	if _, err := Install(o); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	if !json.Valid(b) || !strings.Contains(out.String(), "malformed") {
		t.Fatalf("manifest %q, output %q", b, out.String())
	}
}

func TestUnwritableBrowserDoesNotStopTheOthers(t *testing.T) {
	home := t.TempDir()
	// A regular file where Chromium's config directory should be: writing
	// under it fails even for root.
	os.MkdirAll(filepath.Join(home, ".config"), 0o755)
	os.WriteFile(filepath.Join(home, ".config", "chromium"), []byte("not a dir"), 0o644)
	res, err := Install(testOptions(t, home, "chromium", "firefox"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed["chromium"] == nil || len(res.Installed) != 1 || res.Installed[0].Name != "firefox" {
		t.Fatalf("installed %v failed %v", res.Installed, res.Failed)
	}
	if !strings.Contains(res.Failed["chromium"].Error(), ".config/chromium") {
		t.Errorf("error does not say where: %v", res.Failed["chromium"])
	}
}

func TestDryRunWritesNothing(t *testing.T) {
	home := t.TempDir()
	before := snapshot(t, home)
	var out bytes.Buffer
	o := testOptions(t, home, "chromium", "firefox")
	o.DryRun, o.Out = true, &out
	if _, err := Install(o); err != nil {
		t.Fatal(err)
	}
	if after := snapshot(t, home); !equalMaps(before, after) {
		t.Fatalf("dry run wrote %v", after)
	}
	if !strings.Contains(out.String(), "would write "+filepath.Join(home, ".mozilla/native-messaging-hosts/org.otpfill.host.json")) {
		t.Fatalf("dry run said %q", out.String())
	}
}

func TestUnknownBrowser(t *testing.T) {
	if _, err := Install(testOptions(t, t.TempDir(), "netscape")); err == nil || !strings.Contains(err.Error(), "known:") {
		t.Fatal(err)
	}
}

func TestWindowsRegistry(t *testing.T) {
	local := t.TempDir()
	reg := MapRegistry{}
	o := testOptions(t, local, "chrome", "edge", "firefox")
	o.Env = envOf("windows", local, map[string]string{"LOCALAPPDATA": local})
	o.Registry = reg
	if _, err := Install(o); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{`HKCU\Software\Google\Chrome\NativeMessagingHosts\org.otpfill.host`,
		`HKCU\Software\Microsoft\Edge\NativeMessagingHosts\org.otpfill.host`, `HKCU\Software\Mozilla\NativeMessagingHosts\org.otpfill.host`} {
		v, ok := reg[k]
		if !ok || !strings.HasSuffix(v, `manifests\`+map[bool]string{true: "firefox", false: "chrome"}[strings.Contains(k, "Mozilla")]+`\org.otpfill.host.json`) {
			t.Errorf("%s = %q", k, v)
		}
	}
	// A key another program took over since is left alone.
	reg[`HKCU\Software\Microsoft\Edge\NativeMessagingHosts\org.otpfill.host`] = `D:\other.json`
	if _, err := Uninstall(o); err != nil {
		t.Fatal(err)
	}
	if len(reg) != 1 {
		t.Fatalf("registry after uninstall: %v", reg)
	}
}

func TestFlatpakGetsAWrapperAndAdvice(t *testing.T) {
	home := t.TempDir()
	os.MkdirAll(filepath.Join(home, ".var", "app", "org.mozilla.firefox"), 0o700)
	res, err := Install(testOptions(t, home, "firefox"))
	if err != nil {
		t.Fatal(err)
	}
	m := filepath.Join(home, ".var/app/org.mozilla.firefox/.mozilla/native-messaging-hosts/org.otpfill.host.json")
	b, err := os.ReadFile(m)
	if err != nil || !strings.Contains(string(b), "otpfill-host") {
		t.Fatalf("flatpak manifest: %v %s", err, b)
	}
	script, _ := os.ReadFile(filepath.Join(home, ".var/app/org.mozilla.firefox/data/otpfill/otpfill-host"))
	if !strings.Contains(string(script), "flatpak-spawn --host '"+res.Binary+"'") {
		t.Fatalf("wrapper %s", script)
	}
	if len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "flatpak override --user --talk-name=org.freedesktop.Flatpak org.mozilla.firefox") {
		t.Fatalf("notes %v", res.Notes)
	}
}

func TestFlatpakOnlyBrowserIsFound(t *testing.T) {
	home := t.TempDir()
	os.MkdirAll(filepath.Join(home, ".var", "app", "org.mozilla.firefox"), 0o700)
	o := testOptions(t, home)
	o.Exists = func(p string) bool { // nothing outside this home is installed
		if !strings.HasPrefix(p, home) {
			return false
		}
		_, err := os.Stat(p)
		return err == nil
	}
	res, err := Install(o)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Installed) != 1 || res.Installed[0].Name != "firefox" || len(res.Notes) != 1 {
		t.Fatalf("installed %v notes %v", res.Installed, res.Notes)
	}
	if _, err := os.Stat(filepath.Join(home, ".var/app/org.mozilla.firefox/.mozilla/native-messaging-hosts/org.otpfill.host.json")); err != nil {
		t.Fatal(err)
	}
}

func TestExtraIDsAreValidated(t *testing.T) {
	home := t.TempDir()
	o := testOptions(t, home, "chromium", "firefox")
	o.ExtraIDs = []string{"NOT-AN-ID"}
	if _, err := Install(o); err == nil || !strings.Contains(err.Error(), "NOT-AN-ID") {
		t.Fatalf("bad id accepted: %v", err)
	}
	if _, err := os.Stat(o.Env.InstallDir(false)); err == nil {
		t.Fatal("a rejected install wrote files")
	}
	o.ExtraIDs = []string{"abcdefghijklmnopabcdefghijklmnop", "{0f1e2d3c-0000-4000-8000-000000000000}"}
	if _, err := Install(o); err != nil {
		t.Fatal(err)
	}
	if ids := ExtraIDsNear(filepath.Join(o.Env.InstallDir(false), "otpfill")); len(ids) != 2 {
		t.Fatalf("recorded ids %v", ids)
	}
}

func TestDryRunAnnouncesEachDirectoryOnce(t *testing.T) {
	var out bytes.Buffer
	o := testOptions(t, t.TempDir(), "chromium", "firefox")
	o.DryRun, o.Out = true, &out
	if _, err := Install(o); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if seen[l] {
			t.Errorf("said twice: %s", l)
		}
		seen[l] = true
	}
}

func TestQuote(t *testing.T) {
	for _, c := range []struct{ goos, in, want string }{
		{"linux", "/home/ada/.local/share/otpfill/otpfill", "/home/ada/.local/share/otpfill/otpfill"},
		{"darwin", "/Users/ada/Library/Application Support/otpfill/otpfill", "'/Users/ada/Library/Application Support/otpfill/otpfill'"},
		{"darwin", "/Users/o'neil/otpfill", `'/Users/o'\''neil/otpfill'`},
		{"windows", `C:\Users\ada\AppData\Local\otpfill\otpfill.exe`, `C:\Users\ada\AppData\Local\otpfill\otpfill.exe`},
		{"windows", `C:\Users\Ada Lovelace\AppData\Local\otpfill\otpfill.exe`, `"C:\Users\Ada Lovelace\AppData\Local\otpfill\otpfill.exe"`},
	} {
		if got := Quote(c.goos, c.in); got != c.want {
			t.Errorf("Quote(%s, %q) = %q, want %q", c.goos, c.in, got, c.want)
		}
	}
}
