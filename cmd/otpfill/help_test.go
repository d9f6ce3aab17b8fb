package main

import (
	"bytes"
	"io"
	"os/exec"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// runBin runs the built otpfill with a clean environment around env and
// returns stdout, stderr and the exit code.
func runBin(t *testing.T, env []string, stdin string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(otpfillBin, args...)
	cmd.Env = append([]string{"PATH=/usr/bin:/bin", "HOME=" + t.TempDir(), "OTPFILL_KDF=fast"}, env...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

// visibleCommands is every command a user can run, as argument paths
// ("add", "completion bash").
func visibleCommands() [][]string {
	root := newRootCmd(&cli{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard})
	root.InitDefaultCompletionCmd()
	var out [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		for _, sub := range c.Commands() {
			if sub.Hidden {
				continue
			}
			p := append(append([]string(nil), path...), sub.Name())
			out = append(out, p)
			walk(sub, p)
		}
	}
	walk(root, nil)
	return out
}

func TestHelpForEveryCommandOnStdout(t *testing.T) {
	cmds := visibleCommands()
	if len(cmds) < 16 {
		t.Fatalf("only %d commands found: %v", len(cmds), cmds)
	}
	for _, path := range cmds {
		forms := [][]string{append(append([]string(nil), path...), "--help"), append(append([]string(nil), path...), "-h"), append([]string{"help"}, path...),
			append([]string{"-h"}, path...), append([]string{"--help"}, path...)} // the flag first, as git -h log
		var first string
		for _, args := range forms {
			out, errOut, code := runBin(t, nil, "", args...)
			if code != 0 || errOut != "" || !strings.Contains(out, "Usage:\n  otpfill "+strings.Join(path, " ")) {
				t.Errorf("%v: exit %d, stderr %q, stdout %q", args, code, errOut, out)
			}
			if first == "" {
				first = out
			} else if out != first {
				t.Errorf("%v: help differs from %v --help", args, path)
			}
		}
	}
	for _, args := range [][]string{nil, {"--help"}, {"-h"}, {"help"}} {
		out, errOut, code := runBin(t, nil, "", args...)
		if code != 0 || errOut != "" || !strings.Contains(out, "Vault commands:") || !strings.Contains(out, "code ") {
			t.Errorf("%v: exit %d, stderr %q, stdout %q", args, code, errOut, out)
		}
	}
}

// Positional arguments show in the usage line; flags show only where they
// apply.
func TestHelpShowsArgumentsAndOnlyApplicableFlags(t *testing.T) {
	cases := []struct {
		cmd        string
		want, omit []string
	}{
		{"add", []string{"otpfill add {URI | --secret S --account A | --qr FILE}", "--vault", "--passphrase-file", "--replace"}, nil},
		{"code", []string{"otpfill code ENTRY", "--copy", "--json", "--at UNIX_SECONDS", "Tenant:account"}, nil},
		{"remove", []string{"otpfill remove ENTRY"}, []string{"--json"}},
		{"import", []string{"otpfill import [FILE]"}, nil},
		{"install", []string{"--browser", "--dry-run", "--extension-id"}, []string{"--vault", "--passphrase-file"}},
		{"doctor", []string{"--vault"}, []string{"--passphrase-file"}},
		{"version", nil, []string{"--vault"}},
	}
	for _, c := range cases {
		out, _, _ := runBin(t, nil, "", c.cmd, "--help")
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s --help lacks %q:\n%s", c.cmd, w, out)
			}
		}
		for _, w := range c.omit {
			if strings.Contains(out, w) {
				t.Errorf("%s --help shows %q:\n%s", c.cmd, w, out)
			}
		}
	}
}

// A usage error is said once, in one line plus the pointer to the help,
// with exit 2 and nothing on stdout.
func TestUsageErrorsSaidOnceExit2(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"frobnicate"}, "unknown command \"frobnicate\""},
		{[]string{"lst"}, "did you mean \"list\""},
		{[]string{"--bogus", "list"}, "unknown flag: --bogus"},
		{[]string{"list", "--bogus"}, "unknown flag: --bogus"},
		{[]string{"list", "extra"}, "list takes no arguments"},
		{[]string{"code"}, "code takes one ENTRY"},
		{[]string{"code", "a", "b"}, "code takes one ENTRY"},
		{[]string{"code", "--at", "soon", "x"}, "--at takes whole seconds"},
		{[]string{"code", "--at"}, "flag needs an argument: --at"},
		{[]string{"code", "--copy", "--json", "x"}, "--copy and --json cannot be used together"},
		{[]string{"add"}, "add takes an otpauth:// URI"},
		{[]string{"add", "a", "b"}, "add takes one URI"},
		{[]string{"add", "--secret", secret, "--qr", "x.png", "--account", "a"}, "cannot be used with --qr"},
		{[]string{"add", "otpauth://totp/a?secret=" + secret, "--secret", secret}, "--secret cannot be used with a URI"},
		{[]string{"add", "otpauth://totp/a?secret=" + secret, "--qr", "x.png"}, "--qr cannot be used with a URI"},
		{[]string{"add", "otpauth://totp/a?secret=" + secret, "--tenant", "T"}, "--tenant cannot be used with a URI"},
		{[]string{"add", "--secret", secret}, "--secret needs --account"},
		{[]string{"export", "--plaintext", "--qr", "x"}, "--plaintext and --qr cannot be used together"},
		{[]string{"import", "a", "b"}, "at most one FILE"},
		{[]string{"install", "--vault", "x"}, "unknown flag: --vault"},
		{[]string{"help", "nothing"}, "no help for \"nothing\""},
		{[]string{"completion", "tcsh"}, "tcsh"},
	}
	for _, c := range cases {
		out, errOut, code := runBin(t, nil, "", c.args...)
		lines := strings.Split(strings.TrimSpace(errOut), "\n")
		if code != 2 || out != "" || len(lines) != 2 || !strings.Contains(lines[0], c.want) ||
			!strings.HasPrefix(lines[1], "Run 'otpfill") || !strings.HasSuffix(lines[1], "--help' for usage.") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", c.args, code, out, errOut)
		}
	}
}
