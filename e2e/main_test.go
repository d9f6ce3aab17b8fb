package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var (
	tmpRoot string // removed after the run unless OTPFILL_E2E_KEEP is set

	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

func TestMain(m *testing.M) {
	var err error
	tmpRoot, err = os.MkdirTemp("", "otpfill-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	if os.Getenv("OTPFILL_E2E_KEEP") == "" {
		os.RemoveAll(tmpRoot)
	} else {
		fmt.Fprintln(os.Stderr, "e2e: kept", tmpRoot)
	}
	os.Exit(code)
}

func requireMode() bool { return os.Getenv("OTPFILL_E2E") == "require" }

// needBrowser skips (or, with OTPFILL_E2E=require, fails) when kind is not
// installed or not selected.
func needBrowser(t *testing.T, kind string) {
	t.Helper()
	if os.Getenv("OTPFILL_E2E") == "off" {
		t.Skip("OTPFILL_E2E=off")
	}
	if sel := os.Getenv("OTPFILL_E2E_BROWSERS"); sel != "" && !strings.Contains(sel, kind) {
		t.Skipf("%s not in OTPFILL_E2E_BROWSERS", kind)
	}
	if findBrowser(kind) == "" {
		if requireMode() {
			t.Fatalf("%s is not installed and OTPFILL_E2E=require", kind)
		}
		t.Skipf("%s is not installed (set OTPFILL_E2E=require to make this a failure)", kind)
	}
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
}

// moduleRoot is the repository root (this package lives in <root>/e2e).
func moduleRoot() string {
	wd, _ := os.Getwd()
	return filepath.Dir(wd)
}

// otpfillBinary builds ./cmd/otpfill once per test binary.
func otpfillBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		if _, err := os.Stat(filepath.Join(moduleRoot(), "cmd", "otpfill")); err != nil {
			buildErr = fmt.Errorf("cmd/otpfill not present yet: %w", err)
			return
		}
		out := filepath.Join(tmpRoot, "bin", "otpfill")
		cmd := exec.Command("go", "build", "-o", out, "./cmd/otpfill")
		cmd.Dir = moduleRoot()
		if b, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build ./cmd/otpfill: %v\n%s", err, b)
			return
		}
		builtBin = out
	})
	if buildErr != nil {
		if requireMode() {
			t.Fatal(buildErr)
		}
		t.Skip(buildErr)
	}
	return builtBin
}
