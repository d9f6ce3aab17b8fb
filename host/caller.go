package host

import (
	"fmt"
	"strings"

	"github.com/otpfill/otpfill/extension"
)

// The unpacked build's ids. Every id otpfill answers to (store builds too)
// is in extension/ids.json, which the installer reads as well.
var (
	ChromeExtensionID  = extension.DevChromeID
	FirefoxExtensionID = extension.GeckoID
)

// Caller is the extension a browser started the host for.
type Caller struct {
	Browser string // "chrome" (every Chromium-based browser) or "firefox"
	ID      string // extension id (Chrome) or add-on id (Firefox)
}

// ParseCaller recognizes how browsers start a native-messaging host:
// Chromium-based browsers pass "chrome-extension://<id>/" (and, on Windows,
// "--parent-window=<N>"); Firefox passes the host manifest's path and the
// add-on id. serve reports whether args look like a browser start at all;
// err is set when they do but the caller is not an allowed extension.
func ParseCaller(args []string, extraIDs []string) (c Caller, serve bool, err error) {
	for _, a := range args {
		if id, ok := strings.CutPrefix(a, "chrome-extension://"); ok {
			c = Caller{Browser: "chrome", ID: strings.TrimSuffix(id, "/")}
			return c, true, allowed(c, extraIDs)
		}
	}
	if len(args) >= 2 && strings.HasSuffix(strings.ToLower(args[0]), ".json") &&
		(strings.Contains(args[1], "@") || strings.HasPrefix(args[1], "{")) {
		c = Caller{Browser: "firefox", ID: args[1]}
		return c, true, allowed(c, extraIDs)
	}
	return Caller{}, false, nil
}

func allowed(c Caller, extraIDs []string) error {
	if extension.Known.Has(c.ID) {
		return nil
	}
	for _, id := range extraIDs {
		if id != "" && id == c.ID {
			return nil
		}
	}
	return fmt.Errorf("refusing to serve extension %q: not otpfill's (add a store build's id with 'otpfill install --extension-id ID')", c.ID)
}
