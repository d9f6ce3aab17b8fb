// Package installer registers otpfill's native-messaging host with every
// browser on Linux, macOS and Windows, and takes it away again. The path
// tables are plain data and functions of (OS, home, environment) so every
// OS's layout is tested on any OS.
package installer

import (
	"path/filepath"
	"strings"
)

// HostName is the native-messaging host name the extension connects to.
const HostName = "org.otpfill.host"

// Family decides the manifest flavour: Chromium-based browsers need
// allowed_origins, Firefox-based ones allowed_extensions (and reject the other key).
type Family string

const (
	Chrome  Family = "chrome"
	Firefox Family = "firefox"
)

// Browser is one browser (or channel) and where it looks for hosts.
type Browser struct {
	Name   string // --browser name
	Label  string
	Family Family
	// Linux: directory under $XDG_CONFIG_HOME (Chrome family) or under $HOME
	// (Firefox family, e.g. ".mozilla") that holds the profile.
	LinuxConfig string
	LinuxSystem string // machine-wide manifest directory, "" where the vendor documents none
	// More machine-wide directories some distributions use (Fedora's
	// 64-bit Firefox reads /usr/lib64/mozilla); the packages fill them too.
	LinuxSystemAlt []string
	LinuxExe       []string // executables that mean "installed"
	Flatpak        string   // Flatpak app id
	Snap           string   // snap name
	// macOS: directory under ~/Library/Application Support (and /Library/... for --system).
	MacSupport string
	MacSystem  string
	MacApp     string // /Applications/<MacApp>
	// Windows: registry path under HKCU/HKLM\Software, and the profile
	// directory under %LOCALAPPDATA% (Chrome) or %APPDATA% (Firefox).
	// Brave and Vivaldi read Chrome's key, and Firefox forks Mozilla's
	// (the path is hard-coded in Firefox's NativeManifests), as KeePassXC's
	// installer does.
	WinRegistry string
	WinProfile  string
	// Firefox family: the directory holding the profiles, under $HOME,
	// ~/Library/Application Support and %APPDATA%. (Chrome family
	// profiles are in the directories above: Default, Profile 1, ...)
	LinuxProfiles, MacProfiles, WinProfiles string
}

// Browsers is every browser otpfill knows, in the order they are shown.
var Browsers = []Browser{
	{Name: "chrome", Label: "Google Chrome", Family: Chrome,
		LinuxConfig: "google-chrome", LinuxSystem: "/etc/opt/chrome/native-messaging-hosts", LinuxExe: []string{"google-chrome", "google-chrome-stable"}, Flatpak: "com.google.Chrome",
		MacSupport: "Google/Chrome", MacSystem: "/Library/Google/Chrome/NativeMessagingHosts", MacApp: "Google Chrome.app",
		WinRegistry: `Google\Chrome`, WinProfile: `Google\Chrome\User Data`},
	{Name: "chrome-beta", Label: "Google Chrome Beta", Family: Chrome,
		LinuxConfig: "google-chrome-beta", LinuxSystem: "/etc/opt/chrome/native-messaging-hosts", LinuxExe: []string{"google-chrome-beta"},
		MacSupport: "Google/Chrome Beta", MacSystem: "/Library/Google/Chrome/NativeMessagingHosts", MacApp: "Google Chrome Beta.app",
		WinRegistry: `Google\Chrome`, WinProfile: `Google\Chrome Beta\User Data`},
	{Name: "chrome-dev", Label: "Google Chrome Dev", Family: Chrome,
		LinuxConfig: "google-chrome-unstable", LinuxSystem: "/etc/opt/chrome/native-messaging-hosts", LinuxExe: []string{"google-chrome-unstable"},
		MacSupport: "Google/Chrome Dev", MacSystem: "/Library/Google/Chrome/NativeMessagingHosts", MacApp: "Google Chrome Dev.app",
		WinRegistry: `Google\Chrome`, WinProfile: `Google\Chrome Dev\User Data`},
	{Name: "chromium", Label: "Chromium", Family: Chrome,
		LinuxConfig: "chromium", LinuxSystem: "/etc/chromium/native-messaging-hosts", LinuxExe: []string{"chromium", "chromium-browser"}, Flatpak: "org.chromium.Chromium", Snap: "chromium",
		MacSupport: "Chromium", MacSystem: "/Library/Application Support/Chromium/NativeMessagingHosts", MacApp: "Chromium.app",
		WinRegistry: `Chromium`, WinProfile: `Chromium\User Data`},
	{Name: "edge", Label: "Microsoft Edge", Family: Chrome,
		LinuxConfig: "microsoft-edge", LinuxSystem: "/etc/opt/edge/native-messaging-hosts", LinuxExe: []string{"microsoft-edge", "microsoft-edge-stable"}, Flatpak: "com.microsoft.Edge",
		MacSupport: "Microsoft Edge", MacSystem: "/Library/Microsoft/Edge/NativeMessagingHosts", MacApp: "Microsoft Edge.app",
		WinRegistry: `Microsoft\Edge`, WinProfile: `Microsoft\Edge\User Data`},
	{Name: "edge-beta", Label: "Microsoft Edge Beta", Family: Chrome,
		LinuxConfig: "microsoft-edge-beta", LinuxSystem: "/etc/opt/edge/native-messaging-hosts", LinuxExe: []string{"microsoft-edge-beta"},
		MacSupport: "Microsoft Edge Beta", MacSystem: "/Library/Microsoft/Edge/NativeMessagingHosts", MacApp: "Microsoft Edge Beta.app",
		WinRegistry: `Microsoft\Edge`, WinProfile: `Microsoft\Edge Beta\User Data`},
	{Name: "edge-dev", Label: "Microsoft Edge Dev", Family: Chrome,
		LinuxConfig: "microsoft-edge-dev", LinuxSystem: "/etc/opt/edge/native-messaging-hosts", LinuxExe: []string{"microsoft-edge-dev"},
		MacSupport: "Microsoft Edge Dev", MacSystem: "/Library/Microsoft/Edge/NativeMessagingHosts", MacApp: "Microsoft Edge Dev.app",
		WinRegistry: `Microsoft\Edge`, WinProfile: `Microsoft\Edge Dev\User Data`},
	{Name: "brave", Label: "Brave", Family: Chrome,
		LinuxConfig: "BraveSoftware/Brave-Browser", LinuxSystem: "", LinuxExe: []string{"brave-browser", "brave"}, Flatpak: "com.brave.Browser", Snap: "brave",
		MacSupport: "BraveSoftware/Brave-Browser", MacSystem: "", MacApp: "Brave Browser.app",
		WinRegistry: `Google\Chrome`, WinProfile: `BraveSoftware\Brave-Browser\User Data`},
	{Name: "vivaldi", Label: "Vivaldi", Family: Chrome,
		LinuxConfig: "vivaldi", LinuxSystem: "", LinuxExe: []string{"vivaldi", "vivaldi-stable"}, Flatpak: "com.vivaldi.Vivaldi",
		MacSupport: "Vivaldi", MacSystem: "", MacApp: "Vivaldi.app",
		WinRegistry: `Google\Chrome`, WinProfile: `Vivaldi\User Data`},
	{Name: "firefox", Label: "Firefox", Family: Firefox,
		LinuxConfig: ".mozilla", LinuxSystem: "/usr/lib/mozilla/native-messaging-hosts", LinuxSystemAlt: []string{"/usr/lib64/mozilla/native-messaging-hosts"}, LinuxExe: []string{"firefox", "firefox-esr"}, Flatpak: "org.mozilla.firefox", Snap: "firefox",
		MacSupport: "Mozilla", MacSystem: "/Library/Application Support/Mozilla/NativeMessagingHosts", MacApp: "Firefox.app",
		WinRegistry: `Mozilla`, WinProfile: `Mozilla\Firefox`,
		LinuxProfiles: ".mozilla/firefox", MacProfiles: "Firefox/Profiles", WinProfiles: `Mozilla\Firefox\Profiles`},
	{Name: "librewolf", Label: "LibreWolf", Family: Firefox,
		LinuxConfig: ".librewolf", LinuxSystem: "/usr/lib/librewolf/native-messaging-hosts", LinuxExe: []string{"librewolf"}, Flatpak: "io.gitlab.librewolf-community",
		MacSupport: "LibreWolf", MacSystem: "/Library/Application Support/LibreWolf/NativeMessagingHosts", MacApp: "LibreWolf.app",
		WinRegistry: `Mozilla`, WinProfile: `librewolf`,
		LinuxProfiles: ".librewolf", MacProfiles: "librewolf/Profiles", WinProfiles: `librewolf\Profiles`},
	{Name: "waterfox", Label: "Waterfox", Family: Firefox,
		LinuxConfig: ".waterfox", LinuxSystem: "", LinuxExe: []string{"waterfox"}, Flatpak: "net.waterfox.waterfox",
		MacSupport: "Waterfox", MacSystem: "", MacApp: "Waterfox.app",
		WinRegistry: `Mozilla`, WinProfile: `Waterfox`,
		LinuxProfiles: ".waterfox", MacProfiles: "Waterfox/Profiles", WinProfiles: `Waterfox\Profiles`},
}

// Lookup finds a browser by --browser name (a few aliases accepted).
func Lookup(name string) (Browser, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	switch name {
	case "google-chrome", "chrome-stable":
		name = "chrome"
	case "msedge", "microsoft-edge":
		name = "edge"
	case "firefox-esr":
		name = "firefox"
	case "brave-browser":
		name = "brave"
	}
	for _, b := range Browsers {
		if b.Name == name {
			return b, true
		}
	}
	return Browser{}, false
}

// Env is the part of the machine the tables depend on.
type Env struct {
	GOOS   string
	Home   string
	Getenv func(string) string
}

func (e Env) get(k string) string {
	if e.Getenv == nil {
		return ""
	}
	return e.Getenv(k)
}

// join builds a path in the target OS's syntax, whatever OS runs the code.
func (e Env) join(parts ...string) string {
	if e.GOOS == "windows" {
		return strings.Join(parts, `\`)
	}
	return filepath.ToSlash(strings.Join(parts, "/"))
}

// xdgConfig is $XDG_CONFIG_HOME or ~/.config.
func (e Env) xdgConfig() string {
	if d := e.get("XDG_CONFIG_HOME"); d != "" && strings.HasPrefix(d, "/") {
		return d
	}
	return e.join(e.Home, ".config")
}

func (e Env) localAppData() string {
	if d := e.get("LOCALAPPDATA"); d != "" {
		return d
	}
	return e.join(e.Home, "AppData", "Local")
}

func (e Env) appData() string {
	if d := e.get("APPDATA"); d != "" {
		return d
	}
	return e.join(e.Home, "AppData", "Roaming")
}

// InstallDir is where the binary, the extension and the state file go.
func (e Env) InstallDir(system bool) string {
	switch e.GOOS {
	case "windows":
		if system {
			pf := e.get("ProgramFiles")
			if pf == "" {
				pf = `C:\Program Files`
			}
			return e.join(pf, "otpfill")
		}
		return e.join(e.localAppData(), "otpfill")
	case "darwin":
		if system {
			return "/Library/Application Support/otpfill"
		}
		return e.join(e.Home, "Library", "Application Support", "otpfill")
	default:
		if system {
			return "/opt/otpfill"
		}
		if d := e.get("XDG_DATA_HOME"); d != "" && strings.HasPrefix(d, "/") {
			return e.join(d, "otpfill")
		}
		return e.join(e.Home, ".local", "share", "otpfill")
	}
}

// ManifestDir is where b reads host manifests on e's OS. On Windows it is a
// directory of ours (the registry points the browser at the file).
func (e Env) ManifestDir(b Browser, system bool) string {
	switch e.GOOS {
	case "windows":
		return e.join(e.InstallDir(system), "manifests", string(b.Family))
	case "darwin":
		if system {
			return b.MacSystem
		}
		return e.join(e.Home, "Library", "Application Support", b.MacSupport, "NativeMessagingHosts")
	default:
		if system {
			return b.LinuxSystem
		}
		if b.Family == Firefox {
			return e.join(e.Home, b.LinuxConfig, "native-messaging-hosts")
		}
		return e.join(e.xdgConfig(), b.LinuxConfig, "NativeMessagingHosts")
	}
}

// ManifestPath is the host manifest file for b.
func (e Env) ManifestPath(b Browser, system bool) string {
	d := e.ManifestDir(b, system)
	if d == "" {
		return ""
	}
	return e.join(d, HostName+".json")
}

// SystemManifestPaths are every machine-wide manifest file for b on e's OS
// (Linux: the main directory and the alternatives), none when b has none.
func (e Env) SystemManifestPaths(b Browser) []string {
	p := e.ManifestPath(b, true)
	if p == "" {
		return nil
	}
	out := []string{p}
	if e.GOOS == "linux" {
		for _, d := range b.LinuxSystemAlt {
			out = append(out, e.join(d, HostName+".json"))
		}
	}
	return out
}

// RegistryKey is the key (under HKCU or HKLM) whose default value names the
// manifest file, on Windows; "" elsewhere.
func (e Env) RegistryKey(b Browser) string {
	if e.GOOS != "windows" {
		return ""
	}
	return `Software\` + b.WinRegistry + `\NativeMessagingHosts\` + HostName
}

// DetectPaths are paths whose existence means b is installed for this user.
func (e Env) DetectPaths(b Browser) []string {
	switch e.GOOS {
	case "windows":
		if b.Family == Firefox {
			return []string{e.join(e.appData(), b.WinProfile)}
		}
		return []string{e.join(e.localAppData(), b.WinProfile)}
	case "darwin":
		return []string{e.join(e.Home, "Library", "Application Support", b.MacSupport), e.join("/Applications", b.MacApp)}
	default:
		var out []string
		if b.Family == Firefox {
			out = append(out, e.join(e.Home, b.LinuxConfig))
		} else {
			out = append(out, e.join(e.xdgConfig(), b.LinuxConfig))
		}
		for _, x := range b.LinuxExe {
			out = append(out, "/usr/bin/"+x, "/usr/local/bin/"+x, "/opt/"+x)
		}
		return out
	}
}

// FlatpakManifestDir is where a Flatpak build of b reads user manifests
// (inside its sandbox's home), or "" when b has no Flatpak.
func (e Env) FlatpakManifestDir(b Browser) string {
	if e.GOOS != "linux" || b.Flatpak == "" {
		return ""
	}
	app := e.join(e.Home, ".var", "app", b.Flatpak)
	if b.Family == Firefox {
		return e.join(app, b.LinuxConfig, "native-messaging-hosts")
	}
	return e.join(app, "config", b.LinuxConfig, "NativeMessagingHosts")
}

// FlatpakDir is the Flatpak app's data directory; it exists when that
// Flatpak has been run.
func (e Env) FlatpakDir(b Browser) string {
	if e.GOOS != "linux" || b.Flatpak == "" {
		return ""
	}
	return e.join(e.Home, ".var", "app", b.Flatpak)
}

// SnapDir exists when b is installed as a snap and has been run.
func (e Env) SnapDir(b Browser) string {
	if e.GOOS != "linux" || b.Snap == "" {
		return ""
	}
	return e.join(e.Home, "snap", b.Snap)
}

// ProfileRoot is the directory holding b's profiles for this user.
func (e Env) ProfileRoot(b Browser) string {
	switch e.GOOS {
	case "windows":
		if b.Family == Firefox {
			return e.join(e.appData(), b.WinProfiles)
		}
		return e.join(e.localAppData(), b.WinProfile)
	case "darwin":
		sub := b.MacSupport
		if b.Family == Firefox {
			sub = b.MacProfiles
		}
		return e.join(e.Home, "Library", "Application Support", sub)
	default:
		if b.Family == Firefox {
			return e.join(e.Home, b.LinuxProfiles)
		}
		return e.join(e.xdgConfig(), b.LinuxConfig)
	}
}

// ExtensionsPage is where the user manages extensions in b.
func (b Browser) ExtensionsPage() string {
	if b.Family == Firefox {
		return "about:addons"
	}
	switch b.Name {
	case "edge", "edge-beta", "edge-dev":
		return "edge://extensions"
	case "brave", "vivaldi":
		return b.Name + "://extensions"
	}
	return "chrome://extensions"
}
