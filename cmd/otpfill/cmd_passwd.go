package main

import (
	"fmt"

	"github.com/otpfill/otpfill/vault"
	"github.com/spf13/cobra"
)

func addPasswdCmd(root *cobra.Command, c *cli) {
	var newFile string
	cmd := &cobra.Command{
		Use:     "passwd",
		GroupID: "vault",
		Short:   "Change the vault passphrase",
		Long: `Change the vault passphrase (it asks for the current one, even with the keyring enabled).
Unlocked browsers stay unlocked; their next unlock takes the new passphrase.

At a terminal the new passphrase is asked twice without echo. From a pipe, standard input gives
the current passphrase (unless --passphrase-file gives it), then the new one twice, one per line.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return c.runPasswd(newFile) },
	}
	cmd.Flags().StringVar(&newFile, "new-passphrase-file", "", "read the new passphrase from the first line of `FILE`")
	c.vaultFlags(cmd, true)
	root.AddCommand(cmd)
}

func (c *cli) runPasswd(newFile string) error {
	v, err := c.openByPassphrase()
	if err != nil {
		return err
	}
	defer v.Close()
	pass, err := c.newPassphrase(newFile)
	if err != nil {
		return err
	}
	defer wipe(pass)
	if err := v.ChangePassphrase(pass, vault.KDFParams{}); err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, "Passphrase changed. Unlocked browsers stay unlocked; the next unlock takes the new one.")
	return nil
}
