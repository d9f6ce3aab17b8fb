package main

import (
	"fmt"
	"os"

	"github.com/otpfill/otpfill/vault"
	"github.com/spf13/cobra"
)

func addInitCmd(root *cobra.Command, c *cli) {
	cmd := &cobra.Command{
		Use:     "init",
		GroupID: "vault",
		Short:   "Create a new, empty vault",
		Long: `Create a new, empty vault and choose its passphrase.

At a terminal the passphrase is asked twice without echo. From a pipe, standard input gives it
twice, on two lines. --passphrase-file (or $OTPFILL_PASSPHRASE_FILE) gives it once.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return c.runInit() },
	}
	c.vaultFlags(cmd, true)
	root.AddCommand(cmd)
}

func (c *cli) runInit() error {
	path, err := c.vaultFile()
	if err != nil {
		return err
	}
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("a vault already exists at %s: nothing changed ('otpfill passwd' changes its passphrase)", path)
	}
	pass, err := c.newPassphrase(c.passphraseFile())
	if err != nil {
		return err
	}
	defer wipe(pass)
	v, err := vault.Create(path, pass, kdf())
	if err != nil {
		return err
	}
	v.Close()
	fmt.Fprintf(c.stdout, "Created an empty vault at %s\n", path)
	return nil
}
