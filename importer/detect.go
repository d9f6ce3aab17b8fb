package importer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"strings"
)

// Detect tells the format of an export from its content.
func Detect(data []byte) Format {
	data = trimBOM(data)
	if len(data) == 0 {
		return Unknown
	}
	switch data[0] {
	case '{':
		return detectObject(data)
	case '[':
		return detectArray(data)
	}
	return detectLines(data)
}

// detectObject knows the apps by their top-level keys.
func detectObject(data []byte) Format {
	var keys map[string]json.RawMessage
	if json.Unmarshal(data, &keys) != nil {
		return Unknown
	}
	has := func(k string) bool { _, ok := keys[k]; return ok }
	switch {
	case has("header") && has("db"):
		return Aegis
	case has("schemaVersion") && (has("services") || has("servicesEncrypted")):
		return TwoFAS
	case has("items") || (has("encrypted") && has("passwordProtected")):
		return Bitwarden
	case has("kdfParams") && has("encryptedData"):
		return EnteAuth // its encrypted export; refused with advice
	}
	return Unknown
}

// detectArray: andOTP's plain export is a bare array of token objects.
func detectArray(data []byte) Format {
	var items []map[string]json.RawMessage
	if json.Unmarshal(data, &items) != nil {
		return Unknown
	}
	for _, it := range items {
		if _, ok := it["secret"]; !ok {
			return Unknown
		}
		if _, ok := it["type"]; !ok {
			return Unknown
		}
	}
	return AndOTP
}

// detectLines: text whose first token line is an otpauth URI. Ente Auth
// adds a codeDisplay parameter; Google's export is otpauth-migration://.
func detectLines(data []byte) Format {
	f := Unknown
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, maxLine)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		lower := strings.ToLower(line)
		switch {
		case strings.HasPrefix(lower, "otpauth-migration:"):
			if f == Unknown || f == OTPAuthLines {
				f = GoogleAuthenticator
			}
		case strings.HasPrefix(lower, "otpauth:"):
			if strings.Contains(line, "codeDisplay=") {
				f = EnteAuth
			} else if f == Unknown {
				f = OTPAuthLines
			}
		default:
			return f // text after the URIs is reported line by line
		}
	}
	return f
}
