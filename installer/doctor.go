package installer

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"time"
)

// Finding is one line of doctor's report.
type Finding struct {
	Subject string // browser label, "vault", "install"
	OK      bool
	Problem string
	Fix     string // the exact command or step that fixes it
}

// Doctor checks every browser that is installed or has a manifest, the
// install itself, and the vault (through probe, which must not need the
// passphrase).
func Doctor(o Options, vaultPath string, probe func(string) error) []Finding {
	var out []Finding
	fixInstall := o.cmd() + " install"
	if o.System {
		fixInstall = "sudo " + o.cmd() + " install --system"
	}
	browsers, err := o.Selected()
	if err != nil {
		return []Finding{{Subject: "browsers", Problem: err.Error(), Fix: o.cmd() + " doctor --browser NAME with a known name"}}
	}
	if len(o.Browsers) == 0 {
		// Also check browsers that are not detected but have our manifest.
		for _, b := range Browsers {
			if !slices.ContainsFunc(browsers, func(x Browser) bool { return x.Name == b.Name }) &&
				(o.exists(o.Env.ManifestPath(b, o.System)) || o.systemManifest(b) != "") {
				browsers = append(browsers, b)
			}
		}
	}
	if o.packageInstall() {
		out = append(out, Finding{Subject: "install", OK: true,
			Problem: "installed by the package manager: " + PackageBinary + ", registered for every user, extension in " + PackageExtension})
	}
	if len(browsers) == 0 {
		out = append(out, Finding{Subject: "browsers", Problem: "no supported browser found",
			Fix: "install Chrome, Edge, Chromium, Brave, Vivaldi or Firefox, or name one: " + fixInstall + " --browser chromium"})
	}
	for _, b := range browsers {
		out = append(out, checkBrowser(&o, b, fixInstall))
		if f, ok := checkExtension(&o, b); ok {
			out = append(out, f)
		}
		if d := o.Env.FlatpakDir(b); d != "" && o.exists(d) && !o.System {
			out = append(out, checkManifestFile(&o, b, b.Label+" (Flatpak)",
				filepath.Join(o.Env.FlatpakManifestDir(b), HostName+".json"), fixInstall, false))
			out[len(out)-1].Fix += "; and once: flatpak override --user --talk-name=org.freedesktop.Flatpak " + b.Flatpak
		}
	}
	switch err := probe(vaultPath); {
	case err == nil:
		out = append(out, Finding{Subject: "vault", OK: true, Problem: vaultPath})
	case errors.Is(err, os.ErrNotExist) || os.IsNotExist(err) || isNoVault(err):
		out = append(out, Finding{Subject: "vault", Problem: "no vault at " + vaultPath, Fix: o.cmd() + " init"})
	default:
		out = append(out, Finding{Subject: "vault", Problem: fmt.Sprintf("%s: %v", vaultPath, err),
			Fix: "restore the vault from a backup (otpfill export), or move it aside and run " + o.cmd() + " init"})
	}
	return out
}

func isNoVault(err error) bool {
	return err != nil && bytes.Contains([]byte(err.Error()), []byte("no vault"))
}

func checkBrowser(o *Options, b Browser, fixInstall string) Finding {
	// Browsers read the user's manifest first, then the machine-wide one
	// (a package install, or install --system).
	if !o.System && !o.userRegistered(b) {
		if path := o.systemManifest(b); path != "" {
			f := checkManifestFile(o, b, b.Label+" (system-wide)", path, fixInstall, true)
			if !f.OK {
				f.Fix = "sudo " + o.cmd() + " install --system --browser " + b.Name
				if manifestNames(path, PackageBinary) {
					f.Fix = "reinstall the otpfill package (apt-get install --reinstall otpfill, or dnf reinstall otpfill)"
				}
			}
			return f
		}
	}
	path := o.Env.ManifestPath(b, o.System)
	if key := o.Env.RegistryKey(b); key != "" && o.Registry != nil {
		v, err := o.Registry.GetDefault(o.root(), key)
		if err != nil {
			return Finding{Subject: b.Label, Problem: fmt.Sprintf("registry key %s\\%s is missing", o.root(), key), Fix: fixInstall + " --browser " + b.Name}
		}
		path = v
	}
	return checkManifestFile(o, b, b.Label, path, fixInstall, true)
}

// checkManifestFile validates a manifest and, when hello is set, starts its
// host the way the browser would and expects an answer to hello.
func checkManifestFile(o *Options, b Browser, subject, path, fixInstall string, hello bool) Finding {
	fix := fixInstall + " --browser " + b.Name
	f := Finding{Subject: subject, Fix: fix}
	data, err := os.ReadFile(path)
	if err != nil {
		f.Problem = "no host manifest at " + path
		return f
	}
	var m struct {
		Name              string   `json:"name"`
		Path              string   `json:"path"`
		Type              string   `json:"type"`
		AllowedOrigins    []string `json:"allowed_origins"`
		AllowedExtensions []string `json:"allowed_extensions"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		f.Problem = fmt.Sprintf("%s is not valid JSON (%v)", path, err)
		return f
	}
	switch {
	case m.Name != HostName:
		f.Problem = fmt.Sprintf("%s names host %q, not %q", path, m.Name, HostName)
		return f
	case m.Type != "stdio":
		f.Problem = fmt.Sprintf("%s has type %q, not \"stdio\"", path, m.Type)
		return f
	case !filepath.IsAbs(m.Path):
		f.Problem = fmt.Sprintf("%s: path %q is not absolute", path, m.Path)
		return f
	}
	if b.Family == Firefox {
		if len(m.AllowedOrigins) > 0 {
			f.Problem = path + " has allowed_origins, which Firefox rejects"
			return f
		}
		if !slices.Contains(m.AllowedExtensions, FirefoxExtensionID) {
			f.Problem = path + " does not allow the extension " + FirefoxExtensionID
			return f
		}
	} else if !slices.Contains(m.AllowedOrigins, "chrome-extension://"+ChromeExtensionID+"/") {
		f.Problem = path + " does not allow the extension chrome-extension://" + ChromeExtensionID + "/"
		return f
	}
	st, err := os.Stat(m.Path)
	if err != nil {
		f.Problem = "the host " + m.Path + " named in " + path + " does not exist"
		return f
	}
	if st.IsDir() || (o.Env.GOOS != "windows" && st.Mode()&0o111 == 0) {
		f.Problem = "the host " + m.Path + " is not an executable file"
		return f
	}
	if hello {
		args := []string{"chrome-extension://" + ChromeExtensionID + "/"}
		if b.Family == Firefox {
			args = []string{path, FirefoxExtensionID}
		}
		if err := sayHello(m.Path, args); err != nil {
			f.Problem = fmt.Sprintf("the host %s does not answer as %s starts it: %v", m.Path, b.Label, err)
			return f
		}
	}
	f.OK, f.Problem, f.Fix = true, path, ""
	return f
}

// sayHello starts a host with a browser's arguments, sends hello in the
// native-messaging framing and waits for a well-formed successful reply.
func sayHello(path string, args []string) error {
	cmd := exec.Command(path, args...)
	var stderr lockedBuffer // written by exec's copier while we may read it
	cmd.Stderr = &stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() {
		in.Close()
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(2 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	}()
	msg := []byte(`{"id":1,"type":"hello"}`)
	frame := binary.NativeEndian.AppendUint32(nil, uint32(len(msg)))
	if _, err := in.Write(append(frame, msg...)); err != nil {
		return fmt.Errorf("it exited at once (%s)", firstLine(stderr.String()))
	}
	reply := make(chan error, 1)
	go func() {
		var hdr [4]byte
		if _, err := io.ReadFull(out, hdr[:]); err != nil {
			reply <- fmt.Errorf("no reply (%s)", firstLine(stderr.String()))
			return
		}
		n := binary.NativeEndian.Uint32(hdr[:])
		if n > 1<<20 {
			reply <- errors.New("reply too large")
			return
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(out, body); err != nil {
			reply <- errors.New("reply cut short")
			return
		}
		var r struct {
			ID int  `json:"id"`
			OK bool `json:"ok"`
		}
		if json.Unmarshal(body, &r) != nil || !r.OK || r.ID != 1 {
			reply <- fmt.Errorf("unexpected reply %.80s", body)
			return
		}
		reply <- nil
	}()
	select {
	case err := <-reply:
		return err
	case <-time.After(5 * time.Second):
		return errors.New("no reply within 5 s")
	}
}

// lockedBuffer is a bytes.Buffer safe to read while a child's stderr is
// being copied into it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func firstLine(s string) string {
	if i := bytes.IndexByte([]byte(s), '\n'); i >= 0 {
		s = s[:i]
	}
	if s == "" {
		return "nothing on stderr"
	}
	return s
}

// userRegistered: b has a user-level registration (manifest file, or on
// Windows the HKCU key).
func (o *Options) userRegistered(b Browser) bool {
	if key := o.Env.RegistryKey(b); key != "" {
		if o.Registry == nil {
			return false
		}
		_, err := o.Registry.GetDefault(CurrentUser, key)
		return err == nil
	}
	return o.exists(o.Env.ManifestPath(b, false))
}

// systemManifest is b's machine-wide manifest that exists, or "".
func (o *Options) systemManifest(b Browser) string {
	if key := o.Env.RegistryKey(b); key != "" {
		if o.Registry == nil {
			return ""
		}
		v, err := o.Registry.GetDefault(LocalMachine, key)
		if err != nil {
			return ""
		}
		return v
	}
	for _, p := range o.Env.SystemManifestPaths(b) {
		if o.exists(p) {
			return p
		}
	}
	return ""
}
