package main

import (
	"bufio"
	"errors"
	"fmt"

	"github.com/spf13/cobra"
)

func addExportCmd(root *cobra.Command, c *cli) {
	var plain bool
	var qrEntry string
	cmd := &cobra.Command{
		Use:     "export {--plaintext | --qr ENTRY}",
		GroupID: "vault",
		Short:   "Print the secrets for a backup, or one as a QR code",
		Long: `Print every entry as an otpauth:// URI, one per line (--plaintext: keep the output safe), or draw
one entry as a QR code in the terminal to copy it to a phone app (--qr ENTRY).

` + entryHelp,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := conflicts(cmd, "plaintext", "qr"); err != nil {
				return err
			}
			return c.runExport(plain, qrEntry)
		},
	}
	cmd.Flags().BoolVar(&plain, "plaintext", false, "confirm that the secrets are printed in plain text")
	cmd.Flags().StringVar(&qrEntry, "qr", "", "show one `ENTRY` as a QR code, to copy it to a phone app")
	cmd.RegisterFlagCompletionFunc("qr", c.completeEntry)
	c.vaultFlags(cmd, true)
	root.AddCommand(cmd)
}

func (c *cli) runExport(plain bool, qrEntry string) error {
	if !plain && qrEntry == "" {
		return errors.New("export prints every secret in plain text; add --plaintext to confirm (and keep the output safe)")
	}
	v, err := c.open()
	if err != nil {
		return err
	}
	defer v.Close()
	if qrEntry != "" {
		e, err := findEntry(v.Entries(), qrEntry)
		if err != nil {
			return err
		}
		return c.printQR(c.stdout, e)
	}
	w := bufio.NewWriter(c.stdout)
	for _, e := range v.Entries() {
		fmt.Fprintln(w, e.URI())
	}
	return w.Flush()
}
