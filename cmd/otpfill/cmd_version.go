package main

import (
	"fmt"

	"github.com/otpfill/otpfill/internal/buildinfo"
	"github.com/spf13/cobra"
)

func addVersionCmd(root *cobra.Command, c *cli) {
	root.AddCommand(&cobra.Command{
		Use:     "version",
		GroupID: "setup",
		Short:   "Print the version, the commit and the protocol version",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintln(c.stdout, buildinfo.Get())
			return nil
		},
	})
}
