package extpack

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"testing"

	"github.com/otpfill/otpfill/extension"
)

func manifestOf(t *testing.T, files Files) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(files["manifest.json"], &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestBuildTargets(t *testing.T) {
	for _, c := range []struct {
		t                       Target
		key, gecko, sw, scripts bool
		version, versionName    string
	}{
		{Unpacked, true, true, true, true, "1.2.3", ""},
		{ChromeStore, false, false, true, false, "1.2.3", "1.2.3-rc.1"},
		{FirefoxStore, false, true, false, true, "1.2.3", ""},
	} {
		files, err := Build(extension.FS, c.t, "1.2.3-rc.1")
		if err != nil {
			t.Fatal(err)
		}
		m := manifestOf(t, files)
		bg := m["background"].(map[string]any)
		_, key := m["key"]
		_, gecko := m["browser_specific_settings"]
		_, sw := bg["service_worker"]
		_, scripts := bg["scripts"]
		vn, _ := m["version_name"].(string)
		if key != c.key || gecko != c.gecko || sw != c.sw || scripts != c.scripts || m["version"] != c.version || vn != c.versionName {
			t.Errorf("target %d: key %v gecko %v service_worker %v scripts %v version %v version_name %q", c.t, key, gecko, sw, scripts, m["version"], vn)
		}
		if m["manifest_version"] != float64(3) || m["name"] != "otpfill" {
			t.Errorf("target %d: manifest lost fields: %v", c.t, m)
		}
		if c.t == FirefoxStore {
			g := m["browser_specific_settings"].(map[string]any)["gecko"].(map[string]any)
			dcp, _ := json.Marshal(g["data_collection_permissions"])
			if g["id"] != extension.GeckoID || string(dcp) != `{"required":["none"]}` {
				t.Errorf("gecko settings %v", g)
			}
		}
		if _, ok := files["background.js"]; !ok || len(files) < 10 {
			t.Errorf("target %d: files %v", c.t, files.Names())
		}
	}
}

func TestBuildDevKeepsVersion(t *testing.T) {
	orig := map[string]any{}
	raw, _ := extension.FS.ReadFile("manifest.json")
	json.Unmarshal(raw, &orig)
	files, err := Build(extension.FS, Unpacked, "dev")
	if err != nil {
		t.Fatal(err)
	}
	if m := manifestOf(t, files); m["version"] != orig["version"] {
		t.Errorf("dev build changed version to %v", m["version"])
	}
}

func TestManifestErrors(t *testing.T) {
	for _, in := range []string{"", "null", "[]", "{"} {
		if _, err := Manifest([]byte(in), ChromeStore, "1.0.0"); err == nil {
			t.Errorf("Manifest(%q) accepted", in)
		}
	}
}

func TestZip(t *testing.T) {
	files, _ := Build(extension.FS, FirefoxStore, "2.0.0")
	a, err := ZipBytes(files)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := ZipBytes(files)
	if !bytes.Equal(a, b) {
		t.Error("zip is not reproducible")
	}
	zr, err := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	if err != nil {
		t.Fatal(err)
	}
	if zr.File[0].Name != "manifest.json" || len(zr.File) != len(files) {
		t.Errorf("first entry %q, %d entries for %d files", zr.File[0].Name, len(zr.File), len(files))
	}
	for _, f := range zr.File {
		rc, _ := f.Open()
		got, _ := io.ReadAll(rc)
		rc.Close()
		if !bytes.Equal(got, files[f.Name]) {
			t.Errorf("%s differs in the zip", f.Name)
		}
	}
}

func FuzzManifest(f *testing.F) {
	raw, _ := extension.FS.ReadFile("manifest.json")
	f.Add(raw, "1.2.3", 1)
	f.Add([]byte(`{"background":"x","key":1}`), "v9", 2)
	f.Fuzz(func(t *testing.T, raw []byte, version string, target int) {
		tg := Target(((target % 3) + 3) % 3)
		out, err := Manifest(raw, tg, version)
		if err != nil {
			return
		}
		var m map[string]any
		if err := json.Unmarshal(out, &m); err != nil {
			t.Fatalf("output is not JSON: %v", err)
		}
		if _, ok := m["key"]; ok && tg != Unpacked {
			t.Fatal("store manifest kept key")
		}
	})
}
