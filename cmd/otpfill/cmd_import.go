package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/otpfill/otpfill/vault"
	"github.com/spf13/cobra"
)

func addImportCmd(root *cobra.Command, c *cli) {
	var replace bool
	cmd := &cobra.Command{
		Use:     "import [FILE]",
		GroupID: "vault",
		Short:   "Add otpauth URIs or Google Authenticator exports",
		Long: `Add otpauth:// URIs and Google Authenticator exports (otpauth-migration://), one per line, from
FILE or standard input ("-" or no FILE). Blank lines and # comments are skipped; duplicates are
skipped and counted. Reading standard input needs the passphrase from --passphrase-file or
$OTPFILL_PASSPHRASE_FILE.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usagef("import takes at most one FILE")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error { return c.runImport(args, replace) },
	}
	cmd.Flags().BoolVar(&replace, "replace", false, "take the imported secret when an entry for the same account exists")
	c.vaultFlags(cmd, true)
	root.AddCommand(cmd)
}

func (c *cli) runImport(args []string, replace bool) error {
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
		return errors.New("import reads the URIs from standard input here, so give the passphrase with --passphrase-file or OTPFILL_PASSPHRASE_FILE (or name the input FILE)")
	}
	entries, skipped, bad, err := readImport(in)
	if err != nil {
		return err
	}
	v, err := c.open()
	if err != nil {
		return err
	}
	defer v.Close()
	res, err := v.Import(entries, replace)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Imported %d, skipped %d duplicates", res.Added, res.Duplicates)
	if skipped > 0 {
		fmt.Fprintf(c.stdout, " and %d counter-based (HOTP) or MD5 codes otpfill cannot use", skipped)
	}
	if res.Conflicts > 0 {
		fmt.Fprintf(c.stdout, ", kept %d existing entries that have a different secret (--replace takes the imported ones)", res.Conflicts)
	}
	fmt.Fprintln(c.stdout, ".")
	if len(bad) > 0 {
		return fmt.Errorf("%d line(s) not imported: %s", len(bad), strings.Join(bad, "; "))
	}
	return nil
}

// readImport reads otpauth URIs and Google Authenticator exports
// (otpauth-migration://), one per line; blank lines and # comments are
// skipped, a bad line is named by its number (never its content).
func readImport(in io.Reader) (entries []vault.Entry, skipped int, bad []string, err error) {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		got, skip, err := parseImportLine(line)
		if err != nil {
			bad = append(bad, fmt.Sprintf("line %d: %v", n, err))
			continue
		}
		entries, skipped = append(entries, got...), skipped+skip
	}
	if err := sc.Err(); err != nil {
		return nil, 0, nil, fmt.Errorf("cannot read the import: %w", err)
	}
	return entries, skipped, bad, nil
}

func parseImportLine(line string) ([]vault.Entry, int, error) {
	if strings.HasPrefix(strings.ToLower(line), "otpauth-migration:") {
		return vault.ParseMigration(line)
	}
	e, err := vault.ParseURI(line)
	if err != nil {
		return nil, 0, err
	}
	return []vault.Entry{e}, 0, nil
}
