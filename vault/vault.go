// Package vault stores TOTP entries in one encrypted file (FORMAT.md): a
// random file key seals a JSON body with XChaCha20-Poly1305, header stanzas
// wrap that key for the passphrase (Argon2id) and the OS keyring, and a lock
// file serializes read-modify-write across processes.
package vault

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/gofrs/flock"
	"github.com/mitchellh/go-homedir"
)

// FileName is the vault's name inside the otpfill config directory.
const FileName = "vault.otpfill"

// lockTimeout bounds how long a writer waits for another process.
const lockTimeout = 15 * time.Second

// DefaultPath is $OTPFILL_VAULT, else os.UserConfigDir()/otpfill/vault.otpfill.
func DefaultPath() (string, error) {
	if p := os.Getenv("OTPFILL_VAULT"); p != "" {
		return ExpandPath(p)
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("cannot find the user config directory: %w", err)
	}
	return filepath.Join(dir, "otpfill", FileName), nil
}

// ReadPassphraseFile returns the first line of a file (without CR/LF):
// --passphrase-file and OTPFILL_PASSPHRASE_FILE.
func ReadPassphraseFile(path string) ([]byte, error) {
	if err := checkPassphraseFile(path); err != nil {
		return nil, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the passphrase file: %w", err)
	}
	defer wipe(data)
	line, _, _ := bytes.Cut(data, []byte("\n"))
	line = bytes.TrimRight(line, "\r")
	if len(line) == 0 {
		return nil, errors.New("the passphrase file's first line is empty")
	}
	return bytes.Clone(line), nil
}

// ExpandPath expands a leading ~ and makes the path absolute.
func ExpandPath(p string) (string, error) {
	p, err := homedir.Expand(p)
	if err != nil {
		return "", err
	}
	return filepath.Abs(p)
}

// Vault is an unlocked vault: the file key and the entries in memory.
// Its methods are safe for concurrent use.
type Vault struct {
	mu      sync.Mutex
	path    string
	fileKey []byte   // nil once closed
	stanzas []stanza // the format-2 header to write
	v1      *v1State // while the file on disk is format 1, until the upgrade is written
	entries []Entry
	gen     uint64 // changes with entries (see Read)
	sum     []byte // trailing checksum of the file last read or written
	by      string // how it was unlocked: UnlockedByPassphrase or UnlockedByKeyring
}

// How a vault was unlocked (Vault.UnlockedBy).
const (
	UnlockedByPassphrase = "passphrase"
	UnlockedByKeyring    = "keyring"
)

// v1State is what reading a format-1 file takes: its key material (the
// Argon2id output, which also wraps the file key in the upgrade's
// passphrase stanza: same salt, same parameters), salt and parameters.
type v1State struct {
	material []byte
	kdf      KDFParams
	salt     []byte
}

func (s *v1State) wipe() {
	if s != nil {
		wipe(s.material)
	}
}

// Path is the vault file's path.
func (v *Vault) Path() string { return v.path }

// UnlockedBy says which stanza opened the vault.
func (v *Vault) UnlockedBy() string { return v.by }

// Create writes a new, empty vault. It refuses to overwrite one.
func Create(path string, pass []byte, kdf KDFParams) (*Vault, error) {
	if len(pass) == 0 {
		return nil, errors.New("the passphrase is empty")
	}
	if err := kdf.Check(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	unlock, err := lockFile(path)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if _, err := os.Lstat(path); err == nil {
		return nil, ErrVaultExists
	}
	removeStaleTemps(path)
	fileKey, err := randomBytes(fileKeyLen)
	if err != nil {
		return nil, err
	}
	st, err := passphraseStanza(pass, kdf, fileKey)
	if err != nil {
		return nil, err
	}
	v := &Vault{path: path, fileKey: fileKey, stanzas: []stanza{st}, by: UnlockedByPassphrase}
	if err := v.save(nil); err != nil {
		v.Close()
		return nil, err
	}
	return v, nil
}

// passphraseStanza wraps fileKey under pass with a fresh salt (the KDF runs
// here, in this process).
func passphraseStanza(pass []byte, kdf KDFParams, fileKey []byte) (stanza, error) {
	salt, err := newSalt()
	if err != nil {
		return stanza{}, err
	}
	st := stanza{Type: stanzaPassphrase, KDF: &kdf, Salt: salt}
	material := DeriveKey(pass, salt, kdf)
	st.seal(material, fileKey)
	wipe(material)
	return st, nil
}

// Open reads and decrypts the vault at path.
func Open(path string, pass []byte) (*Vault, error) { return OpenWith(path, pass, nil) }

// OpenWith is Open with the key derived by derive (nil: in this process).
func OpenWith(path string, pass []byte, derive Deriver) (*Vault, error) {
	file, err := readFile(path)
	if err != nil {
		return nil, err
	}
	ver, err := checkFile(file)
	if err != nil {
		return nil, err
	}
	if ver == format1 {
		return openV1(path, file, pass, derive)
	}
	f, err := parse2(file)
	if err != nil {
		return nil, err
	}
	st := f.find(stanzaPassphrase)
	if st == nil {
		return nil, noStanza(&f, "passphrase")
	}
	material, err := runDerive(derive, pass, st.Salt, *st.KDF)
	if err != nil {
		return nil, err
	}
	fileKey, ok := st.open(material)
	wipe(material)
	if !ok {
		return nil, ErrBadPassphrase
	}
	return finishOpen(path, &f, fileKey, UnlockedByPassphrase)
}

// noStanza explains a missing stanza: a file whose stanzas are all of
// unknown types comes from a newer otpfill; otherwise it was altered (otpfill
// never removes the passphrase stanza).
func noStanza(f *file2, what string) error {
	for i := range f.stanzas {
		if f.stanzas[i].raw == nil {
			if what == stanzaKeyring {
				return ErrNoKeyringStanza
			}
			return fmt.Errorf("%w: the vault has no %s stanza", ErrTampered, what)
		}
	}
	return ErrNewerFormat
}

func runDerive(derive Deriver, pass, salt []byte, kdf KDFParams) ([]byte, error) {
	if derive == nil {
		derive = inProcess
	}
	material, err := derive(pass, salt, kdf)
	if err != nil {
		return nil, fmt.Errorf("cannot derive the key: %w", err)
	}
	if len(material) != KeyLen {
		return nil, errors.New("cannot derive the key: wrong length")
	}
	return material, nil
}

// finishOpen checks the header MAC under an unwrapped file key and
// decrypts the body.
func finishOpen(path string, f *file2, fileKey []byte, by string) (*Vault, error) {
	if !f.verify(fileKey) {
		wipe(fileKey)
		return nil, fmt.Errorf("%w: the header was altered", ErrTampered)
	}
	sum := bytes.Clone(f.sum)
	b, err := f.openBody(fileKey)
	if err != nil {
		wipe(fileKey)
		return nil, err
	}
	v := &Vault{path: path, fileKey: fileKey, stanzas: f.stanzas, entries: b.Entries, sum: sum, by: by}
	v.tidy()
	return v, nil
}

// openV1 opens a format-1 file and prepares its upgrade: a new file key,
// wrapped in a passphrase stanza by the key material just derived.
func openV1(path string, file, pass []byte, derive Deriver) (*Vault, error) {
	h, err := parseHeader(file)
	if err != nil {
		return nil, err
	}
	material, err := runDerive(derive, pass, h.salt, h.kdf)
	if err != nil {
		return nil, err
	}
	sum := bytes.Clone(file[len(file)-trailerLen:])
	b, err := decrypt(file, h, keysFrom(material))
	if err != nil {
		wipe(material)
		return nil, err
	}
	fileKey, err := randomBytes(fileKeyLen)
	if err != nil {
		wipe(material)
		return nil, err
	}
	kdf := h.kdf
	st := stanza{Type: stanzaPassphrase, KDF: &kdf, Salt: bytes.Clone(h.salt)}
	st.seal(material, fileKey)
	v := &Vault{path: path, fileKey: fileKey, stanzas: []stanza{st}, entries: b.Entries, sum: sum,
		v1: &v1State{material: material, kdf: h.kdf, salt: st.Salt}, by: UnlockedByPassphrase}
	v.tidy()
	return v, nil
}

// Probe checks that path holds a structurally sound vault without the
// passphrase (no key derivation): for `doctor` and the host's hello.
func Probe(path string) error {
	file, err := readFile(path)
	if err != nil {
		return err
	}
	ver, err := checkFile(file)
	if err != nil {
		return err
	}
	if ver == format1 {
		_, err = parseHeader(file)
	} else {
		_, err = parse2(file)
	}
	return err
}

// KDF reports the passphrase stanza's key derivation parameters.
func (v *Vault) KDF() KDFParams {
	v.mu.Lock()
	defer v.mu.Unlock()
	for i := range v.stanzas {
		if v.stanzas[i].Type == stanzaPassphrase {
			return *v.stanzas[i].KDF
		}
	}
	return KDFParams{}
}

func readFile(path string) ([]byte, error) {
	file, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNoVault
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the vault: %w", err)
	}
	return file, nil
}

// tidy removes temp files left by a crashed writer, if no writer is active.
func (v *Vault) tidy() {
	fl := flock.New(v.path + ".lock")
	if ok, err := fl.TryLock(); err == nil && ok {
		removeStaleTemps(v.path)
		fl.Unlock()
	}
}

// Close forgets the key and the entries.
func (v *Vault) Close() {
	v.mu.Lock()
	defer v.mu.Unlock()
	wipe(v.fileKey)
	v.fileKey = nil
	v.v1.wipe()
	v.v1 = nil
	for i := range v.entries {
		v.entries[i].Secret = ""
	}
	v.entries = nil
	v.gen++
}

// Entries returns a copy of the entries as last read or written.
func (v *Vault) Entries() []Entry {
	v.mu.Lock()
	defer v.mu.Unlock()
	return cloneEntries(v.entries)
}

func cloneEntries(in []Entry) []Entry {
	out := make([]Entry, len(in))
	copy(out, in)
	for i := range out {
		out[i].TenantIDs = append([]string(nil), in[i].TenantIDs...)
	}
	return out
}

// Reload re-reads the file with the key already in memory. It reports
// whether the contents changed, and ErrKeyChanged when the file no longer
// opens with that key (another vault was put in its place; the caller should
// lock itself). A changed passphrase or keyring stanza keeps the file key, so
// it does not lock other handles.
func (v *Vault) Reload() (bool, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.reloadLocked()
}

func (v *Vault) reloadLocked() (bool, error) {
	if v.fileKey == nil {
		return false, ErrKeyChanged
	}
	file, err := readFile(v.path)
	if err != nil {
		return false, err
	}
	// The file this handle last read or wrote (its checksum, all of it):
	// nothing to do, and no need to hash megabytes again.
	if len(file) >= trailerLen && bytes.Equal(file[len(file)-trailerLen:], v.sum) {
		return false, nil
	}
	ver, err := checkFile(file)
	if err != nil {
		return false, err
	}
	sum := bytes.Clone(file[len(file)-trailerLen:])
	if ver == format1 {
		return v.reloadV1(file, sum)
	}
	f, err := parse2(file)
	if err != nil {
		return false, err
	}
	if !f.verify(v.fileKey) {
		if err := v.adoptUpgrade(&f); err != nil {
			return false, err
		}
	}
	b, err := f.openBody(v.fileKey)
	if err != nil {
		return false, err
	}
	v.stanzas, v.entries, v.sum = f.stanzas, b.Entries, sum
	v.gen++
	v.v1.wipe()
	v.v1 = nil // the file on disk is format 2 now
	return true, nil
}

// reloadV1 re-reads a format-1 file another process wrote (an older otpfill).
func (v *Vault) reloadV1(file, sum []byte) (bool, error) {
	if v.v1 == nil {
		return false, ErrKeyChanged
	}
	h, err := parseHeader(file)
	if err != nil {
		return false, err
	}
	if !bytes.Equal(h.salt, v.v1.salt) || h.kdf != v.v1.kdf {
		return false, ErrKeyChanged
	}
	b, err := decrypt(file, h, keysFrom(v.v1.material))
	if errors.Is(err, ErrBadPassphrase) {
		return false, ErrKeyChanged
	}
	if err != nil {
		return false, err
	}
	v.entries, v.sum = b.Entries, sum
	v.gen++
	return true, nil
}

// adoptUpgrade takes the file key of a format-1 vault that another process
// upgraded since this one read it: the key material of the format-1 file
// opens the upgrade's passphrase stanza (same salt and parameters).
func (v *Vault) adoptUpgrade(f *file2) error {
	st := f.find(stanzaPassphrase)
	if v.v1 == nil || st == nil || !bytes.Equal(st.Salt, v.v1.salt) || *st.KDF != v.v1.kdf {
		return ErrKeyChanged
	}
	fileKey, ok := st.open(v.v1.material)
	if !ok {
		return ErrKeyChanged
	}
	if !f.verify(fileKey) {
		wipe(fileKey)
		return fmt.Errorf("%w: the header was altered", ErrTampered)
	}
	wipe(v.fileKey)
	v.fileKey = fileKey
	return nil
}

// Update runs fn on the current entries under the cross-process lock and
// saves what it returns. The file is re-read first, so a change made by
// another process since Open is never lost. If fn fails nothing is written.
func (v *Vault) Update(fn func(entries []Entry) ([]Entry, error)) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	unlock, err := v.lockAndReload()
	if err != nil {
		return err
	}
	defer unlock()
	next, err := fn(cloneEntries(v.entries))
	if err != nil {
		return err
	}
	if err := checkChangedLabels(v.entries, next); err != nil {
		return err
	}
	for i := range next {
		if err := next[i].validate(); err != nil {
			return err
		}
	}
	prev := v.entries
	if err := v.save(next); err != nil {
		return err
	}
	pruneSteps(v.path, prev, next)
	return nil
}

// lockAndReload takes the cross-process lock, clears a crashed writer's
// temp files and re-reads the file, for a read-modify-write. The caller
// holds v.mu and calls the returned unlock.
func (v *Vault) lockAndReload() (func(), error) {
	unlock, err := lockFile(v.path)
	if err != nil {
		return nil, err
	}
	removeStaleTemps(v.path)
	if _, err := v.reloadLocked(); err != nil {
		unlock()
		return nil, err
	}
	return unlock, nil
}

// save encrypts and writes entries in format 2; the caller holds v.mu and
// the file lock.
func (v *Vault) save(entries []Entry) error {
	if entries == nil {
		entries = []Entry{}
	}
	sealed, err := sealBody(v.fileKey, body{Version: bodyVersion, Entries: entries})
	if err != nil {
		return err
	}
	if err := v.write(sealed, len(entries)); err != nil {
		return err
	}
	v.entries = entries
	v.gen++
	return nil
}

// write puts the header of v.stanzas and a sealed body in place: the
// upgrade of a format-1 file, or an atomic replace.
func (v *Vault) write(sealed []byte, entries int) error {
	file, err := assemble(v.fileKey, v.stanzas, sealed)
	if err != nil {
		return err
	}
	sum := bytes.Clone(file[len(file)-trailerLen:])
	if v.v1 != nil {
		err = v.upgrade(file, entries)
	} else if err = writeAtomic(v.path, file); err != nil {
		err = fmt.Errorf("cannot write the vault: %w", err)
	}
	if err != nil {
		return err
	}
	v.sum = sum
	return nil
}

// afterUpgradeWrite lets tests damage the upgraded file before it is read back.
var afterUpgradeWrite func(path string)

// BackupSuffix names the copy of a format-1 vault kept during its upgrade.
const BackupSuffix = ".v1.bak"

// upgrade replaces the format-1 file with file (format 2). The old file is
// copied to <vault>.v1.bak first and removed only once the new file was read
// back and decrypted with all its entries.
func (v *Vault) upgrade(file []byte, entries int) error {
	bak := v.path + BackupSuffix
	old, err := os.ReadFile(v.path)
	if err != nil {
		return fmt.Errorf("cannot read the vault: %w", err)
	}
	if err := writeAtomic(bak, old); err != nil {
		return fmt.Errorf("cannot keep a copy of the format-1 vault before upgrading it: %w", err)
	}
	if err := writeAtomic(v.path, file); err != nil {
		return fmt.Errorf("cannot write the vault: %w", err)
	}
	if afterUpgradeWrite != nil {
		afterUpgradeWrite(v.path)
	}
	if err := v.readBack(entries); err != nil {
		return fmt.Errorf("the vault was upgraded to format 2 but did not read back (%v); the format-1 copy is kept at %s", err, bak)
	}
	os.Remove(bak)
	v.v1.wipe()
	v.v1 = nil
	return nil
}

func (v *Vault) readBack(entries int) error {
	back, err := readFile(v.path)
	if err != nil {
		return err
	}
	if _, err := checkFile(back); err != nil {
		return err
	}
	f, err := parse2(back)
	if err != nil {
		return err
	}
	if !f.verify(v.fileKey) {
		return ErrTampered
	}
	b, err := f.openBody(v.fileKey)
	if err != nil {
		return err
	}
	if len(b.Entries) != entries {
		return fmt.Errorf("%d entries read back, %d written", len(b.Entries), entries)
	}
	return nil
}

// rewriteHeader writes v.stanzas and keeps the body's bytes as they are on
// disk (a format-1 file is upgraded whole): its cost does not grow with the
// number of entries. The caller holds v.mu and the file lock, after a reload.
func (v *Vault) rewriteHeader() error {
	if v.v1 != nil {
		return v.save(v.entries)
	}
	file, err := readFile(v.path)
	if err != nil {
		return err
	}
	// The caller just reloaded: this is the file v.sum names, unless it
	// changed since (then it is checked in full).
	if len(file) < trailerLen || !bytes.Equal(file[len(file)-trailerLen:], v.sum) {
		if _, err := checkFile(file); err != nil {
			return err
		}
	}
	f, err := parse2(file)
	if err != nil {
		return err
	}
	if !f.verify(v.fileKey) {
		return ErrKeyChanged
	}
	return v.write(file[len(f.signed)+macLen:len(file)-trailerLen], len(v.entries))
}

// setStanza replaces the stanza of st's type (or adds it, or with remove
// drops it) and rewrites the header; on failure v.stanzas is unchanged.
func (v *Vault) setStanza(st stanza, remove bool) error {
	old := v.stanzas
	next := make([]stanza, 0, len(old)+1)
	done := false
	for _, s := range old {
		if s.Type != st.Type {
			next = append(next, s)
		} else if !remove && !done {
			next, done = append(next, st), true
		}
	}
	if !remove && !done {
		next = append(next, st)
	}
	v.stanzas = next
	if err := v.rewriteHeader(); err != nil {
		v.stanzas = old
		return err
	}
	return nil
}

// ChangePassphrase rewraps the file key under a new passphrase (new salt;
// kdf if non-zero). Only the header is rewritten: the cost is the KDF's, not
// the number of entries'. The file key stays, so other processes holding it
// (another browser's host) stay unlocked, and a keyring stanza keeps working.
func (v *Vault) ChangePassphrase(pass []byte, kdf KDFParams) error {
	if len(pass) == 0 {
		return errors.New("the passphrase is empty")
	}
	if kdf == (KDFParams{}) {
		kdf = v.KDF()
	}
	if err := kdf.Check(); err != nil {
		return err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.fileKey == nil {
		return ErrKeyChanged
	}
	// The KDF runs before the cross-process lock is taken: others wait only
	// for the write.
	salt, err := newSalt()
	if err != nil {
		return err
	}
	material := DeriveKey(pass, salt, kdf)
	defer wipe(material)
	unlock, err := v.lockAndReload()
	if err != nil {
		return err
	}
	defer unlock()
	st := stanza{Type: stanzaPassphrase, KDF: &kdf, Salt: salt}
	st.seal(material, v.fileKey) // after the reload: it may have adopted another file key
	return v.setStanza(st, false)
}

// Add stores a new entry. It fails with ErrExists when an entry for the same
// account, tenant and issuer is there (unless replace is set, which keeps the
// old entry's ID and remembered tenants but takes the new secret).
func (v *Vault) Add(e Entry, replace bool) (Entry, error) {
	if err := e.CheckLabels(); err != nil {
		return Entry{}, err
	}
	if err := e.validate(); err != nil {
		return Entry{}, err
	}
	e.Secret, _ = NormalizeSecret(e.Secret)
	if e.Created.IsZero() {
		e.Created = time.Now().UTC().Truncate(time.Second)
	}
	var added Entry
	err := v.Update(func(entries []Entry) ([]Entry, error) {
		if i := indexSame(entries, &e); i >= 0 {
			if !replace {
				return nil, ErrExists
			}
			e.ID, e.TenantIDs = entries[i].ID, entries[i].TenantIDs
			entries[i] = e
			added = e
			return entries, nil
		}
		e.ID = uniqueID(entries)
		added = e
		return append(entries, e), nil
	})
	return added, err
}

func uniqueID(entries []Entry) string {
	for {
		id := newID()
		taken := false
		for i := range entries {
			if entries[i].ID == id {
				taken = true
				break
			}
		}
		if !taken {
			return id
		}
	}
}

// Remove deletes the entry with this ID.
func (v *Vault) Remove(id string) error {
	return v.Update(func(entries []Entry) ([]Entry, error) {
		for i := range entries {
			if entries[i].ID == id {
				return append(entries[:i], entries[i+1:]...), nil
			}
		}
		return nil, ErrNotFound
	})
}

// Find returns the entries whose ID equals key or whose account matches it
// case-insensitively (also "Tenant:Account").
func Find(entries []Entry, key string) []Entry {
	key = strings.TrimSpace(key)
	var out []Entry
	for _, e := range entries {
		if e.ID == key || strings.EqualFold(e.Account, key) || strings.EqualFold(e.Label(), key) {
			out = append(out, e)
		}
	}
	return out
}

func lockFile(path string) (func(), error) {
	fl := flock.New(path + ".lock")
	ctx, cancel := context.WithTimeout(context.Background(), lockTimeout)
	defer cancel()
	ok, err := fl.TryLockContext(ctx, 5*time.Millisecond)
	if err != nil || !ok {
		return nil, fmt.Errorf("vault is busy (another otpfill holds %s)", path+".lock")
	}
	return func() { fl.Unlock() }, nil
}
