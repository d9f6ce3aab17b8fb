package vault

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"
)

// File layout (all integers little-endian):
//
//	0   magic "OTPFILLV"
//	8   format version (1)
//	9   KDF id (1 = Argon2id)
//	10  Argon2 time (uint32)
//	14  Argon2 memory in KiB (uint32)
//	18  Argon2 threads (uint8)
//	19  salt (16 bytes)
//	35  nonce (24 bytes, XChaCha20-Poly1305)
//	59  key check (32 bytes): HMAC-SHA256(check key, bytes 0..35)
//	91  ciphertext of the JSON body, AAD = bytes 0..91
//	end-32  SHA-256 of everything before it
//
// The trailing unkeyed checksum catches a flipped or missing byte before the
// KDF runs, so a damaged file is reported as damaged and not as a wrong
// passphrase. The key check then tells a wrong passphrase from a body that
// was modified with the checksum recomputed (which the AEAD catches).
const (
	magic         = "OTPFILLV"
	formatVersion = 1
	kdfArgon2id   = 1
	saltLen       = 16
	offSalt       = 19
	offNonce      = offSalt + saltLen
	offCheck      = offNonce + chacha20poly1305.NonceSizeX
	headerLen     = offCheck + sha256.Size
	trailerLen    = sha256.Size
	minFileLen    = headerLen + chacha20poly1305.Overhead + trailerLen
)

// KDFParams are Argon2id's cost parameters, stored in the header so they can
// be raised later without breaking old vaults.
type KDFParams struct {
	Time      uint32 `json:"time"`
	MemoryKiB uint32 `json:"memory_kib"`
	Threads   uint8  `json:"threads"`
}

// DefaultKDF costs about 0.4 s on a 2-core machine: strong, not annoying
// (an unlock happens once per session). Memory stays at DESIGN.md's 64 MiB
// so the host's peak stays modest; the time cost makes up the difference
// (t=3 alone measured 0.08 s here).
var DefaultKDF = KDFParams{Time: 16, MemoryKiB: 64 * 1024, Threads: 4}

// FastKDF is for tests only (OTPFILL_KDF=fast).
var FastKDF = KDFParams{Time: 1, MemoryKiB: 8 * 1024, Threads: 1}

func (p KDFParams) valid() bool {
	// Upper bounds stop a crafted header from making us allocate gigabytes.
	return p.Time >= 1 && p.Time <= 64 && p.MemoryKiB >= 8 && p.MemoryKiB <= 2*1024*1024 && p.Threads >= 1
}

// keys derived from one passphrase and salt.
type keys struct {
	enc   []byte // XChaCha20-Poly1305 key
	check []byte // key-check HMAC key
}

// KeyLen is the length of the key material the KDF produces.
const KeyLen = 64

// DeriveKey runs Argon2id. Exported so a helper process can run it (see
// Deriver).
func DeriveKey(pass, salt []byte, p KDFParams) []byte {
	return argon2.IDKey(pass, salt, p.Time, p.MemoryKiB, p.Threads, KeyLen)
}

// Deriver computes DeriveKey, perhaps elsewhere: the long-lived host runs
// it in a short-lived child so that Argon2's 64 MiB never count against its
// own memory.
type Deriver func(pass, salt []byte, p KDFParams) ([]byte, error)

func inProcess(pass, salt []byte, p KDFParams) ([]byte, error) { return DeriveKey(pass, salt, p), nil }

func deriveKeys(pass []byte, salt []byte, p KDFParams) keys {
	k, _ := inProcess(pass, salt, p)
	return keysFrom(k)
}

func keysFrom(k []byte) keys { return keys{enc: k[:32], check: k[32:]} }

func (k *keys) wipe() {
	for i := range k.enc {
		k.enc[i] = 0
	}
	for i := range k.check {
		k.check[i] = 0
	}
}

// header is the parsed fixed part of a vault file.
type header struct {
	version byte
	kdf     KDFParams
	salt    []byte
	raw     []byte // bytes 0..headerLen, the AAD
}

// body is the decrypted JSON document.
type body struct {
	Version int     `json:"version"`
	Entries []Entry `json:"entries"`
}

// parseHeader checks structure and the unkeyed checksum: no KDF work.
func parseHeader(file []byte) (header, error) {
	if len(file) < len(magic) || !bytes.Equal(file[:len(magic)], []byte(magic)) {
		if len(file) == 0 {
			return header{}, fmt.Errorf("%w: the file is empty", ErrTampered)
		}
		return header{}, fmt.Errorf("%w: not an otpfill vault", ErrTampered)
	}
	if len(file) < minFileLen {
		return header{}, fmt.Errorf("%w: the file is truncated", ErrTampered)
	}
	sum := sha256.Sum256(file[:len(file)-trailerLen])
	if !hmac.Equal(sum[:], file[len(file)-trailerLen:]) {
		return header{}, ErrTampered
	}
	h := header{version: file[8], raw: file[:headerLen]}
	if h.version > formatVersion {
		return header{}, ErrNewerFormat
	}
	if h.version != formatVersion || file[9] != kdfArgon2id {
		return header{}, fmt.Errorf("%w: unknown format or key derivation", ErrTampered)
	}
	h.kdf = KDFParams{
		Time:      binary.LittleEndian.Uint32(file[10:14]),
		MemoryKiB: binary.LittleEndian.Uint32(file[14:18]),
		Threads:   file[18],
	}
	if !h.kdf.valid() {
		return header{}, fmt.Errorf("%w: key derivation parameters out of range", ErrTampered)
	}
	h.salt = file[offSalt:offNonce]
	return h, nil
}

func keyCheck(k keys, raw []byte) []byte {
	m := hmac.New(sha256.New, k.check)
	m.Write(raw[:offNonce]) // the part fixed by passphrase and salt
	return m.Sum(nil)
}

// decrypt opens a file whose header passed parseHeader.
func decrypt(file []byte, h header, k keys) (body, error) {
	if !hmac.Equal(keyCheck(k, h.raw), h.raw[offCheck:headerLen]) {
		return body{}, ErrBadPassphrase
	}
	aead, err := chacha20poly1305.NewX(k.enc)
	if err != nil {
		return body{}, err
	}
	ct := file[headerLen : len(file)-trailerLen]
	// In place: at 10,000 entries a second copy of the body is a tenth of the
	// host's peak memory. file is not used again after this.
	plain, err := aead.Open(ct[:0], h.raw[offNonce:offCheck], ct, h.raw)
	if err != nil {
		return body{}, ErrTampered
	}
	defer wipe(plain)
	var b body
	if err := json.Unmarshal(plain, &b); err != nil {
		return body{}, fmt.Errorf("%w: the decrypted contents are not valid", ErrTampered)
	}
	if b.Version > formatVersion {
		return body{}, ErrNewerFormat
	}
	for i := range b.Entries {
		if err := b.Entries[i].validate(); err != nil || b.Entries[i].ID == "" {
			return body{}, fmt.Errorf("%w: an entry is invalid", ErrTampered)
		}
	}
	return b, nil
}

// encrypt builds a complete vault file with a fresh nonce.
func encrypt(b body, p KDFParams, salt []byte, k keys) ([]byte, error) {
	plain, err := json.Marshal(b)
	if err != nil {
		return nil, err
	}
	defer wipe(plain)
	aead, err := chacha20poly1305.NewX(k.enc)
	if err != nil {
		return nil, err
	}
	out := make([]byte, headerLen, headerLen+len(plain)+aead.Overhead()+trailerLen)
	copy(out, magic)
	out[8] = formatVersion
	out[9] = kdfArgon2id
	binary.LittleEndian.PutUint32(out[10:14], p.Time)
	binary.LittleEndian.PutUint32(out[14:18], p.MemoryKiB)
	out[18] = p.Threads
	copy(out[offSalt:offNonce], salt)
	if _, err := rand.Read(out[offNonce:offCheck]); err != nil {
		return nil, err
	}
	copy(out[offCheck:headerLen], keyCheck(k, out))
	out = aead.Seal(out, out[offNonce:offCheck], plain, out[:headerLen])
	sum := sha256.Sum256(out)
	return append(out, sum[:]...), nil
}

func newSalt() ([]byte, error) {
	s := make([]byte, saltLen)
	_, err := rand.Read(s)
	return s, err
}

func wipe(b []byte) {
	for i := range b {
		b[i] = 0
	}
}

func sha256Sum(b []byte) []byte {
	s := sha256.Sum256(b)
	return s[:]
}
