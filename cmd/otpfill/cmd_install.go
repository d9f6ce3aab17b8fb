package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"sort"

	"github.com/otpfill/otpfill/installer"
	"github.com/otpfill/otpfill/vault"
	"github.com/spf13/cobra"
)

func addInstallCmd(root *cobra.Command, c *cli) {
	var f installFlags
	cmd := &cobra.Command{
		Use:     "install",
		GroupID: "setup",
		Short:   "Install the host and the extension for every browser",
		Long: `Copy otpfill and its extension to a stable per-user directory (or machine-wide with --system),
register the native-messaging host with every browser found, and say how to load the extension.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return c.runInstall(&f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.browsers, "browser", "", "comma-separated browsers to register (`LIST`; default: every browser found)")
	fl.BoolVar(&f.system, "system", false, "install for every user of this machine (root / Administrator)")
	fl.BoolVar(&f.dryRun, "dry-run", false, "print what would be written, write nothing")
	fl.StringArrayVar(&f.extraIDs, "extension-id", nil, "also allow this extension `ID` (a store build); repeatable")
	root.AddCommand(cmd)
}

func (c *cli) runInstall(f *installFlags) error {
	o, err := c.installOptions(f)
	if err != nil {
		return err
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
