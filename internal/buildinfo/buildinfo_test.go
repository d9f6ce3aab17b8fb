package buildinfo

import (
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"github.com/otpfill/otpfill/protocol"
)

func TestFrom(t *testing.T) {
	vcs := func(main string, rev, mod string) *debug.BuildInfo {
		bi := &debug.BuildInfo{Main: debug.Module{Path: "github.com/otpfill/otpfill", Version: main}}
		if rev != "" {
			bi.Settings = append(bi.Settings, debug.BuildSetting{Key: "vcs.revision", Value: rev},
				debug.BuildSetting{Key: "vcs.modified", Value: mod})
		}
		return bi
	}
	const rev = "f144f53abcdef0123456789abcdef0123456789a"
	cases := []struct {
		name, stamped, commit string
		bi                    *debug.BuildInfo
		wantV, wantC          string
	}{
		{"release build", "1.2.3", "f144f53", vcs("(devel)", rev, "false"), "1.2.3", "f144f53"},
		{"release build, commit from vcs", "1.2.3", "", vcs("(devel)", rev, "false"), "1.2.3", "f144f53abcde"},
		{"go install @version", "", "", vcs("v1.2.3", "", ""), "v1.2.3", ""},
		{"go install @commit", "", "", vcs("v0.0.0-20261202015500-f144f53abcde", "", ""), "v0.0.0-20261202015500-f144f53abcde", "f144f53abcde"},
		{"checkout build", "", "", vcs("v0.0.0-20261202015500-f144f53abcde+dirty", rev, "true"), "dev", "f144f53abcde-dirty"},
		{"checkout build on a tag", "", "", vcs("v1.2.3", rev, "false"), "dev", "f144f53abcde"},
		{"go run without vcs", "", "", vcs("(devel)", "", ""), "dev", ""},
		{"no build info", "", "", nil, "dev", ""},
	}
	for _, c := range cases {
		got := from(c.stamped, c.commit, c.bi)
		if got.Version != c.wantV || got.Commit != c.wantC || got.Protocol != protocol.Version {
			t.Errorf("%s: got %+v, want version %q commit %q", c.name, got, c.wantV, c.wantC)
		}
	}
}

func TestString(t *testing.T) {
	s := Info{Version: "1.2.3", Commit: "abc", Protocol: 1}.String()
	if s != "otpfill 1.2.3 (commit abc, protocol 1)" {
		t.Errorf("%q", s)
	}
	if s := (Info{Version: "dev", Protocol: 1}).String(); !strings.Contains(s, "commit unknown") {
		t.Errorf("%q", s)
	}
}

func TestGetInTest(t *testing.T) {
	// A test binary has no vcs stamp and no main module version.
	if v := Version(); v != "dev" {
		t.Errorf("Version() = %q in a test binary", v)
	}
}

func TestExtensionVersion(t *testing.T) {
	for in, want := range map[string]string{
		"1.2.3": "1.2.3", "v1.2.3": "1.2.3", "v1.2.3-rc.1": "1.2.3", "0.0.0-SNAPSHOT-f144f53": "0.0.0",
		"1.2.3+meta": "1.2.3", "01.002.3": "1.2.3", "1.2.3.4.5": "1.2.3.4", "2": "2",
		"dev": "", "": "", "1..2": "", "1.x": "", "v": "", "1234567890.1": "", "65535.1": "65535.1", "65536": "", "+1": "", "1.-2": "",
	} {
		if got := ExtensionVersion(in); got != want {
			t.Errorf("ExtensionVersion(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzExtensionVersion(f *testing.F) {
	for _, s := range []string{"1.2.3", "v0.0.0-SNAPSHOT-abc", "dev", "1..", "007.8"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := ExtensionVersion(s)
		if v == "" {
			return
		}
		parts := strings.Split(v, ".")
		if len(parts) < 1 || len(parts) > 4 {
			t.Fatalf("%q -> %q", s, v)
		}
		for _, p := range parts {
			n, err := strconv.Atoi(p)
			if err != nil || n > 65535 || strconv.Itoa(n) != p {
				t.Fatalf("%q -> %q", s, v)
			}
		}
	})
}
