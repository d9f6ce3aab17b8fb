package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/otpfill/otpfill/host"
	"github.com/otpfill/otpfill/installer"
	"github.com/otpfill/otpfill/keyring"
	"github.com/otpfill/otpfill/vault"
)

// maybeServe runs the native-messaging host when a browser started us
// (see host.ParseCaller); otherwise it leaves args to the CLI.
func maybeServe(args []string) (handled bool, exitCode int) {
	caller, serve, err := host.ParseCaller(args, nil)
	if !serve {
		return false, 0
	}
	if err != nil {
		// Not otpfill's own extension: perhaps a store build installed with
		// --extension-id (looked up only now: it costs a file read per start).
		caller, _, err = host.ParseCaller(args, extraExtensionIDs())
	}
	// Catch SIGTERM/SIGINT first: a browser may end a host it has just
	// started, and that must still be a clean exit 0.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	logw := serveLog()
	if err != nil {
		fmt.Fprintf(logw, "otpfill: %v\n", err)
		return true, 1
	}
	// The host lives as long as the browser: keep its heap close to its live
	// data (a vault of 10,000 entries is a few MiB) rather than Go's default
	// of twice that.
	debug.SetGCPercent(40)
	// Frames only on stdout: anything else printing by mistake goes to stderr.
	out := os.Stdout
	os.Stdout = os.Stderr

	path, err := serveVaultPath(args)
	if err != nil {
		fmt.Fprintf(logw, "otpfill: %v\n", err)
		return true, 1
	}
	opts := host.Options{
		VaultPath:      path,
		PassphraseFile: os.Getenv("OTPFILL_PASSPHRASE_FILE"),
		Version:        versionString(),
		Log:            logw,
		Derive:         childDeriver,
		Keyring:        keyring.System(),
	}
	if v := os.Getenv("OTPFILL_AUTOLOCK"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			fmt.Fprintf(logw, "otpfill: OTPFILL_AUTOLOCK %q is not a duration like 15m; using the default\n", v)
		} else if d <= 0 {
			opts.AutoLock = -1
		} else {
			opts.AutoLock = d
		}
	}
	fmt.Fprintf(logw, "otpfill host: serving %s extension %s\n", caller.Browser, caller.ID)
	if err := host.Serve(ctx, os.Stdin, out, opts); err != nil {
		fmt.Fprintf(logw, "otpfill host: %v\n", err)
		return true, 1
	}
	return true, 0
}

// serveLog is stderr, plus the file named by OTPFILL_LOG.
func serveLog() io.Writer {
	p := os.Getenv("OTPFILL_LOG")
	if p == "" {
		return os.Stderr
	}
	f, err := os.OpenFile(p, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return os.Stderr
	}
	return io.MultiWriter(os.Stderr, f)
}

// serveVaultPath honours --vault PATH among the arguments (for a wrapper
// script), then OTPFILL_VAULT, then the default.
func serveVaultPath(args []string) (string, error) {
	for i, a := range args {
		if v, ok := strings.CutPrefix(a, "--vault="); ok {
			return vault.ExpandPath(v)
		}
		if a == "--vault" && i+1 < len(args) {
			return vault.ExpandPath(args[i+1])
		}
	}
	return vault.DefaultPath()
}

// extraExtensionIDs are ids besides otpfill's own that may start the host
// (a store build): those `install --extension-id` recorded beside the
// installed binary, and OTPFILL_EXTRA_IDS, comma-separated.
func extraExtensionIDs() []string {
	var ids []string
	if exe, err := os.Executable(); err == nil {
		ids = installer.ExtraIDsNear(exe)
	}
	for _, id := range strings.Split(os.Getenv("OTPFILL_EXTRA_IDS"), ",") {
		if id = strings.TrimSpace(id); id != "" {
			ids = append(ids, id)
		}
	}
	return ids
}
