package host

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/otpfill/otpfill/vault"
)

// An unlock still deriving its key when the input ends answers before Serve
// returns, and nothing touches the vault's directory afterwards (FuzzServe's
// temp dir once failed to clear: a late unlock created the vault's lock
// file while the test's cleanup removed the directory).
func TestServeWaitsForUnlockInFlight(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, vault.FileName)
	v, err := vault.Create(path, []byte("pw"), vault.FastKDF)
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	slow := func(pass, salt []byte, p vault.KDFParams) ([]byte, error) {
		time.Sleep(100 * time.Millisecond)
		return vault.DeriveKey(pass, salt, p), nil
	}
	var out bytes.Buffer
	in := bytes.NewReader(frameOf(`{"id":1,"type":"unlock","passphrase":"pw"}`))
	if err := Serve(context.Background(), in, &out, Options{VaultPath: path, Derive: slow}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out.Bytes(), []byte(`"ok":true`)) {
		t.Fatalf("the unlock in flight was not answered before Serve returned: %q", out.Bytes())
	}
}
