package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/otpfill/otpfill/installer"
	"github.com/otpfill/otpfill/vault"
	"github.com/spf13/cobra"
)

func addUninstallCmd(root *cobra.Command, c *cli) {
	var f installFlags
	var purge, yes bool
	cmd := &cobra.Command{
		Use:     "uninstall",
		GroupID: "setup",
		Short:   "Remove exactly what install wrote",
		Long:    "Remove exactly what install wrote. The vault stays unless --purge.",
		Args:    noArgs,
		RunE:    func(cmd *cobra.Command, args []string) error { return c.runUninstall(&f, purge, yes) },
	}
	fl := cmd.Flags()
	fl.BoolVar(&f.system, "system", false, "remove the machine-wide install")
	fl.BoolVar(&f.dryRun, "dry-run", false, "print what would be removed")
	fl.BoolVar(&purge, "purge", false, "also delete the vault (every secret in it)")
	fl.BoolVar(&yes, "yes", false, "with --purge: do not ask")
	c.vaultFlags(cmd, false)
	root.AddCommand(cmd)
}

func (c *cli) runUninstall(f *installFlags, purge, yes bool) error {
	o, err := c.installOptions(f)
	if err != nil {
		return err
	}
	if purge && !yes && !f.dryRun {
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
	if purge && !f.dryRun {
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
	if !purge {
		if path, _ := c.path(); vault.Probe(path) == nil {
			fmt.Fprintf(c.stdout, "Your vault stays at %s (uninstall --purge deletes it).\n", path)
		}
	}
	return nil
}
