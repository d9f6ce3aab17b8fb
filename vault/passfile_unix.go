//go:build !windows

package vault

import (
	"fmt"
	"os"
	"strings"
)

// checkPassphraseFile refuses a passphrase file that other users may read
// or change, as ssh does with private keys, and names the fix.
func checkPassphraseFile(path string) error {
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() || st.Mode().Perm()&0o077 == 0 {
		return nil // a read error is reported by the read; pipes (/dev/fd/N) are private
	}
	return fmt.Errorf("the passphrase file %s is accessible by other users (mode %04o): run chmod 600 %s",
		path, st.Mode().Perm(), shellQuote(path))
}

// shellQuote quotes a path for a command the user may paste.
func shellQuote(s string) string {
	if !strings.ContainsAny(s, " \t'\"$`\\!*?[]{}()<>|&;#~") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
