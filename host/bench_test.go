package host

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/otpfill/otpfill/vault"
)

// benchVault writes a vault with n entries straight through the vault
// package (the CLI would take minutes for 10,000).
func benchVault(b *testing.B, n int, kdf vault.KDFParams) *fixture {
	f := &fixture{t: b, dir: b.TempDir()}
	f.vault = filepath.Join(f.dir, "cfg", vault.FileName)
	f.pass = filepath.Join(f.dir, "pw")
	os.WriteFile(f.pass, []byte("correct horse\n"), 0o600)
	v, err := vault.Create(f.vault, []byte("correct horse"), kdf)
	if err != nil {
		b.Fatal(err)
	}
	defer v.Close()
	err = v.Update(func([]vault.Entry) ([]vault.Entry, error) {
		out := make([]vault.Entry, n)
		for i := range out {
			out[i] = vault.Entry{ID: fmt.Sprintf("%08x", i), Issuer: "Microsoft", Tenant: fmt.Sprintf("Tenant %d", i),
				Account: fmt.Sprintf("user%d@tenant%d.onmicrosoft.com", i, i), Secret: secretA,
				Algorithm: "SHA1", Digits: 6, Period: 30, Created: time.Now()}
		}
		return out, nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return f
}

func reportPercentiles(b *testing.B, d []time.Duration, unit time.Duration, name string) {
	slices.Sort(d)
	b.ReportMetric(float64(d[len(d)/2])/float64(unit), "p50-"+name)
	b.ReportMetric(float64(d[len(d)*99/100])/float64(unit), "p99-"+name)
}

// BenchmarkColdStart: spawn the host as Chrome does, hello, exit on EOF.
// This is what every browser start (and every port reconnect) costs.
func BenchmarkColdStart(b *testing.B) {
	for _, n := range []int{10, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			f := benchVault(b, n, vault.FastKDF)
			var d []time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				start := time.Now()
				h := f.chrome()
				h.mustOK(map[string]any{"type": "hello"})
				h.closeAndWait()
				d = append(d, time.Since(start))
			}
			reportPercentiles(b, d, time.Millisecond, "ms")
		})
	}
}

// BenchmarkCodeRoundTrip: a fill's code request over the pipes of a
// running, unlocked host (replay guard included).
func BenchmarkCodeRoundTrip(b *testing.B) {
	for _, n := range []int{10, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			f := benchVault(b, n, vault.FastKDF)
			h := f.chrome("OTPFILL_PASSPHRASE_FILE=" + f.pass)
			h.mustOK(map[string]any{"type": "hello"})
			acct := fmt.Sprintf("user%d@tenant%d.onmicrosoft.com", n/2, n/2)
			req := map[string]any{"type": "code", "account": acct, "url": signIn}
			var d []time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				start := time.Now()
				h.mustOK(req)
				d = append(d, time.Since(start))
			}
			b.StopTimer()
			reportPercentiles(b, d, time.Microsecond, "us")
			h.closeAndWait()
		})
	}
}

// BenchmarkPeakRSS: the host's peak resident memory over a session that
// unlocks with the shipped Argon2id parameters (64 MiB) and fills codes,
// next to a session that never unlocks.
func BenchmarkPeakRSS(b *testing.B) {
	for _, n := range []int{10, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			f := benchVault(b, n, vault.DefaultKDF)
			for i := 0; i < b.N; i++ {
				locked := f.chrome()
				locked.mustOK(map[string]any{"type": "hello"})
				b.ReportMetric(float64(peakRSS(b, locked))/1024, "locked-MiB")
				locked.closeAndWait()
				h := f.chrome("OTPFILL_PASSPHRASE_FILE=" + f.pass)
				for j := 0; j < 20; j++ {
					h.mustOK(map[string]any{"type": "code", "account": "user1@tenant1.onmicrosoft.com", "url": signIn})
				}
				b.ReportMetric(float64(peakRSS(b, h))/1024, "unlocked-MiB")
				h.closeAndWait()
			}
		})
	}
}

// peakRSS reads VmHWM of the running host. (getrusage's ru_maxrss of a
// child also counts the parent's memory copied before exec.)
func peakRSS(b *testing.B, h *hostProc) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", h.cmd.Process.Pid))
	if err != nil {
		b.Skip("no /proc")
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kib, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kib
		}
	}
	return 0
}

// BenchmarkHelloRoundTrip is the floor of a round trip: pipes and JSON.
func BenchmarkHelloRoundTrip(b *testing.B) {
	f := benchVault(b, 10, vault.FastKDF)
	h := f.chrome()
	req := map[string]any{"type": "hello"}
	var d []time.Duration
	for i := 0; i < b.N; i++ {
		start := time.Now()
		h.mustOK(req)
		d = append(d, time.Since(start))
	}
	reportPercentiles(b, d, time.Microsecond, "us")
	h.closeAndWait()
}
