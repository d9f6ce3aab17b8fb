package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

// addManpagesCmd adds the hidden "__manpages DIR": the release build writes
// the man pages (otpfill.1, otpfill-add.1, ...) with it.
func addManpagesCmd(root *cobra.Command, c *cli) {
	root.AddCommand(&cobra.Command{
		Use:    "__manpages DIR",
		Hidden: true,
		Args:   exactArgs(1, "the output DIR"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := os.MkdirAll(args[0], 0o755); err != nil {
				return err
			}
			root.InitDefaultCompletionCmd()
			hdr := &doc.GenManHeader{Title: "OTPFILL", Section: "1", Source: "otpfill " + versionString(), Manual: "otpfill manual"}
			if err := doc.GenManTree(root, hdr, args[0]); err != nil {
				return fmt.Errorf("cannot write the man pages: %w", err)
			}
			fmt.Fprintf(c.stdout, "Wrote the man pages to %s\n", args[0])
			return nil
		},
	})
}
