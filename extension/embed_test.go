package extension

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"slices"
	"strings"
	"testing"
)

type manifest struct {
	ManifestVersion int    `json:"manifest_version"`
	Key             string `json:"key"`
	BSS             struct {
		Gecko struct {
			ID         string `json:"id"`
			StrictMinV string `json:"strict_min_version"`
		} `json:"gecko"`
	} `json:"browser_specific_settings"`
	Permissions     []string `json:"permissions"`
	HostPermissions []string `json:"host_permissions"`
	Background      struct {
		ServiceWorker string   `json:"service_worker"`
		Scripts       []string `json:"scripts"`
	} `json:"background"`
	Action struct {
		DefaultPopup string            `json:"default_popup"`
		DefaultIcon  map[string]string `json:"default_icon"`
	} `json:"action"`
	OptionsUI struct {
		Page string `json:"page"`
	} `json:"options_ui"`
	Icons         map[string]string `json:"icons"`
	WebAccessible []struct {
		Resources []string `json:"resources"`
		Matches   []string `json:"matches"`
	} `json:"web_accessible_resources"`
	ContentScripts []struct {
		Matches []string `json:"matches"`
		JS      []string `json:"js"`
	} `json:"content_scripts"`
}

func readManifest(t *testing.T) manifest {
	t.Helper()
	b, err := fs.ReadFile(FS, "manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	var m manifest
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("manifest.json: %v", err)
	}
	return m
}

// chromeID is how Chrome derives an extension id from the manifest key.
func chromeID(key string) (string, error) {
	der, err := base64.StdEncoding.DecodeString(key)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(der)
	var b strings.Builder
	for _, c := range hex.EncodeToString(sum[:16]) {
		v := strings.IndexRune("0123456789abcdef", c)
		b.WriteByte(byte('a' + v))
	}
	return b.String(), nil
}

func TestManifestIdentity(t *testing.T) {
	m := readManifest(t)
	if m.ManifestVersion != 3 {
		t.Errorf("manifest_version %d", m.ManifestVersion)
	}
	id, err := chromeID(m.Key)
	if err != nil || id != "oldaboobdkknjdokgfaboekphimhbnkh" {
		t.Errorf("key gives Chrome id %q (%v), want oldaboobdkknjdokgfaboekphimhbnkh", id, err)
	}
	if m.BSS.Gecko.ID != "otpfill@otpfill.org" || m.BSS.Gecko.StrictMinV == "" {
		t.Errorf("gecko settings %+v", m.BSS.Gecko)
	}
	if m.Background.ServiceWorker == "" || len(m.Background.Scripts) == 0 ||
		m.Background.Scripts[len(m.Background.Scripts)-1] != m.Background.ServiceWorker {
		t.Errorf("background must name the same file as service_worker and last script: %+v", m.Background)
	}
}

func TestManifestPermissions(t *testing.T) {
	m := readManifest(t)
	perms := slices.Clone(m.Permissions)
	slices.Sort(perms)
	if !slices.Equal(perms, []string{"nativeMessaging", "storage"}) {
		t.Errorf("permissions %v: only nativeMessaging and storage are needed", m.Permissions)
	}
	want := []string{
		"https://login.microsoftonline.com/*", "https://login.microsoftonline.us/*", "https://login.microsoft.com/*",
		"https://login.windows.net/*", "https://login.live.com/*", "https://login.partner.microsoftonline.cn/*",
		"https://mysignins.microsoft.com/*", "https://account.activedirectory.windowsazure.com/*", "https://account.live.com/*",
	}
	got := slices.Clone(m.HostPermissions)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("host_permissions %v, want exactly %v", m.HostPermissions, want)
	}
	for _, cs := range m.ContentScripts {
		for _, p := range cs.Matches {
			if !slices.Contains(want, p) {
				t.Errorf("content script matches %q outside the host permissions", p)
			}
		}
	}
	// The card's stylesheet is the only file pages may load, and only on our hosts.
	for _, w := range m.WebAccessible {
		if !slices.Equal(w.Resources, []string{"ui/card.css"}) {
			t.Errorf("web_accessible_resources %v, want only ui/card.css", w.Resources)
		}
		for _, p := range w.Matches {
			if !slices.Contains(want, p) {
				t.Errorf("web_accessible_resources match %q outside the host permissions", p)
			}
		}
	}
}

// Every file the manifest and the pages name is embedded (the installer
// unpacks FS; a missing file breaks the extension only at run time).
func TestManifestFilesEmbedded(t *testing.T) {
	m := readManifest(t)
	files := []string{m.Background.ServiceWorker, m.Action.DefaultPopup, m.OptionsUI.Page}
	files = append(files, m.Background.Scripts...)
	for _, p := range m.Icons {
		files = append(files, p)
	}
	for _, p := range m.Action.DefaultIcon {
		files = append(files, p)
	}
	for _, cs := range m.ContentScripts {
		files = append(files, cs.JS...)
	}
	for _, w := range m.WebAccessible {
		files = append(files, w.Resources...)
	}
	files = append(files, "lib/origin.js") // importScripts in the worker
	for _, f := range files {
		if _, err := fs.Stat(FS, strings.TrimPrefix(f, "/")); err != nil {
			t.Errorf("manifest names %q: %v", f, err)
		}
	}
	for _, page := range []string{"popup/popup.html", "options/options.html"} {
		b, err := fs.ReadFile(FS, page)
		if err != nil {
			t.Fatal(err)
		}
		dir := page[:strings.LastIndex(page, "/")+1]
		for _, part := range strings.Split(string(b), `src="`)[1:] {
			ref := part[:strings.Index(part, `"`)]
			p := dir + ref
			if strings.HasPrefix(ref, "../") {
				p = strings.TrimPrefix(ref, "../")
			}
			if _, err := fs.Stat(FS, p); err != nil {
				t.Errorf("%s loads %q: %v", page, ref, err)
			}
		}
		if strings.Contains(string(b), "<script>") {
			t.Errorf("%s has an inline script (MV3 CSP forbids it)", page)
		}
	}
	if _, err := fs.Stat(FS, "test"); err == nil {
		t.Errorf("tests are embedded")
	}
}
