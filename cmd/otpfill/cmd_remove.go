package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func addRemoveCmd(root *cobra.Command, c *cli) {
	cmd := &cobra.Command{
		Use:               "remove ENTRY",
		GroupID:           "vault",
		Short:             "Delete an entry",
		Long:              "Delete an entry from the vault.\n\n" + entryHelp,
		Args:              exactArgs(1, "one ENTRY"),
		ValidArgsFunction: c.completeEntry,
		RunE:              func(cmd *cobra.Command, args []string) error { return c.runRemove(args[0]) },
	}
	c.vaultFlags(cmd, true)
	root.AddCommand(cmd)
}

func (c *cli) runRemove(name string) error {
	v, err := c.open()
	if err != nil {
		return err
	}
	defer v.Close()
	e, err := findEntry(v.Entries(), name)
	if err != nil {
		return err
	}
	if err := v.Remove(e.ID); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Removed %s (id %s)\n", printable(e.Label()), e.ID)
	return nil
}
