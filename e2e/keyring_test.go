package e2e

import (
	"os/exec"
	"testing"
	"time"

	"github.com/otpfill/otpfill/keyring/keyringtest"
)

// TestKeyringFirstFill: the vault unlocks through the system keyring (a
// real, private gnome-keyring whose D-Bus session the browser inherits), so
// after the browser starts the first code page is filled with no unlock
// step. Run it with -run TestKeyringFirstFill.
func TestKeyringFirstFill(t *testing.T) {
	for _, kind := range []string{"chromium", "firefox"} {
		t.Run(kind, func(t *testing.T) {
			needBrowser(t, kind)
			ks := keyringtest.Start(t)
			srv := fixtures(t)
			lena := acctLena
			home, ext := setupRun(t, kind, []*testAccount{&lena})
			enable := exec.Command(home.Bin, "keyring", "enable")
			enable.Env = append(home.Env(), "OTPFILL_KDF=fast", "OTPFILL_PASSPHRASE_FILE="+home.PassFile, "DBUS_SESSION_BUS_ADDRESS="+ks.Addr)
			if out, err := enable.CombinedOutput(); err != nil {
				t.Fatalf("keyring enable: %v %s", err, out)
			}
			// No passphrase file: only the keyring can unlock.
			b := startBrowser(t, kind, home, srv, browserOpts{ExtDir: ext, Env: []string{"DBUS_SESSION_BUS_ADDRESS=" + ks.Addr}})
			c := fillCase{Name: "keyring-first-fill", Host: hostAAD, Path: aadAuthorize, Page: "classic",
				Params: classic("en", lena.Account, "code", "PhoneAppOTP"), Account: &lena, Expect: expectFill}
			f := &fixture{Page: c.Page, Params: c.Params, Secrets: []string{lena.Secret}}
			u := srv.AddFixture(c.Host, c.Path, f)
			if !b.Open(u, f.Token) {
				return
			}
			evs, ok := srv.WaitFor(f.Token, fillTimeout, hasKind("submit"))
			if ok {
				time.Sleep(afterSubmit)
				evs = srv.Events(f.Token)
			}
			st, _ := park(t, b, f.Token)
			checkFilled(t, b, c, evs, st, ok, true)
		})
	}
}
