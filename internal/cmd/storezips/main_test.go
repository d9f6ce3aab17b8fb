package main

import (
	"archive/zip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestRun(t *testing.T) {
	out := filepath.Join(t.TempDir(), "store")
	os.MkdirAll(filepath.Join(out, "stale"), 0o755)
	if err := run("1.2.3", out); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "stale")); err == nil {
		t.Error("old output kept")
	}
	for _, name := range []string{"chrome", "firefox"} {
		zr, err := zip.OpenReader(filepath.Join(out, "otpfill-1.2.3-"+name+".zip"))
		if err != nil {
			t.Fatal(err)
		}
		rc, _ := zr.File[0].Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		zr.Close()
		onDisk, _ := os.ReadFile(filepath.Join(out, name, "manifest.json"))
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil || string(onDisk) != string(b) {
			t.Fatalf("%s: manifest %v; zip and directory differ: %v", name, err, string(onDisk) != string(b))
		}
		if m["version"] != "1.2.3" || m["key"] != nil {
			t.Errorf("%s manifest: version %v, key present %v", name, m["version"], m["key"] != nil)
		}
		if _, gecko := m["browser_specific_settings"]; gecko != (name == "firefox") {
			t.Errorf("%s manifest: browser_specific_settings present %v", name, gecko)
		}
	}
	for _, v := range []string{"", "dev"} {
		if err := run(v, out); err == nil {
			t.Errorf("version %q accepted", v)
		}
	}
}
