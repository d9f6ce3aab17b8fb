// Command storezips writes the browser-store builds of the extension:
//
//	OUT/chrome/   and OUT/otpfill-VERSION-chrome.zip    Chrome Web Store, Edge Add-ons
//	OUT/firefox/  and OUT/otpfill-VERSION-firefox.zip   addons.mozilla.org, web-ext sign
//
// from the extension embedded in the build (the same files `otpfill
// install` unpacks), with VERSION in the manifests. GoReleaser runs it as a
// before-hook and archives the two directories into dist/ (see
// .goreleaser.yaml); run by hand it leaves the zips in OUT.
//
//	go run ./internal/cmd/storezips -version 1.2.3 -out build/store
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/otpfill/otpfill/extension"
	"github.com/otpfill/otpfill/internal/buildinfo"
	"github.com/otpfill/otpfill/internal/extpack"
)

func main() {
	version := flag.String("version", "", "release version (required), e.g. 1.2.3")
	out := flag.String("out", "build/store", "output directory (emptied first)")
	flag.Parse()
	if err := run(*version, *out); err != nil {
		fmt.Fprintln(os.Stderr, "storezips:", err)
		os.Exit(1)
	}
}

func run(version, out string) error {
	if buildinfo.ExtensionVersion(version) == "" {
		return fmt.Errorf("-version %q: need a release version such as 1.2.3", version)
	}
	if out == "" {
		return errors.New("-out is empty")
	}
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	for _, t := range []struct {
		name   string
		target extpack.Target
	}{{"chrome", extpack.ChromeStore}, {"firefox", extpack.FirefoxStore}} {
		files, err := extpack.Build(extension.FS, t.target, version)
		if err != nil {
			return err
		}
		for _, n := range files.Names() {
			p := filepath.Join(out, t.name, filepath.FromSlash(n))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(p, files[n], 0o644); err != nil {
				return err
			}
		}
		zip, err := extpack.ZipBytes(files)
		if err != nil {
			return err
		}
		name := filepath.Join(out, fmt.Sprintf("otpfill-%s-%s.zip", version, t.name))
		if err := os.WriteFile(name, zip, 0o644); err != nil {
			return err
		}
		fmt.Println(name)
	}
	return nil
}
