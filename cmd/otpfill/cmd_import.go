package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

func addImportCmd(root *cobra.Command, c *cli) {
	var replace bool
	var passwordFile string
	cmd := &cobra.Command{
		Use:     "import [FILE]",
		GroupID: "vault",
		Short:   "Add the tokens of another authenticator app's export",
		Long: `Add the tokens of an export file (or standard input: "-" or no FILE), its format told from the
content: otpauth:// URIs one per line (blank lines and # comments skipped), Google Authenticator
(otpauth-migration://), Aegis (plain or encrypted), 2FAS .2fas (plain or encrypted), andOTP (plain
JSON), Bitwarden (unencrypted JSON) and Ente Auth (plain text).

An encrypted file's password (the export's, not the vault passphrase) is the first line of
--password-file, else asked on the terminal. The file imports whole or not at all; tokens otpfill
cannot use (HOTP, Steam, Yandex, mOTP, other algorithms or digits, bad secrets) are skipped and
listed with the reason, and duplicates are counted, on standard error. Reading standard input needs
the vault passphrase from --passphrase-file or $OTPFILL_PASSPHRASE_FILE.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usagef("import takes at most one FILE")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error { return c.runImport(args, passwordFile, replace) },
	}
	cmd.Flags().BoolVar(&replace, "replace", false, "take the imported secret when an entry for the same account exists")
	cmd.Flags().StringVar(&passwordFile, "password-file", "", "read the export file's password (not the vault passphrase) from the first line of `FILE`")
	c.vaultFlags(cmd, true)
	root.AddCommand(cmd)
}

func (c *cli) runImport(args []string, passwordFile string, replace bool) error {
	in := c.stdin
	switch {
	case len(args) == 1 && args[0] != "-":
		f, err := os.Open(args[0])
		if err != nil {
			return fmt.Errorf("cannot read %s: %w", args[0], err)
		}
		defer f.Close()
		in = f
	case c.passphraseFile() == "":
		return errors.New("import reads the export from standard input here, so give the passphrase with --passphrase-file or OTPFILL_PASSPHRASE_FILE (or name the input FILE)")
	}
	return c.importFrom(in, passwordFile, replace)
}
