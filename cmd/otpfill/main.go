// Command otpfill keeps TOTP secrets for Microsoft sign-ins in an encrypted
// vault and fills the codes in the browser. Started by a browser it is the
// native-messaging host; started by a person it is the CLI.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/otpfill/otpfill/internal/buildinfo"
)

func main() {
	if handled, code := maybeServe(os.Args[1:]); handled {
		os.Exit(code)
	}
	if len(os.Args) == 2 && os.Args[1] == deriveCommand {
		os.Exit(runDeriveChild(os.Stdin, os.Stdout))
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// usageError makes main print the usage hint and exit 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

type command struct {
	name    string
	args    string
	summary string
	run     func(c *cli, args []string) error
}

var commands []command

func init() {
	commands = []command{
		{"init", "", "create a new vault", (*cli).cmdInit},
		{"add", "URI | --secret S --account A [--issuer I] [--tenant T] | --qr FILE", "add a TOTP secret", (*cli).cmdAdd},
		{"list", "[--json]", "list entries (never secrets)", (*cli).cmdList},
		{"code", "[--at UNIX_SECONDS] ACCOUNT", "print the current code", (*cli).cmdCode},
		{"remove", "ID|ACCOUNT", "delete an entry", (*cli).cmdRemove},
		{"passwd", "", "change the vault passphrase", (*cli).cmdPasswd},
		{"export", "--plaintext | --qr ACCOUNT", "print secrets as otpauth URIs, or one as a QR code, for a backup", (*cli).cmdExport},
		{"import", "[FILE]", "add otpauth URIs (one per line) or Google Authenticator exports", (*cli).cmdImport},
		{"install", "[--browser LIST] [--system] [--dry-run] [--extension-id ID]", "install the host and extension for every browser", runInstallCmd},
		{"uninstall", "[--purge [--yes]] [--system]", "remove exactly what install wrote", runUninstallCmd},
		{"doctor", "[--browser LIST]", "check the set-up and say how to fix it", runDoctorCmd},
		{"version", "", "print the version", (*cli).cmdVersion},
	}
}

// cli carries the streams and the global options of one invocation.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	vaultPath      string // --vault, before or after the subcommand
	passFile       string // --passphrase-file
	stdinLines     *lineReader
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	defer func() {
		// A bug must never show a stack trace (or anything in memory) to a user.
		if r := recover(); r != nil {
			fmt.Fprintln(stderr, "otpfill: internal error; please report it (run with OTPFILL_DEBUG=1 for details)")
			if os.Getenv("OTPFILL_DEBUG") == "1" {
				fmt.Fprintf(stderr, "%v\n%s", r, debug.Stack())
			}
			code = 1
		}
	}()
	c := &cli{stdin: stdin, stdout: stdout, stderr: stderr}
	args, err := c.globalFlags(args)
	if err == nil && len(args) == 0 {
		err = usageError{"no command given"}
	}
	if err == nil {
		err = c.dispatch(args)
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, new(usageError)):
		fmt.Fprintf(stderr, "otpfill: %v\n", err)
		fmt.Fprintln(stderr, "Run 'otpfill help' for the commands.")
		return 2
	default:
		fmt.Fprintf(stderr, "otpfill: %s\n", oneLine(err.Error()))
		return 1
	}
}

func (c *cli) dispatch(args []string) error {
	name := args[0]
	switch name {
	case "help", "-h", "--help":
		c.usage()
		return nil
	case "--version", "-v":
		name = "version"
	}
	for _, cmd := range commands {
		if cmd.name == name {
			return cmd.run(c, args[1:])
		}
	}
	return usageError{fmt.Sprintf("unknown command %q", name)}
}

func (c *cli) usage() {
	fmt.Fprintln(c.stdout, "otpfill fills Microsoft sign-in codes from an encrypted vault.")
	fmt.Fprintln(c.stdout, "\nUsage: otpfill [--vault PATH] [--passphrase-file FILE] COMMAND [ARGS]")
	fmt.Fprintln(c.stdout, "\nCommands:")
	for _, cmd := range commands {
		fmt.Fprintf(c.stdout, "  %-9s %-50s %s\n", cmd.name, cmd.args, cmd.summary)
	}
	fmt.Fprintln(c.stdout, "\nEnvironment: OTPFILL_VAULT (vault path), OTPFILL_PASSPHRASE_FILE (passphrase in a file's first line).")
}

// globalFlags takes --vault and --passphrase-file from before the command.
func (c *cli) globalFlags(args []string) ([]string, error) {
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		name, val, hasVal := strings.Cut(strings.TrimLeft(args[0], "-"), "=")
		if name != "vault" && name != "passphrase-file" {
			break
		}
		if !hasVal {
			if len(args) < 2 {
				return nil, usageError{"--" + name + " needs a value"}
			}
			val, args = args[1], args[1:]
		}
		args = args[1:]
		if name == "vault" {
			c.vaultPath = val
		} else {
			c.passFile = val
		}
	}
	return args, nil
}

// flags makes a FlagSet for a subcommand that also accepts the global flags.
func (c *cli) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	fs.StringVar(&c.vaultPath, "vault", c.vaultPath, "vault file (default: $OTPFILL_VAULT or the user config dir)")
	fs.StringVar(&c.passFile, "passphrase-file", c.passFile, "read the passphrase from the first line of `FILE`")
	return fs
}

// parse parses flags; flags may also follow positional arguments.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// parseNone parses flags for a command that takes no positional arguments.
func parseNone(fs *flag.FlagSet, args []string) error {
	pos, err := parse(fs, args)
	if err == nil && len(pos) > 0 {
		err = usageError{fs.Name() + " takes no arguments"}
	}
	return err
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// versionString is the release version, the module version of a `go
// install`, or "dev" (internal/buildinfo decides).
func versionString() string { return buildinfo.Version() }
