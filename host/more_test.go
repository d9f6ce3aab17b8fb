package host

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/boombuler/barcode"
	bqr "github.com/boombuler/barcode/qr"
)

// qrPNG draws text as a QR code with a white margin, as a data URL.
func qrPNG(t testing.TB, text string) string {
	t.Helper()
	c, err := bqr.Encode(text, bqr.M, bqr.Auto)
	if err != nil {
		t.Fatal(err)
	}
	scaled, err := barcode.Scale(c, 300, 300)
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewGray(image.Rect(0, 0, 380, 380))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(40, 40, 340, 340), scaled, image.Point{}, draw.Src)
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(b.Bytes())
}

// TestAutoLockAndLogFile: OTPFILL_AUTOLOCK and OTPFILL_LOG from the
// environment at start-up; the serve loop's own timer locks.
func TestAutoLockAndLogFile(t *testing.T) {
	f := newFixture(t)
	f.cli("add", "--secret", secretC, "--account", "bob@contoso.com")
	logPath := filepath.Join(f.dir, "host.log")
	h := f.chrome("OTPFILL_PASSPHRASE_FILE="+f.pass, "OTPFILL_AUTOLOCK=1s", "OTPFILL_LOG="+logPath)
	if r := h.mustOK(map[string]any{"type": "hello"}); r["state"] != "unlocked" {
		t.Fatalf("hello: %v", r)
	}
	h.mustOK(map[string]any{"type": "code", "account": "bob@contoso.com", "url": signIn})
	deadline := time.Now().Add(time.Minute) // a liveness bound, not a timing check
	for h.mustOK(map[string]any{"type": "hello"})["state"] != "locked" {
		if time.Now().After(deadline) {
			t.Fatal("did not lock itself after 1s idle")
		}
		time.Sleep(100 * time.Millisecond)
	}
	h.closeAndWait()
	log, err := os.ReadFile(logPath)
	if err != nil || !strings.Contains(string(log), "idle") || !strings.Contains(string(log), "serving chrome") {
		t.Fatalf("log file: %v %q", err, log)
	}
	for _, s := range []string{secretC, "correct horse"} {
		if strings.Contains(string(log), s) {
			t.Fatalf("log holds %q", s)
		}
	}
	h.assertClean(secretC, "correct horse")
}

func TestSIGINTAndEOFWhileUnlocking(t *testing.T) {
	f := newFixture(t)
	h := f.chrome("OTPFILL_PASSPHRASE_FILE=" + f.pass)
	h.mustOK(map[string]any{"type": "hello"})
	h.cmd.Process.Signal(syscall.SIGINT)
	waitExit(t, h.cmd, 0)
	// EOF at once, before any request.
	h = f.chrome("OTPFILL_PASSPHRASE_FILE=" + f.pass)
	h.closeAndWait()
	// SIGTERM before any request, with an unlock running.
	h = f.chrome("OTPFILL_PASSPHRASE_FILE=" + f.pass)
	for deadline := time.Now().Add(time.Minute); !strings.Contains(h.stderr.String(), "serving"); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("host did not start")
		}
	}
	h.cmd.Process.Signal(syscall.SIGTERM)
	waitExit(t, h.cmd, 0)
	if h.raw.Len() != 0 {
		t.Fatalf("wrote %q without a request", h.raw.Bytes())
	}
}

// TestPipelinedHostileFrames sends thousands of frames, valid and hostile,
// without waiting for replies (as a busy extension may): exactly one reply
// per frame, in order, each with the right id and code, only frames on
// stdout, and no secret anywhere.
func TestPipelinedHostileFrames(t *testing.T) {
	f := newFixture(t)
	f.addStandard()
	h := f.chrome("OTPFILL_PASSPHRASE_FILE=" + f.pass)
	type exp struct {
		id   any // float64, string or nil
		code string
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var stream bytes.Buffer
	var want []exp
	add := func(msg []byte, e exp) {
		stream.Write(frameOf(string(msg)))
		want = append(want, e)
	}
	req := func(id any, fields map[string]any) []byte {
		fields["id"] = id
		b, _ := json.Marshal(fields)
		return b
	}
	for i := 0; i < 3000; i++ {
		id := any(float64(i))
		if i%3 == 0 {
			id = fmt.Sprintf("s-%d", i)
		}
		switch rng.IntN(12) {
		case 0:
			add(req(id, map[string]any{"type": "hello"}), exp{id, ""})
		case 1:
			add(req(id, map[string]any{"type": "list"}), exp{id, ""})
		case 2:
			add(req(id, map[string]any{"type": "code", "account": "bob@contoso.com", "url": "https://login.microsoftonline.com.evil.example/"}), exp{id, "origin_denied"})
		case 3:
			add(req(id, map[string]any{"type": "code", "account": "ada@contoso.com", "url": signIn, "display": true}), exp{id, "ambiguous"})
		case 4:
			add(req(id, map[string]any{"type": "nope"}), exp{id, "unknown_type"})
		case 5:
			add(req(id, map[string]any{"type": "code", "account": 7}), exp{id, "bad_request"})
		case 6:
			b := make([]byte, rng.IntN(200))
			for j := range b {
				b[j] = byte(rng.IntN(256))
			}
			b = append([]byte{'x'}, b...) // never valid JSON
			add(b, exp{nil, "bad_request"})
		case 7:
			add(nil, exp{nil, "bad_request"})
		case 8:
			add([]byte(`{"id":{"x":1},"type":"hello"}`), exp{nil, "bad_request"})
		case 9:
			add(req(id, map[string]any{"type": "unlock", "passphrase": "correct horse", "url": signIn}), exp{id, "origin_denied"})
		case 10:
			add(req(id, map[string]any{"type": "add", "secret": secretB, "account": "x@y", "url": "http://mysignins.microsoft.com/"}), exp{id, "origin_denied"})
		case 11:
			add(req(id, map[string]any{"type": "remove", "entry": "ffffffff"}), exp{id, "not_found"})
		}
	}
	// One frame over the cap in the middle of it all, then more.
	stream.Write(frameOf(strings.Repeat(" ", 4<<20+1)))
	want = append(want, exp{nil, "too_large"})
	add(req("last", map[string]any{"type": "hello"}), exp{"last", ""})

	go func() {
		h.in.Write(stream.Bytes())
		h.in.Close()
	}()
	for i, w := range want {
		r := h.readReply()
		if r["id"] != w.id || errCode(r) != w.code {
			t.Fatalf("reply %d: got %v, want id %v code %q", i, r, w.id, w.code)
		}
	}
	waitExit(t, h.cmd, 0)
	h.assertClean(secretA, secretB, secretC, "correct horse")
}

// TestReplayGuardConcurrent: three hosts (three browsers) claim codes for
// the same entry at the same time; no step is handed out twice.
func TestReplayGuardConcurrent(t *testing.T) {
	f := newFixture(t)
	f.cli("add", "--secret", secretC, "--account", "bob@contoso.com")
	hosts := []*hostProc{
		f.chrome("OTPFILL_PASSPHRASE_FILE=" + f.pass),
		f.chrome("OTPFILL_PASSPHRASE_FILE=" + f.pass),
		f.start([]string{filepath.Join(f.dir, "org.otpfill.host.json"), FirefoxExtensionID}, "OTPFILL_PASSPHRASE_FILE="+f.pass),
	}
	for _, h := range hosts {
		h.mustOK(map[string]any{"type": "hello"}) // unlocked before the race starts
	}
	const per = 8
	steps := make(chan float64, len(hosts)*per)
	errs := make(chan string, len(hosts)*per)
	for _, h := range hosts {
		go func(h *hostProc) {
			for i := 0; i < per; i++ {
				b, _ := json.Marshal(map[string]any{"id": i, "type": "code", "account": "bob@contoso.com", "url": signIn})
				h.in.Write(frameOf(string(b)))
			}
			for i := 0; i < per; i++ {
				var hdr [4]byte
				if _, err := io.ReadFull(h.out, hdr[:]); err != nil {
					errs <- err.Error()
					return
				}
				body := make([]byte, binary.NativeEndian.Uint32(hdr[:]))
				io.ReadFull(h.out, body)
				var r map[string]any
				json.Unmarshal(body, &r)
				if r["ok"] != true {
					if errCode(r) != "no_fresh_code" {
						errs <- string(body)
					} else {
						steps <- 0
					}
					continue
				}
				steps <- r["step"].(float64)
			}
		}(h)
	}
	seen := map[float64]bool{}
	for i := 0; i < len(hosts)*per; i++ {
		select {
		case s := <-steps:
			if s == 0 {
				continue // no_fresh_code: both fresh steps were taken
			}
			if seen[s] || int64(s) > time.Now().Unix()/30+1 {
				t.Fatalf("step %v handed out twice", s)
			}
			seen[s] = true
		case e := <-errs:
			t.Fatal(e)
		case <-time.After(2 * time.Minute):
			t.Fatal("timeout")
		}
	}
	for _, h := range hosts {
		h.closeAndWait()
		h.assertClean(secretC)
	}
}

// TestWatcherLocksOnPasswd: with no request in flight, the host notices
// another process changing the passphrase and drops its key by itself.
func TestWatcherLocksOnPasswd(t *testing.T) {
	f := newFixture(t)
	h := f.chrome("OTPFILL_PASSPHRASE_FILE=" + f.pass)
	h.mustOK(map[string]any{"type": "hello"})
	newPass := filepath.Join(f.dir, "pw2")
	os.WriteFile(newPass, []byte("another pass\n"), 0o600)
	f.cli("passwd", "--new-passphrase-file", newPass)
	for deadline := time.Now().Add(time.Minute); !strings.Contains(h.stderr.String(), "locking"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the watcher did not lock the host: %s", h.stderr.String())
		}
	}
	h.closeAndWait()
	h.assertClean("correct horse", "another pass")
}

// TestExtraIDs: an id named in OTPFILL_EXTRA_IDS (a store build) is served;
// without it the same caller is refused with nothing on stdout.
func TestExtraIDs(t *testing.T) {
	f := newFixture(t)
	const store = "abcdefghijklmnopabcdefghijklmnop"
	h := f.start([]string{"chrome-extension://" + store + "/"}, "OTPFILL_EXTRA_IDS=other, "+store)
	if r := h.mustOK(map[string]any{"type": "hello"}); r["state"] != "locked" {
		t.Fatalf("hello: %v", r)
	}
	h.closeAndWait()
	h = f.start([]string{"chrome-extension://" + store + "/"})
	h.in.Write(frameOf(`{"id":1,"type":"hello"}`)) // may fail: the host need not read it
	out, _ := io.ReadAll(h.out)
	waitExit(t, h.cmd, 1)
	if len(out) != 0 || !strings.Contains(h.stderr.String(), "refusing") {
		t.Fatalf("refused caller: stdout %q stderr %q", out, h.stderr.String())
	}
	h = f.start([]string{"/x/org.otpfill.host.json", "someone@example.org"}, "OTPFILL_EXTRA_IDS="+store)
	h.in.Close()
	waitExit(t, h.cmd, 1)
}

// TestLargeImageMemoryReturned: a capture's image at the 4-megapixel cap
// takes the QR reader tens of MiB; the long-lived host hands them back at
// once. The decode's time is measured, not bounded (the machine is shared).
func TestLargeImageMemoryReturned(t *testing.T) {
	if testing.Short() {
		t.Skip("decodes a 4-megapixel image")
	}
	var b bytes.Buffer
	png.Encode(&b, image.NewGray(image.Rect(0, 0, 2048, 2048)))
	f := newFixture(t)
	h := f.chrome("OTPFILL_PASSPHRASE_FILE=" + f.pass)
	h.replyWait = 10 * time.Minute // a loaded machine may take long: measured below, not bounded
	start := time.Now()
	if c := errCode(h.call(map[string]any{"type": "capture", "image": base64.StdEncoding.EncodeToString(b.Bytes())})); c != "invalid_secret" {
		t.Fatalf("blank image: %s", c)
	}
	t.Logf("decoding a blank 2048×2048 image took %v", time.Since(start))
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", h.cmd.Process.Pid))
	if err != nil {
		t.Skip("no /proc")
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			var kib int
			fmt.Sscan(strings.TrimSpace(v), &kib)
			t.Logf("RSS after the decode: %d KiB", kib)
			if kib > 32<<10 {
				t.Fatalf("RSS after the decode: %d KiB", kib)
			}
		}
	}
	h.closeAndWait()
}
