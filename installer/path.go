package installer

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// The otpfill command on PATH. Linux and macOS: a symlink in ~/.local/bin
// (the XDG user bin directory; /usr/local/bin for --system) to the
// installed binary. Windows: the install directory on the user's (or, for
// --system, the machine's) Path. Uninstall takes back exactly what was put.

// BinDir is the directory install links otpfill into (Linux, macOS).
func (e Env) BinDir(system bool) string {
	if system {
		return "/usr/local/bin"
	}
	return e.join(e.Home, ".local", "bin")
}

// envKey is the registry key holding the Path value install extends.
func envKey(system bool) (Root, string) {
	if system {
		return LocalMachine, `SYSTEM\CurrentControlSet\Control\Session Manager\Environment`
	}
	return CurrentUser, "Environment"
}

// onPath reports whether dir is one of the entries of the PATH-style list.
func onPath(goos, list, dir string) bool {
	sep, norm := ":", func(s string) string { return strings.TrimSuffix(s, "/") }
	if goos == "windows" {
		sep, norm = ";", func(s string) string { return strings.ToLower(strings.TrimSuffix(s, `\`)) }
	}
	for _, p := range strings.Split(list, sep) {
		if p != "" && norm(p) == norm(dir) {
			return true
		}
	}
	return false
}

// pathWithout removes every entry equal to dir from a Windows Path value,
// keeping the others as they were.
func pathWithout(list, dir string) string {
	var keep []string
	for _, p := range strings.Split(list, ";") {
		if p != "" && !onPath("windows", p, dir) {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, ";")
}

// putOnPath makes `otpfill` a command the user can type, and says how.
func (w *writer) putOnPath(res *Result) error {
	o := w.o
	res.Command = Quote(o.Env.GOOS, res.Binary)
	if o.Env.GOOS == "windows" {
		return w.windowsPath(res)
	}
	dir := o.Env.BinDir(o.System)
	link := filepath.Join(dir, "otpfill")
	if target, err := os.Readlink(link); err == nil && target == res.Binary {
		// Ours already (a reinstall): keep it and keep it recorded.
	} else if _, err := os.Lstat(link); err == nil {
		return fmt.Errorf("%s already exists and is not otpfill's link; left alone", link)
	} else if o.DryRun {
		o.printf("would link %s -> %s\n", link, res.Binary)
	} else {
		if err := w.mkdir(dir); err != nil {
			return err
		}
		if err := os.Symlink(res.Binary, link); err != nil {
			return err
		}
	}
	w.st.Link = link
	res.Link = link
	if onPath(o.Env.GOOS, o.Env.get("PATH"), dir) {
		res.Command = "otpfill"
		return nil
	}
	res.Command = Quote(o.Env.GOOS, link)
	if rc := loginFileAdding(o.Env, dir); rc != "" {
		// Debian's and Ubuntu's default ~/.profile add ~/.local/bin when it exists at login.
		res.PathHint = fmt.Sprintf("%s is not on this shell's PATH yet; your %s adds it: log in again (or run: . %s) to type plain 'otpfill'", dir, rc, rc)
		return nil
	}
	res.PathHint = fmt.Sprintf("%s is not on your PATH; to type plain 'otpfill', run once: %s", dir, shellPathLine(o.Env, dir))
	return nil
}

// loginFileAdding names the login file (~/.profile, ~/.bash_profile,
// ~/.zprofile) of the user's shell that already puts dir on PATH, or "".
func loginFileAdding(e Env, dir string) string {
	name := ".profile"
	switch shell := filepath.Base(e.get("SHELL")); {
	case shell == "fish":
		return ""
	case shell == "zsh":
		name = ".zprofile"
	case e.GOOS == "darwin":
		name = ".bash_profile"
	}
	data, err := os.ReadFile(filepath.Join(e.Home, name))
	rel, _ := strings.CutPrefix(dir, e.Home+"/")
	if err != nil || !strings.Contains(string(data), rel) {
		return ""
	}
	return "~/" + name
}

// shellPathLine is the one command that puts dir on PATH for new login
// shells of the user's shell.
func shellPathLine(e Env, dir string) string {
	rel := dir
	if r, ok := strings.CutPrefix(dir, e.Home+"/"); ok {
		rel = "$HOME/" + r
	}
	shell := filepath.Base(e.get("SHELL"))
	switch {
	case shell == "fish":
		return "fish_add_path " + shellQuote(dir)
	case shell == "zsh":
		return `echo 'export PATH="` + rel + `:$PATH"' >> ~/.zprofile`
	case e.GOOS == "darwin":
		return `echo 'export PATH="` + rel + `:$PATH"' >> ~/.bash_profile`
	default:
		return `echo 'export PATH="` + rel + `:$PATH"' >> ~/.profile`
	}
}

// windowsPath adds the install directory to Path in the registry and tells
// running programs (Explorer, so new terminals) that the environment changed.
func (w *writer) windowsPath(res *Result) error {
	o := w.o
	dir := o.Env.InstallDir(o.System)
	root, key := envKey(o.System)
	old, err := o.Registry.GetString(root, key, "Path")
	created := errors.Is(err, errNoKey)
	if err != nil && !created {
		return fmt.Errorf("cannot read %s\\%s Path: %w", root, key, err)
	}
	res.Link = dir
	res.PathHint = "otpfill is on PATH in terminals opened from now on."
	if onPath("windows", old, dir) {
		return nil // there already: recorded if a previous install put it there
	}
	if o.DryRun {
		o.printf("would add %s to %s\\%s Path\n", dir, root, key)
		return nil
	}
	val := dir
	if old != "" {
		val = strings.TrimSuffix(old, ";") + ";" + dir
	}
	if err := o.Registry.SetExpandString(root, key, "Path", val); err != nil {
		return fmt.Errorf("cannot add %s to %s\\%s Path: %w", dir, root, key, err)
	}
	w.st.PathDir, w.st.PathCreated = dir, created
	notifyEnvironmentChange()
	return nil
}

// takeOffPath undoes putOnPath for st.
func takeOffPath(o Options, st *State) (removed []string, errs []error) {
	if st.Link != "" {
		if target, err := os.Readlink(st.Link); err == nil && target == st.Binary {
			if o.DryRun {
				o.printf("would remove %s\n", st.Link)
			} else if err := os.Remove(st.Link); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, err)
			} else {
				removed = append(removed, st.Link)
			}
		}
	}
	if st.PathDir != "" && o.Registry != nil {
		root, key := envKey(st.System)
		old, err := o.Registry.GetString(root, key, "Path")
		if err != nil || !onPath("windows", old, st.PathDir) {
			return removed, errs
		}
		if o.DryRun {
			o.printf("would take %s off %s\\%s Path\n", st.PathDir, root, key)
			return removed, errs
		}
		val := pathWithout(old, st.PathDir)
		if val == "" && st.PathCreated {
			err = o.Registry.DeleteValue(root, key, "Path")
		} else {
			err = o.Registry.SetExpandString(root, key, "Path", val)
		}
		if err != nil {
			errs = append(errs, err)
		} else {
			removed = append(removed, fmt.Sprintf(`%s\%s Path entry %s`, root, key, st.PathDir))
			notifyEnvironmentChange()
		}
	}
	return removed, errs
}
