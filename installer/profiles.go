package installer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/otpfill/otpfill/extension"
)

// ExtState is what a browser profile says about otpfill's extension.
type ExtState int

const (
	ExtAbsent ExtState = iota
	ExtDisabled
	ExtEnabled
)

// ProfileState is one profile's answer.
type ProfileState struct {
	Profile string // directory name: "Default", "Profile 1", "abcd1234.default-release"
	State   ExtState
}

// ExtensionInProfiles reads every profile of b this user has (Chrome
// family: Default and Profile N, their Preferences and Secure
// Preferences; Firefox family: each profile's extensions.json) and says
// whether otpfill's extension (any of its ids, or extraIDs) is there and
// on. A profile whose files cannot be read or parsed is left out.
func ExtensionInProfiles(env Env, b Browser, extraIDs []string) []ProfileState {
	root := env.ProfileRoot(b)
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil
	}
	var out []ProfileState
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join(root, e.Name())
		if b.Family == Firefox {
			data, err := os.ReadFile(filepath.Join(dir, "extensions.json"))
			if err != nil {
				if _, perr := os.Stat(filepath.Join(dir, "prefs.js")); perr == nil {
					out = append(out, ProfileState{Profile: e.Name()}) // started, no add-on ever
				}
				continue
			}
			if st, err := FirefoxExtensionState(data, ids(Firefox, extraIDs)); err == nil {
				out = append(out, ProfileState{e.Name(), st})
			}
			continue
		}
		if e.Name() != "Default" && !strings.HasPrefix(e.Name(), "Profile ") {
			continue // Guest Profile, System Profile, caches
		}
		best, read := ExtAbsent, false
		for _, f := range []string{"Secure Preferences", "Preferences"} {
			data, err := os.ReadFile(filepath.Join(dir, f))
			if err != nil {
				continue
			}
			if st, err := ChromeExtensionState(data, ids(Chrome, extraIDs)); err == nil {
				read = true
				best = max(best, st)
			}
		}
		if read {
			out = append(out, ProfileState{e.Name(), best})
		}
	}
	return out
}

func ids(f Family, extra []string) []string {
	if f == Firefox {
		return append(slices.Clone(extension.Known.Firefox), extra...)
	}
	return append(slices.Clone(extension.Known.Chrome), extra...)
}

// ChromeExtensionState reads a Chrome-family Preferences or Secure
// Preferences file: extensions.settings.<id> exists for an installed
// extension; "state" 1 (older Chrome) or no "disable_reasons" (a number
// or, in newer Chrome, a list) means on; state 2 marks an uninstalled
// external extension.
func ChromeExtensionState(data []byte, ids []string) (ExtState, error) {
	var prefs struct {
		Extensions struct {
			Settings map[string]json.RawMessage `json:"settings"`
		} `json:"extensions"`
	}
	if err := json.Unmarshal(data, &prefs); err != nil {
		return ExtAbsent, err
	}
	best := ExtAbsent
	for _, id := range ids {
		raw, ok := prefs.Extensions.Settings[id]
		if !ok {
			continue
		}
		var s struct {
			State          *int            `json:"state"`
			DisableReasons json.RawMessage `json:"disable_reasons"`
		}
		if json.Unmarshal(raw, &s) != nil {
			continue
		}
		st := ExtEnabled
		switch {
		case s.State != nil && *s.State == 2:
			continue
		case s.State != nil && *s.State == 0:
			st = ExtDisabled
		case hasDisableReasons(s.DisableReasons):
			st = ExtDisabled
		}
		best = max(best, st)
	}
	return best, nil
}

func hasDisableReasons(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" || string(raw) == "0" {
		return false
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) == nil {
		return len(list) > 0
	}
	return true
}

// FirefoxExtensionState reads a Firefox profile's extensions.json: an
// add-on with one of ids in "addons", "active" when it runs.
func FirefoxExtensionState(data []byte, ids []string) (ExtState, error) {
	var db struct {
		Addons []struct {
			ID           string `json:"id"`
			Active       bool   `json:"active"`
			UserDisabled bool   `json:"userDisabled"`
		} `json:"addons"`
	}
	if err := json.Unmarshal(data, &db); err != nil {
		return ExtAbsent, err
	}
	best := ExtAbsent
	for _, a := range db.Addons {
		if !slices.Contains(ids, a.ID) {
			continue
		}
		if a.Active && !a.UserDisabled {
			return ExtEnabled, nil
		}
		best = ExtDisabled
	}
	return best, nil
}

// extensionDir is the unpacked extension a user should load.
func (o *Options) extensionDir() (dir, xpi string) {
	if o.packageInstall() {
		return PackageExtension, PackageXPI
	}
	d := o.Env.InstallDir(o.System)
	return o.Env.join(d, "extension"), o.Env.join(d, "otpfill.xpi")
}

// checkExtension is doctor's finding about the extension in b's profiles;
// false when b has no profile to read (never started).
func checkExtension(o *Options, b Browser) (Finding, bool) {
	profiles := ExtensionInProfiles(o.Env, b, o.extraIDs())
	if len(profiles) == 0 {
		return Finding{}, false
	}
	f := Finding{Subject: b.Label + " extension"}
	var on, off, none []string
	for _, p := range profiles {
		switch p.State {
		case ExtEnabled:
			on = append(on, p.Profile)
		case ExtDisabled:
			off = append(off, p.Profile)
		default:
			none = append(none, p.Profile)
		}
	}
	dir, xpi := o.extensionDir()
	switch {
	case len(on) > 0:
		f.OK, f.Problem = true, "enabled in profile "+strings.Join(on, ", ")
	case len(off) > 0:
		f.Problem = fmt.Sprintf("the otpfill extension is turned off in %s profile %s", b.Label, strings.Join(off, ", "))
		f.Fix = "turn otpfill on at " + b.ExtensionsPage()
	default:
		f.Problem = fmt.Sprintf("the otpfill extension is not installed in %s (profile %s)", b.Label, strings.Join(none, ", "))
		if b.Family == Firefox {
			f.Fix = "about:addons, the gear, \"Install Add-on From File...\", choose " + xpi
		} else {
			f.Fix = b.ExtensionsPage() + ", turn on Developer mode, \"Load unpacked\", choose " + dir
		}
	}
	return f, true
}

// extraIDs are the --extension-id values recorded by the install.
func (o *Options) extraIDs() []string {
	st, err := LoadState(o.Env.InstallDir(o.System))
	if err != nil {
		return o.ExtraIDs
	}
	return append(slices.Clone(o.ExtraIDs), st.ExtraIDs...)
}

// ExtensionRemovalSteps tells, for each browser otpfill was registered
// with or whose profile has the extension, how to remove the extension
// (uninstall cannot: browsers own their profiles). Call it before Uninstall.
func ExtensionRemovalSteps(o Options) []string {
	recorded := map[string]bool{}
	if st, err := LoadState(o.Env.InstallDir(o.System)); err == nil {
		for _, n := range st.Browsers {
			recorded[n] = true
		}
	}
	var out []string
	seen := map[string]bool{}
	for _, b := range Browsers {
		in := false
		for _, p := range ExtensionInProfiles(o.Env, b, o.extraIDs()) {
			in = in || p.State != ExtAbsent
		}
		page := b.ExtensionsPage()
		if !in && (!recorded[b.Name] || seen[page]) {
			continue
		}
		seen[page] = true
		out = append(out, fmt.Sprintf("%s: remove the otpfill extension at %s", b.Label, page))
	}
	return out
}

// UninstallSummary is the one line saying what uninstall removed; it
// speaks of registry keys only on Windows.
func UninstallSummary(goos string, removed int) string {
	if goos == "windows" {
		return fmt.Sprintf("Removed %d files, directories and registry keys that install had written.", removed)
	}
	return fmt.Sprintf("Removed %d files and directories that install had written.", removed)
}
