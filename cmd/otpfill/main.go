// Command otpfill keeps TOTP secrets for Microsoft sign-ins in an encrypted
// vault and fills the codes in the browser. Started by a browser it is the
// native-messaging host; started by a person it is the CLI.
package main

import (
	"os"

	"github.com/otpfill/otpfill/internal/buildinfo"
)

func main() {
	// Serve mode first: a browser passes chrome-extension://... or a
	// manifest path, which the command parser would take for a command.
	if handled, code := maybeServe(os.Args[1:]); handled {
		os.Exit(code)
	}
	// The key helper writes exactly the key on stdout: keep it clear of the
	// command parser and anything it might print.
	if len(os.Args) == 2 && os.Args[1] == deriveCommand {
		os.Exit(runDeriveChild(os.Stdin, os.Stdout))
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// versionString is the release version, the module version of a `go
// install`, or "dev" (internal/buildinfo decides).
func versionString() string { return buildinfo.Version() }
