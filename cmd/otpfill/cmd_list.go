package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
)

// listed is what list shows of an entry: never the secret.
type listed struct {
	ID        string    `json:"id"`
	Issuer    string    `json:"issuer"`
	Account   string    `json:"account"`
	Tenant    string    `json:"tenant"`
	Algorithm string    `json:"algorithm"`
	Digits    int       `json:"digits"`
	Period    int       `json:"period"`
	Created   time.Time `json:"created"`
	Label     string    `json:"label,omitempty"` // set in the popup: display only
}

func addListCmd(root *cobra.Command, c *cli) {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "list",
		GroupID: "vault",
		Short:   "List the entries (never secrets)",
		Long:    "List the entries: id, issuer, tenant, account and the label set in the popup. Secrets are never shown.",
		Args:    noArgs,
		RunE:    func(cmd *cobra.Command, args []string) error { return c.runList(asJSON) },
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON: id, issuer, account, tenant, algorithm, digits, period, created, label")
	c.vaultFlags(cmd, true)
	root.AddCommand(cmd)
}

func (c *cli) runList(asJSON bool) error {
	v, err := c.open()
	if err != nil {
		return err
	}
	defer v.Close()
	entries := v.Entries()
	out := make([]listed, len(entries))
	for i, e := range entries {
		out[i] = listed{e.ID, e.Issuer, e.Account, e.Tenant, e.Algorithm, e.Digits, e.Period, e.Created, e.Nickname}
	}
	if asJSON {
		return writeJSON(c.stdout, out)
	}
	if len(out) == 0 {
		fmt.Fprintln(c.stdout, "The vault is empty. Add a secret with 'otpfill add'.")
		return nil
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tISSUER\tTENANT\tACCOUNT\tLABEL")
	for _, e := range out {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", printable(e.ID), printable(e.Issuer), printable(e.Tenant), printable(e.Account), printable(e.Label))
	}
	return tw.Flush()
}

// writeJSON prints v as indented JSON with nothing a terminal would act on.
func writeJSON(w io.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(printableJSON(b.Bytes()))
	return err
}
