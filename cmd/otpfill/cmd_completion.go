package main

import (
	"github.com/spf13/cobra"
)

// Shell completion: cobra adds "completion bash|zsh|fish|powershell" and its
// hidden __complete helper; this file supplies the dynamic part, entry
// names.

// completeEntry completes an ENTRY argument with the vault's entry names,
// but only when they can be had without a prompt: a completion must never
// wait for a passphrase.
func (c *cli) completeEntry(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 && cmd.Flags().Lookup("qr") == nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	names := c.entryNamesWithoutPrompt()
	out := make([]cobra.Completion, 0, len(names))
	for _, n := range names {
		out = append(out, cobra.CompletionWithDesc(n.name, n.desc))
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

type entryName struct{ name, desc string }

// entryNamesWithoutPrompt lists the entries' names (Tenant:account, or the
// account) when the vault opens without asking anyone: a passphrase file
// (--passphrase-file or $OTPFILL_PASSPHRASE_FILE). Hook for other
// prompt-free unlocks (an OS keyring): add them here. Nil otherwise.
func (c *cli) entryNamesWithoutPrompt() []entryName {
	if c.passphraseFile() == "" {
		return nil
	}
	quiet := *c
	quiet.stdin = nil // never a prompt, whatever open decides
	v, err := quiet.open()
	if err != nil {
		return nil
	}
	defer v.Close()
	var out []entryName
	for _, e := range v.Entries() {
		out = append(out, entryName{name: e.Label(), desc: printable(describe(e))})
	}
	return out
}
