// Package extpack turns the extension's files into what each channel
// ships: the unpacked copy `otpfill install` and the Linux packages put on
// disk (dev key kept, so its id is fixed), and the zips uploaded to the
// Chrome Web Store / Edge Add-ons and to addons.mozilla.org. Every channel
// gets the release version in its manifest.
package extpack

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"time"

	"github.com/otpfill/otpfill/internal/buildinfo"
)

// Target is where the files go.
type Target int

const (
	Unpacked     Target = iota // loaded from disk: every key kept (the key fixes the Chrome id)
	ChromeStore                // Chrome Web Store, Edge Add-ons: no key, no Firefox-only keys
	FirefoxStore               // addons.mozilla.org and self-signing: no Chrome-only keys
)

// Files maps slash paths to contents.
type Files map[string][]byte

// Names are the paths, manifest.json first, then sorted.
func (f Files) Names() []string {
	names := make([]string, 0, len(f))
	for n := range f {
		if n != "manifest.json" {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	if _, ok := f["manifest.json"]; ok {
		names = append([]string{"manifest.json"}, names...)
	}
	return names
}

// Build reads ext (manifest.json at its root) and rewrites the manifest for
// t. version is the release version ("1.2.3", "v1.2.3-rc.1"); one without a
// numeric prefix ("dev") leaves the manifest's own version.
func Build(ext fs.FS, t Target, version string) (Files, error) {
	files := Files{}
	err := fs.WalkDir(ext, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files[p], err = fs.ReadFile(ext, p)
		return err
	})
	if err != nil {
		return nil, err
	}
	raw, ok := files["manifest.json"]
	if !ok {
		return nil, fmt.Errorf("no manifest.json in the extension")
	}
	m, err := Manifest(raw, t, version)
	if err != nil {
		return nil, err
	}
	files["manifest.json"] = m
	return files, nil
}

// Manifest rewrites one manifest.json for t and version.
func Manifest(raw []byte, t Target, version string) ([]byte, error) {
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("manifest.json: %w", err)
	}
	if m == nil {
		return nil, fmt.Errorf("manifest.json is not an object")
	}
	if v := buildinfo.ExtensionVersion(version); v != "" {
		m["version"] = v
		if t == ChromeStore && v != version {
			m["version_name"] = version // Chrome shows it; Firefox has no such key
		}
	}
	bg, _ := m["background"].(map[string]any)
	switch t {
	case ChromeStore:
		// The store assigns the id and refuses a key; Chrome warns about
		// (and the store may refuse) keys it does not know.
		delete(m, "key")
		delete(m, "browser_specific_settings")
		if bg != nil {
			delete(bg, "scripts")
		}
	case FirefoxStore:
		delete(m, "key")
		if bg != nil {
			delete(bg, "service_worker")
		}
	}
	out, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

// zipTime keeps zips reproducible (the same files give the same bytes).
var zipTime = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

// Zip writes files as a zip with manifest.json at the root, as the stores
// and Firefox's .xpi want.
func Zip(w io.Writer, files Files) error {
	zw := zip.NewWriter(w)
	for _, n := range files.Names() {
		h := &zip.FileHeader{Name: n, Method: zip.Deflate, Modified: zipTime}
		h.SetMode(0o644)
		f, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := f.Write(files[n]); err != nil {
			return err
		}
	}
	return zw.Close()
}

// ZipBytes is Zip into memory.
func ZipBytes(files Files) ([]byte, error) {
	var b bytes.Buffer
	err := Zip(&b, files)
	return b.Bytes(), err
}
