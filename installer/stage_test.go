package installer

import (
	"archive/zip"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/otpfill/otpfill/extension"
)

func TestStageWritesThePackageLayout(t *testing.T) {
	root := t.TempDir()
	res, err := Stage(Options{Root: root, Ext: extension.FS, Version: "1.4.2-rc.1"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Family{
		"etc/opt/chrome/native-messaging-hosts/org.otpfill.host.json":    Chrome,
		"etc/chromium/native-messaging-hosts/org.otpfill.host.json":      Chrome,
		"etc/opt/edge/native-messaging-hosts/org.otpfill.host.json":      Chrome,
		"usr/lib/mozilla/native-messaging-hosts/org.otpfill.host.json":   Firefox,
		"usr/lib64/mozilla/native-messaging-hosts/org.otpfill.host.json": Firefox,
		"usr/lib/librewolf/native-messaging-hosts/org.otpfill.host.json": Firefox,
		"usr/share/otpfill/otpfill.xpi":                                  "",
		"usr/share/otpfill/extension/manifest.json":                      "",
		"usr/share/otpfill/extension/background.js":                      "",
		"usr/share/otpfill/extension/popup/popup.html":                   "",
	}
	var files []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		info, _ := d.Info()
		if d.IsDir() {
			if info.Mode().Perm() != 0o755 && p != root {
				t.Errorf("%s: directory mode %v", rel, info.Mode().Perm())
			}
			return nil
		}
		files = append(files, rel)
		if info.Mode().Perm() != 0o644 {
			t.Errorf("%s: mode %v, want 0644", rel, info.Mode().Perm())
		}
		if strings.Contains(rel, "install-state") || strings.HasPrefix(rel, "usr/bin") {
			t.Errorf("staged %s: the package owns the binary, and keeps no state file", rel)
		}
		return nil
	})
	for p, fam := range want {
		if !slices.Contains(files, p) {
			t.Errorf("missing %s", p)
			continue
		}
		if fam == "" {
			continue
		}
		b, _ := os.ReadFile(filepath.Join(root, p))
		var m struct {
			Name, Path, Type  string
			AllowedOrigins    []string `json:"allowed_origins"`
			AllowedExtensions []string `json:"allowed_extensions"`
		}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if m.Name != HostName || m.Path != PackageBinary || m.Type != "stdio" {
			t.Errorf("%s: %+v", p, m)
		}
		if fam == Chrome && (len(m.AllowedExtensions) != 0 || !slices.Contains(m.AllowedOrigins, "chrome-extension://"+extension.DevChromeID+"/")) {
			t.Errorf("%s: %+v", p, m)
		}
		if fam == Firefox && (len(m.AllowedOrigins) != 0 || !slices.Equal(m.AllowedExtensions, extension.Known.Firefox)) {
			t.Errorf("%s: %+v", p, m)
		}
	}
	extFiles := 0
	for _, f := range files {
		if strings.HasPrefix(f, "usr/share/otpfill/extension/") {
			extFiles++
		}
	}
	if len(files) != extFiles+7 {
		t.Errorf("staged %d files, want the extension (%d) + 6 manifests + the xpi: %v", len(files), extFiles, files)
	}
	// The unpacked copy keeps the key (a fixed Chrome id) and carries the release version.
	var man map[string]any
	b, _ := os.ReadFile(filepath.Join(root, "usr/share/otpfill/extension/manifest.json"))
	json.Unmarshal(b, &man)
	if man["version"] != "1.4.2" || man["key"] == nil {
		t.Errorf("unpacked manifest version %v key %v", man["version"], man["key"] != nil)
	}
	zr, err := zip.OpenReader(filepath.Join(root, "usr/share/otpfill/otpfill.xpi"))
	if err != nil || len(zr.File) != extFiles || zr.File[0].Name != "manifest.json" {
		t.Fatalf("xpi: %v", err)
	}
	zr.Close()
	if res.Binary != PackageBinary || res.Extension != PackageExtension || len(res.Installed) != 9 {
		t.Errorf("result: binary %s extension %s, %d browsers", res.Binary, res.Extension, len(res.Installed))
	}
	if _, err := Stage(Options{Root: root, Ext: extension.FS}); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("staged into a used directory: %v", err)
	}
	if _, err := Stage(Options{Ext: extension.FS}); err == nil {
		t.Error("Stage without a root")
	}
}
