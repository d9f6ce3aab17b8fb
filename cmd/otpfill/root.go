package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/otpfill/otpfill/internal/buildinfo"
	"github.com/spf13/cobra"
)

// cli carries the streams and the options of one invocation.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	vaultPath      string // --vault
	passFile       string // --passphrase-file
	stdinLines     *lineReader
}

// usageError is a mistake in how a command was called: main says it once,
// points at the command's help and exits 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// run executes one CLI invocation and returns the exit code.
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
	root := newRootCmd(c)
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	switch {
	case err == nil:
		return 0
	case errors.As(err, new(usageError)):
		fmt.Fprintf(stderr, "otpfill: %s\n", printable(oneLine(err.Error())))
		if cmd.Name() == "help" {
			cmd = cmd.Root()
		}
		fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", cmd.CommandPath())
		return 2
	default:
		fmt.Fprintf(stderr, "otpfill: %s\n", printable(oneLine(err.Error())))
		return 1
	}
}

// newRootCmd builds the command tree. Each command lives in its own
// cmd_NAME.go file with an addNAMECmd function.
func newRootCmd(c *cli) *cobra.Command {
	root := &cobra.Command{
		Use:   "otpfill",
		Short: "Fill Microsoft sign-in codes from an encrypted vault",
		Long: `otpfill keeps the TOTP secrets of your Microsoft (Entra ID / personal) accounts in an
encrypted vault and fills the sign-in codes in the browser through its extension.

Run without a command, it prints this help. A browser starts it as its native-messaging host.`,
		Version:           buildinfo.Get().String(),
		Args:              unknownCommand,
		RunE:              func(cmd *cobra.Command, args []string) error { return cmd.Help() },
		SilenceErrors:     true,
		SilenceUsage:      true,
		DisableAutoGenTag: true, // man pages stay the same from build to build
	}
	root.SetIn(c.stdin)
	root.SetOut(c.stdout)
	root.SetErr(c.stderr)
	root.SetVersionTemplate("{{.Version}}\n") // the same line as `otpfill version`
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err.Error()} })
	root.SetHelpCommand(newHelpCmd())
	root.AddGroup(
		&cobra.Group{ID: "vault", Title: "Vault commands:"},
		&cobra.Group{ID: "setup", Title: "Set-up commands:"},
	)
	root.SetCompletionCommandGroupID("setup")
	root.SuggestionsMinimumDistance = 2

	addInitCmd(root, c)
	addAddCmd(root, c)
	addListCmd(root, c)
	addCodeCmd(root, c)
	addRemoveCmd(root, c)
	addPasswdCmd(root, c)
	addKeyringCmd(root, c)
	addExportCmd(root, c)
	addImportCmd(root, c)
	addInstallCmd(root, c)
	addUninstallCmd(root, c)
	addDoctorCmd(root, c)
	addVersionCmd(root, c)
	addManpagesCmd(root, c)
	addClearClipboardCmd(root, c)
	root.InitDefaultCompletionCmd()
	// Known before the command is looked up: otherwise "otpfill -h list"
	// takes -h for a flag with a value, "list" for that value, and shows
	// the root's help (and "otpfill -h keyring enable" the keyring's).
	var helpFlags func(*cobra.Command)
	helpFlags = func(cmd *cobra.Command) {
		cmd.InitDefaultHelpFlag()
		for _, sub := range cmd.Commands() {
			helpFlags(sub)
		}
	}
	helpFlags(root)
	for _, sub := range root.Commands() {
		if sub.Name() == "completion" { // "completion tcsh" is a usage error, not its help
			sub.Args = unknownCommand
			sub.RunE = func(cmd *cobra.Command, args []string) error { return cmd.Help() }
		}
	}
	return root
}

// unknownCommand lets a command that groups others run only without
// arguments (it prints the help); anything else is an unknown command.
func unknownCommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q", args[0])
	if cmd.HasParent() {
		msg += fmt.Sprintf(" for %q", cmd.CommandPath())
	}
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		msg += fmt.Sprintf(" (did you mean %q?)", s[0])
	}
	return usageError{msg}
}

// newHelpCmd is "help [COMMAND]": the command's help on stdout, and a usage
// error for a topic that does not exist (cobra's own prints the root usage
// and exits 0).
func newHelpCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "help [COMMAND]",
		Short: "Show the help of a command",
		Args:  cobra.ArbitraryArgs,
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			var names []cobra.Completion
			for _, sub := range cmd.Root().Commands() {
				if sub.IsAvailableCommand() && len(args) == 0 {
					names = append(names, cobra.CompletionWithDesc(sub.Name(), sub.Short))
				}
			}
			return names, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			target, rest, err := cmd.Root().Find(args)
			if err != nil || target == nil || len(rest) > 0 {
				return usagef("no help for %q: no such command", strings.Join(args, " "))
			}
			target.InitDefaultHelpFlag() // as --help shows it
			target.InitDefaultVersionFlag()
			return target.Help()
		},
	}
}

// vaultFlags gives a command that works on the vault --vault, and
// --passphrase-file when it unlocks it.
func (c *cli) vaultFlags(cmd *cobra.Command, unlocks bool) {
	cmd.Flags().StringVar(&c.vaultPath, "vault", "", "vault file `PATH` (default: $OTPFILL_VAULT, else otpfill/vault.otpfill in the user config dir)")
	if unlocks {
		cmd.Flags().StringVar(&c.passFile, "passphrase-file", "", "read the passphrase from the first line of `FILE` (default: $OTPFILL_PASSPHRASE_FILE, else a prompt)")
	}
}

// noArgs and exactArgs check positional arguments and say what was
// expected, as usage errors.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("%s takes no arguments (got %q)", cmd.Name(), args[0])
	}
	return nil
}

func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef("%s takes %s", cmd.Name(), what)
		}
		return nil
	}
}

// conflicts fails when more than one of the named flags was given.
func conflicts(cmd *cobra.Command, names ...string) error {
	var set []string
	for _, n := range names {
		if cmd.Flags().Changed(n) {
			set = append(set, "--"+n)
		}
	}
	if len(set) > 1 {
		return usagef("%s cannot be used together", strings.Join(set, " and "))
	}
	return nil
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
