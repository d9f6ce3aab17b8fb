//go:build !windows

package vault

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPassphraseFileModeChecked(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "my dir")
	os.Mkdir(dir, 0o700)
	path := filepath.Join(dir, "pw")
	os.WriteFile(path, []byte("secret pass\n"), 0o600)
	for _, mode := range []os.FileMode{0o644, 0o640, 0o604, 0o620, 0o666} {
		os.Chmod(path, mode)
		_, err := ReadPassphraseFile(path)
		if err == nil || !strings.Contains(err.Error(), "chmod 600 '"+path+"'") || strings.Contains(err.Error(), "secret pass") {
			t.Errorf("mode %04o: %v", mode, err)
		}
	}
	for _, mode := range []os.FileMode{0o600, 0o400} {
		os.Chmod(path, mode)
		if p, err := ReadPassphraseFile(path); err != nil || string(p) != "secret pass" {
			t.Errorf("mode %04o: %q %v", mode, p, err)
		}
	}
}
