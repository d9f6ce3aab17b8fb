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
)

const testSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

func newTestVault(t testing.TB) (*Vault, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sub", FileName)
	v, err := Create(path, []byte("correct horse"), FastKDF)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(v.Close)
	return v, path
}

func TestCreateOpenRoundTrip(t *testing.T) {
	v, path := newTestVault(t)
	e, err := v.Add(Entry{Issuer: "Microsoft", Account: "ada@contoso.com", Tenant: "Contoso", Secret: "jbsw y3dp ehpk 3pxp"}, false)
	if err != nil {
		t.Fatal(err)
	}
	if e.ID == "" || e.Secret != "JBSWY3DPEHPK3PXP" || e.Created.IsZero() {
		t.Fatalf("unexpected entry %+v", e)
	}
	if runtime.GOOS != "windows" {
		for _, p := range []string{path, path + ".lock"} {
			st, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			if st.Mode().Perm() != 0o600 {
				t.Errorf("%s mode %v, want 0600", p, st.Mode().Perm())
			}
		}
		st, _ := os.Stat(filepath.Dir(path))
		if st.Mode().Perm() != 0o700 {
			t.Errorf("dir mode %v, want 0700", st.Mode().Perm())
		}
	}
	w, err := Open(path, []byte("correct horse"))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	got := w.Entries()
	if len(got) != 1 || got[0].ID != e.ID || got[0].Tenant != "Contoso" {
		t.Fatalf("reopened entries %+v", got)
	}
	if w.KDF() != FastKDF {
		t.Fatalf("kdf %+v", w.KDF())
	}
	raw, _ := os.ReadFile(path)
	if bytes.Contains(raw, []byte("JBSWY3DP")) || bytes.Contains(raw, []byte("contoso")) {
		t.Fatal("plaintext visible in the vault file")
	}
}

func TestCreateRefusesExisting(t *testing.T) {
	_, path := newTestVault(t)
	if _, err := Create(path, []byte("x"), FastKDF); !errors.Is(err, ErrVaultExists) {
		t.Fatalf("got %v", err)
	}
}

func TestWrongPassphraseAndTamperAreDistinct(t *testing.T) {
	v, path := newTestVault(t)
	if _, err := v.Add(Entry{Account: "a@b.c", Secret: testSecret}, false); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(path, []byte("wrong")); !errors.Is(err, ErrBadPassphrase) {
		t.Fatalf("wrong passphrase: got %v", err)
	}
	if _, err := Open(filepath.Join(t.TempDir(), "none"), []byte("x")); !errors.Is(err, ErrNoVault) {
		t.Fatalf("missing: got %v", err)
	}
	orig, _ := os.ReadFile(path)
	// Every single flipped byte, anywhere, is reported as damage (never as a
	// wrong passphrase, never accepted).
	for i := 0; i < len(orig); i++ {
		b := bytes.Clone(orig)
		b[i] ^= 0x40
		os.WriteFile(path, b, 0o600)
		if _, err := Open(path, []byte("correct horse")); !errors.Is(err, ErrTampered) {
			t.Fatalf("flip at %d: got %v", i, err)
		}
	}
	for _, n := range []int{0, 5, 8, 60, headerLen, len(orig) - 1} {
		os.WriteFile(path, orig[:n], 0o600)
		if _, err := Open(path, []byte("correct horse")); !errors.Is(err, ErrTampered) {
			t.Fatalf("truncated to %d: got %v", n, err)
		}
	}
}

func TestTamperWithRecomputedChecksum(t *testing.T) {
	v, path := newTestVault(t)
	v.Add(Entry{Account: "a@b.c", Secret: testSecret}, false)
	orig, _ := os.ReadFile(path)
	b := bytes.Clone(orig)
	b[headerLen+3] ^= 1
	fixChecksum(b)
	os.WriteFile(path, b, 0o600)
	if _, err := Open(path, []byte("correct horse")); !errors.Is(err, ErrTampered) {
		t.Fatalf("body tamper: got %v", err)
	}
	// A header change (here: the nonce) breaks the AAD.
	b = bytes.Clone(orig)
	b[offNonce] ^= 1
	fixChecksum(b)
	os.WriteFile(path, b, 0o600)
	if _, err := Open(path, []byte("correct horse")); !errors.Is(err, ErrTampered) {
		t.Fatalf("nonce tamper: got %v", err)
	}
	// Absurd KDF parameters are refused before any allocation.
	b = bytes.Clone(orig)
	b[17] = 0xff
	fixChecksum(b)
	os.WriteFile(path, b, 0o600)
	if _, err := Open(path, []byte("correct horse")); !errors.Is(err, ErrTampered) {
		t.Fatalf("kdf tamper: got %v", err)
	}
}

func fixChecksum(b []byte) {
	sum := sha256Sum(b[:len(b)-trailerLen])
	copy(b[len(b)-trailerLen:], sum)
}

func TestErrorsNeverCarrySecrets(t *testing.T) {
	v, _ := newTestVault(t)
	for _, s := range []string{"JBSWY3DPEHPK3PX1", "short", "ABCDEFGH", strings.Repeat("Z", 5000)} {
		_, err := v.Add(Entry{Account: "a@b.c", Secret: s}, false)
		if err == nil || strings.Contains(err.Error(), s) {
			t.Fatalf("secret %q: error %v", s, err)
		}
	}
}

func TestAddExistsReplaceRemove(t *testing.T) {
	v, path := newTestVault(t)
	a, _ := v.Add(Entry{Issuer: "Microsoft", Account: "Ada@Contoso.com", Tenant: "Contoso", Secret: testSecret}, false)
	if _, err := v.Add(Entry{Issuer: "Microsoft", Account: "ada@contoso.com", Tenant: "contoso", Secret: "GEZDGNBVGY3TQOJQ"}, false); !errors.Is(err, ErrExists) {
		t.Fatalf("duplicate: %v", err)
	}
	// Same UPN, other tenant (a guest account) is a different entry.
	if _, err := v.Add(Entry{Issuer: "Microsoft", Account: "ada@contoso.com", Tenant: "Fabrikam", Secret: testSecret}, false); err != nil {
		t.Fatal(err)
	}
	r, err := v.Add(Entry{Issuer: "Microsoft", Account: "ada@contoso.com", Tenant: "Contoso", Secret: "GEZDGNBVGY3TQOJQ"}, true)
	if err != nil || r.ID != a.ID || r.Secret != "GEZDGNBVGY3TQOJQ" {
		t.Fatalf("replace: %+v %v", r, err)
	}
	if got := Find(v.Entries(), "ADA@contoso.com"); len(got) != 2 {
		t.Fatalf("find: %d", len(got))
	}
	if got := Find(v.Entries(), "fabrikam:ada@contoso.com"); len(got) != 1 {
		t.Fatalf("find label: %d", len(got))
	}
	if err := v.Remove(a.ID); err != nil {
		t.Fatal(err)
	}
	if err := v.Remove(a.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("remove twice: %v", err)
	}
	w, _ := Open(path, []byte("correct horse"))
	defer w.Close()
	if n := len(w.Entries()); n != 1 {
		t.Fatalf("after remove: %d entries", n)
	}
}

func TestTwoHandlesNeverLoseWrites(t *testing.T) {
	a, path := newTestVault(t)
	b, err := Open(path, []byte("correct horse"))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	a.Add(Entry{Account: "one@x.y", Secret: testSecret}, false)
	b.Add(Entry{Account: "two@x.y", Secret: testSecret}, false)
	a.Add(Entry{Account: "three@x.y", Secret: testSecret}, false)
	if n := len(a.Entries()); n != 3 {
		t.Fatalf("a sees %d", n)
	}
	changed, err := b.Reload()
	if err != nil || !changed || len(b.Entries()) != 3 {
		t.Fatalf("reload: %v %v %d", changed, err, len(b.Entries()))
	}
	if changed, _ := b.Reload(); changed {
		t.Fatal("reload without a write reported a change")
	}
}

func TestPassphraseChangeSeenByOtherHandle(t *testing.T) {
	a, path := newTestVault(t)
	b, _ := Open(path, []byte("correct horse"))
	defer b.Close()
	if err := a.ChangePassphrase([]byte("new pass"), KDFParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Reload(); !errors.Is(err, ErrKeyChanged) {
		t.Fatalf("got %v", err)
	}
	if err := b.Update(func(e []Entry) ([]Entry, error) { return e, nil }); !errors.Is(err, ErrKeyChanged) {
		t.Fatalf("update with an old key: %v", err)
	}
	if _, err := Open(path, []byte("correct horse")); !errors.Is(err, ErrBadPassphrase) {
		t.Fatalf("old passphrase: %v", err)
	}
	c, err := Open(path, []byte("new pass"))
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
}

func TestClaimStepNeverRepeats(t *testing.T) {
	v, path := newTestVault(t)
	e, _ := v.Add(Entry{Account: "a@b.c", Secret: testSecret}, false)
	w, _ := Open(path, []byte("correct horse"))
	defer w.Close()
	now := time.Unix(1_700_000_000, 0) // 20 s into its step
	cur := e.Step(now)
	s1, _ := v.ClaimStep(&e, now)
	s2, _ := w.ClaimStep(&e, now) // another process, same instant
	if s1 != cur || s2 != cur+1 {
		t.Fatalf("steps %d %d (current %d)", s1, s2, cur)
	}
	// Never a code from further ahead: both fresh steps are used.
	if s, err := v.ClaimStep(&e, now); !errors.Is(err, ErrNoFreshCode) || !strings.Contains(err.Error(), "try again in 10 s") || s != 0 {
		t.Fatalf("third claim in one step: %d %v", s, err)
	}
	// The next step: its successor is free.
	if s, err := v.ClaimStep(&e, now.Add(30*time.Second)); err != nil || s != cur+2 {
		t.Fatalf("claim in the next step: %d %v", s, err)
	}
	if s, _ := v.ClaimStep(&e, now.Add(10*time.Minute)); s != e.Step(now.Add(10*time.Minute)) {
		t.Fatalf("later claim %d", s)
	}
	later := cur + 10*60/30
	if prev, err := v.MarkStepUsed(e.ID, later); err != nil || prev != later {
		t.Fatal(prev, err)
	}
	// Removing an entry forgets its record.
	v.Remove(e.ID)
	if st, _ := os.Stat(path + ".steps"); st.Size() != 0 {
		t.Fatalf("steps file keeps %d bytes", st.Size())
	}
	if _, err := v.ClaimStep(&Entry{ID: "nope"}, now); !errors.Is(err, ErrNotFound) {
		t.Fatal(err)
	}
}

func TestStaleTempFilesRemoved(t *testing.T) {
	v, path := newTestVault(t)
	stale := filepath.Join(filepath.Dir(path), tempPrefix(FileName)+"123")
	os.WriteFile(stale, []byte("half"), 0o600)
	w, _ := Open(path, []byte("correct horse"))
	w.Close()
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Fatal("open did not clean the stale temp file")
	}
	os.WriteFile(stale, []byte("half"), 0o600)
	v.Add(Entry{Account: "a@b.c", Secret: testSecret}, false)
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Fatal("update did not clean the stale temp file")
	}
}

func TestProbe(t *testing.T) {
	_, path := newTestVault(t)
	if err := Probe(path); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(path, []byte("garbage"), 0o600)
	if err := Probe(path); !errors.Is(err, ErrTampered) {
		t.Fatal(err)
	}
}

func TestDefaultPath(t *testing.T) {
	t.Setenv("OTPFILL_VAULT", "/tmp/x/v")
	if p, _ := DefaultPath(); p != "/tmp/x/v" {
		t.Fatal(p)
	}
	t.Setenv("OTPFILL_VAULT", "")
	t.Setenv("XDG_CONFIG_HOME", "/cfg")
	if p, _ := DefaultPath(); runtime.GOOS == "linux" && p != "/cfg/otpfill/"+FileName {
		t.Fatal(p)
	}
}
