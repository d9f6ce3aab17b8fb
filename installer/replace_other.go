//go:build !windows

package installer

import "os"

func replaceFile(from, to string) error { return os.Rename(from, to) }
