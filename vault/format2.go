package vault

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/crypto/hkdf"
)

// Format 2 (normative text: FORMAT.md), all integers little-endian:
//
//	0      magic "OTPFILLV"
//	8      format version (2)
//	9      header length H (uint32), 2..maxHeaderLen
//	13     header: JSON {"stanzas":[...]}, each stanza wrapping the file key
//	13+H   header MAC (32 bytes): HMAC-SHA256(mac key, bytes 0..13+H)
//	45+H   body nonce (24 bytes)
//	69+H   body: XChaCha20-Poly1305(body key, nonce, JSON body, AAD = bytes 0..9)
//	end-32 SHA-256 of everything before it
//
// The body does not depend on the header, so passwd and keyring
// enable/disable rewrite the header and copy the body's bytes.
const (
	fileKeyLen   = 32
	offHeader2   = 13
	maxHeaderLen = 1 << 16
	macLen       = sha256.Size
	wrappedLen   = fileKeyLen + chacha20poly1305.Overhead
	minFile2Len  = offHeader2 + 2 + macLen + chacha20poly1305.NonceSizeX + chacha20poly1305.Overhead + trailerLen

	stanzaPassphrase = "passphrase"
	stanzaKeyring    = "keyring"

	bodyAAD         = magic + "\x02" // bytes 0..9
	labelHeaderMAC  = "otpfill v2 header mac"
	labelBody       = "otpfill v2 body"
	labelPassphrase = "otpfill v2 passphrase stanza"
	labelKeyring    = "otpfill v2 keyring stanza"
)

// stanza wraps the file key for one way of unlocking. Stanzas of an unknown
// type (from a newer otpfill) are kept verbatim in raw.
type stanza struct {
	Type    string     `json:"type"`
	KDF     *KDFParams `json:"argon2id,omitempty"` // passphrase
	Service string     `json:"service,omitempty"`  // keyring
	Item    string     `json:"item,omitempty"`     // keyring
	Salt    []byte     `json:"salt"`
	Wrapped []byte     `json:"wrapped"`

	raw json.RawMessage
}

type header2 struct {
	Stanzas []json.RawMessage `json:"stanzas"`
}

// file2 is a parsed format-2 file (slices point into the file).
type file2 struct {
	stanzas []stanza
	signed  []byte // bytes 0..13+H, what the MAC covers
	mac     []byte
	nonce   []byte
	body    []byte // ciphertext
	sum     []byte
}

// parse2 reads a format-2 file that passed checkFile: structure only.
func parse2(file []byte) (file2, error) {
	damaged := func(why string) (file2, error) { return file2{}, fmt.Errorf("%w: %s", ErrTampered, why) }
	if len(file) < minFile2Len {
		return damaged("the file is truncated")
	}
	n := binary.LittleEndian.Uint32(file[9:13])
	if n < 2 || n > maxHeaderLen || int(n) > len(file)-minFile2Len+2 {
		return damaged("the header length is wrong")
	}
	end := offHeader2 + int(n)
	f := file2{signed: file[:end], mac: file[end : end+macLen]}
	f.nonce = file[end+macLen : end+macLen+chacha20poly1305.NonceSizeX]
	f.body = file[end+macLen+chacha20poly1305.NonceSizeX : len(file)-trailerLen]
	f.sum = file[len(file)-trailerLen:]
	var h header2
	if !utf8.Valid(file[offHeader2:end]) || json.Unmarshal(file[offHeader2:end], &h) != nil || len(h.Stanzas) == 0 {
		return damaged("the header is not valid")
	}
	seen := map[string]bool{}
	for _, raw := range h.Stanzas {
		var s stanza
		if json.Unmarshal(raw, &s) != nil {
			return damaged("a stanza is not valid")
		}
		switch s.Type {
		case stanzaPassphrase, stanzaKeyring:
			if seen[s.Type] {
				return damaged("two stanzas of one type")
			}
			seen[s.Type] = true
			if err := s.check(); err != nil {
				return file2{}, err
			}
		case "":
			return damaged("a stanza has no type")
		default:
			s.raw = bytes.Clone(raw)
		}
		f.stanzas = append(f.stanzas, s)
	}
	return f, nil
}

func (s *stanza) check() error {
	if len(s.Salt) != saltLen || len(s.Wrapped) != wrappedLen {
		return fmt.Errorf("%w: a %s stanza is not valid", ErrTampered, s.Type)
	}
	switch s.Type {
	case stanzaPassphrase:
		if s.KDF == nil {
			return fmt.Errorf("%w: the passphrase stanza has no key derivation", ErrTampered)
		}
		return s.KDF.Check()
	case stanzaKeyring:
		if !validName(s.Service) || !validName(s.Item) {
			return fmt.Errorf("%w: the keyring stanza names no valid item", ErrTampered)
		}
	}
	return nil
}

// validName: keyring service and item names are short printable ASCII.
func validName(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

func (f *file2) find(typ string) *stanza { return findStanza(f.stanzas, typ) }

// findStanza returns a copy of the stanza of type typ, or nil. A copy: the
// callers keep it while the header's stanzas are replaced.
func findStanza(stanzas []stanza, typ string) *stanza {
	for i := range stanzas {
		if stanzas[i].Type == typ {
			st := stanzas[i]
			return &st
		}
	}
	return nil
}

// hkdf32 derives a 32-byte subkey with a distinct label.
func hkdf32(secret, salt []byte, label string) []byte {
	k := make([]byte, 32)
	if _, err := io.ReadFull(hkdf.New(sha256.New, secret, salt, []byte(label)), k); err != nil {
		panic(err) // HKDF-SHA256 can give 255*32 bytes; 32 never fails
	}
	return k
}

// wrapKey is the key that wraps the file key in a stanza: from the
// passphrase's Argon2id output or the keyring's random key.
func wrapKey(s *stanza, secret []byte) []byte {
	label := labelKeyring
	if s.Type == stanzaPassphrase {
		label = labelPassphrase
	}
	return hkdf32(secret, s.Salt, label)
}

// seal wraps the file key. Each stanza has its own salt, so each wrap key
// is used once and the zero nonce is safe.
func (s *stanza) seal(secret, fileKey []byte) {
	k := wrapKey(s, secret)
	defer wipe(k)
	aead, _ := chacha20poly1305.New(k)
	s.Wrapped = aead.Seal(nil, make([]byte, chacha20poly1305.NonceSize), fileKey, []byte(s.Type))
}

// open unwraps the file key; false means the secret is not this stanza's.
func (s *stanza) open(secret []byte) ([]byte, bool) {
	k := wrapKey(s, secret)
	defer wipe(k)
	aead, _ := chacha20poly1305.New(k)
	fk, err := aead.Open(nil, make([]byte, chacha20poly1305.NonceSize), s.Wrapped, []byte(s.Type))
	return fk, err == nil
}

func headerMAC(fileKey, signed []byte) []byte {
	k := hkdf32(fileKey, nil, labelHeaderMAC)
	defer wipe(k)
	m := hmac.New(sha256.New, k)
	m.Write(signed)
	return m.Sum(nil)
}

// verify checks the header MAC: a stanza added, removed or altered, or the
// file key of another vault.
func (f *file2) verify(fileKey []byte) bool {
	return hmac.Equal(headerMAC(fileKey, f.signed), f.mac)
}

// openBody decrypts the body of a file whose header verified. The
// ciphertext is decrypted in place: file is not used again after this.
func (f *file2) openBody(fileKey []byte) (body, error) {
	k := hkdf32(fileKey, nil, labelBody)
	defer wipe(k)
	aead, _ := chacha20poly1305.NewX(k)
	plain, err := aead.Open(f.body[:0], f.nonce, f.body, []byte(bodyAAD))
	if err != nil {
		return body{}, ErrTampered
	}
	defer wipe(plain)
	return decodeBody(plain)
}

// sealBody encrypts entries with a fresh nonce: nonce || ciphertext.
func sealBody(fileKey []byte, b body) ([]byte, error) {
	plain, err := json.Marshal(b)
	if err != nil {
		return nil, err
	}
	defer wipe(plain)
	k := hkdf32(fileKey, nil, labelBody)
	defer wipe(k)
	aead, _ := chacha20poly1305.NewX(k)
	out := make([]byte, chacha20poly1305.NonceSizeX, chacha20poly1305.NonceSizeX+len(plain)+aead.Overhead())
	if _, err := rand.Read(out); err != nil {
		return nil, err
	}
	return aead.Seal(out, out, plain, []byte(bodyAAD)), nil
}

// assemble builds a complete format-2 file from stanzas and a sealed body
// (nonce || ciphertext, from sealBody or copied from the current file).
func assemble(fileKey []byte, stanzas []stanza, sealed []byte) ([]byte, error) {
	h := header2{Stanzas: make([]json.RawMessage, len(stanzas))}
	for i := range stanzas {
		if stanzas[i].raw != nil {
			h.Stanzas[i] = stanzas[i].raw
			continue
		}
		raw, err := json.Marshal(&stanzas[i])
		if err != nil {
			return nil, err
		}
		h.Stanzas[i] = raw
	}
	hdr, err := json.Marshal(h)
	if err != nil {
		return nil, err
	}
	if len(hdr) > maxHeaderLen {
		return nil, fmt.Errorf("the vault header would be too large")
	}
	out := make([]byte, offHeader2, offHeader2+len(hdr)+macLen+len(sealed)+trailerLen)
	copy(out, magic)
	out[8] = format2
	binary.LittleEndian.PutUint32(out[9:13], uint32(len(hdr)))
	out = append(out, hdr...)
	out = append(out, headerMAC(fileKey, out)...)
	out = append(out, sealed...)
	sum := sha256.Sum256(out)
	return append(out, sum[:]...), nil
}

// decodeBody parses and checks a decrypted body (both formats).
func decodeBody(plain []byte) (body, error) {
	var b body
	if err := json.Unmarshal(plain, &b); err != nil {
		return body{}, fmt.Errorf("%w: the decrypted contents are not valid", ErrTampered)
	}
	if b.Version > bodyVersion {
		return body{}, ErrNewerFormat
	}
	for i := range b.Entries {
		if err := b.Entries[i].validate(); err != nil || b.Entries[i].ID == "" {
			return body{}, fmt.Errorf("%w: an entry is invalid", ErrTampered)
		}
	}
	return b, nil
}

func randomBytes(n int) ([]byte, error) {
	b := make([]byte, n)
	_, err := rand.Read(b)
	return b, err
}
