package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func addVersionCmd(root *cobra.Command, c *cli) {
	root.AddCommand(&cobra.Command{
		Use:     "version",
		GroupID: "setup",
		Short:   "Print the version",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintf(c.stdout, "otpfill %s (protocol 1)\n", versionString())
			return nil
		},
	})
}
