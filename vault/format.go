package vault

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"fmt"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"
)

// Format 1, read for the upgrade to format 2 (FORMAT.md), all integers
// little-endian:
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
// Both formats end with that unkeyed checksum: it catches a flipped or
// missing byte before the KDF runs, so a damaged file is reported as damaged
// and not as a wrong passphrase.
const (
	magic       = "OTPFILLV"
	format1     = 1
	format2     = 2
	bodyVersion = 1 // the JSON body's schema, the same in both formats
	kdfArgon2id = 1
	saltLen     = 16
	offSalt     = 19
	offNonce    = offSalt + saltLen
	offCheck    = offNonce + chacha20poly1305.NonceSizeX
	headerLen   = offCheck + sha256.Size
	trailerLen  = sha256.Size
	minFileLen  = headerLen + chacha20poly1305.Overhead + trailerLen
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

// KDF limits: a crafted header must not make otpfill allocate gigabytes or
// spin for minutes. maxWork (passes × KiB) is 8 × the default's, about 3 s
// on 2 cores.
const (
	maxMemoryKiB = 1 << 20 // 1 GiB
	maxThreads   = 16
	maxTime      = 1 << 16
	maxWork      = 8 * 16 * 64 * 1024
)

// Check refuses parameters Argon2id cannot take (damage) and parameters
// beyond the limits (ErrKDFLimits).
func (p KDFParams) Check() error {
	if p.Time < 1 || p.Threads < 1 || p.MemoryKiB < 8*uint32(p.Threads) {
		return fmt.Errorf("%w: key derivation parameters out of range", ErrTampered)
	}
	if p.MemoryKiB > maxMemoryKiB || p.Threads > maxThreads || p.Time > maxTime || uint64(p.Time)*uint64(p.MemoryKiB) > maxWork {
		return fmt.Errorf("%w (asked: %d MiB, time %d, %d threads)", ErrKDFLimits, p.MemoryKiB/1024, p.Time, p.Threads)
	}
	return nil
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

// checkFile checks what every format shares (magic, the unkeyed checksum,
// a known version) and returns the version: no KDF work.
func checkFile(file []byte) (byte, error) {
	if len(file) < len(magic) || !bytes.Equal(file[:len(magic)], []byte(magic)) {
		if len(file) == 0 {
			return 0, fmt.Errorf("%w: the file is empty", ErrTampered)
		}
		return 0, fmt.Errorf("%w: not an otpfill vault", ErrTampered)
	}
	if len(file) < len(magic)+1+trailerLen {
		return 0, fmt.Errorf("%w: the file is truncated", ErrTampered)
	}
	sum := sha256.Sum256(file[:len(file)-trailerLen])
	if !hmac.Equal(sum[:], file[len(file)-trailerLen:]) {
		return 0, ErrTampered
	}
	switch v := file[8]; {
	case v > format2:
		return 0, ErrNewerFormat
	case v < format1:
		return 0, fmt.Errorf("%w: unknown format", ErrTampered)
	default:
		return v, nil
	}
}

// parseHeader reads a format-1 file that passed checkFile.
func parseHeader(file []byte) (header, error) {
	if len(file) < minFileLen {
		return header{}, fmt.Errorf("%w: the file is truncated", ErrTampered)
	}
	h := header{version: file[8], raw: file[:headerLen]}
	if file[9] != kdfArgon2id {
		return header{}, fmt.Errorf("%w: unknown key derivation", ErrTampered)
	}
	h.kdf = KDFParams{
		Time:      binary.LittleEndian.Uint32(file[10:14]),
		MemoryKiB: binary.LittleEndian.Uint32(file[14:18]),
		Threads:   file[18],
	}
	if err := h.kdf.Check(); err != nil {
		return header{}, err
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
	return decodeBody(plain)
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
