package host

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/otpfill/otpfill/keyring"
	"github.com/otpfill/otpfill/keyring/keyringtest"
	"github.com/otpfill/otpfill/vault"
)

// The benchmarks drive the built binary over pipes as a browser does. Their
// client is lean (frames encoded once, replies read in place) so that the
// numbers are the host's, not the harness's. Run them with
//
//	go test ./host/ -run XXX -bench . -benchtime 2000x
//
// and read the p50/p99 metrics: ns/op averages in the tail.

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

func encodeFrame(msg string) []byte {
	fr := make([]byte, 4+len(msg))
	binary.NativeEndian.PutUint32(fr, uint32(len(msg)))
	copy(fr[4:], msg)
	return fr
}

// rawHost is a host on pipes without the test harness's per-call JSON,
// goroutines and timers.
type rawHost struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
	buf []byte
}

func startRaw(b *testing.B, f *fixture, env ...string) *rawHost { return startExe(b, bin, f, env...) }

func startExe(b *testing.B, exe string, f *fixture, env ...string) *rawHost {
	c := exec.Command(exe, chromeOrigin)
	c.Env = f.env(env...)
	h := &rawHost{cmd: c, buf: make([]byte, 64<<10)}
	var err error
	if h.in, err = c.StdinPipe(); err != nil {
		b.Fatal(err)
	}
	stdout, err := c.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	h.out = bufio.NewReader(stdout)
	if err := c.Start(); err != nil {
		b.Fatal(err)
	}
	return h
}

// roundTrip sends one frame and returns the reply body, which must be ok.
func (h *rawHost) roundTrip(b *testing.B, frame []byte) []byte {
	body := h.send(b, frame)
	if !bytes.Contains(body, []byte(`"ok":true`)) {
		b.Fatalf("reply %s", body)
	}
	return body
}

// send sends one frame and returns the reply body.
func (h *rawHost) send(b *testing.B, frame []byte) []byte {
	if _, err := h.in.Write(frame); err != nil {
		b.Fatal(err)
	}
	if _, err := io.ReadFull(h.out, h.buf[:4]); err != nil {
		b.Fatal(err)
	}
	n := binary.NativeEndian.Uint32(h.buf[:4])
	if int(n) > len(h.buf) {
		h.buf = make([]byte, n)
	}
	body := h.buf[:n]
	if _, err := io.ReadFull(h.out, body); err != nil {
		b.Fatal(err)
	}
	return body
}

func (h *rawHost) close(b *testing.B) {
	h.in.Close()
	if err := h.cmd.Wait(); err != nil {
		b.Fatalf("host exit: %v", err)
	}
}

var helloFrame = encodeFrame(`{"id":1,"type":"hello"}`)

// BenchmarkColdStart: spawn the host as Chrome does, hello, EOF, exit.
// Every browser start (and every reconnect of the port) pays this.
func BenchmarkColdStart(b *testing.B) {
	for _, n := range []int{0, 10, 10000} {
		name, exe := fmt.Sprint(n), bin
		if n == 0 {
			name, exe = "floor", buildFloor(b)
		}
		b.Run(name, func(b *testing.B) {
			f := benchVault(b, max(n, 1), vault.FastKDF)
			var d []time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				start := time.Now()
				h := startExe(b, exe, f)
				if body := h.roundTrip(b, helloFrame); !bytes.Contains(body, []byte(`"state":"locked"`)) {
					b.Fatalf("hello %s", body)
				}
				h.close(b)
				d = append(d, time.Since(start))
			}
			reportPercentiles(b, d, time.Millisecond, "ms")
		})
	}
}

// floorSource is the least a Go native-messaging host can do: answer each
// frame with a fixed reply. BenchmarkColdStart/floor runs it, so that the
// host's numbers can be read against the machine's (a shared machine's
// process start varies by milliseconds from hour to hour).
const floorSource = `package main

import (
	"encoding/binary"
	"io"
	"os"
)

func main() {
	var h [4]byte
	for {
		if _, err := io.ReadFull(os.Stdin, h[:]); err != nil {
			return
		}
		b := make([]byte, binary.NativeEndian.Uint32(h[:]))
		if _, err := io.ReadFull(os.Stdin, b); err != nil {
			return
		}
		r := []byte(` + "`" + `{"id":1,"ok":true,"state":"locked"}` + "`" + `)
		binary.NativeEndian.PutUint32(h[:], uint32(len(r)))
		os.Stdout.Write(append(h[:], r...))
	}
}
`

func buildFloor(b *testing.B) string {
	dir := b.TempDir()
	os.WriteFile(filepath.Join(dir, "main.go"), []byte(floorSource), 0o644)
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module floor\n"), 0o644)
	out := filepath.Join(dir, "floor")
	c := exec.Command("go", "build", "-o", out, ".")
	c.Dir = dir
	c.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=")
	if msg, err := c.CombinedOutput(); err != nil {
		b.Fatalf("building the floor host: %v\n%s", err, msg)
	}
	return out
}

// BenchmarkCodeRoundTrip: a fill's code request over the pipes of a
// running, unlocked host, replay guard included (each reply claims a step).
func BenchmarkCodeRoundTrip(b *testing.B) {
	for _, n := range []int{10, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			f := benchVault(b, n, vault.FastKDF)
			h := startRaw(b, f, "OTPFILL_PASSPHRASE_FILE="+f.pass)
			h.roundTrip(b, helloFrame)
			// Fills cycle through the entries: the replay guard hands out at
			// most two steps per entry per 30 s (then no_fresh_code, which
			// resets the guard's file outside the timing and retries).
			reqs := make([][]byte, n)
			for i := range reqs {
				reqs[i] = encodeFrame(fmt.Sprintf(`{"id":"c","type":"code","account":"user%d@tenant%d.onmicrosoft.com","url":%q}`, i, i, signIn))
			}
			var d []time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				start := time.Now()
				if body := h.send(b, reqs[i%n]); bytes.Contains(body, []byte(`"no_fresh_code"`)) {
					b.StopTimer()
					os.Truncate(f.vault+".steps", 0)
					b.StartTimer()
					start = time.Now()
					h.roundTrip(b, reqs[i%n])
				} else if !bytes.Contains(body, []byte(`"ok":true`)) {
					b.Fatalf("reply %s", body)
				}
				d = append(d, time.Since(start))
			}
			b.StopTimer()
			reportPercentiles(b, d, time.Microsecond, "us")
			h.close(b)
		})
	}
}

// BenchmarkMatchRoundTrip: a sign-in page's match request (the push
// screen's question) over the pipes of a running, unlocked host; it claims
// no step, so it can repeat forever.
func BenchmarkMatchRoundTrip(b *testing.B) {
	for _, n := range []int{10, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			f := benchVault(b, n, vault.FastKDF)
			h := startRaw(b, f, "OTPFILL_PASSPHRASE_FILE="+f.pass)
			h.roundTrip(b, helloFrame)
			req := encodeFrame(fmt.Sprintf(`{"id":"m","type":"match","account":"user%d@tenant%d.onmicrosoft.com","url":%q}`, n/2, n/2, signIn))
			var d []time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				start := time.Now()
				if body := h.roundTrip(b, req); !bytes.Contains(body, []byte(`"match":"one"`)) {
					b.Fatalf("match %s", body)
				}
				d = append(d, time.Since(start))
			}
			b.StopTimer()
			reportPercentiles(b, d, time.Microsecond, "us")
			h.close(b)
		})
	}
}

// BenchmarkHelloRoundTrip is the floor of the host's round trip (pipes,
// framing, JSON), beside the minimal Go host's.
func BenchmarkHelloRoundTrip(b *testing.B) {
	for _, name := range []string{"floor", "host"} {
		exe := bin
		if name == "floor" {
			exe = buildFloor(b)
		}
		b.Run(name, func(b *testing.B) {
			f := benchVault(b, 10, vault.FastKDF)
			h := startExe(b, exe, f)
			var d []time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				start := time.Now()
				h.roundTrip(b, helloFrame)
				d = append(d, time.Since(start))
			}
			reportPercentiles(b, d, time.Microsecond, "us")
			h.close(b)
		})
	}
}

// BenchmarkPeakRSS: the host's peak resident memory (VmHWM) over a session
// that never unlocks, one that unlocks with the shipped Argon2id parameters
// (64 MiB, derived in a child process) and fills codes, and one that also
// rewrites the vault (add, remove).
//
// Not ProcessState.SysUsage().Maxrss: on Linux a child's ru_maxrss starts
// from the parent's high-water mark (the runtime starts children with
// vfork, and exec records the shared address space), so a 5 MiB host under
// a 110 MiB test process reports 110 MiB.
func BenchmarkPeakRSS(b *testing.B) {
	for _, n := range []int{10, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			f := benchVault(b, n, vault.DefaultKDF)
			var codes [10][]byte // two fills each: the replay guard's limit per step
			for i := range codes {
				codes[i] = encodeFrame(fmt.Sprintf(`{"id":2,"type":"code","account":"user%d@tenant%d.onmicrosoft.com","url":%q}`, i, i, signIn))
			}
			list := encodeFrame(`{"id":3,"type":"list"}`)
			add := encodeFrame(`{"id":4,"type":"add","secret":"` + secretB + `","account":"new@contoso.com"}`)
			for i := 0; i < b.N; i++ {
				locked := startRaw(b, f)
				locked.roundTrip(b, helloFrame)
				b.ReportMetric(float64(peakRSS(b, locked.cmd.Process.Pid))/1024, "locked-MiB")
				locked.close(b)

				h := startRaw(b, f, "OTPFILL_PASSPHRASE_FILE="+f.pass)
				os.Truncate(f.vault+".steps", 0)
				for j := 0; j < 20; j++ {
					h.roundTrip(b, codes[j%10])
				}
				if n <= 1000 {
					h.roundTrip(b, list) // 10,000 entries exceed the 1 MiB reply limit
				}
				b.ReportMetric(float64(peakRSS(b, h.cmd.Process.Pid))/1024, "unlocked-MiB")
				body := h.roundTrip(b, add)
				id := body[bytes.Index(body, []byte(`"id":"`))+6:][:8]
				h.roundTrip(b, encodeFrame(`{"id":5,"type":"remove","entry":"`+string(id)+`"}`))
				b.ReportMetric(float64(peakRSS(b, h.cmd.Process.Pid))/1024, "written-MiB")
				h.close(b)
			}
		})
	}
}

// peakRSS reads VmHWM (KiB) of a running process.
func peakRSS(b *testing.B, pid int) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
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

// BenchmarkColdStartToCode: spawn the host as Chrome does and time until
// the first code reply, unlocking through the vault's keyring stanza (a
// real, private gnome-keyring) or, for comparison, through the passphrase
// with the shipped Argon2id parameters (OTPFILL_PASSPHRASE_FILE: the KDF
// runs in the key helper child, as for a popup unlock). 10 entries.
func BenchmarkColdStartToCode(b *testing.B) {
	keyringtest.Start(b)
	f := benchVault(b, 10, vault.DefaultKDF)
	v, err := vault.Open(f.vault, []byte("correct horse"))
	if err != nil {
		b.Fatal(err)
	}
	if err := v.EnableKeyring(keyring.System()); err != nil {
		b.Fatal(err)
	}
	v.Close()
	code := encodeFrame(`{"id":2,"type":"code","account":"user1@tenant1.onmicrosoft.com","url":"` + signIn + `"}`)
	for _, how := range []string{"keyring", "passphrase-default-kdf"} {
		b.Run(how, func(b *testing.B) {
			var env []string
			if how != "keyring" {
				env = []string{"OTPFILL_PASSPHRASE_FILE=" + f.pass, "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent"}
			}
			var d []time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				// Each start asks for a code of the same entry: forget the
				// steps handed out, or the replay guard's two-step limit
				// answers no_fresh_code from the third start on.
				os.Remove(f.vault + ".steps")
				start := time.Now()
				h := startRaw(b, f, env...)
				h.roundTrip(b, code)
				d = append(d, time.Since(start))
				h.close(b)
			}
			reportPercentiles(b, d, time.Millisecond, "ms")
		})
	}
}
