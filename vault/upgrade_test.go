package vault

import (
	"os"
	"path/filepath"
	"testing"
)

// v1Fixture is a format-1 vault written by otpfill before format 2 existed
// (FastKDF), with its passphrase.
const (
	v1Fixture     = "testdata/v1.otpfill"
	v1FixturePass = "format one fixture"
)

// v1Want is what the fixture holds: account, tenant, secret, algorithm,
// digits, period.
var v1Want = []Entry{
	{Issuer: "Microsoft", Account: "ada@contoso.com", Tenant: "Contoso", Secret: "JBSWY3DPEHPK3PXP", Algorithm: "SHA1", Digits: 6, Period: 30},
	{Issuer: "Microsoft", Account: "ada@contoso.com", Tenant: "Fabrikam", Secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Algorithm: "SHA1", Digits: 6, Period: 30},
	{Issuer: "GitHub", Account: "bob@example.org", Secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", Algorithm: "SHA256", Digits: 8, Period: 60},
}

// copyFixture puts the format-1 fixture in a temp dir.
func copyFixture(t testing.TB) string {
	t.Helper()
	data, err := os.ReadFile(v1Fixture)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), FileName)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func checkV1Entries(t *testing.T, got []Entry) {
	t.Helper()
	if len(got) != len(v1Want) {
		t.Fatalf("%d entries, want %d", len(got), len(v1Want))
	}
	for i, w := range v1Want {
		g := got[i]
		if g.ID == "" || g.Created.IsZero() || g.Issuer != w.Issuer || g.Account != w.Account || g.Tenant != w.Tenant ||
			g.Secret != w.Secret || g.Algorithm != w.Algorithm || g.Digits != w.Digits || g.Period != w.Period {
			t.Fatalf("entry %d: %+v, want %+v", i, g, w)
		}
	}
}

func TestOpenV1Fixture(t *testing.T) {
	v, err := Open(copyFixture(t), []byte(v1FixturePass))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	checkV1Entries(t, v.Entries())
}
