// Package keyringtest starts a real, private Secret Service for tests: a
// D-Bus session bus of its own and gnome-keyring-daemon with an unlocked
// collection, both stopped when the test ends. It never touches the
// developer's own session or keyring.
package keyringtest

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/otpfill/otpfill/keyring"
)

// Session is a running private Secret Service.
type Session struct {
	// Env is what a child process needs to use it (DBUS_SESSION_BUS_ADDRESS,
	// and a HOME and XDG dirs of the test's own).
	Env  []string
	Addr string
}

// Start starts a private session bus and gnome-keyring-daemon, and sets
// DBUS_SESSION_BUS_ADDRESS for the calling test (t.Setenv: not parallel).
// It skips the test when dbus-daemon or gnome-keyring-daemon is missing,
// unless OTPFILL_KEYRING=require (CI), where it fails.
func Start(t testing.TB) *Session {
	t.Helper()
	for _, bin := range []string{"dbus-daemon", "gnome-keyring-daemon"} {
		if _, err := exec.LookPath(bin); err != nil {
			if os.Getenv("OTPFILL_KEYRING") == "require" {
				t.Fatalf("%s is missing (OTPFILL_KEYRING=require)", bin)
			}
			t.Skipf("%s is not installed; set OTPFILL_KEYRING=require to make this a failure", bin)
		}
	}
	home := t.TempDir()
	env := []string{"HOME=" + home, "XDG_DATA_HOME=" + filepath.Join(home, "data"), "XDG_RUNTIME_DIR=" + filepath.Join(home, "run"),
		"XDG_CONFIG_HOME=" + filepath.Join(home, "config"), "XDG_CACHE_HOME=" + filepath.Join(home, "cache")}
	os.MkdirAll(filepath.Join(home, "run"), 0o700)
	// --unlock creates the "login" keyring; this makes it the default
	// collection, the one libsecret and go-keyring use.
	os.MkdirAll(filepath.Join(home, "data", "keyrings"), 0o700)
	os.WriteFile(filepath.Join(home, "data", "keyrings", "default"), []byte("login"), 0o600)

	bus := exec.Command("dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1")
	bus.Env = append(os.Environ(), env...)
	out, err := bus.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := bus.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { bus.Process.Kill(); bus.Wait() })
	addr, err := readLine(out, 5*time.Second)
	if err != nil {
		t.Fatalf("dbus-daemon gave no address: %v", err)
	}
	env = append(env, "DBUS_SESSION_BUS_ADDRESS="+addr)

	gk := exec.Command("gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets")
	gk.Env = append(os.Environ(), env...)
	gk.Stdin = strings.NewReader("test keyring password")
	if err := gk.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { gk.Process.Kill(); gk.Wait() })

	t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
	// --unlock creates the login keyring from the password on stdin. A
	// Secret Service request that comes before makes the daemon ask for a
	// new default collection through a prompt no one answers, and it stays
	// stuck: wait for the keyring file first.
	login := filepath.Join(home, "data", "keyrings", "login.keyring")
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(login); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("gnome-keyring-daemon did not create the login keyring")
		}
	}
	// Ready when the keyring answers "not found" for an item no one stored.
	store := keyring.System()
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, err := store.Get("otpfill-test", "probe")
		if errors.Is(err, keyring.ErrNotFound) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("gnome-keyring-daemon did not come up: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return &Session{Env: env, Addr: addr}
}

func readLine(r interface{ Read([]byte) (int, error) }, d time.Duration) (string, error) {
	ch := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		ch <- strings.TrimSpace(line)
	}()
	select {
	case l := <-ch:
		if l == "" {
			return "", errors.New("empty")
		}
		return l, nil
	case <-time.After(d):
		return "", errors.New("timeout")
	}
}

// Clear deletes an item with secret-tool, the way a person would.
func (s *Session) Clear(t testing.TB, service, item string) {
	t.Helper()
	c := exec.Command("secret-tool", "clear", "service", service, "username", item)
	c.Env = append(os.Environ(), s.Env...)
	if out, err := c.CombinedOutput(); err != nil {
		t.Fatalf("secret-tool clear: %v %s", err, out)
	}
}

// Lock locks the default collection, as a screen locker or Seahorse would:
// reading from it then needs an unlock prompt that no one answers here.
func (s *Session) Lock(t testing.TB) {
	t.Helper()
	conn, err := dbus.Connect(s.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var locked []dbus.ObjectPath
	var prompt dbus.ObjectPath
	call := conn.Object("org.freedesktop.secrets", "/org/freedesktop/secrets").CallWithContext(ctx,
		"org.freedesktop.Secret.Service.Lock", 0, []dbus.ObjectPath{"/org/freedesktop/secrets/collection/login"})
	if err := call.Store(&locked, &prompt); err != nil || len(locked) != 1 {
		t.Fatalf("lock the collection: %v (locked %v, prompt %s)", err, locked, prompt)
	}
}
