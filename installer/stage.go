package installer

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
)

// The Linux packages' layout: the binary where the package manager puts
// commands, the extension and the .xpi in /usr/share.
const (
	PackageBinary    = "/usr/bin/otpfill"
	PackageShare     = "/usr/share/otpfill"
	PackageExtension = PackageShare + "/extension"
	PackageXPI       = PackageShare + "/otpfill.xpi"
)

// Stage writes, under o.Root, the files a .deb or .rpm installs besides the
// binary: the machine-wide host manifest of every browser that has a
// machine-wide directory (pointing at PackageBinary), the unpacked
// extension and the .xpi. The manifests come from the same tables and
// HostManifest as a real install; nothing is recorded (the package manager
// tracks the files), no registry, no PATH change.
func Stage(o Options) (*Result, error) {
	if o.Root == "" {
		return nil, errors.New("staging needs --root DIR")
	}
	// An empty root only: a package must not pick up files of an older
	// stage, and staging never writes into a directory that holds anything.
	if entries, err := os.ReadDir(o.Root); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("%s is not empty: stage into a new directory", o.Root)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	o.Env = Env{GOOS: "linux", Home: "/nonexistent"} // the package's layout, whatever builds it
	o.System = true
	res := &Result{Dir: PackageShare, Binary: PackageBinary, Extension: PackageExtension, XPI: PackageXPI,
		Command: "otpfill", Failed: map[string]error{}}
	w := &writer{o: &o, st: &State{}, planned: map[string]bool{}, root: o.Root}
	if err := w.extension(o.Ext, res); err != nil {
		return nil, err
	}
	for _, b := range Browsers {
		paths := o.Env.SystemManifestPaths(b)
		if len(paths) == 0 {
			continue
		}
		for _, p := range paths {
			if err := w.write(p, HostManifest(b.Family, PackageBinary, nil), 0o644); err != nil {
				return nil, fmt.Errorf("cannot stage %s: %w", path.Join(o.Root, p), err)
			}
		}
		res.Installed = append(res.Installed, b)
	}
	return res, nil
}

// packageInstall reports whether a .deb/.rpm registered otpfill here: a
// Linux machine-wide manifest naming PackageBinary, which exists.
func (o *Options) packageInstall() bool {
	if o.Env.GOOS != "linux" || !o.exists(PackageBinary) {
		return false
	}
	for _, b := range Browsers {
		for _, p := range o.Env.SystemManifestPaths(b) {
			if manifestNames(p, PackageBinary) {
				return true
			}
		}
	}
	return false
}

func manifestNames(path, binary string) bool {
	data, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	var m struct{ Path string }
	return json.Unmarshal(data, &m) == nil && m.Path == binary
}

// PackageInstalled reports whether a .deb/.rpm registered otpfill on this machine.
func PackageInstalled(o Options) bool { return o.packageInstall() }

// ErrPackageInstall: `otpfill install` run from the package's binary,
// which is registered for every user already.
var ErrPackageInstall = errors.New("otpfill is installed by your package manager and registered with the browsers for every user: nothing to install. Load the extension from " + PackageExtension + " (Firefox: " + PackageXPI + "); 'otpfill doctor' checks the set-up")
