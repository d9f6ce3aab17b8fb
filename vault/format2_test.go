package vault

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/otpfill/otpfill/keyring"
	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/crypto/hkdf"
)

// vector is testdata/v2.json: the secrets that open testdata/v2.otpfill.
type vector struct {
	Passphrase     string  `json:"passphrase"`
	KeyringService string  `json:"keyring_service"`
	KeyringItem    string  `json:"keyring_item"`
	KeyringKey     string  `json:"keyring_key_base64"`
	FileKey        string  `json:"file_key_hex"`
	Entries        []Entry `json:"entries"`
}

func loadVector(t testing.TB) (vector, []byte) {
	t.Helper()
	var vec vector
	raw, err := os.ReadFile("testdata/v2.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &vec); err != nil {
		t.Fatal(err)
	}
	file, err := os.ReadFile("testdata/v2.otpfill")
	if err != nil {
		t.Fatal(err)
	}
	return vec, file
}

// vectorStore is a keyring holding the vector's item.
func vectorStore(vec vector) *keyring.Memory {
	m := keyring.NewMemory()
	m.Set(vec.KeyringService, vec.KeyringItem, vec.KeyringKey)
	return m
}

// TestVectorFollowsFORMAT decodes the committed vector with nothing but
// FORMAT.md's rules and the primitives (not the package's code), so a change
// to the format cannot slip in with matching changes to reader and writer.
func TestVectorFollowsFORMAT(t *testing.T) {
	vec, file := loadVector(t)
	sum := sha256.Sum256(file[:len(file)-32])
	if string(file[:8]) != "OTPFILLV" || file[8] != 2 || !bytes.Equal(sum[:], file[len(file)-32:]) {
		t.Fatal("magic, version or checksum")
	}
	h := int(binary.LittleEndian.Uint32(file[9:13]))
	var hdr struct {
		Stanzas []struct {
			Type     string `json:"type"`
			Argon2id struct {
				Time      uint32 `json:"time"`
				MemoryKiB uint32 `json:"memory_kib"`
				Threads   uint8  `json:"threads"`
			} `json:"argon2id"`
			Service string `json:"service"`
			Item    string `json:"item"`
			Salt    []byte `json:"salt"`
			Wrapped []byte `json:"wrapped"`
		} `json:"stanzas"`
	}
	if err := json.Unmarshal(file[13:13+h], &hdr); err != nil {
		t.Fatal(err)
	}
	sub := func(secret, salt []byte, label string) []byte {
		k := make([]byte, 32)
		io.ReadFull(hkdf.New(sha256.New, secret, salt, []byte(label)), k)
		return k
	}
	unwrap := func(key []byte, typ string, wrapped []byte) []byte {
		aead, _ := chacha20poly1305.New(key)
		fk, err := aead.Open(nil, make([]byte, 12), wrapped, []byte(typ))
		if err != nil {
			t.Fatalf("%s stanza: %v", typ, err)
		}
		return fk
	}
	want, _ := hex.DecodeString(vec.FileKey)
	for _, s := range hdr.Stanzas {
		var fk []byte
		switch s.Type {
		case "passphrase":
			a := s.Argon2id
			material := argon2.IDKey([]byte(vec.Passphrase), s.Salt, a.Time, a.MemoryKiB, a.Threads, 64)
			fk = unwrap(sub(material, s.Salt, "otpfill v2 passphrase stanza"), s.Type, s.Wrapped)
		case "keyring":
			if s.Service != vec.KeyringService || s.Item != vec.KeyringItem {
				t.Fatalf("keyring stanza names %s/%s", s.Service, s.Item)
			}
			key, _ := base64.StdEncoding.DecodeString(vec.KeyringKey)
			fk = unwrap(sub(key, s.Salt, "otpfill v2 keyring stanza"), s.Type, s.Wrapped)
		default:
			t.Fatalf("stanza %q", s.Type)
		}
		if !bytes.Equal(fk, want) {
			t.Fatalf("%s stanza unwraps another file key", s.Type)
		}
	}
	if len(hdr.Stanzas) != 2 {
		t.Fatalf("%d stanzas", len(hdr.Stanzas))
	}
	mac := hmac.New(sha256.New, sub(want, nil, "otpfill v2 header mac"))
	mac.Write(file[:13+h])
	if !hmac.Equal(mac.Sum(nil), file[13+h:13+h+32]) {
		t.Fatal("header MAC")
	}
	aead, _ := chacha20poly1305.NewX(sub(want, nil, "otpfill v2 body"))
	nonce := file[13+h+32 : 13+h+32+24]
	plain, err := aead.Open(nil, nonce, file[13+h+32+24:len(file)-32], []byte("OTPFILLV\x02"))
	if err != nil {
		t.Fatal(err)
	}
	var b struct {
		Version int     `json:"version"`
		Entries []Entry `json:"entries"`
	}
	if err := json.Unmarshal(plain, &b); err != nil || b.Version != 1 {
		t.Fatalf("body: %v version %d", err, b.Version)
	}
	sameEntries(t, b.Entries, vec.Entries)
}

func sameEntries(t *testing.T, got, want []Entry) {
	t.Helper()
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if !bytes.Equal(g, w) {
		t.Fatalf("entries\n got %s\nwant %s", g, w)
	}
}

func writeTemp(t testing.TB, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), FileName)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestVectorOpens(t *testing.T) {
	vec, file := loadVector(t)
	path := writeTemp(t, file)
	v, err := Open(path, []byte(vec.Passphrase))
	if err != nil {
		t.Fatal(err)
	}
	sameEntries(t, v.Entries(), vec.Entries)
	if v.UnlockedBy() != UnlockedByPassphrase {
		t.Fatal(v.UnlockedBy())
	}
	v.Close()
	v, err = OpenKeyring(path, vectorStore(vec))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	sameEntries(t, v.Entries(), vec.Entries)
	if v.UnlockedBy() != UnlockedByKeyring {
		t.Fatal(v.UnlockedBy())
	}
}

// rebuild reassembles a format-2 file after edit changes its header (as
// generic JSON). The checksum is always recomputed (a deliberate change,
// not damage); the MAC only when remac, which takes the file key.
func rebuild(t *testing.T, file []byte, edit func(h map[string]any), remac []byte) []byte {
	t.Helper()
	n := int(binary.LittleEndian.Uint32(file[9:13]))
	var h map[string]any
	if err := json.Unmarshal(file[13:13+n], &h); err != nil {
		t.Fatal(err)
	}
	edit(h)
	hdr, _ := json.Marshal(h)
	out := append([]byte{}, file[:9]...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(hdr)))
	out = append(out, hdr...)
	if remac != nil {
		out = append(out, headerMAC(remac, out)...)
	} else {
		out = append(out, file[13+n:13+n+32]...)
	}
	out = append(out, file[13+n+32:len(file)-32]...)
	sum := sha256.Sum256(out)
	return append(out, sum[:]...)
}

func stanzaOf(h map[string]any, typ string) map[string]any {
	for _, s := range h["stanzas"].([]any) {
		if m := s.(map[string]any); m["type"] == typ {
			return m
		}
	}
	panic("no stanza " + typ)
}

func dropStanza(h map[string]any, typ string) {
	var keep []any
	for _, s := range h["stanzas"].([]any) {
		if s.(map[string]any)["type"] != typ {
			keep = append(keep, s)
		}
	}
	h["stanzas"] = keep
}

func flipB64(s any) string {
	b, _ := base64.StdEncoding.DecodeString(s.(string))
	b[0] ^= 1
	return base64.StdEncoding.EncodeToString(b)
}

func fixSum(b []byte) []byte {
	sum := sha256.Sum256(b[:len(b)-32])
	copy(b[len(b)-32:], sum[:])
	return b
}

// TestTamperEveryField changes each stanza and header field the way an
// attacker would (checksum recomputed) and checks what each way of opening
// says. A change to a stanza's own secret-bound fields is, for that stanza,
// indistinguishable from a wrong key (FORMAT.md); everything else is damage.
func TestTamperEveryField(t *testing.T) {
	vec, file := loadVector(t)
	fileKey, _ := hex.DecodeString(vec.FileKey)
	n := int(binary.LittleEndian.Uint32(file[9:13]))
	edit := func(f func(h map[string]any)) func() []byte {
		return func() []byte { return rebuild(t, file, f, nil) }
	}
	bytesAt := func(off int) func() []byte {
		return func() []byte {
			b := bytes.Clone(file)
			b[off] ^= 1
			return fixSum(b)
		}
	}
	cases := []struct {
		name        string
		file        func() []byte
		pass, kring error
	}{
		{"passphrase salt", edit(func(h map[string]any) { s := stanzaOf(h, "passphrase"); s["salt"] = flipB64(s["salt"]) }), ErrBadPassphrase, ErrTampered},
		{"passphrase wrapped", edit(func(h map[string]any) { s := stanzaOf(h, "passphrase"); s["wrapped"] = flipB64(s["wrapped"]) }), ErrBadPassphrase, ErrTampered},
		{"passphrase time", edit(func(h map[string]any) { stanzaOf(h, "passphrase")["argon2id"].(map[string]any)["time"] = 2 }), ErrBadPassphrase, ErrTampered},
		{"passphrase memory", edit(func(h map[string]any) { stanzaOf(h, "passphrase")["argon2id"].(map[string]any)["memory_kib"] = 16384 }), ErrBadPassphrase, ErrTampered},
		{"passphrase threads", edit(func(h map[string]any) { stanzaOf(h, "passphrase")["argon2id"].(map[string]any)["threads"] = 2 }), ErrBadPassphrase, ErrTampered},
		{"passphrase memory over 1 GiB", edit(func(h map[string]any) {
			stanzaOf(h, "passphrase")["argon2id"].(map[string]any)["memory_kib"] = 2 << 20
		}), ErrKDFLimits, ErrKDFLimits},
		{"passphrase time excessive", edit(func(h map[string]any) { stanzaOf(h, "passphrase")["argon2id"].(map[string]any)["time"] = 100000 }), ErrKDFLimits, ErrKDFLimits},
		{"passphrase threads excessive", edit(func(h map[string]any) {
			stanzaOf(h, "passphrase")["argon2id"].(map[string]any)["threads"] = 255
		}), ErrKDFLimits, ErrKDFLimits},
		{"passphrase threads zero", edit(func(h map[string]any) { stanzaOf(h, "passphrase")["argon2id"].(map[string]any)["threads"] = 0 }), ErrTampered, ErrTampered},
		{"passphrase kdf missing", edit(func(h map[string]any) { delete(stanzaOf(h, "passphrase"), "argon2id") }), ErrTampered, ErrTampered},
		{"passphrase salt short", edit(func(h map[string]any) { stanzaOf(h, "passphrase")["salt"] = "AAAA" }), ErrTampered, ErrTampered},
		{"keyring salt", edit(func(h map[string]any) { s := stanzaOf(h, "keyring"); s["salt"] = flipB64(s["salt"]) }), ErrTampered, ErrKeyring},
		{"keyring wrapped", edit(func(h map[string]any) { s := stanzaOf(h, "keyring"); s["wrapped"] = flipB64(s["wrapped"]) }), ErrTampered, ErrKeyring},
		{"keyring item", edit(func(h map[string]any) { stanzaOf(h, "keyring")["item"] = "vault-0000000000000000" }), ErrTampered, ErrKeyring},
		{"keyring service", edit(func(h map[string]any) { stanzaOf(h, "keyring")["service"] = "other" }), ErrTampered, ErrKeyring},
		{"keyring item invalid", edit(func(h map[string]any) { stanzaOf(h, "keyring")["item"] = "a b" }), ErrTampered, ErrTampered},
		{"keyring stanza removed", edit(func(h map[string]any) { dropStanza(h, "keyring") }), ErrTampered, ErrNoKeyringStanza},
		{"passphrase stanza removed", edit(func(h map[string]any) { dropStanza(h, "passphrase") }), ErrTampered, ErrTampered},
		{"stanza added", edit(func(h map[string]any) {
			h["stanzas"] = append(h["stanzas"].([]any), map[string]any{"type": "fido2", "salt": "", "wrapped": ""})
		}), ErrTampered, ErrTampered},
		{"stanza duplicated", edit(func(h map[string]any) {
			h["stanzas"] = append(h["stanzas"].([]any), stanzaOf(h, "passphrase"))
		}), ErrTampered, ErrTampered},
		{"stanzas reordered", edit(func(h map[string]any) { s := h["stanzas"].([]any); s[0], s[1] = s[1], s[0] }), ErrTampered, ErrTampered},
		{"stanza without type", edit(func(h map[string]any) { delete(stanzaOf(h, "keyring"), "type") }), ErrTampered, ErrTampered},
		{"extra header field", edit(func(h map[string]any) { h["note"] = "x" }), ErrTampered, ErrTampered},
		{"no stanzas", edit(func(h map[string]any) { h["stanzas"] = []any{} }), ErrTampered, ErrTampered},
		{"only unknown stanzas", func() []byte {
			return rebuild(t, file, func(h map[string]any) {
				h["stanzas"] = []any{map[string]any{"type": "fido2"}}
			}, fileKey)
		}, ErrNewerFormat, ErrNewerFormat},
		{"magic", bytesAt(0), ErrTampered, ErrTampered},
		{"version 1", func() []byte { b := bytes.Clone(file); b[8] = 1; return fixSum(b) }, ErrTampered, ErrTampered},
		{"version 3", func() []byte { b := bytes.Clone(file); b[8] = 3; return fixSum(b) }, ErrNewerFormat, ErrNewerFormat},
		{"header length", func() []byte {
			b := bytes.Clone(file)
			binary.LittleEndian.PutUint32(b[9:13], uint32(n+1))
			return fixSum(b)
		}, ErrTampered, ErrTampered},
		{"header length huge", func() []byte {
			b := bytes.Clone(file)
			binary.LittleEndian.PutUint32(b[9:13], 1<<31)
			return fixSum(b)
		}, ErrTampered, ErrTampered},
		{"header MAC", bytesAt(13 + n), ErrTampered, ErrTampered},
		{"body nonce", bytesAt(13 + n + 32), ErrTampered, ErrTampered},
		{"body ciphertext", bytesAt(13 + n + 32 + 24 + 5), ErrTampered, ErrTampered},
		{"body tag", bytesAt(len(file) - 33), ErrTampered, ErrTampered},
		{"checksum", func() []byte { b := bytes.Clone(file); b[len(b)-1] ^= 1; return b }, ErrTampered, ErrTampered},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := writeTemp(t, c.file())
			if _, err := Open(path, []byte(vec.Passphrase)); !errors.Is(err, c.pass) {
				t.Errorf("passphrase: got %v, want %v", err, c.pass)
			}
			if _, err := OpenKeyring(path, vectorStore(vec)); !errors.Is(err, c.kring) {
				t.Errorf("keyring: got %v, want %v", err, c.kring)
			}
		})
	}
}

// TestUnknownStanzaKept: a stanza of a newer otpfill (MACed by it) is
// ignored when opening and kept when rewriting.
func TestUnknownStanzaKept(t *testing.T) {
	vec, file := loadVector(t)
	fileKey, _ := hex.DecodeString(vec.FileKey)
	path := writeTemp(t, rebuild(t, file, func(h map[string]any) {
		h["stanzas"] = append(h["stanzas"].([]any), map[string]any{"type": "fido2", "blob": "AAEC"})
	}, fileKey))
	v, err := Open(path, []byte(vec.Passphrase))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if _, err := v.Add(Entry{Account: "new@x.y", Secret: testSecret}, false); err != nil {
		t.Fatal(err)
	}
	st, err := Keyring(path, vectorStore(vec))
	if err != nil || len(st.Stanzas) != 3 || st.Stanzas[2] != "fido2" || st.Item != ItemReachable {
		t.Fatalf("%+v %v", st, err)
	}
	raw, _ := os.ReadFile(path)
	if !bytes.Contains(raw, []byte(`{"blob":"AAEC","type":"fido2"}`)) {
		t.Fatal("unknown stanza not kept verbatim")
	}
}

func TestCreateRefusesKDFBeyondLimits(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	for _, p := range []KDFParams{{Time: 1, MemoryKiB: 2 << 20, Threads: 1}, {Time: 200, MemoryKiB: 64 << 10, Threads: 4}, {Time: 1, MemoryKiB: 1 << 10, Threads: 64}} {
		if _, err := Create(path, []byte("pw"), p); !errors.Is(err, ErrKDFLimits) {
			t.Fatalf("%+v: %v", p, err)
		}
	}
	if err := DefaultKDF.Check(); err != nil {
		t.Fatal(err)
	}
}
