package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestVersionLine(t *testing.T) {
	e := &env{t: t, dir: t.TempDir()}
	for _, args := range [][]string{{"version"}, {"--version"}} {
		out, err := e.run("", args...)
		if err != nil || !regexp.MustCompile(`^otpfill dev \(commit [^,]+, protocol 1\)\n$`).MatchString(out) {
			t.Errorf("otpfill %v: %q %v", args, out, err)
		}
	}
}

func TestInstallPutsOtpfillOnPathAndUninstallTakesItBack(t *testing.T) {
	e := newEnv(t)
	run := func(args ...string) string {
		t.Helper()
		c := e.cmd("", args...)
		c.Env = append(c.Env, "PATH=/usr/bin:/bin", "SHELL=/bin/bash", "XDG_DATA_HOME=", "XDG_CONFIG_HOME=")
		out, err := c.CombinedOutput()
		if err != nil {
			t.Fatalf("otpfill %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	out := run("install", "--browser", "chromium,firefox")
	link := filepath.Join(e.dir, ".local", "bin", "otpfill")
	if target, err := os.Readlink(link); err != nil || target != filepath.Join(e.dir, ".local", "share", "otpfill", "otpfill") {
		t.Fatalf("link %s -> %q (%v)", link, target, err)
	}
	for _, want := range []string{
		"command:   " + link + " -> ",
		`run once: echo 'export PATH="$HOME/.local/bin:$PATH"' >> ~/.profile`,
		"'" + link + " doctor' checks the set-up", // the command this shell can run
		"open chrome://extensions, turn on Developer mode",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("install output lacks %q:\n%s", want, out)
		}
	}
	out = run("uninstall")
	for _, want := range []string{
		"files and directories that install had written.",
		"Chromium: remove the otpfill extension at chrome://extensions",
		"Firefox: remove the otpfill extension at about:addons",
		"Your vault stays at",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("uninstall output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "registry") {
		t.Errorf("uninstall speaks of registry keys off Windows:\n%s", out)
	}
	if _, err := os.Lstat(link); !os.IsNotExist(err) {
		t.Errorf("link left after uninstall: %v", err)
	}
}
