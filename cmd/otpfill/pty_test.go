//go:build unix

package main

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// ptySession runs otpfill on a real terminal, as a person would.
type ptySession struct {
	t      *testing.T
	term   *os.File
	cmd    *exec.Cmd
	mu     sync.Mutex
	out    bytes.Buffer
	seen   int // expect matches from here on
	copied chan struct{}
}

func startPty(t *testing.T, env []string, args ...string) *ptySession {
	t.Helper()
	cmd := exec.Command(otpfillBin, args...)
	cmd.Env = append([]string{"PATH=/usr/bin:/bin", "HOME=" + t.TempDir(), "OTPFILL_KDF=fast", "TERM=xterm"}, env...)
	f, err := pty.Start(cmd)
	if err != nil {
		t.Fatal(err)
	}
	p := &ptySession{t: t, term: f, cmd: cmd, copied: make(chan struct{})}
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := f.Read(buf)
			p.mu.Lock()
			p.out.Write(buf[:n])
			p.mu.Unlock()
			if err != nil {
				close(p.copied)
				return
			}
		}
	}()
	t.Cleanup(func() { cmd.Process.Kill(); f.Close() })
	return p
}

// expect waits for s in what the terminal shows after the last match. The
// deadline only stops a hung test; it measures nothing.
func (p *ptySession) expect(s string) {
	p.t.Helper()
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		p.mu.Lock()
		out := p.out.String()
		p.mu.Unlock()
		if i := strings.Index(out[p.seen:], s); i >= 0 {
			p.seen += i + len(s)
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	p.t.Fatalf("terminal never showed %q; it shows %q", s, p.out.String())
}

func (p *ptySession) send(s string) {
	p.t.Helper()
	if _, err := p.term.Write([]byte(s)); err != nil {
		p.t.Fatal(err)
	}
}

// wait returns everything the terminal showed and the exit code.
func (p *ptySession) wait() (string, int) {
	p.t.Helper()
	exited := make(chan error, 1)
	go func() { exited <- p.cmd.Wait() }()
	var err error
	select {
	case err = <-exited:
	case <-time.After(time.Minute): // a hung prompt (Ctrl-D ignored) must fail, not hang
		p.cmd.Process.Kill()
		p.t.Fatalf("otpfill did not exit; the terminal shows %q", p.out.String())
	}
	select {
	case <-p.copied:
	case <-time.After(10 * time.Second):
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if ee, ok := err.(*exec.ExitError); ok {
		return p.out.String(), ee.ExitCode()
	} else if err != nil {
		p.t.Fatal(err)
	}
	return p.out.String(), 0
}

func TestTerminalPassphrasePrompt(t *testing.T) {
	e := newEnv(t)
	e.run("", "add", "--secret", secret, "--account", "ada@contoso.com")
	env := []string{"OTPFILL_VAULT=" + e.vault}
	const good = "correct horse battery\r"
	cases := []struct {
		name  string
		keys  []string // typed after each "Passphrase: "
		exit  int
		want  string
		tries int
	}{
		{"ctrl-d cancels at once", []string{"\x04"}, 1, "otpfill: cancelled", 1},
		{"ctrl-c cancels", []string{"secr\x03"}, 1, "otpfill: cancelled", 1},
		{"ctrl-d after a wrong try", []string{"wrong\r", "\x04"}, 1, "otpfill: cancelled", 2},
		{"empty is no passphrase", []string{"\r"}, 1, "otpfill: no passphrase given", 1},
		{"three wrong tries", []string{"wrong1\r", "wrong2\r", "wrong3\r"}, 1, "otpfill: wrong passphrase", 3},
		{"right on the third try", []string{"wrong1\r", "wrong2\r", good}, 0, "ada@contoso.com", 3},
		{"backspace and ctrl-u edit", []string{"xx\x15correct horse batterz\x7fy\r"}, 0, "ada@contoso.com", 1},
		{"ctrl-d inside a line is ignored", []string{"correct horse\x04 battery\r"}, 0, "ada@contoso.com", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := startPty(t, env, "list")
			for _, k := range c.keys {
				p.expect("Passphrase: ")
				p.send(k)
			}
			out, code := p.wait()
			if code != c.exit || !strings.Contains(out, c.want) || strings.Count(out, "Passphrase: ") != c.tries {
				t.Fatalf("exit %d, terminal %q", code, out)
			}
			if !strings.Contains(strings.Join(c.keys, ""), "wrong") && strings.Contains(strings.ToLower(out), "wrong") {
				t.Fatalf("reported a wrong passphrase: %q", out)
			}
			if strings.Contains(out, "secr") || strings.Contains(out, "battery") {
				t.Fatalf("the passphrase was echoed: %q", out)
			}
		})
	}
}

func TestTerminalNewPassphraseTwice(t *testing.T) {
	dir := t.TempDir()
	env := []string{"OTPFILL_VAULT=" + dir + "/v"}
	p := startPty(t, env, "init")
	p.expect("New passphrase: ")
	p.send("one passphrase\r")
	p.expect("Repeat it: ")
	p.send("another one\r")
	if out, code := p.wait(); code != 1 || !strings.Contains(out, "differ") {
		t.Fatalf("mismatch: exit %d %q", code, out)
	}
	if _, err := os.Stat(dir + "/v"); err == nil {
		t.Fatal("a vault was created from two different passphrases")
	}
	p = startPty(t, env, "init")
	p.expect("New passphrase: ")
	p.send("\x04")
	if out, code := p.wait(); code != 1 || !strings.Contains(out, "cancelled") {
		t.Fatalf("ctrl-d: exit %d %q", code, out)
	}
	p = startPty(t, env, "init")
	p.expect("New passphrase: ")
	p.send("one passphrase\r")
	p.expect("Repeat it: ")
	p.send("one passphrase\r")
	if out, code := p.wait(); code != 0 || !strings.Contains(out, "Created an empty vault") {
		t.Fatalf("init: exit %d %q", code, out)
	}
}

// Killed at the prompt (SIGTERM, or SIGHUP when the terminal closes), otpfill
// gives the terminal back with echo on.
func TestTerminalRestoredWhenKilledAtPrompt(t *testing.T) {
	e := newEnv(t)
	e.run("", "add", "--secret", secret, "--account", "ada@contoso.com")
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			p := startPty(t, []string{"OTPFILL_VAULT=" + e.vault}, "list")
			p.expect("Passphrase: ")
			raw, err := unix.IoctlGetTermios(int(p.term.Fd()), unix.TCGETS)
			if err != nil {
				t.Fatal(err)
			}
			if raw.Lflag&unix.ECHO != 0 {
				t.Fatal("echo is on at the prompt")
			}
			p.cmd.Process.Signal(sig)
			if _, code := p.wait(); code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			after, err := unix.IoctlGetTermios(int(p.term.Fd()), unix.TCGETS)
			if err != nil {
				t.Fatal(err)
			}
			if after.Lflag&unix.ECHO == 0 || after.Lflag&unix.ICANON == 0 {
				t.Fatalf("the terminal was left raw (lflag %#x)", after.Lflag)
			}
		})
	}
}
