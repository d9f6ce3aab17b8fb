package protocol

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"unicode/utf8"
)

// Version is the protocol version reported by hello.
const Version = 1

// Request types.
const (
	TypeHello   = "hello"
	TypeUnlock  = "unlock"
	TypeLock    = "lock"
	TypeList    = "list"
	TypeCode    = "code"
	TypeAdd     = "add"
	TypeRemove  = "remove"
	TypeCapture = "capture"
	TypeMatch   = "match"
	TypeKeyring = "keyring"
	TypeRename  = "rename" // popup.go in host
	TypeQR      = "qr"
)

// Error codes: stable strings, documented in PROTOCOL.md.
const (
	CodeBadRequest    = "bad_request"
	CodeTooLarge      = "too_large"
	CodeUnknownType   = "unknown_type"
	CodeNoVault       = "no_vault"
	CodeLocked        = "locked"
	CodeBadPassphrase = "bad_passphrase"
	CodeNoMatch       = "no_match"
	CodeAmbiguous     = "ambiguous"
	CodeOriginDenied  = "origin_denied"
	CodeInvalidSecret = "invalid_secret"
	CodeExists        = "exists"
	CodeNotFound      = "not_found"
	CodeInternal      = "internal"
	CodeNoFreshCode   = "no_fresh_code"
	CodeKeyring       = "keyring_unavailable"
)

// Session states reported by hello.
const (
	StateNoVault  = "no_vault"
	StateLocked   = "locked"
	StateUnlocked = "unlocked"
)

// Request is every field any request type may carry; each handler reads
// the ones its type defines.
type Request struct {
	ID   json.RawMessage `json:"id"`
	Type string          `json:"type"`

	Passphrase      string `json:"passphrase,omitempty"`       // unlock
	AutoLockSeconds *int   `json:"autolock_seconds,omitempty"` // unlock: idle time before locking, 0 = never

	URL     string `json:"url,omitempty"`     // code, add: the page that asks (set by the background)
	Account string `json:"account,omitempty"` // code, add
	Tenant  string `json:"tenant,omitempty"`  // code: tenant hint; add: tenant name
	Entry   string `json:"entry,omitempty"`   // code: entry chosen by the user; remove
	Display bool   `json:"display,omitempty"` // code without url: show only, do not use up the step

	URI     string `json:"uri,omitempty"`     // add
	Secret  string `json:"secret,omitempty"`  // add
	Issuer  string `json:"issuer,omitempty"`  // add
	Replace bool   `json:"replace,omitempty"` // add: take the new secret for an existing entry
	Capture string `json:"capture,omitempty"` // add: the id a capture reply named

	Image string   `json:"image,omitempty"` // capture: QR pixels, base64 or data: URL
	Texts []string `json:"texts,omitempty"` // capture: secret-like text the page shows

	Action string  `json:"action,omitempty"` // keyring: enable (with passphrase), disable, status
	Label  *string `json:"label,omitempty"`  // rename: the label to show ("" clears it)
}

// Keyring actions and item states (KeyringInfo.Item).
const (
	KeyringEnable  = "enable"
	KeyringDisable = "disable"
	KeyringStatus  = "status"
)

// KeyringInfo is the keyring reply: the vault's stanzas and its keyring
// item's state (none, reachable, missing, unavailable) with a one-line reason.
type KeyringInfo struct {
	Stanzas []string `json:"stanzas"`
	Item    string   `json:"item"`
	Reason  string   `json:"reason,omitempty"`
}

// EntryInfo is what the extension may know of an entry: never the secret.
type EntryInfo struct {
	ID      string `json:"id"`
	Issuer  string `json:"issuer"`
	Account string `json:"account"`
	Tenant  string `json:"tenant"`
	Label   string `json:"label,omitempty"` // the user's name for it (rename)
}

// Error is the error object of a failed reply.
type Error struct {
	Code       string      `json:"code"`
	Message    string      `json:"message"`
	Candidates []EntryInfo `json:"candidates,omitempty"` // ambiguous
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// NewError builds an *Error.
func NewError(code, message string) *Error { return &Error{Code: code, Message: message} }

// Reply is every field any reply may carry.
type Reply struct {
	ID    json.RawMessage `json:"id"`
	OK    bool            `json:"ok"`
	Error *Error          `json:"error,omitempty"`

	Version  string `json:"version,omitempty"`  // hello
	Protocol int    `json:"protocol,omitempty"` // hello
	State    string `json:"state,omitempty"`    // hello, unlock, lock
	// UnlockedBy is "passphrase" or "keyring" (hello, unlock) when unlocked.
	UnlockedBy string `json:"unlocked_by,omitempty"`

	Keyring *KeyringInfo `json:"keyring,omitempty"` // keyring

	Entries []EntryInfo `json:"entries,omitempty"` // list
	Entry   *EntryInfo  `json:"entry,omitempty"`   // code, add

	Code      string `json:"code,omitempty"`       // code
	Step      int64  `json:"step,omitempty"`       // code: RFC 6238 time step of Code
	Period    int    `json:"period,omitempty"`     // code: seconds per step
	ValidFrom int64  `json:"valid_from,omitempty"` // code: unix ms when Code becomes valid
	ExpiresAt int64  `json:"expires_at,omitempty"` // code: unix ms when Code's step ends

	*Captured // capture

	Match      string      `json:"match,omitempty"`      // match: one, several, none
	Candidates []EntryInfo `json:"candidates,omitempty"` // match: the entries when several fit

	Image string `json:"image,omitempty"` // qr: PNG data URL of the entry's otpauth URI
}

// Captured is a capture reply: what the user must see to confirm an
// enrollment, never the secret.
type Captured struct {
	Capture  string    `json:"capture,omitempty"` // id for add; none when nothing can be stored
	Kind     string    `json:"kind"`              // otpauth, phonefactor, other
	Source   string    `json:"source,omitempty"`  // qr or text: where the kept secret came from
	Account  string    `json:"account,omitempty"`
	Tenant   string    `json:"tenant,omitempty"`
	Issuer   string    `json:"issuer,omitempty"`
	Masked   string    `json:"masked,omitempty"` // first and last 4 characters of the secret
	Conflict bool      `json:"conflict"`         // the page's text shows another secret than its QR
	Replaces *Replaced `json:"replaces,omitempty"`
}

// Replaced is the entry an add of a capture would replace.
type Replaced struct {
	EntryInfo
	Created int64 `json:"created"` // unix ms
}

// Capture kinds and sources.
const (
	KindOTPAuth     = "otpauth"
	KindPhoneFactor = "phonefactor"
	KindOther       = "other"
	SourceQR        = "qr"
	SourceText      = "text"
)

// Match answers.
const (
	MatchOne     = "one"
	MatchSeveral = "several"
	MatchNone    = "none"
)

// MarshalJSON keeps "entries": [] in a list reply with no entries.
func (r Reply) MarshalJSON() ([]byte, error) {
	type plain Reply
	b, err := json.Marshal(plain(r))
	if err != nil || r.Entries == nil || len(r.Entries) > 0 {
		return b, err
	}
	return append(b[:len(b)-1], []byte(`,"entries":[]}`)...), nil
}

var nullID = json.RawMessage("null")

// DecodeRequest parses one message. On failure it returns the request id
// when it could be read (else null) and a bad_request error.
func DecodeRequest(msg []byte) (Request, *Error) {
	var req Request
	if len(msg) == 0 {
		return Request{ID: nullID}, NewError(CodeBadRequest, "empty message")
	}
	if !utf8.Valid(msg) {
		return Request{ID: nullID}, NewError(CodeBadRequest, "message is not valid UTF-8")
	}
	if err := json.Unmarshal(msg, &req); err != nil {
		id := peekID(msg)
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			return Request{ID: id}, NewError(CodeBadRequest, "field "+te.Field+" has the wrong type")
		}
		// Tell "two values" from "not JSON" for the person reading the log.
		dec := json.NewDecoder(bytes.NewReader(msg))
		var v json.RawMessage
		if dec.Decode(&v) == nil && dec.More() {
			return Request{ID: nullID}, NewError(CodeBadRequest, "trailing data after the JSON object")
		}
		return Request{ID: id}, NewError(CodeBadRequest, "message is not a JSON object")
	}
	if !validID(req.ID) {
		return Request{ID: nullID}, NewError(CodeBadRequest, "id must be a string or a number")
	}
	if perr, idBad := checkKeys(msg); perr != nil {
		if idBad {
			return Request{ID: nullID}, perr
		}
		return Request{ID: req.ID}, perr
	}
	if req.Type == "" {
		return req, NewError(CodeBadRequest, "type is missing")
	}
	return req, nil
}

// peekID recovers the id of a request whose other fields are wrong.
func peekID(msg []byte) json.RawMessage {
	var probe struct {
		ID json.RawMessage `json:"id"`
	}
	if json.Unmarshal(msg, &probe) == nil && validID(probe.ID) {
		return probe.ID
	}
	return nullID
}

func validID(id json.RawMessage) bool {
	if len(id) == 0 {
		return false
	}
	var v any
	if json.Unmarshal(id, &v) != nil {
		return false
	}
	switch v.(type) {
	case string, float64:
		return len(id) <= 256
	}
	return false
}

// EncodeReply marshals a reply and keeps it under the browser's limit: an
// oversized reply becomes an error reply with the same id.
func EncodeReply(r Reply) []byte {
	if len(r.ID) == 0 {
		r.ID = nullID
	}
	b, err := json.Marshal(r)
	if err == nil && len(b) < MaxOutgoing {
		return b
	}
	msg := "reply could not be encoded"
	if err == nil {
		msg = "reply would exceed the browser's 1 MiB message limit"
	}
	code := CodeInternal
	if err == nil {
		code = CodeTooLarge
	}
	b, _ = json.Marshal(Reply{ID: r.ID, Error: NewError(code, msg)})
	return b
}

// Fail builds an error reply.
func Fail(id json.RawMessage, e *Error) Reply { return Reply{ID: id, Error: e} }

// requestFields are the JSON names of Request's fields (a test keeps the
// list in step with the struct tags; reflection here would run at every
// host start).
var requestFields = []string{"id", "type", "passphrase", "autolock_seconds", "url", "account", "tenant",
	"entry", "display", "uri", "secret", "issuer", "replace", "capture", "image", "texts", "action", "label"}

// checkKeys refuses what encoding/json would take silently: a key that
// matches a field only when case is ignored ("URL", "Secret") and a field
// given twice. Either could make the host read another value than the one
// the extension's background checked (it sets "url" from the browser).
// msg is a JSON object already known to be valid; idBad reports that the
// offending key is the id, which then cannot be echoed.
func checkKeys(msg []byte) (perr *Error, idBad bool) {
	seen := make([]bool, len(requestFields))
	eachKey(msg, func(key string) bool {
		for i, f := range requestFields {
			switch {
			case key == f && seen[i]:
				perr, idBad = NewError(CodeBadRequest, "field "+f+" is given twice"), f == "id"
			case key == f:
				seen[i] = true
			case strings.EqualFold(key, f):
				perr, idBad = NewError(CodeBadRequest, "field names are lower case: use "+f), f == "id"
			default:
				continue
			}
			return perr == nil
		}
		return true
	})
	return perr, idBad
}

// eachKey calls fn with each top-level key of the valid JSON object msg
// until fn returns false. It allocates only for keys with escapes.
func eachKey(msg []byte, fn func(key string) bool) {
	i := bytes.IndexByte(msg, '{') + 1
	expectKey := true
	depth := 0
	for i > 0 && i < len(msg) {
		c := msg[i]
		switch {
		case c == '"':
			end := i + 1
			for end < len(msg) && msg[end] != '"' {
				if msg[end] == '\\' {
					end++
				}
				end++
			}
			if depth == 0 && expectKey && end < len(msg) {
				raw := msg[i : end+1]
				var key string
				if bytes.IndexByte(raw, '\\') < 0 {
					key = string(raw[1 : len(raw)-1])
				} else if json.Unmarshal(raw, &key) != nil {
					return
				}
				if !fn(key) {
					return
				}
				expectKey = false
			}
			i = end
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			if depth == 0 {
				return
			}
			depth--
		case c == ',' && depth == 0:
			expectKey = true
		}
		i++
	}
}
