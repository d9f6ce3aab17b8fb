package main

import (
	"fmt"
	"strings"

	"github.com/otpfill/otpfill/keyring"
	"github.com/otpfill/otpfill/vault"
	"github.com/spf13/cobra"
)

func addKeyringCmd(root *cobra.Command, c *cli) {
	cmd := &cobra.Command{
		Use:     "keyring",
		GroupID: "vault",
		Short:   "Unlock through the system keyring: enable, disable, status",
		Long: `Unlock the vault through the operating system's keyring (Secret Service, Keychain, Credential
Manager) instead of the passphrase: browsers' hosts and the CLI then need no passphrase while your
session is unlocked. The trade: whoever has your unlocked session can get codes. The passphrase keeps
working, and is asked for again when the keyring is not there.`,
		Args: unknownCommand,
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "enable",
		Short: "Store a key in the system keyring that unlocks the vault (asks for the passphrase)",
		Args:  noArgs,
		RunE:  func(cmd *cobra.Command, args []string) error { return c.runKeyringEnable() },
	}, &cobra.Command{
		Use:   "disable",
		Short: "Remove the keyring's key from the vault and the keyring",
		Args:  noArgs,
		RunE:  func(cmd *cobra.Command, args []string) error { return c.runKeyringDisable() },
	}, &cobra.Command{
		Use:   "status",
		Short: "Show how the vault unlocks and whether the keyring item is reachable",
		Args:  noArgs,
		RunE:  func(cmd *cobra.Command, args []string) error { return c.runKeyringStatus() },
	})
	for _, sub := range cmd.Commands() {
		c.vaultFlags(sub, sub.Name() != "status")
	}
	root.AddCommand(cmd)
}

func (c *cli) runKeyringEnable() error {
	v, err := c.openByPassphrase()
	if err != nil {
		return err
	}
	defer v.Close()
	if err := v.EnableKeyring(keyring.System()); err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, "Keyring unlock enabled: otpfill now unlocks without the passphrase while your session is unlocked.")
	return nil
}

func (c *cli) runKeyringDisable() error {
	v, err := c.open()
	if err != nil {
		return err
	}
	defer v.Close()
	if err := v.DisableKeyring(keyring.System()); err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, "Keyring unlock disabled: the passphrase is needed again.")
	return nil
}

func (c *cli) runKeyringStatus() error {
	path, err := c.vaultFile()
	if err != nil {
		return err
	}
	st, err := vault.Keyring(path, keyring.System())
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Stanzas: %s\n", strings.Join(st.Stanzas, ", "))
	line := "Keyring item: " + st.Item
	if st.Name != "" {
		line = fmt.Sprintf("Keyring item %s: %s", st.Name, st.Item)
	}
	if st.Reason != "" {
		line += " (" + st.Reason + ")"
	}
	fmt.Fprintln(c.stdout, line)
	return nil
}
