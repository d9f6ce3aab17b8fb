package main

import (
	"fmt"

	"github.com/otpfill/otpfill/installer"
	"github.com/otpfill/otpfill/vault"
	"github.com/spf13/cobra"
)

func addDoctorCmd(root *cobra.Command, c *cli) {
	var f installFlags
	cmd := &cobra.Command{
		Use:     "doctor",
		GroupID: "setup",
		Short:   "Check the set-up and say how to fix it",
		Args:    noArgs,
		RunE:    func(cmd *cobra.Command, args []string) error { return c.runDoctor(&f) },
	}
	cmd.Flags().StringVar(&f.browsers, "browser", "", "check only these browsers (comma-separated `LIST`)")
	cmd.Flags().BoolVar(&f.system, "system", false, "check the machine-wide install")
	c.vaultFlags(cmd, false)
	root.AddCommand(cmd)
}

func (c *cli) runDoctor(f *installFlags) error {
	o, err := c.installOptions(f)
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
