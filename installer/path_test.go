package installer

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPathLinkInstallUninstall(t *testing.T) {
	home := t.TempDir()
	o := testOptions(t, home, "chromium")
	res, err := Install(o)
	if err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(home, ".local", "bin", "otpfill")
	if target, err := os.Readlink(link); err != nil || target != res.Binary || res.Link != link {
		t.Fatalf("link %s -> %q (%v), result %q", link, target, err, res.Link)
	}
	// $PATH of the test env is empty: the command is the link's path, and one line says how to fix PATH.
	if res.Command != link || !strings.Contains(res.PathHint, `export PATH="$HOME/.local/bin:$PATH"' >> ~/.profile`) {
		t.Errorf("command %q hint %q", res.Command, res.PathHint)
	}
	if _, err := Install(o); err != nil { // a reinstall keeps the link
		t.Fatal(err)
	}
	if _, err := Uninstall(o); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(link); !os.IsNotExist(err) {
		t.Errorf("link left: %v", err)
	}
	if _, err := os.Stat(filepath.Dir(link)); !os.IsNotExist(err) {
		t.Errorf("~/.local/bin, made by install, left: %v", err)
	}
}

func TestPathLinkOnPathAndShells(t *testing.T) {
	home := t.TempDir()
	bin := filepath.Join(home, ".local", "bin")
	for _, c := range []struct {
		goos, shell, path, command, hint string
	}{
		{"linux", "/bin/bash", "/usr/bin:" + bin + "/", "otpfill", ""},
		{"linux", "/usr/bin/zsh", "/usr/bin", "", ">> ~/.zprofile"},
		{"darwin", "/bin/bash", "/usr/bin", "", ">> ~/.bash_profile"},
		{"linux", "/usr/bin/fish", "/usr/bin", "", "fish_add_path '" + bin + "'"},
	} {
		o := testOptions(t, home, "chromium")
		o.Env = envOf(c.goos, home, map[string]string{"PATH": c.path, "SHELL": c.shell})
		res, err := Install(o)
		if err != nil {
			t.Fatal(err)
		}
		if c.command != "" && res.Command != c.command || c.hint == "" && res.PathHint != "" || !strings.Contains(res.PathHint, c.hint) {
			t.Errorf("%+v: command %q hint %q", c, res.Command, res.PathHint)
		}
		if _, err := Uninstall(o); err != nil {
			t.Fatal(err)
		}
	}
}

func TestPathHintWhenTheLoginFileAddsIt(t *testing.T) {
	home := t.TempDir()
	// Debian's default ~/.profile.
	os.WriteFile(filepath.Join(home, ".profile"), []byte("if [ -d \"$HOME/.local/bin\" ] ; then\n    PATH=\"$HOME/.local/bin:$PATH\"\nfi\n"), 0o644)
	o := testOptions(t, home, "chromium")
	o.Env = envOf("linux", home, map[string]string{"PATH": "/usr/bin", "SHELL": "/bin/bash"})
	res, err := Install(o)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.PathHint, "your ~/.profile adds it: log in again") || strings.Contains(res.PathHint, "export PATH") {
		t.Errorf("hint %q", res.PathHint)
	}
}

func TestPathLinkLeavesSomeoneElsesFile(t *testing.T) {
	home := t.TempDir()
	link := filepath.Join(home, ".local", "bin", "otpfill")
	os.MkdirAll(filepath.Dir(link), 0o755)
	os.WriteFile(link, []byte("mine"), 0o755)
	o := testOptions(t, home, "chromium")
	res, err := Install(o)
	if err != nil {
		t.Fatal(err)
	}
	if res.Link != "" || res.Command != res.Binary || !strings.Contains(res.PathHint, "not otpfill's link") {
		t.Errorf("link %q command %q hint %q", res.Link, res.Command, res.PathHint)
	}
	if _, err := Uninstall(o); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(link); string(b) != "mine" {
		t.Error("uninstall touched a file it did not write")
	}
}

func TestPathDryRun(t *testing.T) {
	home := t.TempDir()
	var out bytes.Buffer
	o := testOptions(t, home, "chromium")
	o.DryRun, o.Out = true, &out
	if _, err := Install(o); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "would link "+filepath.Join(home, ".local/bin/otpfill")) {
		t.Errorf("dry run said %q", out.String())
	}
	if _, err := os.Lstat(filepath.Join(home, ".local/bin")); err == nil {
		t.Error("dry run made ~/.local/bin")
	}
}

func TestWindowsPathThroughRegistry(t *testing.T) {
	local := t.TempDir()
	for _, c := range []struct {
		name, before, after string
		exists              bool
	}{
		{"no Path yet", "", "", false},
		{"other entries", `C:\Tools;%USERPROFILE%\bin`, `C:\Tools;%USERPROFILE%\bin`, true},
		{"trailing separator", `C:\Tools;`, `C:\Tools`, true},
	} {
		reg := MapRegistry{}
		if c.exists {
			reg[`HKCU\Environment|Path`] = c.before
		}
		o := testOptions(t, local, "chrome")
		o.Env = envOf("windows", local, map[string]string{"LOCALAPPDATA": local})
		o.Registry = reg
		res, err := Install(o)
		if err != nil {
			t.Fatal(err)
		}
		dir := local + `\otpfill`
		got := reg[`HKCU\Environment|Path`]
		if !onPath("windows", got, dir) || !strings.HasPrefix(got, strings.TrimSuffix(c.before, ";")) || res.Link != dir {
			t.Errorf("%s: Path after install %q", c.name, got)
		}
		// Installing again does not add it twice.
		if _, err := Install(o); err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(strings.ToLower(reg[`HKCU\Environment|Path`]), strings.ToLower(dir)); n != 1 {
			t.Errorf("%s: %d entries after a reinstall", c.name, n)
		}
		if _, err := Uninstall(o); err != nil {
			t.Fatal(err)
		}
		after, ok := reg[`HKCU\Environment|Path`]
		if ok != c.exists || after != c.after {
			t.Errorf("%s: Path after uninstall %q (present %v), want %q", c.name, after, ok, c.after)
		}
	}
	// An entry the user had before is theirs: uninstall leaves it.
	reg := MapRegistry{`HKCU\Environment|Path`: local + `\otpfill\`}
	o := testOptions(t, local, "chrome")
	o.Env = envOf("windows", local, map[string]string{"LOCALAPPDATA": local})
	o.Registry = reg
	Install(o)
	Uninstall(o)
	if reg[`HKCU\Environment|Path`] != local+`\otpfill\` {
		t.Errorf("user's own Path entry changed: %q", reg[`HKCU\Environment|Path`])
	}
}

func FuzzPathWithout(f *testing.F) {
	f.Add(`C:\a;C:\B\;c:\b`, `C:\b`)
	f.Add(";;", "x")
	f.Fuzz(func(t *testing.T, list, dir string) {
		if dir == "" || strings.Contains(dir, ";") {
			return
		}
		out := pathWithout(list, dir)
		if onPath("windows", out, dir) {
			t.Fatalf("%q still on %q", dir, out)
		}
		for _, p := range strings.Split(list, ";") {
			if p != "" && !onPath("windows", p, dir) && !onPath("windows", out, p) {
				t.Fatalf("lost %q", p)
			}
		}
	})
}
