package importer

import (
	"encoding/json"
	"fmt"
)

// andOTP's plain export is a JSON array of tokens. (Its encrypted backups
// are binary; export in plain JSON to move them.)
type andOTPToken struct {
	Secret    string `json:"secret"`
	Issuer    string `json:"issuer"`
	Label     string `json:"label"`
	Digits    int    `json:"digits"`
	Type      string `json:"type"`
	Algorithm string `json:"algorithm"`
	Period    int    `json:"period"`
}

func readAndOTP(data []byte, r *Result) error {
	var items []json.RawMessage
	if err := json.Unmarshal(data, &items); err != nil {
		return damaged(AndOTP, "not a valid JSON export")
	}
	for i, raw := range items {
		var t andOTPToken
		if err := json.Unmarshal(raw, &t); err != nil {
			return damaged(AndOTP, fmt.Sprintf("entry %d cannot be read", i+1))
		}
		r.add(token{kind: t.Type, name: t.Label, issuer: t.Issuer, secret: t.Secret,
			algorithm: t.Algorithm, digits: t.Digits, period: t.Period})
	}
	return nil
}
