package main

import (
	"bufio"
	"errors"
	"fmt"

	"github.com/spf13/cobra"
)

func addExportCmd(root *cobra.Command, c *cli) {
	var plain, encrypt, force bool
	var qrEntry, format, output, passwordFile string
	cmd := &cobra.Command{
		Use:     "export {--plaintext | --qr ENTRY | --format aegis --encrypt --output FILE}",
		GroupID: "vault",
		Short:   "Print the secrets, show one as a QR code, or write an encrypted Aegis backup",
		Long: `Print every entry as an otpauth:// URI, one per line (--plaintext: keep the output safe), draw
one entry as a QR code in the terminal to copy it to a phone app (--qr ENTRY), or write an encrypted
Aegis backup that the Aegis app imports with its password: the safe way to keep a copy on a phone
(--format aegis --encrypt --output FILE). The backup's password (not the vault passphrase) is the
first line of --password-file, else asked twice on the terminal. The backup file is mode 0600 and
an existing file is kept unless --force.

` + entryHelp,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := conflicts(cmd, "plaintext", "qr", "format"); err != nil {
				return err
			}
			switch {
			case format != "" && format != "aegis":
				return usagef("--format knows only aegis")
			case format != "" && (!encrypt || output == ""):
				return usagef("--format aegis needs --encrypt and --output FILE (an unencrypted backup file would hold every secret in the clear)")
			case format == "" && (encrypt || output != "" || passwordFile != "" || force):
				return usagef("--encrypt, --output, --password-file and --force go with --format aegis")
			case format != "":
				return c.exportAegis(output, passwordFile, force)
			}
			return c.runExport(plain, qrEntry)
		},
	}
	cmd.Flags().BoolVar(&plain, "plaintext", false, "confirm that the secrets are printed in plain text")
	cmd.Flags().StringVar(&qrEntry, "qr", "", "show one `ENTRY` as a QR code, to copy it to a phone app")
	cmd.Flags().StringVar(&format, "format", "", "write a backup file in `FORMAT` (aegis)")
	cmd.Flags().BoolVar(&encrypt, "encrypt", false, "encrypt the backup file with a password (required with --format)")
	cmd.Flags().StringVar(&output, "output", "", "the backup `FILE` to write")
	cmd.Flags().StringVar(&passwordFile, "password-file", "", "read the backup's password (not the vault passphrase) from the first line of `FILE`")
	cmd.Flags().BoolVar(&force, "force", false, "overwrite an existing backup file")
	cmd.RegisterFlagCompletionFunc("qr", c.completeEntry)
	cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"aegis"}, cobra.ShellCompDirectiveNoFileComp))
	c.vaultFlags(cmd, true)
	root.AddCommand(cmd)
}

func (c *cli) runExport(plain bool, qrEntry string) error {
	if !plain && qrEntry == "" {
		return errors.New("export prints every secret in plain text; add --plaintext to confirm (and keep the output safe), or write an encrypted backup with --format aegis --encrypt --output FILE")
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
