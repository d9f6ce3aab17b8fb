//go:build windows

package installer

import (
	"os"
	"strings"
	"time"
)

// replaceFile renames over to, retrying while a reader holds the target. A
// running otpfill.exe cannot be replaced but
// can be renamed aside: the browser's host keeps running from the old file,
// the next start uses the new one, and the next install deletes the old one.
func replaceFile(from, to string) error {
	var err error
	for i := 0; i < 10; i++ {
		if err = os.Rename(from, to); err == nil {
			return nil
		}
		if i == 0 && strings.HasSuffix(strings.ToLower(to), ".exe") {
			old := to + ".old"
			os.Remove(old)
			os.Rename(to, old)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return err
}
