package installer

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func buildHost(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "otpfill")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/otpfill").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

func TestDoctorNamesEachProblem(t *testing.T) {
	home := t.TempDir()
	o := testOptions(t, home, "chromium", "firefox")
	o.Exe = buildHost(t)
	if _, err := Install(o); err != nil {
		t.Fatal(err)
	}
	noVault := func(string) error { return errors.New("no vault: run 'otpfill init' to create one") }
	okVault := func(string) error { return nil }
	find := func(fs []Finding, subject string) Finding {
		for _, f := range fs {
			if f.Subject == subject {
				return f
			}
		}
		t.Fatalf("no finding for %s in %+v", subject, fs)
		return Finding{}
	}
	fs := Doctor(o, "/v", okVault)
	for _, s := range []string{"Chromium", "Firefox", "vault"} {
		if f := find(fs, s); !f.OK {
			t.Fatalf("%s: %+v", s, f)
		}
	}
	if f := find(Doctor(o, "/v", noVault), "vault"); f.OK || f.Fix != "otpfill init" {
		t.Fatalf("vault: %+v", f)
	}
	withPath := o
	withPath.Command = "'/Users/ada/Library/Application Support/otpfill/otpfill'"
	if f := find(Doctor(withPath, "/v", noVault), "vault"); f.Fix != withPath.Command+" init" {
		t.Fatalf("fix does not use the command the user can run: %+v", f)
	}
	chromium := o.Env.ManifestPath(Browsers[3], false)
	firefox := o.Env.ManifestPath(Browsers[9], false)
	orig, _ := os.ReadFile(chromium)
	cases := []struct {
		name    string
		file    string
		content string
		subject string
		want    string
	}{
		{"bad JSON", firefox, "{", "Firefox", "not valid JSON"},
		{"wrong id", chromium, strings.Replace(string(orig), ChromeExtensionID, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 1), "Chromium", "does not allow the extension"},
		{"wrong path", chromium, strings.Replace(string(orig), o.Env.InstallDir(false), "/nowhere", 1), "Chromium", "does not exist"},
		{"Chrome key in Firefox", firefox, string(HostManifest(Chrome, "/x", nil)), "Firefox", "allowed_origins"},
		{"not a host", chromium, strings.Replace(string(orig), filepath.Join(o.Env.InstallDir(false), "otpfill"), "/bin/true", 1), "Chromium", "does not answer"},
		{"missing", chromium, "", "Chromium", "no host manifest"},
	}
	for _, c := range cases {
		fOrig, _ := os.ReadFile(c.file)
		if c.content == "" {
			os.Remove(c.file)
		} else {
			os.WriteFile(c.file, []byte(c.content), 0o644)
		}
		f := find(Doctor(o, "/v", okVault), c.subject)
		if f.OK || !strings.Contains(f.Problem, c.want) || !strings.Contains(f.Fix, "otpfill install --browser") {
			t.Errorf("%s: %+v", c.name, f)
		}
		os.WriteFile(c.file, fOrig, 0o644)
	}
	// A missing binary.
	os.Remove(filepath.Join(o.Env.InstallDir(false), "otpfill"))
	if f := find(Doctor(o, "/v", okVault), "Chromium"); f.OK || !strings.Contains(f.Problem, "does not exist") {
		t.Errorf("missing binary: %+v", f)
	}
}
