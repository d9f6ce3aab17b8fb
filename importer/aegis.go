package importer

import (
	"cmp"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf16"

	"github.com/otpfill/otpfill/vault"
	"golang.org/x/crypto/scrypt"
)

// An Aegis vault file: {"version":1,"header":{"slots":[...],"params":{...}},"db":...}.
// Plain, db is the JSON object; encrypted, db is base64 of the object
// encrypted with AES-256-GCM under a random master key, and each slot holds
// the master key encrypted under a key derived from something the user has
// (a password slot: scrypt with the slot's own N, r, p and salt).
type aegisFile struct {
	Version int             `json:"version"`
	Header  aegisHeader     `json:"header"`
	DB      json.RawMessage `json:"db"`
}

type aegisHeader struct {
	Slots  []aegisSlot  `json:"slots"`
	Params *aegisParams `json:"params"`
}

// aegisParams are the nonce and the GCM tag, stored apart from the ciphertext.
type aegisParams struct {
	Nonce hexBytes `json:"nonce"`
	Tag   hexBytes `json:"tag"`
}

type aegisSlot struct {
	Type      int         `json:"type"` // 1: password (0 raw, 2 biometric: phone-only)
	UUID      string      `json:"uuid"`
	Key       hexBytes    `json:"key"`
	KeyParams aegisParams `json:"key_params"`
	N         int         `json:"n"`
	R         int         `json:"r"`
	P         int         `json:"p"`
	Salt      hexBytes    `json:"salt"`
	Repaired  bool        `json:"repaired"`
	IsBackup  bool        `json:"is_backup"`
}

type aegisDB struct {
	Version        int               `json:"version"`
	Entries        []json.RawMessage `json:"entries"`
	Groups         []json.RawMessage `json:"groups"`
	IconsOptimized bool              `json:"icons_optimized"`
}

type aegisEntry struct {
	Type     string    `json:"type"`
	UUID     string    `json:"uuid"`
	Name     string    `json:"name"`
	Issuer   string    `json:"issuer"`
	Note     string    `json:"note"`
	Favorite bool      `json:"favorite"`
	Icon     *string   `json:"icon"`
	Info     aegisInfo `json:"info"`
	Groups   []string  `json:"groups"`
}

type aegisInfo struct {
	Secret string `json:"secret"`
	Algo   string `json:"algo"`
	Digits int    `json:"digits"`
	Period int    `json:"period"`
}

const (
	aegisFileVersion   = 1
	aegisDBVersion     = 3 // what Aegis 3.x writes and reads
	aegisPasswordSlot  = 1
	aegisKeySize       = 32
	aegisNonceSize     = 12
	aegisTagSize       = 16
	aegisMaxSlotsTried = 8
)

// maxScryptMemory bounds the scrypt cost a file may ask for (128·N·r
// bytes); Aegis uses 32 MiB. A variable so the fuzz test can lower it.
var maxScryptMemory = 1 << 30

type hexBytes []byte

func (h *hexBytes) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := hex.DecodeString(s)
	*h = v
	return err
}

func (h hexBytes) MarshalJSON() ([]byte, error) { return json.Marshal(hex.EncodeToString(h)) }

func readAegis(data []byte, password Password, r *Result) error {
	var f aegisFile
	if err := json.Unmarshal(data, &f); err != nil {
		return damaged(Aegis, "not a valid vault file")
	}
	if f.Version > aegisFileVersion {
		return fmt.Errorf("%w (Aegis vault file version %d)", ErrNewerFormat, f.Version)
	}
	plain := []byte(f.DB)
	if len(plain) > 0 && plain[0] == '"' {
		r.Encrypted = true
		var err error
		if plain, err = decryptAegis(&f, password); err != nil {
			return err
		}
		defer wipe(plain)
	}
	var db aegisDB
	if err := json.Unmarshal(plain, &db); err != nil || db.Entries == nil {
		return damaged(Aegis, "the entry list cannot be read")
	}
	if db.Version > aegisDBVersion {
		return fmt.Errorf("%w (Aegis database version %d)", ErrNewerFormat, db.Version)
	}
	for i, raw := range db.Entries {
		var e aegisEntry
		if err := json.Unmarshal(raw, &e); err != nil {
			return damaged(Aegis, fmt.Sprintf("entry %d cannot be read", i+1))
		}
		r.add(token{kind: e.Type, name: e.Name, issuer: e.Issuer, secret: e.Info.Secret,
			algorithm: e.Info.Algo, digits: e.Info.Digits, period: e.Info.Period})
	}
	return nil
}

// decryptAegis opens the master key with the password through the first
// password slot it fits, then the database. A password that fits no slot is
// a wrong password; a master key that does not open the database is damage.
func decryptAegis(f *aegisFile, password Password) ([]byte, error) {
	var db64 string
	if err := json.Unmarshal(f.DB, &db64); err != nil {
		return nil, damaged(Aegis, "the encrypted database cannot be read")
	}
	sealed, err := base64.StdEncoding.DecodeString(db64)
	if err != nil || f.Header.Params == nil {
		return nil, damaged(Aegis, "the encrypted database cannot be read")
	}
	var slots []aegisSlot
	for _, s := range f.Header.Slots {
		if s.Type == aegisPasswordSlot && len(slots) < aegisMaxSlotsTried {
			slots = append(slots, s)
		}
	}
	if len(slots) == 0 {
		return nil, damaged(Aegis, "no password slot: this vault opens only on its phone (biometrics)")
	}
	for _, s := range slots {
		if !scryptCostOK(s.N, s.R, s.P) || len(s.Salt) == 0 {
			return nil, damaged(Aegis, "a password slot has impossible parameters")
		}
	}
	pw, err := askPassword(password)
	if err != nil {
		return nil, err
	}
	defer wipe(pw)
	oldPw := javaOldBytes(pw)
	defer wipe(oldPw)
	for _, s := range slots {
		master := openSlot(s, pw)
		// Up to 64 bytes the zeros make no difference (HMAC pads its key
		// with zeros): Aegis retries only longer ones.
		if master == nil && !s.Repaired && len(oldPw) > 64 {
			master = openSlot(s, oldPw)
		}
		if master == nil {
			continue
		}
		defer wipe(master)
		plain, err := gcmOpen(master, *f.Header.Params, sealed)
		if err != nil {
			return nil, damaged(Aegis, "the password is right but the database does not decrypt")
		}
		return plain, nil
	}
	return nil, ErrWrongPassword
}

// openSlot is the master key in a password slot, or nil if pw does not open it.
func openSlot(s aegisSlot, pw []byte) []byte {
	key, err := scrypt.Key(pw, s.Salt, s.N, s.R, s.P, aegisKeySize)
	if err != nil {
		return nil
	}
	defer wipe(key)
	master, err := gcmOpen(key, s.KeyParams, s.Key)
	if err != nil || len(master) != aegisKeySize {
		return nil
	}
	return master
}

// javaOldBytes is the password as Aegis once encoded it for slots not yet
// "repaired": the UTF-8 bytes plus the zeros left in the Java encoder's
// buffer, which starts at 1.1 bytes per UTF-16 unit and grows to 2n+1.
func javaOldBytes(pw []byte) []byte {
	units := len(utf16.Encode([]rune(string(pw))))
	n := int(float32(units) * float32(1.1))
	for n < len(pw) {
		n = 2*n + 1
	}
	out := make([]byte, n)
	copy(out, pw)
	return out
}

func scryptCostOK(n, r, p int) bool {
	return n > 1 && n&(n-1) == 0 && n <= 1<<22 && r >= 1 && r <= 64 && p >= 1 && p <= 16 &&
		128*n*r <= maxScryptMemory
}

// gcmOpen decrypts AES-256-GCM with the tag kept apart, as Aegis stores it.
func gcmOpen(key []byte, p aegisParams, ciphertext []byte) ([]byte, error) {
	if len(p.Nonce) != aegisNonceSize || len(p.Tag) != aegisTagSize {
		return nil, ErrDamaged
	}
	aead, err := newGCM(key)
	if err != nil {
		return nil, err
	}
	sealed := append(append(make([]byte, 0, len(ciphertext)+len(p.Tag)), ciphertext...), p.Tag...)
	return aead.Open(nil, p.Nonce, sealed, nil)
}

// gcmSeal encrypts with a fresh random nonce and returns the tag apart.
func gcmSeal(key, plain []byte) ([]byte, aegisParams, error) {
	aead, err := newGCM(key)
	if err != nil {
		return nil, aegisParams{}, err
	}
	nonce := make([]byte, aegisNonceSize)
	if _, err := rand.Read(nonce); err != nil {
		return nil, aegisParams{}, err
	}
	sealed := aead.Seal(nil, nonce, plain, nil)
	n := len(sealed) - aegisTagSize
	return sealed[:n], aegisParams{Nonce: nonce, Tag: sealed[n:]}, nil
}

func newGCM(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// Scrypt is the cost of an export's password slot.
type Scrypt struct{ N, R, P int }

// AegisScrypt is what Aegis itself uses for a password slot.
var AegisScrypt = Scrypt{N: 1 << 15, R: 8, P: 1}

// EncryptAegis writes entries as an encrypted Aegis vault (file version 1,
// database version 3) with one password slot, as Aegis writes its own
// backups. Microsoft entries keep their tenant in the name ("Contoso:ada@…"),
// which is what the phone shows and what Read maps back to the tenant.
func EncryptAegis(entries []vault.Entry, password []byte, cost Scrypt) ([]byte, error) {
	if len(password) == 0 {
		return nil, ErrNoPassword
	}
	db := aegisDB{Version: aegisDBVersion, Entries: []json.RawMessage{}, Groups: []json.RawMessage{}, IconsOptimized: true}
	for _, e := range entries {
		raw, err := json.Marshal(aegisEntry{
			Type: "totp", UUID: newUUID(), Name: aegisName(e), Issuer: e.Issuer, Groups: []string{},
			Info: aegisInfo{Secret: e.Secret, Algo: cmp.Or(e.Algorithm, "SHA1"), Digits: cmp.Or(e.Digits, 6), Period: cmp.Or(e.Period, 30)},
		})
		if err != nil {
			return nil, err
		}
		db.Entries = append(db.Entries, raw)
	}
	plain, err := json.Marshal(db)
	if err != nil {
		return nil, err
	}
	defer wipe(plain)
	for i := range db.Entries {
		wipe(db.Entries[i])
	}

	master, salt := make([]byte, aegisKeySize), make([]byte, aegisKeySize)
	defer wipe(master)
	if _, err := rand.Read(master); err != nil {
		return nil, err
	}
	if _, err := rand.Read(salt); err != nil {
		return nil, err
	}
	key, err := scrypt.Key(password, salt, cost.N, cost.R, cost.P, aegisKeySize)
	if err != nil {
		return nil, err
	}
	defer wipe(key)
	wrapped, keyParams, err := gcmSeal(key, master)
	if err != nil {
		return nil, err
	}
	sealed, params, err := gcmSeal(master, plain)
	if err != nil {
		return nil, err
	}
	dbJSON, err := json.Marshal(base64.StdEncoding.EncodeToString(sealed))
	if err != nil {
		return nil, err
	}
	out, err := json.MarshalIndent(aegisFile{
		Version: aegisFileVersion,
		Header: aegisHeader{
			Slots: []aegisSlot{{Type: aegisPasswordSlot, UUID: newUUID(), Key: wrapped, KeyParams: keyParams,
				N: cost.N, R: cost.R, P: cost.P, Salt: salt, Repaired: true}},
			Params: &params,
		},
		DB: dbJSON,
	}, "", "    ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

// aegisName is the name Aegis shows and Read maps back: "Tenant:account",
// or the account. An account with a colon of its own is prefixed with the
// issuer, which Read drops again (as ParseURI drops a prefix equal to the
// issuer), so the colon does not turn into a tenant.
func aegisName(e vault.Entry) string {
	if e.Tenant == "" && e.Issuer != "" && strings.Contains(e.Account, ":") {
		return e.Issuer + ":" + e.Account
	}
	return e.Label()
}

// newUUID is a random (version 4) UUID, as Aegis gives every entry and slot.
func newUUID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
