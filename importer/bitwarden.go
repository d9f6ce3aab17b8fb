package importer

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Bitwarden's JSON export: {"encrypted":false,"items":[...]}. A login's
// "totp" is an otpauth URI, a bare base32 secret or a steam:// one; items
// without one are passwords, not tokens, and are not mentioned.
type bitwardenFile struct {
	Encrypted bool              `json:"encrypted"`
	Items     []json.RawMessage `json:"items"`
}

type bitwardenItem struct {
	Name  string `json:"name"`
	Login *struct {
		Username string `json:"username"`
		TOTP     string `json:"totp"`
	} `json:"login"`
}

func readBitwarden(data []byte, r *Result) error {
	var f bitwardenFile
	if err := json.Unmarshal(data, &f); err != nil {
		return damaged(Bitwarden, "not a valid JSON export")
	}
	if f.Encrypted {
		return fmt.Errorf("%w: Bitwarden's encrypted JSON; export again from Bitwarden choosing the unencrypted \"JSON\" format", ErrExportEncrypted)
	}
	for i, raw := range f.Items {
		var it bitwardenItem
		if err := json.Unmarshal(raw, &it); err != nil {
			return damaged(Bitwarden, fmt.Sprintf("item %d cannot be read", i+1))
		}
		if it.Login == nil || strings.TrimSpace(it.Login.TOTP) == "" {
			continue
		}
		totp := strings.TrimSpace(it.Login.TOTP)
		lower := strings.ToLower(totp)
		switch {
		case strings.HasPrefix(lower, "otpauth:"):
			if !readURI(totp, r) {
				r.skip(displayLabel(it.Name, it.Login.Username), "the otpauth:// URI cannot be read")
			}
		case strings.HasPrefix(lower, "steam:"):
			r.skip(displayLabel(it.Name, it.Login.Username), reasonSteam)
		default:
			r.add(token{kind: "totp", name: it.Login.Username, issuer: it.Name, secret: totp})
		}
	}
	return nil
}
