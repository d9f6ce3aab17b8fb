package vault

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// writeAtomic replaces path with data so that a reader or a crash sees either
// the old file or the new one, never a mix: temp file in the same directory,
// fsync, rename, fsync of the directory.
func writeAtomic(path string, data []byte) error {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, tempPrefix(base)+"*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(name)
		}
	}()
	if err := tmp.Chmod(0o600); err != nil && runtime.GOOS != "windows" {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := renameRetry(name, path); err != nil {
		return err
	}
	ok = true
	syncDir(dir)
	return nil
}

func tempPrefix(base string) string { return "." + base + ".tmp-" }

// removeStaleTemps deletes temp files a crashed writer left behind. Call it
// only while holding the vault lock: then no live writer owns one.
func removeStaleTemps(path string) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), tempPrefix(base)) {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// renameRetry retries briefly on Windows, where a reader or an antivirus
// scanner holding the target open makes MoveFileEx fail for a moment.
func renameRetry(from, to string) error {
	var err error
	for i := 0; i < 20; i++ {
		if err = os.Rename(from, to); err == nil || runtime.GOOS != "windows" {
			return err
		}
		time.Sleep(time.Duration(i+1) * 10 * time.Millisecond)
	}
	return err
}

// syncDir makes the rename durable. Windows cannot open directories for sync.
func syncDir(dir string) {
	if runtime.GOOS == "windows" {
		return
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
