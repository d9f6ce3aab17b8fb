package installer

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/otpfill/otpfill/extension"
	"github.com/otpfill/otpfill/internal/extpack"
)

// ErrNothingInstalled: uninstall found no record of an install.
var ErrNothingInstalled = errors.New("nothing to uninstall: otpfill is not installed here")

// The unpacked build's ids (doctor starts hosts with them). Every id the
// manifests allow is in extension/ids.json, which the host reads too.
var (
	ChromeExtensionID  = extension.DevChromeID
	FirefoxExtensionID = extension.GeckoID
)

// Options drive install, uninstall and doctor.
type Options struct {
	Env      Env
	System   bool
	Browsers []string // forced set (--browser); empty = every browser found
	DryRun   bool
	ExtraIDs []string // --extension-id: Chrome ids or Firefox add-on ids of other builds
	Exe      string   // the running executable, copied into the install dir
	Ext      fs.FS    // the extension files (manifest.json at the root)
	Version  string   // release version written into the extension's manifest ("dev": left as is)
	Root     string   // Stage only: the directory the package layout is written under
	Registry Registry // Windows only
	Out      io.Writer
	Exists   func(path string) bool // detection; default os.Stat
	// Command is how the user runs otpfill from a shell, used in the fixes
	// doctor prints; default "otpfill". The installed binary is not on PATH,
	// so the CLI passes its full (quoted) path when plain "otpfill" is not found.
	Command string
}

func (o *Options) cmd() string {
	if o.Command != "" {
		return o.Command
	}
	return "otpfill"
}

// Quote makes a path safe to paste into goos's shell (macOS install paths
// contain "Application Support").
func Quote(goos, s string) string {
	if goos == "windows" {
		if strings.ContainsAny(s, " &()^%") {
			return `"` + s + `"`
		}
		return s
	}
	if strings.ContainsAny(s, " '\"$`&;|<>()*?![]{}#~\t\\") {
		return shellQuote(s)
	}
	return s
}

func (o *Options) printf(format string, a ...any) {
	if o.Out != nil {
		fmt.Fprintf(o.Out, format, a...)
	}
}

func (o *Options) exists(p string) bool {
	if o.Exists != nil {
		return o.Exists(p)
	}
	_, err := os.Stat(p)
	return err == nil
}

// Result says what install did.
type Result struct {
	Dir       string
	Binary    string
	Extension string
	XPI       string
	Link      string // the otpfill command put on PATH (a symlink, or the install dir on Windows' PATH)
	Command   string // how the user can run otpfill now: "otpfill" or a full path
	PathHint  string // one line telling how to get otpfill on PATH, when it is not
	Installed []Browser
	Failed    map[string]error // browser name → why
	Notes     []string         // Flatpak / Snap advice
}

// Selected are the browsers install should register: the forced set, else
// those found on the machine.
func (o *Options) Selected() ([]Browser, error) {
	if len(o.Browsers) > 0 {
		var out []Browser
		for _, n := range o.Browsers {
			b, ok := Lookup(n)
			if !ok {
				var names []string
				for _, b := range Browsers {
					names = append(names, b.Name)
				}
				return nil, fmt.Errorf("unknown browser %q (known: %s)", n, strings.Join(names, ", "))
			}
			out = append(out, b)
		}
		return out, nil
	}
	var out []Browser
	for _, b := range Browsers {
		if o.found(b) {
			out = append(out, b)
		}
	}
	return out, nil
}

func (o *Options) found(b Browser) bool {
	for _, p := range o.Env.DetectPaths(b) {
		if o.exists(p) {
			return true
		}
	}
	// A Flatpak- or Snap-only browser has neither a profile in ~ nor an
	// executable in /usr/bin, yet needs its sandbox manifest or advice.
	for _, p := range []string{o.Env.FlatpakDir(b), o.Env.SnapDir(b)} {
		if p != "" && !o.System && o.exists(p) {
			return true
		}
	}
	return false
}

// HostManifest is the JSON a browser reads to start the host.
func HostManifest(f Family, binary string, extraIDs []string) []byte {
	m := map[string]any{
		"name":        HostName,
		"description": "otpfill: fills Microsoft sign-in codes from your encrypted vault",
		"path":        binary,
		"type":        "stdio",
	}
	if f == Firefox {
		ids := slices.Clone(extension.Known.Firefox)
		for _, id := range extraIDs {
			if extension.IsGeckoID(id) && !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		m["allowed_extensions"] = ids
	} else {
		var origins []string
		for _, id := range extension.Known.Chrome {
			origins = append(origins, "chrome-extension://"+id+"/")
		}
		for _, id := range extraIDs {
			if o := "chrome-extension://" + id + "/"; extension.IsChromeID(id) && !slices.Contains(origins, o) {
				origins = append(origins, o)
			}
		}
		m["allowed_origins"] = origins
	}
	b, _ := json.MarshalIndent(m, "", "  ")
	return append(b, '\n')
}

func (o *Options) root() Root {
	if o.System {
		return LocalMachine
	}
	return CurrentUser
}

// Install copies the binary and the extension to the install directory and
// registers the host for every selected browser. A browser that fails does
// not stop the others; Result.Failed names it.
func Install(o Options) (*Result, error) {
	browsers, err := o.Selected()
	if err != nil {
		return nil, err
	}
	if !o.System && o.Exe == PackageBinary && o.packageInstall() {
		return nil, ErrPackageInstall
	}
	for _, id := range o.ExtraIDs {
		// An id of neither form would be recorded but never reach a manifest.
		if !extension.IsChromeID(id) && !extension.IsGeckoID(id) {
			return nil, fmt.Errorf("--extension-id %q is neither a Chrome extension id (32 letters a-p) nor a Firefox add-on id (name@domain or {UUID})", id)
		}
	}
	dir := o.Env.InstallDir(o.System)
	st, err := LoadState(dir)
	if err != nil {
		return nil, err
	}
	st.System = o.System
	for _, id := range o.ExtraIDs {
		if !slices.Contains(st.ExtraIDs, id) {
			st.ExtraIDs = append(st.ExtraIDs, id)
		}
	}
	res := &Result{Dir: dir, Failed: map[string]error{}}
	w := &writer{o: &o, st: st, planned: map[string]bool{}}

	exeName := "otpfill"
	if o.Env.GOOS == "windows" {
		exeName = "otpfill.exe"
	}
	res.Binary = filepath.Join(dir, exeName)
	res.Extension = filepath.Join(dir, "extension")
	res.XPI = filepath.Join(dir, "otpfill.xpi")
	st.Binary = res.Binary

	if err := w.mkdir(dir); err != nil {
		return nil, fmt.Errorf("cannot create %s: %w", dir, err)
	}
	if err := w.copyBinary(o.Exe, res.Binary); err != nil {
		return nil, fmt.Errorf("cannot copy otpfill to %s: %w", res.Binary, err)
	}
	if err := w.extension(o.Ext, res); err != nil {
		return nil, err
	}
	if err := w.putOnPath(res); err != nil {
		// otpfill works without it; say so and go on with the browsers.
		res.PathHint = fmt.Sprintf("otpfill is not on PATH (%v); run it as %s", err, Quote(o.Env.GOOS, res.Binary))
		res.Command = Quote(o.Env.GOOS, res.Binary)
	}

	for _, b := range browsers {
		if err := w.register(b, res.Binary); err != nil {
			res.Failed[b.Name] = err
			continue
		}
		res.Installed = append(res.Installed, b)
		if !slices.Contains(st.Browsers, b.Name) {
			st.Browsers = append(st.Browsers, b.Name)
		}
		if note, err := w.sandboxed(b, res.Binary); err != nil {
			res.Notes = append(res.Notes, fmt.Sprintf("%s (Flatpak): %v", b.Label, err))
		} else if note != "" {
			res.Notes = append(res.Notes, note)
		}
	}
	if !o.DryRun {
		if err := st.save(dir); err != nil {
			return res, fmt.Errorf("cannot record the install in %s: %w", dir, err)
		}
	}
	return res, nil
}

// writer performs (or, dry, prints) every change and records it in the state.
type writer struct {
	o       *Options
	st      *State
	planned map[string]bool // dry run: directories already announced
	root    string          // Stage: every path is written under it
}

// extension writes the unpacked extension and the .xpi, with the release
// version in their manifest.
func (w *writer) extension(ext fs.FS, res *Result) error {
	if ext == nil {
		return errors.New("no extension files in this build")
	}
	files, err := extpack.Build(ext, extpack.Unpacked, w.o.Version)
	if err != nil {
		return fmt.Errorf("cannot read the extension in this build: %w", err)
	}
	if err := w.unpack(files, res.Extension); err != nil {
		return fmt.Errorf("cannot unpack the extension to %s: %w", res.Extension, err)
	}
	xpi, err := extpack.ZipBytes(files)
	if err == nil {
		err = w.write(res.XPI, xpi, 0o644)
	}
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", res.XPI, err)
	}
	return nil
}

func (w *writer) mkdir(dir string) error {
	var missing []string
	for d := dir; !w.o.exists(d) && !w.planned[d]; d = filepath.Dir(d) {
		missing = append([]string{d}, missing...)
		if filepath.Dir(d) == d {
			break
		}
	}
	for _, d := range missing {
		if w.o.DryRun {
			w.o.printf("would create %s\n", d)
			w.planned[d] = true
			continue
		}
		if err := os.Mkdir(d, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
		w.st.addDir(d)
	}
	return nil
}

func (w *writer) write(path string, data []byte, mode os.FileMode) error {
	if w.root != "" {
		staged := filepath.Join(w.root, filepath.FromSlash(path))
		if err := os.MkdirAll(filepath.Dir(staged), 0o755); err != nil {
			return err
		}
		return writeFileAtomic(staged, data, mode)
	}
	if err := w.mkdir(filepath.Dir(path)); err != nil {
		return err
	}
	if w.o.DryRun {
		w.o.printf("would write %s\n", path)
		return nil
	}
	if err := writeFileAtomic(path, data, mode); err != nil {
		return err
	}
	w.st.addFile(path)
	return nil
}

func (w *writer) copyBinary(from, to string) error {
	if from == "" {
		return errors.New("cannot find the running executable")
	}
	if same(from, to) {
		return nil // reinstalling from the installed copy
	}
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	if runtime.GOOS == "windows" && !w.o.DryRun {
		os.Remove(to + ".old") // left by the previous upgrade of a running exe
	}
	return w.write(to, data, 0o755)
}

func same(a, b string) bool {
	ra, err1 := filepath.EvalSymlinks(a)
	rb, err2 := filepath.EvalSymlinks(b)
	return err1 == nil && err2 == nil && ra == rb
}

// unpack writes the extension fresh, removing files an older version had.
func (w *writer) unpack(files extpack.Files, dir string) error {
	if !w.o.DryRun && w.root == "" {
		for _, f := range w.st.Files {
			if strings.HasPrefix(f, dir+string(filepath.Separator)) {
				os.Remove(f)
			}
		}
	}
	for _, p := range files.Names() {
		if err := w.write(filepath.Join(dir, filepath.FromSlash(p)), files[p], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// register writes b's manifest (and, on Windows, its registry key).
func (w *writer) register(b Browser, binary string) error {
	path := w.o.Env.ManifestPath(b, w.o.System)
	if path == "" {
		return fmt.Errorf("%s documents no machine-wide manifest location; install without --system", b.Label)
	}
	if old, err := os.ReadFile(path); err == nil && !json.Valid(old) {
		w.o.printf("warning: %s held a malformed manifest; replacing it\n", path)
	}
	if err := w.write(path, HostManifest(b.Family, binary, w.st.ExtraIDs), 0o644); err != nil {
		return err
	}
	if key := w.o.Env.RegistryKey(b); key != "" {
		if w.o.DryRun {
			w.o.printf("would set %s\\%s = %s\n", w.o.root(), key, path)
			return nil
		}
		if w.o.Registry == nil {
			return errors.New("no registry")
		}
		if err := w.o.Registry.SetDefault(w.o.root(), key, path); err != nil {
			return fmt.Errorf("cannot write the registry key %s\\%s: %w", w.o.root(), key, err)
		}
		w.st.addReg(RegEntry{Root: w.o.root(), Key: key, Value: path})
	}
	return nil
}

// sandboxed handles Flatpak and Snap builds of b. A Flatpak browser cannot
// start a program outside its sandbox: as KeePassXC and browserpass
// document, the manifest inside the sandbox points at a small script that
// asks the host system to run otpfill (flatpak-spawn --host), which needs
// the browser to be allowed to talk to org.freedesktop.Flatpak.
func (w *writer) sandboxed(b Browser, binary string) (string, error) {
	if w.o.System {
		return "", nil
	}
	if d := w.o.Env.FlatpakDir(b); d != "" && w.o.exists(d) {
		script := filepath.Join(d, "data", "otpfill", "otpfill-host")
		body := "#!/bin/sh\n# Written by otpfill install: run the host outside the Flatpak sandbox.\nexec flatpak-spawn --host " + shellQuote(binary) + " \"$@\"\n"
		if err := w.write(script, []byte(body), 0o755); err != nil {
			return "", err
		}
		mpath := filepath.Join(w.o.Env.FlatpakManifestDir(b), HostName+".json")
		if err := w.write(mpath, HostManifest(b.Family, script, w.st.ExtraIDs), 0o644); err != nil {
			return "", err
		}
		return fmt.Sprintf("%s (Flatpak): allow it to start otpfill outside its sandbox, once:\n    flatpak override --user --talk-name=org.freedesktop.Flatpak %s", b.Label, b.Flatpak), nil
	}
	if d := w.o.Env.SnapDir(b); d != "" && w.o.exists(d) {
		if b.Family == Firefox {
			return fmt.Sprintf("%s (Snap): the snap reaches native hosts through the desktop's WebExtensions portal (Firefox 106+, xdg-desktop-portal 1.15+); approve otpfill when Firefox asks. If it never asks, install Firefox from a .deb or Flatpak.", b.Label), nil
		}
		return fmt.Sprintf("%s (Snap): snap builds of %s cannot start native-messaging hosts; install it from a .deb or Flatpak to use otpfill.", b.Label, b.Label), nil
	}
	return "", nil
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// Uninstall removes what the state file lists: registry keys that still
// point where install pointed them, files, then the directories install
// created (only when empty). It returns what it removed.
func Uninstall(o Options) ([]string, error) {
	dir := o.Env.InstallDir(o.System)
	st, err := LoadState(dir)
	if err != nil {
		return nil, err
	}
	if len(st.Files) == 0 && len(st.Registry) == 0 && st.Link == "" && st.PathDir == "" {
		return nil, ErrNothingInstalled
	}
	removed, errs := takeOffPath(o, st)
	for _, r := range st.Registry {
		if v, err := o.Registry.GetDefault(r.Root, r.Key); err == nil && v != r.Value {
			continue // something else owns it now
		}
		if o.DryRun {
			o.printf("would delete %s\\%s\n", r.Root, r.Key)
			continue
		}
		if err := o.Registry.DeleteKey(r.Root, r.Key); err != nil {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, string(r.Root)+`\`+r.Key)
	}
	files := append(slices.Clone(st.Files), filepath.Join(dir, StateFile))
	for _, f := range files {
		if o.DryRun {
			o.printf("would remove %s\n", f)
			continue
		}
		if err := os.Remove(f); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, f)
	}
	if !o.DryRun {
		os.Remove(st.Binary + ".old")
	}
	dirs := slices.Clone(st.Dirs)
	slices.SortFunc(dirs, func(a, b string) int { return len(b) - len(a) }) // deepest first
	for _, d := range dirs {
		if o.DryRun {
			o.printf("would remove %s if empty\n", d)
			continue
		}
		if err := os.Remove(d); err == nil {
			removed = append(removed, d)
		}
	}
	return removed, errors.Join(errs...)
}
