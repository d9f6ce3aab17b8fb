package host

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

var bin string // the otpfill binary, built once

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "otpfill-host-test")
	if err != nil {
		panic(err)
	}
	bin = filepath.Join(dir, "otpfill")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/otpfill").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

const chromeOrigin = "chrome-extension://" + ChromeExtensionID + "/"

// fixture is a vault made through the real CLI.
type fixture struct {
	t     testing.TB
	dir   string
	vault string
	pass  string
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	dir := t.TempDir()
	f := &fixture{t: t, dir: dir, vault: filepath.Join(dir, "cfg", "vault.otpfill"), pass: filepath.Join(dir, "pw")}
	os.WriteFile(f.pass, []byte("correct horse\n"), 0o600)
	f.cli("init")
	return f
}

func (f *fixture) env(extra ...string) []string {
	return append(append(os.Environ(), "OTPFILL_VAULT="+f.vault, "OTPFILL_KDF=fast", "HOME="+f.dir), extra...)
}

func (f *fixture) cli(args ...string) string {
	f.t.Helper()
	c := exec.Command(bin, args...)
	c.Env = f.env("OTPFILL_PASSPHRASE_FILE=" + f.pass)
	var errb bytes.Buffer
	c.Stderr = &errb
	out, err := c.Output()
	if err != nil {
		f.t.Fatalf("otpfill %v: %v\n%s%s", args, err, out, errb.String())
	}
	return string(out)
}

// hostProc is a host started the way a browser starts it.
type hostProc struct {
	t      testing.TB
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *bufio.Reader
	raw    *bytes.Buffer // every stdout byte, for the "frames only, no secrets" check
	stderr *syncBuffer
	nextID int

	replyWait time.Duration // how long readReply waits; 0 = a minute (liveness, not timing)
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func (f *fixture) start(args []string, env ...string) *hostProc {
	f.t.Helper()
	c := exec.Command(bin, args...)
	c.Env = f.env(env...)
	h := &hostProc{t: f.t, cmd: c, raw: &bytes.Buffer{}, stderr: &syncBuffer{}}
	c.Stderr = h.stderr
	var err error
	if h.in, err = c.StdinPipe(); err != nil {
		f.t.Fatal(err)
	}
	stdout, err := c.StdoutPipe()
	if err != nil {
		f.t.Fatal(err)
	}
	h.out = bufio.NewReader(io.TeeReader(stdout, h.raw))
	if err := c.Start(); err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() {
		c.Process.Kill()
		c.Wait()
	})
	return h
}

func (f *fixture) chrome(env ...string) *hostProc { return f.start([]string{chromeOrigin}, env...) }

func (h *hostProc) writeFrame(b []byte) {
	h.t.Helper()
	var hdr [4]byte
	binary.NativeEndian.PutUint32(hdr[:], uint32(len(b)))
	if _, err := h.in.Write(append(hdr[:], b...)); err != nil {
		h.t.Fatal(err)
	}
}

func (h *hostProc) readReply() map[string]any {
	h.t.Helper()
	var hdr [4]byte
	done := make(chan error, 1)
	var body []byte
	go func() {
		if _, err := io.ReadFull(h.out, hdr[:]); err != nil {
			done <- err
			return
		}
		body = make([]byte, binary.NativeEndian.Uint32(hdr[:]))
		_, err := io.ReadFull(h.out, body)
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			h.t.Fatalf("reading a reply: %v (stderr: %s)", err, h.stderr.String())
		}
	case <-time.After(cmp.Or(h.replyWait, time.Minute)):
		h.t.Fatalf("no reply (stderr: %s)", h.stderr.String())
	}
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		h.t.Fatalf("reply is not JSON: %q", body)
	}
	return m
}

// call sends a request with a fresh id and checks the reply echoes it.
func (h *hostProc) call(req map[string]any) map[string]any {
	h.t.Helper()
	h.nextID++
	req["id"] = h.nextID
	b, _ := json.Marshal(req)
	h.writeFrame(b)
	r := h.readReply()
	if r["id"] != float64(h.nextID) {
		h.t.Fatalf("reply id %v, want %d: %v", r["id"], h.nextID, r)
	}
	return r
}

func errCode(r map[string]any) string {
	if r["ok"] == true {
		return ""
	}
	e, _ := r["error"].(map[string]any)
	s, _ := e["code"].(string)
	return s
}

func (h *hostProc) mustOK(req map[string]any) map[string]any {
	h.t.Helper()
	r := h.call(req)
	if r["ok"] != true {
		h.t.Fatalf("%v: %v", req, r)
	}
	return r
}

// closeAndWait ends stdin and expects exit 0.
func (h *hostProc) closeAndWait() {
	h.t.Helper()
	h.in.Close()
	waitExit(h.t, h.cmd, 0)
}

func waitExit(t testing.TB, c *exec.Cmd, want int) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- c.Wait() }()
	select {
	case err := <-done:
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != want {
			t.Fatalf("exit %d, want %d", code, want)
		}
	case <-time.After(time.Minute):
		t.Fatal("host did not exit")
	}
}

// assertFramesOnly checks that stdout held whole frames of JSON and nothing
// else, and that no secret appears in stdout or stderr.
func (h *hostProc) assertClean(secrets ...string) {
	h.t.Helper()
	rest := h.raw.Bytes()
	for len(rest) > 0 {
		if len(rest) < 4 {
			h.t.Fatalf("stray bytes on stdout: %q", rest)
		}
		n := int(binary.NativeEndian.Uint32(rest))
		if 4+n > len(rest) || !json.Valid(rest[4:4+n]) {
			h.t.Fatalf("stdout is not frames of JSON at %q", rest[:min(len(rest), 40)])
		}
		rest = rest[4+n:]
	}
	for _, s := range secrets {
		for _, where := range []string{h.raw.String(), h.stderr.String()} {
			if strings.Contains(strings.ToUpper(where), strings.ToUpper(strings.ReplaceAll(s, " ", ""))) {
				h.t.Fatalf("secret %q leaked", s)
			}
		}
	}
}
