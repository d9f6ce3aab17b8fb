//go:build unix

package host

import (
	"os"
	"syscall"
)

// sameInode tells a file renamed into place from the one read before.
func sameInode(a, b os.FileInfo) bool {
	sa, okA := a.Sys().(*syscall.Stat_t)
	sb, okB := b.Sys().(*syscall.Stat_t)
	return okA && okB && sa.Ino == sb.Ino && sa.Dev == sb.Dev
}
