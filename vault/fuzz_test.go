package vault

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzOpen feeds arbitrary bytes to the decoder as a vault file: it must
// never panic, never accept garbage, and only ever answer with the
// documented errors.
func FuzzOpen(f *testing.F) {
	dir := f.TempDir()
	path := filepath.Join(dir, FileName)
	v, err := Create(path, []byte("pw"), FastKDF)
	if err != nil {
		f.Fatal(err)
	}
	v.Add(Entry{Account: "a@b.c", Secret: testSecret}, false)
	v.Close()
	good, _ := os.ReadFile(path)
	f.Add(good)
	f.Add(good[:headerLen])
	f.Add([]byte(magic))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		p := filepath.Join(t.TempDir(), FileName)
		os.WriteFile(p, data, 0o600)
		w, err := Open(p, []byte("pw"))
		if err == nil {
			w.Close()
			return // only a valid encryption under "pw" gets here
		}
		if !errors.Is(err, ErrTampered) && !errors.Is(err, ErrBadPassphrase) && !errors.Is(err, ErrNewerFormat) {
			t.Fatalf("undocumented error: %v", err)
		}
	})
}
