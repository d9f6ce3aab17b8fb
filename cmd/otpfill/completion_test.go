package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// shell finds a shell for the completion tests: missing is a skip on a
// developer machine, a failure where the suite is required (CI).
func shell(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("OTPFILL_E2E") == "require" {
			t.Fatalf("%s is required (OTPFILL_E2E=require): %v", name, err)
		}
		t.Skipf("%s not installed", name)
	}
	return p
}

// completionEnv has otpfill on PATH and a vault with two entries that
// opens without a prompt.
func completionEnv(t *testing.T) (*env, []string) {
	t.Helper()
	e := newEnv(t)
	for _, a := range []string{"ada@contoso.com", "bob@contoso.com"} {
		if out, err := e.run("", "add", "--secret", secret, "--account", a, "--tenant", "Contoso"); err != nil {
			t.Fatal(out)
		}
	}
	return e, []string{
		"PATH=" + filepath.Dir(otpfillBin) + ":/usr/bin:/bin",
		"HOME=" + e.dir, "OTPFILL_KDF=fast", "OTPFILL_VAULT=" + e.vault,
	}
}

func runShell(t *testing.T, env []string, sh string, args ...string) string {
	t.Helper()
	cmd := exec.Command(sh, args...)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %q: %v\n%s", sh, args, err, out)
	}
	return string(out)
}

// bashCompletion is the bash-completion package's loader, which cobra's
// bash script (like most) builds on.
const bashCompletion = "/usr/share/bash-completion/bash_completion"

// bashComplete loads the bash script and completes a command line with it.
const bashComplete = `source ` + bashCompletion + ` && source <(otpfill completion bash) && complete -p otpfill &&
COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}; read -r -a COMP_WORDS <<< "$1"
[[ "$1" == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
__start_otpfill otpfill "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf 'reply:%s\n' "${COMPREPLY[@]}"`

func TestCompletionBash(t *testing.T) {
	bash := shell(t, "bash")
	if _, err := os.Stat(bashCompletion); err != nil {
		if os.Getenv("OTPFILL_E2E") == "require" {
			t.Fatalf("the bash-completion package is required (OTPFILL_E2E=require): %v", err)
		}
		t.Skip("the bash-completion package is not installed")
	}
	e, env := completionEnv(t)
	out := runShell(t, env, bash, "-c", bashComplete, "bash", "otpfill co")
	if !strings.Contains(out, "complete -o default -F __start_otpfill otpfill") ||
		!strings.Contains(out, "reply:code") || !strings.Contains(out, "reply:completion") || strings.Contains(out, "reply:list") {
		t.Fatalf("commands: %s", out)
	}
	out = runShell(t, env, bash, "-c", bashComplete, "bash", "otpfill code --")
	if !strings.Contains(out, "reply:--copy") || !strings.Contains(out, "reply:--json") || strings.Contains(out, "reply:--browser") {
		t.Fatalf("flags: %s", out)
	}
	// Entry names only when they come without a prompt.
	out = runShell(t, env, bash, "-c", bashComplete, "bash", "otpfill code ")
	if strings.Contains(out, "contoso.com") {
		t.Fatalf("names without a passphrase file: %s", out)
	}
	withPass := append(env, "OTPFILL_PASSPHRASE_FILE="+e.pass)
	out = runShell(t, withPass, bash, "-c", bashComplete, "bash", "otpfill code ")
	if !strings.Contains(out, "reply:Contoso:ada@contoso.com") || !strings.Contains(out, "reply:Contoso:bob@contoso.com") {
		t.Fatalf("names: %s", out)
	}
	out = runShell(t, withPass, bash, "-c", bashComplete, "bash", "otpfill code b")
	if !strings.Contains(out, "reply:bob@contoso.com") || strings.Contains(out, "ada") {
		t.Fatalf("account names: %s", out)
	}
	out = runShell(t, env, bash, "-c", bashComplete, "bash", "otpfill remove --passphrase-file "+e.pass+" ")
	if !strings.Contains(out, "Contoso:ada@contoso.com") {
		t.Fatalf("names with --passphrase-file: %s", out)
	}
}

func TestCompletionZsh(t *testing.T) {
	zsh := shell(t, "zsh")
	_, env := completionEnv(t)
	out := runShell(t, env, zsh, "-f", "-c", `autoload -U compinit && compinit -u -d "$HOME/.zcompdump" && source <(otpfill completion zsh) && print -r -- "comp:$_comps[otpfill]" && whence -w _otpfill`)
	if !strings.Contains(out, "comp:_otpfill") || !strings.Contains(out, "_otpfill: function") {
		t.Fatalf("zsh: %s", out)
	}
}

func TestCompletionFish(t *testing.T) {
	fish := shell(t, "fish")
	e, env := completionEnv(t)
	env = append(env, "XDG_CONFIG_HOME="+filepath.Join(e.dir, "fishcfg"), "XDG_DATA_HOME="+filepath.Join(e.dir, "fishdata"))
	script := `otpfill completion fish | source; and complete -C"$argv[1]"`
	out := runShell(t, env, fish, "--no-config", "-c", script, "otpfill co")
	if !strings.Contains(out, "code\t") || !strings.Contains(out, "completion\t") {
		t.Fatalf("fish commands: %s", out)
	}
	out = runShell(t, append(env, "OTPFILL_PASSPHRASE_FILE="+e.pass), fish, "--no-config", "-c", script, "otpfill code ")
	if !strings.Contains(out, "Contoso:ada@contoso.com") {
		t.Fatalf("fish names: %s", out)
	}
}

func TestCompletionPowershellGenerates(t *testing.T) {
	out, errOut, code := runBin(t, nil, "", "completion", "powershell")
	if code != 0 || errOut != "" || !strings.Contains(out, "Register-ArgumentCompleter") || !strings.Contains(out, "otpfill") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}

func TestManpages(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "man")
	if out, errOut, code := runBin(t, nil, "", "__manpages", dir); code != 0 {
		t.Fatalf("exit %d: %s %s", code, out, errOut)
	}
	for _, name := range []string{"otpfill.1", "otpfill-add.1", "otpfill-code.1", "otpfill-completion-bash.1", "otpfill-install.1"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !strings.Contains(string(b), ".TH \"OTPFILL\"") {
			t.Errorf("%s: %v", name, err)
		}
	}
	code, _ := os.ReadFile(filepath.Join(dir, "otpfill-code.1"))
	if !strings.Contains(string(code), "copy") || !strings.Contains(string(code), "ENTRY") {
		t.Errorf("otpfill-code.1 lacks the flags:\n%s", code)
	}
	if _, err := os.Stat(filepath.Join(dir, "otpfill-__clear-clipboard.1")); err == nil {
		t.Error("a hidden command got a man page")
	}
}
