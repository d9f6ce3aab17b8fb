package host

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

const (
	secretA = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" // ada@contoso.com in Contoso
	secretB = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" // ada@contoso.com as a guest in Fabrikam
	secretC = "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U" // bob@contoso.com
)

func oathtool(t *testing.T, secret string, step int64) string {
	t.Helper()
	p, err := exec.LookPath("oathtool")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("oathtool is required in CI")
		}
		t.Skip("oathtool not installed")
	}
	out, err := exec.Command(p, "--totp", "-b", "-N", fmt.Sprintf("@%d", step*30), secret).Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(out))
}

func (f *fixture) addStandard() {
	f.cli("add", "--secret", strings.ToLower(secretA), "--account", "ada@contoso.com", "--tenant", "Contoso")
	f.cli("add", "--secret", secretB, "--account", "Ada@Contoso.com", "--tenant", "Fabrikam")
	f.cli("add", "--secret", secretC, "--account", "bob@contoso.com", "--tenant", "Contoso")
}

const signIn = "https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=x"

// TestSessionAsABrowserRunsIt: the built binary, started as Chrome starts
// it: hello, unlock, a fill whose code oathtool confirms, lock, a clean
// exit with only frames on stdout and no secret anywhere. The handlers'
// rules are tested in-process (inproc_test.go and others).
func TestSessionAsABrowserRunsIt(t *testing.T) {
	f := newFixture(t)
	f.addStandard()
	h := f.chrome()
	r := h.mustOK(map[string]any{"type": "hello"})
	if r["state"] != "locked" || r["protocol"] != float64(1) {
		t.Fatalf("hello: %v", r)
	}
	if c := errCode(h.call(map[string]any{"type": "unlock", "passphrase": "wrong"})); c != "bad_passphrase" {
		t.Fatalf("wrong passphrase: %s", c)
	}
	h.mustOK(map[string]any{"type": "unlock", "passphrase": "correct horse"})
	r = h.mustOK(map[string]any{"type": "code", "account": "BOB@contoso.com", "url": signIn})
	step := int64(r["step"].(float64))
	if now := time.Now().Unix() / 30; step != now && step != now+1 {
		t.Fatalf("step %d, now %d", step, now)
	}
	if r["code"] != oathtool(t, secretC, step) || int64(r["valid_from"].(float64)) != step*30000 || int64(r["expires_at"].(float64)) != (step+1)*30000 {
		t.Fatalf("code reply %v", r)
	}
	// The CLI changes the vault while the host runs; passwd locks it.
	f.cli("add", "--secret", secretA, "--account", "carol@contoso.com")
	if n := len(h.mustOK(map[string]any{"type": "list"})["entries"].([]any)); n != 4 {
		t.Fatalf("host did not see the CLI's add: %d entries", n)
	}
	newPass := filepath.Join(f.dir, "pw2")
	os.WriteFile(newPass, []byte("another pass\n"), 0o600)
	f.cli("passwd", "--new-passphrase-file", newPass)
	if c := errCode(h.call(map[string]any{"type": "list"})); c != "locked" {
		t.Fatalf("list after passwd: %s", c)
	}
	h.mustOK(map[string]any{"type": "unlock", "passphrase": "another pass"})
	h.mustOK(map[string]any{"type": "lock"})
	if r := h.mustOK(map[string]any{"type": "hello"}); r["state"] != "locked" {
		t.Fatalf("after lock: %v", r)
	}
	h.closeAndWait()
	h.assertClean(secretA, secretB, secretC, "correct horse", "another pass")
}

// TestReplayGuardAcrossProcesses: two browsers' hosts and the CLI share the
// replay guard: no step is handed out twice, none more than one step ahead,
// and a third claim within a step is no_fresh_code.
func TestReplayGuardAcrossProcesses(t *testing.T) {
	f := newFixture(t)
	f.addStandard()
	a := f.chrome("OTPFILL_PASSPHRASE_FILE=" + f.pass)
	b := f.start([]string{filepath.Join(f.dir, "org.otpfill.host.json"), FirefoxExtensionID}, "OTPFILL_PASSPHRASE_FILE="+f.pass)
	seen := map[float64]bool{}
	for i := 0; i < 6; i++ {
		h := a
		if i%2 == 1 {
			h = b
		}
		r := h.call(map[string]any{"type": "code", "account": "bob@contoso.com", "url": "https://login.live.com/"})
		if c := errCode(r); c == "no_fresh_code" {
			continue
		} else if c != "" {
			t.Fatalf("fill %d: %v", i, r)
		}
		step := r["step"].(float64)
		if seen[step] || int64(step) > time.Now().Unix()/30+1 {
			t.Fatalf("step %v handed out twice or too far ahead", step)
		}
		seen[step] = true
	}
	if len(seen) < 2 {
		t.Fatalf("only %d fills succeeded", len(seen))
	}
	// The CLI's code marks its step used: a fill afterwards is later.
	got := strings.TrimSpace(f.cli("code", "bob@contoso.com"))
	if got != oathtool(t, secretC, time.Now().Unix()/30) {
		t.Fatalf("cli code %s", got)
	}
	a.closeAndWait()
	b.closeAndWait()
	a.assertClean(secretC)
	b.assertClean(secretC)
}

func TestBadInputsKeepServing(t *testing.T) {
	f := newFixture(t)
	h := f.chrome()
	frame := func(b []byte) { h.writeFrame(b) }
	cases := []struct {
		name string
		send func()
		code string
		id   any
	}{
		{"zero length", func() { frame(nil) }, "bad_request", nil},
		{"not JSON", func() { frame([]byte("hello")) }, "bad_request", nil},
		{"invalid UTF-8", func() { frame([]byte("{\"id\":1,\"type\":\"hello\",\"x\":\"\xff\xfe\"}")) }, "bad_request", nil},
		{"array", func() { frame([]byte(`[1]`)) }, "bad_request", nil},
		{"missing id", func() { frame([]byte(`{"type":"hello"}`)) }, "bad_request", nil},
		{"object id", func() { frame([]byte(`{"id":{},"type":"hello"}`)) }, "bad_request", nil},
		{"wrong type of field", func() { frame([]byte(`{"id":"w","type":"code","account":5}`)) }, "bad_request", "w"},
		{"type not a string", func() { frame([]byte(`{"id":9,"type":[]}`)) }, "bad_request", float64(9)},
		{"missing type", func() { frame([]byte(`{"id":"t"}`)) }, "bad_request", "t"},
		{"unknown type", func() { frame([]byte(`{"id":"u","type":"frobnicate"}`)) }, "unknown_type", "u"},
		{"over the cap", func() { frame(bytes.Repeat([]byte("a"), 4<<20+1)) }, "too_large", nil},
		{"capture while locked", func() { frame([]byte(`{"id":"q","type":"capture","image":"bm90IGFuIGltYWdl"}`)) }, "locked", "q"},
		{"decode_qr is gone", func() { frame([]byte(`{"id":"d","type":"decode_qr","image":"bm90IGFuIGltYWdl"}`)) }, "unknown_type", "d"},
	}
	for _, c := range cases {
		c.send()
		r := h.readReply()
		if errCode(r) != c.code || r["id"] != c.id {
			t.Errorf("%s: %v", c.name, r)
		}
		if r := h.mustOK(map[string]any{"type": "hello"}); r["state"] != "locked" {
			t.Errorf("%s: then hello %v", c.name, r)
		}
	}
	// A frame cut short ends the session cleanly.
	var hdr [4]byte
	binary.NativeEndian.PutUint32(hdr[:], 100)
	h.in.Write(append(hdr[:], "{\"id\":"...))
	h.closeAndWait()
	h.assertClean()
}

func TestSignalsAndCallers(t *testing.T) {
	f := newFixture(t)
	h := f.chrome()
	h.mustOK(map[string]any{"type": "hello"})
	h.cmd.Process.Signal(syscall.SIGTERM)
	waitExit(t, h.cmd, 0)

	// Another extension's id: refused, nothing served.
	c := exec.Command(bin, "chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/")
	c.Env = f.env()
	var out, errb bytes.Buffer
	c.Stdout, c.Stderr = &out, &errb
	c.Stdin = strings.NewReader("")
	if err := c.Run(); err == nil || out.Len() != 0 || !strings.Contains(errb.String(), "refusing") {
		t.Fatalf("foreign caller: %v %q %q", err, out.String(), errb.String())
	}
	// Firefox's way of starting it, and Windows' --parent-window.
	for _, args := range [][]string{{"/x/org.otpfill.host.json", FirefoxExtensionID}, {chromeOrigin, "--parent-window=0"}} {
		h := f.start(args)
		if r := h.mustOK(map[string]any{"type": "hello"}); r["state"] != "locked" {
			t.Fatalf("%v: %v", args, r)
		}
		h.closeAndWait()
	}
	// No vault yet.
	g := &fixture{t: t, dir: t.TempDir()}
	g.vault = filepath.Join(g.dir, "none", "vault.otpfill")
	h = g.chrome()
	if r := h.mustOK(map[string]any{"type": "hello"}); r["state"] != "no_vault" {
		t.Fatalf("no vault: %v", r)
	}
	if c := errCode(h.call(map[string]any{"type": "unlock", "passphrase": "x"})); c != "no_vault" {
		t.Fatalf("unlock without vault: %s", c)
	}
	h.closeAndWait()
}
