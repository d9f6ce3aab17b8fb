// Command otpfill keeps TOTP secrets for Microsoft sign-ins in an encrypted
// vault and fills the codes in the browser. Started by a browser it is the
// native-messaging host; started by a person it is the CLI.
package main

import (
	"os"
	"runtime/debug"
)

// version is set by the release build (-ldflags "-X main.version=...").
var version = ""

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

func versionString() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}
