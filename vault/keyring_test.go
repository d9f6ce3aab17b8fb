package vault

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/otpfill/otpfill/keyring"
)

func TestKeyringEnableOpenDisable(t *testing.T) {
	v, path := newTestVault(t)
	v.Add(Entry{Account: "a@b.c", Secret: testSecret}, false)
	store := keyring.NewMemory()
	if _, err := OpenKeyring(path, store); !errors.Is(err, ErrNoKeyringStanza) {
		t.Fatalf("before enable: %v", err)
	}
	if err := v.EnableKeyring(store); err != nil {
		t.Fatal(err)
	}
	if err := v.EnableKeyring(store); err != nil || store.Len() != 1 {
		t.Fatalf("enable twice: %v, %d items", err, store.Len())
	}
	st, err := Keyring(path, store)
	if err != nil || strings.Join(st.Stanzas, ",") != "passphrase,keyring" || st.Item != ItemReachable {
		t.Fatalf("status %+v %v", st, err)
	}
	w, err := OpenKeyring(path, store)
	if err != nil {
		t.Fatal(err)
	}
	if w.UnlockedBy() != UnlockedByKeyring || len(w.Entries()) != 1 {
		t.Fatal(w.UnlockedBy(), len(w.Entries()))
	}
	// A handle opened through the keyring writes like any other.
	if _, err := w.Add(Entry{Account: "b@b.c", Secret: testSecret}, false); err != nil {
		t.Fatal(err)
	}
	w.Close()
	if err := v.DisableKeyring(store); err != nil {
		t.Fatal(err)
	}
	if store.Len() != 0 {
		t.Fatal("item left in the keyring")
	}
	if _, err := OpenKeyring(path, store); !errors.Is(err, ErrNoKeyringStanza) {
		t.Fatalf("after disable: %v", err)
	}
	if st, _ := Keyring(path, store); st.Item != ItemNone || len(st.Stanzas) != 1 {
		t.Fatalf("status after disable %+v", st)
	}
	if err := v.DisableKeyring(store); err != nil {
		t.Fatalf("disable twice: %v", err)
	}
	c, err := Open(path, []byte("correct horse"))
	if err != nil || len(c.Entries()) != 2 {
		t.Fatalf("%v", err)
	}
	c.Close()
}

// TestKeyringItemMissingOrUnreachable: the four errors stay apart, and the
// passphrase still opens the vault.
func TestKeyringItemMissingOrUnreachable(t *testing.T) {
	v, path := newTestVault(t)
	store := keyring.NewMemory()
	if err := v.EnableKeyring(store); err != nil {
		t.Fatal(err)
	}
	for _, s := range v.stanzas {
		if s.Type == stanzaKeyring {
			store.Delete(s.Service, s.Item)
		}
	}
	_, err := OpenKeyring(path, store)
	if !errors.Is(err, ErrKeyring) || !strings.Contains(err.Error(), "keyring unavailable: no item otpfill/vault-") {
		t.Fatalf("item deleted: %v", err)
	}
	if st, _ := Keyring(path, store); st.Item != ItemMissing || st.Reason == "" {
		t.Fatalf("status %+v", st)
	}
	store.Fail = errors.New("org.freedesktop.DBus.Error.ServiceUnknown:\nThe name is not activatable")
	_, err = OpenKeyring(path, store)
	if !errors.Is(err, ErrKeyring) || strings.Contains(err.Error(), "\n") {
		t.Fatalf("unreachable: %q", err)
	}
	if st, _ := Keyring(path, store); st.Item != ItemUnavailable {
		t.Fatalf("status %+v", st)
	}
	var notice string
	w, err := Unlock(path, store, func() ([]byte, error) { return []byte("correct horse"), nil }, nil, func(r string) { notice = r })
	if err != nil || w.UnlockedBy() != UnlockedByPassphrase || !strings.Contains(notice, "keyring unavailable") {
		t.Fatalf("fallback: %v %q", err, notice)
	}
	w.Close()
	for _, e := range []error{ErrBadPassphrase, ErrKeyring, ErrTampered, ErrNewerFormat} {
		for _, o := range []error{ErrBadPassphrase, ErrKeyring, ErrTampered, ErrNewerFormat} {
			if e != o && (errors.Is(e, o) || e.Error() == o.Error()) {
				t.Fatalf("%v and %v are not distinct", e, o)
			}
		}
	}
}

func TestUnlockPrefersKeyring(t *testing.T) {
	v, path := newTestVault(t)
	store := keyring.NewMemory()
	v.EnableKeyring(store)
	asked := false
	w, err := Unlock(path, store, func() ([]byte, error) { asked = true; return nil, errors.New("no") }, nil, func(string) { t.Fatal("notice") })
	if err != nil || asked || w.UnlockedBy() != UnlockedByKeyring {
		t.Fatalf("%v asked=%v", err, asked)
	}
	w.Close()
	// Damage is reported as such, without asking for a passphrase.
	b, _ := os.ReadFile(path)
	b[20] ^= 1
	os.WriteFile(path, b, 0o600)
	if _, err := Unlock(path, store, func() ([]byte, error) { asked = true; return nil, nil }, nil, nil); !errors.Is(err, ErrTampered) || asked {
		t.Fatalf("%v asked=%v", err, asked)
	}
}

// TestKeyringEnableOnFormat1 upgrades the vault with both stanzas.
func TestKeyringEnableOnFormat1(t *testing.T) {
	path := copyFixture(t)
	v, _ := Open(path, []byte(v1FixturePass))
	defer v.Close()
	store := keyring.NewMemory()
	if err := v.EnableKeyring(store); err != nil {
		t.Fatal(err)
	}
	w, err := OpenKeyring(path, store)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	checkV1Entries(t, w.Entries())
	if _, err := os.Stat(path + BackupSuffix); !os.IsNotExist(err) {
		t.Fatal("backup left")
	}
}

// TestKeyringSetFailsLeavesFileAlone: no stanza without its item.
func TestKeyringSetFailsLeavesFileAlone(t *testing.T) {
	v, path := newTestVault(t)
	before, _ := os.ReadFile(path)
	store := keyring.NewMemory()
	store.Fail = errors.New("no D-Bus session")
	err := v.EnableKeyring(store)
	if !errors.Is(err, ErrKeyring) || !strings.Contains(err.Error(), "keyring unavailable: no D-Bus session") {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Fatal("file changed")
	}
}

// WithoutKeyringStanza answers from the header alone, and only "true" for a
// vault that plainly has a passphrase stanza and no keyring stanza.
func TestWithoutKeyringStanza(t *testing.T) {
	if !WithoutKeyringStanza(copyFixture(t)) {
		t.Fatal("format 1 has no keyring stanza")
	}
	v, path := newTestVault(t)
	if !WithoutKeyringStanza(path) {
		t.Fatal("a new vault has no keyring stanza")
	}
	if err := v.EnableKeyring(keyring.NewMemory()); err != nil {
		t.Fatal(err)
	}
	if WithoutKeyringStanza(path) {
		t.Fatal("the keyring stanza was not seen")
	}
	dir := t.TempDir()
	for name, content := range map[string][]byte{"empty": nil, "garbage": []byte("not a vault at all, longer than a header"),
		"newer": append([]byte(magic+"\x03"), make([]byte, 64)...)} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, content, 0o600)
		if WithoutKeyringStanza(p) {
			t.Fatalf("%s: answered without reading it whole", name)
		}
	}
	if WithoutKeyringStanza(filepath.Join(dir, "missing")) {
		t.Fatal("missing file")
	}
}
