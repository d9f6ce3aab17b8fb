package vault

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkUnlockDefaultKDF is the cost of an unlock with the shipped
// Argon2id parameters (what a person waits for).
func BenchmarkUnlockDefaultKDF(b *testing.B) {
	salt := make([]byte, saltLen)
	for i := 0; i < b.N; i++ {
		deriveKeys([]byte("correct horse battery staple"), salt, DefaultKDF)
	}
}

func BenchmarkCode(b *testing.B) {
	e := Entry{Secret: testSecret, Algorithm: "SHA1", Digits: 6, Period: 30}
	now := time.Now()
	for i := 0; i < b.N; i++ {
		e.Code(now)
	}
}

func benchVault(b *testing.B, n int) (*Vault, string) {
	path := filepath.Join(b.TempDir(), FileName)
	v, err := Create(path, []byte("pw"), FastKDF)
	if err != nil {
		b.Fatal(err)
	}
	err = v.Update(func(_ []Entry) ([]Entry, error) {
		out := make([]Entry, n)
		for i := range out {
			out[i] = Entry{ID: fmt.Sprintf("%08x", i), Issuer: "Microsoft", Tenant: fmt.Sprintf("Tenant%d", i),
				Account: fmt.Sprintf("user%d@tenant%d.onmicrosoft.com", i, i), Secret: testSecret,
				Algorithm: "SHA1", Digits: 6, Period: 30, Created: time.Now()}
		}
		return out, nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return v, path
}

// BenchmarkSave is a read-modify-write (lock, reload check, encrypt, fsync,
// rename), the KDF excluded.
func BenchmarkSave(b *testing.B) {
	for _, n := range []int{10, 1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			v, _ := benchVault(b, n)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := v.Update(func(e []Entry) ([]Entry, error) { return e, nil }); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkOpen decrypts and parses (FastKDF, so this is the I/O and JSON cost).
func BenchmarkOpen(b *testing.B) {
	for _, n := range []int{10, 1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			v, path := benchVault(b, n)
			v.Close()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				w, err := Open(path, []byte("pw"))
				if err != nil {
					b.Fatal(err)
				}
				w.Close()
			}
		})
	}
}

// BenchmarkClaimStep is the replay guard's cost per fill.
func BenchmarkClaimStep(b *testing.B) {
	v, _ := benchVault(b, 10000)
	e := Find(v.Entries(), "00000100")[0]
	start := time.Now()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// Each claim a step later: the guard refuses a third claim in one step.
		if _, err := v.ClaimStep(&e, start.Add(time.Duration(i)*time.Minute)); err != nil {
			b.Fatal(err)
		}
	}
}
