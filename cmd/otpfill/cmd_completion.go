package main

import (
	"io"
	"strings"

	"github.com/otpfill/otpfill/keyring"
	"github.com/otpfill/otpfill/vault"
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

// entryNamesWithoutPrompt lists the entries' names (Tenant:account, and the
// account alone when no other entry has it; the id for a label a terminal
// would act on) when the vault opens without asking anyone. Nil otherwise.
func (c *cli) entryNamesWithoutPrompt() []entryName {
	v := c.openWithoutPrompt()
	if v == nil {
		return nil
	}
	defer v.Close()
	entries := v.Entries()
	accounts := map[string]int{}
	for _, e := range entries {
		accounts[strings.ToLower(e.Account)]++
	}
	var out []entryName
	for _, e := range entries {
		desc := printable(describe(e))
		if needsEscape(e.Label()) {
			// The shell would print the label raw; the id is plain hex.
			out = append(out, entryName{name: e.ID, desc: desc})
			continue
		}
		out = append(out, entryName{name: e.Label(), desc: desc})
		if e.Tenant != "" && accounts[strings.ToLower(e.Account)] == 1 {
			out = append(out, entryName{name: e.Account, desc: desc}) // "ada<TAB>" completes too
		}
	}
	return out
}

// openWithoutPrompt opens the vault through its keyring stanza or a
// passphrase file (--passphrase-file or $OTPFILL_PASSPHRASE_FILE), printing
// nothing: a completion must never prompt or write into the user's command
// line. Nil when neither opens it.
func (c *cli) openWithoutPrompt() *vault.Vault {
	path, err := c.vaultFile()
	if err != nil {
		return nil
	}
	if v, _ := vault.TryKeyring(path, keyring.System(), nil); v != nil {
		return v
	}
	if c.passphraseFile() == "" {
		return nil
	}
	quiet := *c
	quiet.stdin, quiet.stderr = nil, io.Discard // never a prompt, never a notice
	v, err := quiet.openByPassphrase()
	if err != nil {
		return nil
	}
	return v
}
