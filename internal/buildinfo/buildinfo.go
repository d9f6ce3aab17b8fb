// Package buildinfo says which otpfill this is: the release version and
// commit stamped by the release build, the module version for
// `go install github.com/otpfill/otpfill/cmd/otpfill@vX.Y.Z`, or "dev" for a
// build from a checkout.
package buildinfo

import (
	"fmt"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/otpfill/otpfill/protocol"
)

// Set by the release build:
//
//	-ldflags "-X github.com/otpfill/otpfill/internal/buildinfo.version=1.2.3 -X github.com/otpfill/otpfill/internal/buildinfo.commit=abc123"
var (
	version string
	commit  string
)

// Info is what `otpfill version` and the host's hello report.
type Info struct {
	Version  string // "1.2.3", "v1.2.3" (go install) or "dev"
	Commit   string // "" when unknown
	Protocol int
}

// Get reads the stamped values, else the Go build info.
func Get() Info {
	bi, _ := debug.ReadBuildInfo()
	return from(version, commit, bi)
}

// Version is Get().Version.
func Version() string { return Get().Version }

func (i Info) String() string {
	c := i.Commit
	if c == "" {
		c = "unknown"
	}
	return fmt.Sprintf("otpfill %s (commit %s, protocol %d)", i.Version, c, i.Protocol)
}

// from decides; split from Get so every kind of build is testable.
func from(stamped, stampedCommit string, bi *debug.BuildInfo) Info {
	info := Info{Version: stamped, Commit: stampedCommit, Protocol: protocol.Version}
	var revision, modified string
	if bi != nil {
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
	}
	if info.Commit == "" && revision != "" {
		info.Commit = short(revision)
		if modified == "true" {
			info.Commit += "-dirty"
		}
	}
	if info.Version != "" {
		return info
	}
	// A build from a checkout carries vcs.* settings (and, since Go 1.24, a
	// version derived from them): that is "dev". `go install …@vX.Y.Z`
	// builds from the module cache, without vcs settings.
	if bi != nil && revision == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		info.Version = bi.Main.Version
		if info.Commit == "" {
			info.Commit = pseudoCommit(bi.Main.Version)
		}
		return info
	}
	info.Version = "dev"
	return info
}

func short(rev string) string {
	if len(rev) > 12 {
		return rev[:12]
	}
	return rev
}

// pseudoCommit is the commit a pseudo-version (v0.0.0-20260101000000-abcdef123456) names, else "".
func pseudoCommit(v string) string {
	v, _, _ = strings.Cut(v, "+")
	i := strings.LastIndexByte(v, '-')
	if i < 0 || len(v)-i-1 != 12 || strings.Count(v, "-") < 2 {
		return ""
	}
	for _, c := range v[i+1:] {
		if !strings.ContainsRune("0123456789abcdef", c) {
			return ""
		}
	}
	return v[i+1:]
}

// ExtensionVersion is v as a WebExtension manifest "version": one to four
// dot-separated integers of at most 65535 without leading zeros (Chrome
// and AMO accept nothing else). "v1.2.3-rc.1" gives "1.2.3"; "" when v has no such prefix
// (e.g. "dev").
func ExtensionVersion(v string) string {
	v = strings.TrimPrefix(v, "v")
	v, _, _ = strings.Cut(v, "+")
	v, _, _ = strings.Cut(v, "-")
	parts := strings.Split(v, ".")
	if len(parts) > 4 {
		parts = parts[:4]
	}
	for i, p := range parts {
		n, err := strconv.ParseUint(p, 10, 16)
		if err != nil || strings.Trim(p, "0123456789") != "" {
			return ""
		}
		parts[i] = strconv.FormatUint(n, 10)
	}
	return strings.Join(parts, ".")
}
