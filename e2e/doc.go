// Package e2e holds the browser end-to-end suite: it builds the otpfill
// binary, serves fixture copies of Microsoft's sign-in pages over TLS at the
// real host names, and drives headless Chromium and Firefox ESR with the real
// extension and native host. All code lives in _test.go files; this file only
// names the package.
//
// How it works:
//   - A test CA and one leaf for every fixture host are made in the test. Both
//     browsers reach the fixture server through a CONNECT proxy in the test
//     (Chromium --proxy-server, Firefox network.proxy.*), so the real names
//     and port 443 are kept without root or resolver tricks, and any other
//     traffic is refused. Chromium uses --ignore-certificate-errors; Firefox
//     gets the CA in its profile's NSS store (certutil).
//   - Each browser runs in a fake HOME; its profile is where the browser looks
//     by default ($HOME/.config/chromium, so the host manifest that
//     `otpfill install` writes is the one used). Until the installer exists
//     the suite writes the manifests itself.
//   - The fixture server is the observer: pages report to /__e2e/event what
//     their own model received, each submission (the server checks the TOTP
//     with pquerna/otp), fill latency (performance.now() from the code box
//     appearing to the model holding a code), elements they did not create
//     (the extension's UI), and a final state when they are navigated away.
//     One tab follows navigation orders long-polled from /__e2e/next.
//   - Only what a page cannot do goes through an automation protocol: a real
//     click inside the extension's (closed) shadow DOM chooser, and typing the
//     passphrase into the popup (Chromium DevTools over --remote-debugging-pipe,
//     Firefox WebDriver BiDi; Firefox must open the moz-extension: popup from
//     the command line, BiDi may not navigate there).
//
// Environment:
//
//	OTPFILL_E2E=require   a missing browser, extension or host fails instead of skipping
//	OTPFILL_E2E=off       skip the browser tests entirely
//	OTPFILL_E2E_KEEP=1    keep temp dirs (profiles, browser logs) for debugging
//	OTPFILL_E2E_BROWSERS  comma list to restrict (chromium,firefox)
//	OTPFILL_E2E_SYSTEM=1  also run TestSystemInstall: one fill per browser with the installed
//	                      .deb's /usr/bin/otpfill, /usr/share/otpfill/extension and machine-wide
//	                      manifests only (.ci/run installs the package first)
//	OTPFILL_KEYRING=require  TestKeyringFirstFill fails instead of skipping
//	                      without dbus-daemon and gnome-keyring-daemon (it
//	                      starts private ones; the browser inherits their
//	                      DBUS_SESSION_BUS_ADDRESS)
package e2e
