package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/otpfill/otpfill/vault"
)

func TestFindEntry(t *testing.T) {
	entries := []vault.Entry{
		{ID: "a1b2c3d4", Issuer: "Microsoft", Tenant: "Contoso", Account: "ada@contoso.com"},
		{ID: "a1b2ffff", Issuer: "Microsoft", Tenant: "Fabrikam", Account: "ada@contoso.com"},
		{ID: "0badc0de", Issuer: "Microsoft", Tenant: "Northwind", Account: "bob@northwind.example"},
		{ID: "12345678", Issuer: "GitHub", Account: "octo"},
		{ID: "9abcdef0", Issuer: "Microsoft", Account: "carol@outlook.com"},
		{ID: "deadbeef", Issuer: "Microsoft", Tenant: "Woodgrove", Account: "dave@woodgrove.example"},
		{ID: "feedf00d", Issuer: "Microsoft", Tenant: "Woodgrove", Account: "erin@woodgrove.example"},
	}
	cases := []struct {
		key     string
		want    string   // id, or "" for an error
		errHas  []string // for errors: what the message names
		errOmit string
	}{
		{key: "a1b2c3d4", want: "a1b2c3d4"}, // id
		{key: "0bad", want: "0badc0de"},     // unique id prefix
		{key: "0BAD", want: "0badc0de"},     // prefixes ignore case
		{key: "a1b2", errHas: []string{"matches 2 entries", "a1b2c3d4 (Contoso:ada@contoso.com)", "a1b2ffff (Fabrikam:ada@contoso.com)"}},
		{key: "contoso:ADA@contoso.com", want: "a1b2c3d4"},  // Tenant:account
		{key: "Fabrikam:ada@contoso.com", want: "a1b2ffff"}, // same account, other tenant
		{key: "GitHub:octo", want: "12345678"},              // Issuer:account when there is no tenant
		{key: "bob@northwind.example", want: "0badc0de"},    // account
		{key: "Carol@Outlook.com", want: "9abcdef0"},        // account, any case
		{key: "ada@contoso.com", errHas: []string{"matches 2 entries", "Contoso:", "Fabrikam:"}},
		{key: "northwind", want: "0badc0de"}, // a tenant with one entry
		{key: "woodgrove", errHas: []string{"matches 2 entries", "deadbeef", "feedf00d"}, errOmit: "ada"},
		{key: "outlook", want: "9abcdef0"}, // substring of the account
		{key: "git", want: "12345678"},     // substring of the issuer
		{key: "FABRI", want: "a1b2ffff"},   // substring of the tenant
		{key: "woodgrove.example", errHas: []string{"matches 2 entries"}},
		{key: "erin", want: "feedf00d"},
		{key: "nobody", errHas: []string{"no entry matches \"nobody\"", "otpfill list"}},
		{key: "  ", errHas: []string{"empty"}},
		{key: "123", errHas: []string{"no entry matches"}}, // too short for an id prefix
	}
	for _, c := range cases {
		got, err := findEntry(entries, c.key)
		if c.want != "" {
			if err != nil || got.ID != c.want {
				t.Errorf("%q: got %q, %v; want %s", c.key, got.ID, err, c.want)
			}
			continue
		}
		if err == nil {
			t.Errorf("%q: found %s, want an error", c.key, got.ID)
			continue
		}
		for _, w := range c.errHas {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%q: error %q lacks %q", c.key, err, w)
			}
		}
		if c.errOmit != "" && strings.Contains(err.Error(), c.errOmit) {
			t.Errorf("%q: error %q names %q", c.key, err, c.errOmit)
		}
	}
}

// BenchmarkFindEntry is the worst case: 10,000 entries and a name that only
// the last rule (substring search) resolves.
func BenchmarkFindEntry(b *testing.B) {
	entries := make([]vault.Entry, 10000)
	for i := range entries {
		entries[i] = vault.Entry{ID: fmt.Sprintf("%08x", i), Issuer: "Microsoft", Tenant: fmt.Sprintf("Tenant%d", i), Account: fmt.Sprintf("user%d@example.com", i)}
	}
	for b.Loop() {
		if _, err := findEntry(entries, "user9999@example"); err != nil {
			b.Fatal(err)
		}
	}
}
