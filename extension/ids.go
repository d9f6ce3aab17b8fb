package extension

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
)

// idsJSON lists every build's extension id: the one place the installer
// (allowed_origins / allowed_extensions) and the host (caller check) read.
//
//go:embed ids.json
var idsJSON []byte

// IDs are otpfill's own extension ids per browser family.
type IDs struct {
	Chrome  []string // Chrome, Edge, Chromium, Brave, Vivaldi
	Firefox []string // Firefox and its forks (add-on ids)
}

// Known is ids.json; the first Chrome id is the unpacked build's (its
// manifest key), the first Firefox id the gecko id.
var Known = mustParseIDs(idsJSON)

// DevChromeID is the id the manifest key gives the unpacked extension.
var DevChromeID = Known.Chrome[0]

// GeckoID is browser_specific_settings.gecko.id.
var GeckoID = Known.Firefox[0]

// Has reports whether id is one of otpfill's own builds.
func (i IDs) Has(id string) bool {
	return id != "" && (slices.Contains(i.Chrome, id) || slices.Contains(i.Firefox, id))
}

func mustParseIDs(b []byte) IDs {
	ids, err := ParseIDs(b)
	if err != nil {
		panic("extension/ids.json: " + err.Error()) // embedded and tested: cannot happen in a build
	}
	return ids
}

// ParseIDs reads an ids.json: both families present, Chrome ids of 32
// letters a-p, Firefox ids name@domain or {UUID}.
func ParseIDs(b []byte) (IDs, error) {
	var raw struct {
		Chrome  []struct{ ID string } `json:"chrome"`
		Firefox []struct{ ID string } `json:"firefox"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return IDs{}, err
	}
	var ids IDs
	for _, e := range raw.Chrome {
		if !IsChromeID(e.ID) {
			return IDs{}, fmt.Errorf("chrome id %q is not 32 letters a-p", e.ID)
		}
		ids.Chrome = append(ids.Chrome, e.ID)
	}
	for _, e := range raw.Firefox {
		if !IsGeckoID(e.ID) {
			return IDs{}, fmt.Errorf("firefox id %q is neither name@domain nor {UUID}", e.ID)
		}
		ids.Firefox = append(ids.Firefox, e.ID)
	}
	if len(ids.Chrome) == 0 || len(ids.Firefox) == 0 {
		return IDs{}, fmt.Errorf("needs at least one chrome and one firefox id")
	}
	return ids, nil
}

// IsChromeID: 32 letters a-p, as Chrome derives ids.
func IsChromeID(id string) bool {
	if len(id) != 32 {
		return false
	}
	for _, c := range id {
		if c < 'a' || c > 'p' {
			return false
		}
	}
	return true
}

// IsGeckoID accepts the two forms Firefox allows for an add-on id:
// name@domain and a braced UUID.
func IsGeckoID(id string) bool {
	if len(id) < 3 || len(id) > 255 {
		return false
	}
	if id[0] == '{' && id[len(id)-1] == '}' {
		return true
	}
	at := -1
	for i, c := range id {
		if c == '@' {
			at = i
		}
	}
	return at > 0 && at < len(id)-1
}
