package main

import (
	"fmt"
	"strconv"
	"time"

	"github.com/otpfill/otpfill/vault"
	"github.com/spf13/cobra"
)

type codeOptions struct {
	at           string
	asJSON, copy bool
}

// codeJSON is what code --json prints.
type codeJSON struct {
	Code      string    `json:"code"`
	Step      int64     `json:"step"`
	Period    int       `json:"period"`
	ExpiresAt int64     `json:"expires_at"` // Unix milliseconds
	Entry     codeEntry `json:"entry"`
}

type codeEntry struct {
	ID      string `json:"id"`
	Issuer  string `json:"issuer"`
	Account string `json:"account"`
	Tenant  string `json:"tenant"`
}

func addCodeCmd(root *cobra.Command, c *cli) {
	var o codeOptions
	cmd := &cobra.Command{
		Use:     "code ENTRY",
		GroupID: "vault",
		Short:   "Print the current code of an entry",
		Long: `Print only the current code of an entry on stdout, or copy it to the clipboard (--copy; cleared
after 45 s, or $OTPFILL_CLIP_TIME seconds), or print it as JSON with its time step and expiry.

Without --at the code's time step is recorded as used: Microsoft rejects a code that was already
used, so the browser then fills the next one.

` + entryHelp,
		Example: `  otpfill code ada@contoso.com
  otpfill code Contoso:ada@contoso.com --copy
  otpfill code contoso --json`,
		Args:              exactArgs(1, "one ENTRY"),
		ValidArgsFunction: c.completeEntry,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := conflicts(cmd, "copy", "json"); err != nil {
				return err
			}
			when := time.Now()
			if o.at != "" {
				sec, err := strconv.ParseInt(o.at, 10, 64)
				if err != nil || sec < 0 {
					return usagef("--at takes whole seconds since 1970")
				}
				when = time.Unix(sec, 0)
			}
			return c.runCode(args[0], when, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.at, "at", "", "compute the code at `UNIX_SECONDS` instead of now")
	f.BoolVar(&o.asJSON, "json", false, "print JSON: code, step, period, expires_at (Unix ms), entry")
	f.BoolVar(&o.copy, "copy", false, "copy the code to the clipboard instead of printing it")
	c.vaultFlags(cmd, true)
	root.AddCommand(cmd)
}

func (c *cli) runCode(name string, when time.Time, o codeOptions) error {
	v, err := c.open()
	if err != nil {
		return err
	}
	defer v.Close()
	e, err := findEntry(v.Entries(), name)
	if err != nil {
		return err
	}
	step := e.Step(when)
	code, err := e.CodeAtStep(step)
	if err != nil {
		return err
	}
	if o.at == "" {
		c.markUsed(v, e, step)
	}
	expires := e.StepStart(step + 1)
	switch {
	case o.asJSON:
		return writeJSON(c.stdout, codeJSON{
			Code: code, Step: step, Period: int(expires.Sub(e.StepStart(step)).Seconds()), ExpiresAt: expires.UnixMilli(),
			Entry: codeEntry{ID: e.ID, Issuer: e.Issuer, Account: e.Account, Tenant: e.Tenant},
		})
	case o.copy:
		if err := copyCode(code); err != nil {
			return err
		}
		fmt.Fprintf(c.stderr, "Copied the code of %s; it is valid for %d more seconds. The clipboard clears in %d s.\n",
			printable(e.Label()), int(time.Until(expires).Seconds()), int(clipTime().Seconds()))
		return nil
	}
	fmt.Fprintln(c.stdout, code)
	return nil
}

// markUsed records a code a person may type, so a browser fill does not
// hand out the same one (Microsoft rejects a reused code).
func (c *cli) markUsed(v *vault.Vault, e vault.Entry, step int64) {
	prev, err := v.MarkStepUsed(e.ID, step)
	if err != nil {
		// The code is still right; only the replay bookkeeping failed.
		fmt.Fprintf(c.stderr, "otpfill: warning: could not record the code as used: %v\n", err)
	} else if prev > step {
		fmt.Fprintf(c.stderr, "otpfill: note: a newer code of this entry was already used for a sign-in; Microsoft may reject this one for the next %ds\n",
			int(time.Until(e.StepStart(prev+1)).Seconds()))
	}
}
