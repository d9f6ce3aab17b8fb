package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/otpfill/otpfill/vault"
)

func TestCodeJSON(t *testing.T) {
	e := newEnv(t)
	e.run("", "add", "--secret", secret, "--account", "ada@contoso.com", "--tenant", "Contoso")
	out, err := e.run("", "code", "--json", "--at", "1700000000", "contoso")
	if err != nil {
		t.Fatal(out)
	}
	var got struct {
		Code      string `json:"code"`
		Step      int64  `json:"step"`
		Period    int    `json:"period"`
		ExpiresAt int64  `json:"expires_at"`
		Entry     struct {
			ID, Issuer, Account, Tenant string
		} `json:"entry"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	want, _ := (&vault.Entry{Secret: secret}).Code(time.Unix(1700000000, 0))
	if got.Code != want || got.Step != 1700000000/30 || got.Period != 30 || got.ExpiresAt != (1700000000/30+1)*30*1000 ||
		got.Entry.Account != "ada@contoso.com" || got.Entry.Tenant != "Contoso" || got.Entry.Issuer != "Microsoft" || len(got.Entry.ID) != 8 {
		t.Fatalf("got %+v", got)
	}
	if strings.Contains(out, secret) || strings.Contains(strings.ToLower(out), "secret") {
		t.Fatalf("--json shows the secret: %s", out)
	}
}

// fakeClipboard puts an xclip on PATH that keeps the clipboard in a file,
// so copying and clearing are checked for real.
func fakeClipboard(t *testing.T) (clip string, env []string) {
	t.Helper()
	dir := t.TempDir()
	clip = filepath.Join(dir, "clipboard")
	script := `#!/bin/sh
for a in "$@"; do
  case "$a" in
    -in) cat > "$FAKE_CLIPBOARD.tmp" && mv "$FAKE_CLIPBOARD.tmp" "$FAKE_CLIPBOARD"; exit 0;;
    -out) cat "$FAKE_CLIPBOARD" 2>/dev/null; exit 0;;
  esac
done
exit 1
`
	if err := os.WriteFile(filepath.Join(dir, "xclip"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return clip, []string{"PATH=" + dir + ":/usr/bin:/bin", "DISPLAY=:99", "FAKE_CLIPBOARD=" + clip}
}

func readClip(t *testing.T, clip string) string {
	b, err := os.ReadFile(clip)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return string(b)
}

func TestCodeCopyAndClear(t *testing.T) {
	e := newEnv(t)
	e.run("", "add", "--secret", secret, "--account", "ada@contoso.com", "--tenant", "Contoso")
	clip, env := fakeClipboard(t)
	env = append(env, "OTPFILL_VAULT="+e.vault, "OTPFILL_PASSPHRASE_FILE="+e.pass, "OTPFILL_CLIP_TIME=2")
	before := time.Now()
	out, errOut, code := runBin(t, env, "", "code", "--copy", "ada")
	after := time.Now()
	if code != 0 || out != "" || !strings.Contains(errOut, "Copied the code of Contoso:ada@contoso.com; it is valid for ") ||
		!strings.Contains(errOut, "The clipboard clears in 2 s.") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	got := readClip(t, clip)
	e1, _ := (&vault.Entry{Secret: secret}).Code(before)
	e2, _ := (&vault.Entry{Secret: secret}).Code(after)
	if got != e1 && got != e2 {
		t.Fatalf("clipboard holds %q, want the code %q", got, e1)
	}
	// The detached child clears it; the deadline only stops a hung test.
	for deadline := time.Now().Add(time.Minute); readClip(t, clip) != ""; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the clipboard was not cleared: %q", readClip(t, clip))
		}
	}
}

// The clearer leaves the clipboard alone when the user copied something
// else since, and clears it when it still holds the code.
func TestClearClipboardOnlyWhenItHoldsTheCode(t *testing.T) {
	clip, env := fakeClipboard(t)
	sum := sha256.Sum256([]byte("123456"))
	hash := hex.EncodeToString(sum[:])
	for _, c := range []struct{ holds, want string }{{"something else", "something else"}, {"123456", ""}, {"123456\n", ""}} {
		os.WriteFile(clip, []byte(c.holds), 0o600)
		if out, errOut, code := runBin(t, env, hash+" 0\n", "__clear-clipboard"); code != 0 {
			t.Fatalf("exit %d: %s %s", code, out, errOut)
		}
		if got := readClip(t, clip); got != c.want {
			t.Errorf("holding %q: clipboard %q after the clearer, want %q", c.holds, got, c.want)
		}
	}
	if _, _, code := runBin(t, env, "not a hash\n", "__clear-clipboard"); code != 1 {
		t.Errorf("bad input: exit %d", code)
	}
}

func TestCodeCopyWithoutClipboard(t *testing.T) {
	e := newEnv(t)
	e.run("", "add", "--secret", secret, "--account", "ada@contoso.com")
	base := []string{"OTPFILL_VAULT=" + e.vault, "OTPFILL_PASSPHRASE_FILE=" + e.pass}
	_, errOut, code := runBin(t, append(base, "PATH="+t.TempDir(), "DISPLAY=:99"), "", "code", "--copy", "ada")
	if code != 1 || !strings.Contains(errOut, "no clipboard tool found: install") {
		t.Fatalf("no tool: exit %d %q", code, errOut)
	}
	_, fake := fakeClipboard(t)
	_, errOut, code = runBin(t, append(base, fake[0]), "", "code", "--copy", "ada")
	if code != 1 || !strings.Contains(errOut, "no graphical session") {
		t.Fatalf("no display: exit %d %q", code, errOut)
	}
}
