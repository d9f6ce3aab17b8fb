package main

import (
	"fmt"
	"strings"

	"github.com/otpfill/otpfill/vault"
)

// minIDPrefix keeps a short word (an account "ab") from being taken for an
// id prefix.
const minIDPrefix = 4

const entryHelp = `ENTRY names one entry, tried in this order: its id or a unique id prefix (4+ characters),
Tenant:account, the account, a tenant that has a single entry, then any part of the issuer,
tenant or account (case-insensitive). When several entries match, otpfill lists them and fails.`

// findEntry resolves what a person typed to one entry. Each rule is tried
// in turn; the first that matches anything decides, and matching several
// entries is an error that lists them.
func findEntry(entries []vault.Entry, key string) (vault.Entry, error) {
	key = strings.TrimSpace(key)
	if key == "" {
		return vault.Entry{}, usagef("the entry name is empty ('otpfill list' shows them)")
	}
	lower := strings.ToLower(key)
	rules := []func(e *vault.Entry) bool{
		func(e *vault.Entry) bool { return e.ID == key },
		func(e *vault.Entry) bool { return len(key) >= minIDPrefix && strings.HasPrefix(e.ID, lower) },
		func(e *vault.Entry) bool {
			return (e.Tenant != "" && strings.EqualFold(e.Tenant+":"+e.Account, key)) ||
				(e.Issuer != "" && strings.EqualFold(e.Issuer+":"+e.Account, key))
		},
		func(e *vault.Entry) bool { return strings.EqualFold(e.Account, key) },
		func(e *vault.Entry) bool { return e.Tenant != "" && strings.EqualFold(e.Tenant, key) },
		func(e *vault.Entry) bool {
			for _, f := range []string{e.Issuer, e.Tenant, e.Account, e.Tenant + ":" + e.Account} {
				if strings.Contains(strings.ToLower(f), lower) {
					return true
				}
			}
			return false
		},
	}
	for _, match := range rules {
		var found []vault.Entry
		for i := range entries {
			if match(&entries[i]) {
				found = append(found, entries[i])
			}
		}
		switch len(found) {
		case 0:
			continue
		case 1:
			return found[0], nil
		}
		cands := make([]string, len(found))
		for i, e := range found {
			cands[i] = fmt.Sprintf("%s (%s)", e.ID, describe(e))
		}
		return vault.Entry{}, fmt.Errorf("%q matches %d entries; name one of: %s", key, len(found), strings.Join(cands, ", "))
	}
	return vault.Entry{}, fmt.Errorf("no entry matches %q ('otpfill list' shows them)", key)
}

// describe is an entry's label with its issuer when that tells entries
// apart; it is raw text: print it through printable.
func describe(e vault.Entry) string {
	if e.Issuer != "" && e.Issuer != "Microsoft" {
		return e.Issuer + ", " + e.Label()
	}
	return e.Label()
}
