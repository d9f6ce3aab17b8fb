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
	v1, _ := os.ReadFile(v1Fixture)
	f.Add(v1)
	vec, v2 := loadVector(f)
	f.Add(v2)
	store := vectorStore(vec)
	f.Add([]byte(magic))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		p := filepath.Join(t.TempDir(), FileName)
		os.WriteFile(p, data, 0o600)
		documented := func(err error, alsoOK ...error) {
			for _, e := range append(alsoOK, ErrTampered, ErrNewerFormat, ErrKDFLimits) {
				if errors.Is(err, e) {
					return
				}
			}
			t.Fatalf("undocumented error: %v", err)
		}
		// Only a valid encryption under "pw" (or the vector's keyring key)
		// gets past these.
		if w, err := Open(p, []byte("pw")); err == nil {
			w.Close()
		} else {
			documented(err, ErrBadPassphrase)
		}
		if w, err := OpenKeyring(p, store); err == nil {
			w.Close()
		} else {
			documented(err, ErrKeyring, ErrNoKeyringStanza)
		}
		if err := Probe(p); err != nil {
			documented(err)
		}
	})
}
