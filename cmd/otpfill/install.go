package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/otpfill/otpfill/extension"
	"github.com/otpfill/otpfill/installer"
	"github.com/otpfill/otpfill/internal/buildinfo"
	"github.com/otpfill/otpfill/vault"
)

// installFlags are shared by install, uninstall and doctor.
type installFlags struct {
	browsers string
	system   bool
	root     string
	dryRun   bool
	extraIDs stringList
}

type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func (c *cli) installOptions(f *installFlags) (installer.Options, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return installer.Options{}, fmt.Errorf("cannot find your home directory: %w", err)
	}
	exe, err := os.Executable()
	if err != nil {
		return installer.Options{}, fmt.Errorf("cannot find the running otpfill: %w", err)
	}
	exe, _ = filepath.EvalSymlinks(exe)
	o := installer.Options{
		Env:      installer.Env{GOOS: runtime.GOOS, Home: home, Getenv: os.Getenv},
		System:   f.system,
		DryRun:   f.dryRun,
		ExtraIDs: f.extraIDs,
		Exe:      exe,
		Ext:      extension.FS,
		Version:  buildinfo.Version(),
		Root:     f.root,
		Registry: installer.SystemRegistry(),
		Out:      c.stdout,
	}
	o.Command = userCommand(o)
	for _, b := range strings.Split(f.browsers, ",") {
		if b = strings.TrimSpace(b); b != "" {
			o.Browsers = append(o.Browsers, b)
		}
	}
	return o, nil
}

// userCommand is how the user can run otpfill from a shell: "otpfill" when
// that is on PATH, else the installed binary's full path (install does not
// touch PATH).
func userCommand(o installer.Options) string {
	if _, err := exec.LookPath("otpfill"); err == nil {
		return "otpfill"
	}
	name := "otpfill"
	if runtime.GOOS == "windows" {
		name = "otpfill.exe"
	}
	bin := filepath.Join(o.Env.InstallDir(o.System), name)
	if _, err := os.Stat(bin); err == nil {
		return installer.Quote(runtime.GOOS, bin)
	}
	return "otpfill"
}

func runInstallCmd(c *cli, args []string) error {
	var f installFlags
	fs := c.flags("install")
	fs.StringVar(&f.browsers, "browser", "", "comma-separated browsers to register (default: every browser found)")
	fs.BoolVar(&f.system, "system", false, "install for every user of this machine (root / Administrator)")
	fs.BoolVar(&f.dryRun, "dry-run", false, "print what would be written, write nothing")
	fs.Var(&f.extraIDs, "extension-id", "also allow this extension `ID` (a store build); repeatable")
	fs.StringVar(&f.root, "root", "", "with --system: write the Linux package layout under `DIR` (packaging)")
	if err := parseNone(fs, args); err != nil {
		return err
	}
	o, err := c.installOptions(&f)
	if err != nil {
		return err
	}
	if f.root != "" {
		if !f.system || f.dryRun || f.browsers != "" || len(f.extraIDs) > 0 {
			return usageError{"--root stages the package layout: use it with --system alone"}
		}
		res, err := installer.Stage(o)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "Staged the package layout under %s (host %s, %d browsers)\n", f.root, res.Binary, len(res.Installed))
		return nil
	}
	res, err := installer.Install(o)
	if err != nil {
		return err
	}
	if f.dryRun {
		return nil
	}
	out := c.stdout
	fmt.Fprintf(out, "Installed otpfill in %s\n", res.Dir)
	fmt.Fprintf(out, "  host:      %s\n  extension: %s\n  Firefox add-on file: %s\n", res.Binary, res.Extension, res.XPI)
	if len(res.Installed) == 0 && len(res.Failed) == 0 {
		fmt.Fprintln(out, "\nNo supported browser was found. Install Chrome, Edge, Chromium, Brave, Vivaldi or Firefox,")
		fmt.Fprintln(out, "or name one that is installed somewhere unusual: otpfill install --browser chromium")
	}
	for _, b := range res.Installed {
		fmt.Fprintf(out, "\n%s: host registered.\n", b.Label)
		if b.Family == installer.Firefox {
			fmt.Fprintf(out, "  Load the extension: release Firefox accepts only signed add-ons, so use Firefox ESR, Developer Edition\n")
			fmt.Fprintf(out, "  or Nightly with xpinstall.signatures.required = false in about:config, then about:addons, the gear,\n")
			fmt.Fprintf(out, "  \"Install Add-on From File...\" and choose %s\n", res.XPI)
			fmt.Fprintf(out, "  (or, until Firefox restarts: about:debugging#/runtime/this-firefox, \"Load Temporary Add-on...\",\n")
			fmt.Fprintf(out, "  %s).\n", filepath.Join(res.Extension, "manifest.json"))
			continue
		}
		scheme := map[string]string{"edge": "edge", "edge-beta": "edge", "edge-dev": "edge", "brave": "brave", "vivaldi": "vivaldi"}[b.Name]
		if scheme == "" {
			scheme = "chrome"
		}
		fmt.Fprintf(out, "  Load the extension: open %s://extensions, turn on Developer mode, click \"Load unpacked\"\n", scheme)
		fmt.Fprintf(out, "  and choose %s\n", res.Extension)
	}
	names := make([]string, 0, len(res.Failed))
	for n := range res.Failed {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(c.stderr, "otpfill: %s: not registered: %v\n", n, res.Failed[n])
	}
	for _, note := range res.Notes {
		fmt.Fprintf(out, "\n%s\n", note)
	}
	path, _ := c.path()
	if err := vault.Probe(path); errors.Is(err, vault.ErrNoVault) {
		fmt.Fprintf(out, "\nNext: create your vault with\n    %s init\nthen add a secret (otpfill add --help) and unlock otpfill from its toolbar button.\n", installer.Quote(runtime.GOOS, res.Binary))
	} else {
		fmt.Fprintln(out, "\nNext: unlock otpfill from its toolbar button. 'otpfill doctor' checks the set-up.")
	}
	if len(res.Failed) > 0 {
		return fmt.Errorf("%d browser(s) could not be registered (see above)", len(res.Failed))
	}
	return nil
}

func runUninstallCmd(c *cli, args []string) error {
	var f installFlags
	fs := c.flags("uninstall")
	fs.BoolVar(&f.system, "system", false, "remove the machine-wide install")
	fs.BoolVar(&f.dryRun, "dry-run", false, "print what would be removed")
	purge := fs.Bool("purge", false, "also delete the vault (every secret in it)")
	yes := fs.Bool("yes", false, "with --purge: do not ask")
	if err := parseNone(fs, args); err != nil {
		return err
	}
	o, err := c.installOptions(&f)
	if err != nil {
		return err
	}
	if *purge && !*yes && !f.dryRun {
		if !c.stdinIsTerminal() {
			return errors.New("--purge deletes your vault and every secret in it; add --yes to confirm")
		}
		fmt.Fprint(c.stderr, "Delete the vault and every secret in it? Type 'delete' to confirm: ")
		var answer string
		fmt.Fscanln(c.stdin, &answer)
		if answer != "delete" {
			return errors.New("not confirmed; nothing removed")
		}
	}
	removed, err := installer.Uninstall(o)
	if errors.Is(err, installer.ErrNothingInstalled) {
		fmt.Fprintln(c.stdout, "otpfill is not installed here (no install record); nothing to remove.")
		err = nil
	}
	if len(removed) > 0 {
		fmt.Fprintf(c.stdout, "Removed %d files, directories and registry keys that install had written.\n", len(removed))
	}
	if err != nil {
		return err
	}
	if *purge && !f.dryRun {
		path, perr := c.path()
		if perr != nil {
			return perr
		}
		for _, p := range []string{path, path + ".lock", path + ".steps"} {
			if os.Remove(p) == nil {
				fmt.Fprintf(c.stdout, "removed %s\n", p)
			}
		}
		os.Remove(filepath.Dir(path)) // only if empty
	}
	if !*purge {
		if path, _ := c.path(); vault.Probe(path) == nil {
			fmt.Fprintf(c.stdout, "Your vault stays at %s (uninstall --purge deletes it).\n", path)
		}
	}
	return nil
}

func runDoctorCmd(c *cli, args []string) error {
	var f installFlags
	fs := c.flags("doctor")
	fs.StringVar(&f.browsers, "browser", "", "check only these browsers")
	fs.BoolVar(&f.system, "system", false, "check the machine-wide install")
	if err := parseNone(fs, args); err != nil {
		return err
	}
	o, err := c.installOptions(&f)
	if err != nil {
		return err
	}
	path, err := c.path()
	if err != nil {
		return err
	}
	problems := 0
	for _, fd := range installer.Doctor(o, path, vault.Probe) {
		if fd.OK {
			fmt.Fprintf(c.stdout, "ok       %s: %s\n", fd.Subject, fd.Problem)
			continue
		}
		problems++
		fmt.Fprintf(c.stdout, "PROBLEM  %s: %s\n         fix: %s\n", fd.Subject, fd.Problem, fd.Fix)
	}
	if problems > 0 {
		return fmt.Errorf("doctor found %d problem(s)", problems)
	}
	fmt.Fprintln(c.stdout, "Everything looks right.")
	return nil
}
