package importer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/otpfill/otpfill/vault"
)

// maxLine bounds one line of a text export (a Google export of many
// accounts is one long line).
const maxLine = 1 << 20

// readLines reads otpauth:// URIs (Ente Auth's plain-text export is that,
// with extra parameters) and Google's otpauth-migration:// exports, one per
// line; blank lines and # comments are ignored. A line that cannot be read
// makes the file damaged (named by its number, never by its content):
// nothing of a file is imported unless all of it is understood.
func readLines(data []byte, r *Result) error {
	if d := trimBOM(data); len(d) > 0 && d[0] == '{' {
		return fmt.Errorf("%w: Ente Auth's encrypted export; export again from Ente Auth choosing plain text", ErrExportEncrypted)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, maxLine)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(strings.ToLower(line), "otpauth-migration:") {
			tokens, err := parseMigration(line)
			if err != nil {
				return damaged(GoogleAuthenticator, fmt.Sprintf("line %d cannot be read", n))
			}
			for _, t := range tokens {
				r.add(t)
			}
			continue
		}
		if !readURI(line, r) {
			return damaged(r.Format, fmt.Sprintf("line %d is not an otpauth:// URI", n))
		}
	}
	if sc.Err() != nil {
		return damaged(r.Format, "a line is too long")
	}
	return nil
}

// readURI adds one otpauth URI through vault.ParseURI, or skips it under
// its label with the reason. It is false for what is no otpauth URI at all.
func readURI(uri string, r *Result) bool {
	u, err := url.Parse(uri)
	if err != nil || !strings.EqualFold(u.Scheme, "otpauth") {
		return false
	}
	var label string
	if name, err := url.PathUnescape(strings.ReplaceAll(strings.TrimPrefix(u.EscapedPath(), "/"), "+", "%20")); err == nil {
		label = displayLabel(u.Query().Get("issuer"), name)
	}
	if reason := kindReason(u.Host); reason != "" {
		r.skip(label, reason)
		return true
	}
	if enteTrashed(u.Query().Get("codeDisplay")) {
		r.skip(label, reasonTrashed)
		return true
	}
	e, err := vault.ParseURI(uri)
	if err != nil {
		r.skip(label, reasonFor(err))
		return true
	}
	r.Entries = append(r.Entries, e)
	return true
}

// enteTrashed reads Ente Auth's codeDisplay parameter: a code the user
// moved to Ente's trash is exported too, marked "trashed".
func enteTrashed(codeDisplay string) bool {
	var d struct {
		Trashed bool `json:"trashed"`
	}
	return codeDisplay != "" && json.Unmarshal([]byte(codeDisplay), &d) == nil && d.Trashed
}
