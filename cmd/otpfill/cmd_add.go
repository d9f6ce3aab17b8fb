package main

import (
	"errors"
	"fmt"

	"github.com/otpfill/otpfill/qr"
	"github.com/otpfill/otpfill/vault"
	"github.com/spf13/cobra"
)

type addOptions struct {
	secret, account, issuer, tenant, qrFile string
	replace                                 bool
}

func addAddCmd(root *cobra.Command, c *cli) {
	var o addOptions
	cmd := &cobra.Command{
		Use:     "add {URI | --secret S --account A | --qr FILE}",
		GroupID: "vault",
		Short:   "Add a TOTP secret",
		Long: `Add a TOTP secret to the vault, in one of three ways:

  an otpauth://totp/... URI (quote it: it contains & and ?),
  the secret key as Microsoft's "Can't scan image?" shows it, with --secret and --account,
  a screenshot of the QR code (PNG or JPEG) with --qr.

Microsoft's first QR code (phonefactor://...) works only with Microsoft Authenticator and holds no
secret: choose "I want to use a different authenticator app" to get a standard one.`,
		Example: `  otpfill add 'otpauth://totp/Contoso:ada@contoso.com?secret=...&issuer=Microsoft'
  otpfill add --secret "abcd efgh ijkl mnop" --account ada@contoso.com --tenant Contoso
  otpfill add --qr ~/Pictures/enroll.png`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usagef("add takes one URI (quote it)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			e, err := o.entry(cmd, args)
			if err != nil {
				return err
			}
			return c.runAdd(e, o.replace)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.secret, "secret", "", "base32 secret key `S` as the enrollment page shows it (spaces and lower case are fine)")
	f.StringVar(&o.account, "account", "", "account `A` (UPN or e-mail) the secret belongs to")
	f.StringVar(&o.issuer, "issuer", "Microsoft", "issuer `I`")
	f.StringVar(&o.tenant, "tenant", "", "tenant (organisation) name `T`, e.g. Contoso")
	f.StringVar(&o.qrFile, "qr", "", "read an otpauth QR code from a PNG or JPEG screenshot `FILE`")
	f.BoolVar(&o.replace, "replace", false, "replace an existing entry for the same account and tenant")
	cmd.MarkFlagFilename("qr", "png", "jpg", "jpeg")
	c.vaultFlags(cmd, true)
	root.AddCommand(cmd)
}

// entry turns the one input given (URI, --secret or --qr) into an entry;
// two inputs, or label flags beside a URI or QR code, are usage errors.
func (o *addOptions) entry(cmd *cobra.Command, args []string) (vault.Entry, error) {
	labelFlags := []string{"account", "issuer", "tenant"}
	switch {
	case len(args) == 1:
		if err := onlyWith(cmd, "a URI", append(labelFlags, "secret", "qr")...); err != nil {
			return vault.Entry{}, err
		}
		return entryFromText(args[0])
	case cmd.Flags().Changed("qr"):
		if err := onlyWith(cmd, "--qr", append(labelFlags, "secret")...); err != nil {
			return vault.Entry{}, err
		}
		return entryFromQRFile(o.qrFile)
	case cmd.Flags().Changed("secret"):
		if o.account == "" {
			return vault.Entry{}, usagef("--secret needs --account (the account the secret belongs to)")
		}
		sec, err := vault.NormalizeSecret(o.secret)
		if err != nil {
			return vault.Entry{}, err
		}
		return vault.Entry{Issuer: o.issuer, Account: o.account, Tenant: o.tenant, Secret: sec}, nil
	}
	return vault.Entry{}, usagef("add takes an otpauth:// URI, or --secret and --account, or --qr FILE")
}

// onlyWith fails when any of the named flags was given beside what.
func onlyWith(cmd *cobra.Command, what string, names ...string) error {
	for _, n := range names {
		if cmd.Flags().Changed(n) {
			return usagef("--%s cannot be used with %s", n, what)
		}
	}
	return nil
}

// entryFromText parses pasted text: an otpauth URI, or a link that is not
// one, named with the same advice as its QR code.
func entryFromText(text string) (vault.Entry, error) {
	if k := qr.Classify(text); k == qr.KindPhoneFactor || k == qr.KindMigration {
		return vault.Entry{}, notOTPAuth(text)
	}
	return vault.ParseURI(text)
}

func (c *cli) runAdd(e vault.Entry, replace bool) error {
	v, err := c.open()
	if err != nil {
		return err
	}
	defer v.Close()
	added, err := v.Add(e, replace)
	if errors.Is(err, vault.ErrExists) {
		return fmt.Errorf("an entry for %s already exists; add --replace to take the new secret", e.Label())
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Added %s (id %s)\n", printable(added.Label()), added.ID)
	return nil
}
