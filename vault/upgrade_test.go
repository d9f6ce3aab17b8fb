package vault

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/otpfill/otpfill/keyring"
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

func formatOf(t *testing.T, path string) byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b[8]
}

// TestUpgradeOnNextWrite: a format-1 vault opens, stays format 1 until the
// next write, is then format 2 with nothing lost, and the .bak is gone.
func TestUpgradeOnNextWrite(t *testing.T) {
	path := copyFixture(t)
	v, err := Open(path, []byte(v1FixturePass))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if formatOf(t, path) != format1 {
		t.Fatal("opening alone rewrote the file")
	}
	first := v.Entries()[0]
	if _, err := v.ClaimStep(&first, time.Now()); err != nil {
		t.Fatal(err)
	}
	if formatOf(t, path) != format1 {
		t.Fatal("the replay guard rewrote the vault")
	}
	if _, err := v.Add(Entry{Account: "new@x.y", Secret: testSecret}, false); err != nil {
		t.Fatal(err)
	}
	if formatOf(t, path) != format2 {
		t.Fatal("not upgraded by a write")
	}
	if _, err := os.Stat(path + BackupSuffix); !os.IsNotExist(err) {
		t.Fatalf("backup left behind: %v", err)
	}
	w, err := Open(path, []byte(v1FixturePass))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	got := w.Entries()
	checkV1Entries(t, got[:3])
	if len(got) != 4 || got[3].Account != "new@x.y" {
		t.Fatalf("%+v", got)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 && runtime.GOOS != "windows" {
		t.Fatal(st.Mode())
	}
	if w.KDF() != FastKDF {
		t.Fatalf("the upgrade changed the KDF: %+v", w.KDF())
	}
}

// TestUpgradeKeepsBackupWhenReadBackFails: if the new file does not read
// back, the format-1 copy stays and the error names it.
func TestUpgradeKeepsBackupWhenReadBackFails(t *testing.T) {
	path := copyFixture(t)
	orig, _ := os.ReadFile(path)
	afterUpgradeWrite = func(p string) {
		b, _ := os.ReadFile(p)
		b[len(b)-40] ^= 1
		os.WriteFile(p, b, 0o600)
	}
	defer func() { afterUpgradeWrite = nil }()
	v, err := Open(path, []byte(v1FixturePass))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	_, err = v.Add(Entry{Account: "new@x.y", Secret: testSecret}, false)
	if err == nil || !strings.Contains(err.Error(), path+BackupSuffix) {
		t.Fatalf("got %v", err)
	}
	bak, err := os.ReadFile(path + BackupSuffix)
	if err != nil || !bytes.Equal(bak, orig) {
		t.Fatalf("backup: %v", err)
	}
}

// TestUpgradeByAnotherHandle: two handles opened the format-1 vault; one
// upgrades it (its own new file key), the other adopts that key through the
// passphrase stanza and writes on.
func TestUpgradeByAnotherHandle(t *testing.T) {
	path := copyFixture(t)
	a, _ := Open(path, []byte(v1FixturePass))
	defer a.Close()
	b, err := Open(path, []byte(v1FixturePass))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, err := a.Add(Entry{Account: "one@x.y", Secret: testSecret}, false); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Add(Entry{Account: "two@x.y", Secret: testSecret}, false); err != nil {
		t.Fatalf("second handle after the upgrade: %v", err)
	}
	if _, err := a.Reload(); err != nil || len(a.Entries()) != 5 {
		t.Fatalf("%v %d", err, len(a.Entries()))
	}
}

// TestPasswdUpgradesFormat1: passwd on a format-1 vault writes format 2
// under the new passphrase only.
func TestPasswdUpgradesFormat1(t *testing.T) {
	path := copyFixture(t)
	v, _ := Open(path, []byte(v1FixturePass))
	defer v.Close()
	if err := v.ChangePassphrase([]byte("next one"), KDFParams{}); err != nil {
		t.Fatal(err)
	}
	if formatOf(t, path) != format2 {
		t.Fatal("not upgraded")
	}
	if _, err := Open(path, []byte(v1FixturePass)); !errors.Is(err, ErrBadPassphrase) {
		t.Fatal(err)
	}
	w, err := Open(path, []byte("next one"))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	checkV1Entries(t, w.Entries())
}

// TestPasswdRewrapsOnlyTheHeader: the body's bytes are the same after
// passwd; the keyring stanza still opens the vault.
func TestPasswdRewrapsOnlyTheHeader(t *testing.T) {
	v, path := newTestVault(t)
	v.Add(Entry{Account: "a@b.c", Secret: testSecret}, false)
	store := keyring.NewMemory()
	if err := v.EnableKeyring(store); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	if err := v.ChangePassphrase([]byte("new pass"), KDFParams{}); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(path)
	bodyOf := func(b []byte) []byte {
		f, err := parse2(b)
		if err != nil {
			t.Fatal(err)
		}
		return append(bytes.Clone(f.nonce), f.body...)
	}
	if !bytes.Equal(bodyOf(before), bodyOf(after)) || bytes.Equal(before, after) {
		t.Fatal("passwd re-encrypted the body, or changed nothing")
	}
	w, err := OpenKeyring(path, store)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	if _, err := Open(path, []byte("correct horse")); !errors.Is(err, ErrBadPassphrase) {
		t.Fatal(err)
	}
}
