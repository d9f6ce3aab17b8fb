package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/otpfill/otpfill/extension"
	"github.com/otpfill/otpfill/installer"
)

// installFlags are shared by install, uninstall and doctor.
type installFlags struct {
	browsers string
	system   bool
	dryRun   bool
	extraIDs []string
}

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
