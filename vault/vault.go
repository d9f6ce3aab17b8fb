// Package vault stores TOTP entries in one encrypted file: Argon2id derives
// the key from the passphrase, XChaCha20-Poly1305 seals a JSON body, and a
// lock file serializes read-modify-write across processes.
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

// Vault is an unlocked vault: the derived key and the entries in memory.
// Its methods are safe for concurrent use.
type Vault struct {
	mu      sync.Mutex
	path    string
	kdf     KDFParams
	salt    []byte
	keys    keys
	entries []Entry
	gen     uint64 // changes with entries (see Read)
	nonce   []byte // of the file last read or written, to skip no-op reloads
}

// Path is the vault file's path.
func (v *Vault) Path() string { return v.path }

// Create writes a new, empty vault. It refuses to overwrite one.
func Create(path string, pass []byte, kdf KDFParams) (*Vault, error) {
	if len(pass) == 0 {
		return nil, errors.New("the passphrase is empty")
	}
	if !kdf.valid() {
		return nil, errors.New("invalid key derivation parameters")
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
	salt, err := newSalt()
	if err != nil {
		return nil, err
	}
	v := &Vault{path: path, kdf: kdf, salt: salt, keys: deriveKeys(pass, salt, kdf)}
	if err := v.save(nil); err != nil {
		v.Close()
		return nil, err
	}
	return v, nil
}

// Open reads and decrypts the vault at path.
func Open(path string, pass []byte) (*Vault, error) { return OpenWith(path, pass, nil) }

// OpenWith is Open with the key derived by derive (nil: in this process).
func OpenWith(path string, pass []byte, derive Deriver) (*Vault, error) {
	file, err := readFile(path)
	if err != nil {
		return nil, err
	}
	h, err := parseHeader(file)
	if err != nil {
		return nil, err
	}
	if derive == nil {
		derive = inProcess
	}
	material, err := derive(pass, h.salt, h.kdf)
	if err != nil {
		return nil, fmt.Errorf("cannot derive the key: %w", err)
	}
	if len(material) != KeyLen {
		return nil, errors.New("cannot derive the key: wrong length")
	}
	k := keysFrom(material)
	b, err := decrypt(file, h, k)
	if err != nil {
		k.wipe()
		return nil, err
	}
	v := &Vault{path: path, kdf: h.kdf, salt: bytes.Clone(h.salt), keys: k, entries: b.Entries,
		nonce: bytes.Clone(h.raw[offNonce:offCheck])}
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
	_, err = parseHeader(file)
	return err
}

// KDF reports the key derivation parameters in use.
func (v *Vault) KDF() KDFParams {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.kdf
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
	v.keys.wipe()
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
// whether the contents changed, and ErrKeyChanged when another process
// changed the passphrase (the caller should lock itself).
func (v *Vault) Reload() (bool, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.reloadLocked()
}

func (v *Vault) reloadLocked() (bool, error) {
	if v.keys.enc == nil {
		return false, ErrKeyChanged
	}
	file, err := readFile(v.path)
	if err != nil {
		return false, err
	}
	h, err := parseHeader(file)
	if err != nil {
		return false, err
	}
	if bytes.Equal(h.raw[offNonce:offCheck], v.nonce) {
		return false, nil
	}
	if !bytes.Equal(h.salt, v.salt) || h.kdf != v.kdf {
		return false, ErrKeyChanged
	}
	b, err := decrypt(file, h, v.keys)
	if errors.Is(err, ErrBadPassphrase) {
		return false, ErrKeyChanged
	}
	if err != nil {
		return false, err
	}
	v.entries = b.Entries
	v.gen++
	v.nonce = bytes.Clone(h.raw[offNonce:offCheck])
	return true, nil
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
	if err := v.save(next); err != nil {
		return err
	}
	pruneSteps(v.path, next)
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

// save encrypts and writes entries; the caller holds v.mu and the file lock.
func (v *Vault) save(entries []Entry) error {
	if entries == nil {
		entries = []Entry{}
	}
	file, err := encrypt(body{Version: formatVersion, Entries: entries}, v.kdf, v.salt, v.keys)
	if err != nil {
		return err
	}
	if err := writeAtomic(v.path, file); err != nil {
		return fmt.Errorf("cannot write the vault: %w", err)
	}
	v.entries = entries
	v.gen++
	v.nonce = bytes.Clone(file[offNonce:offCheck])
	return nil
}

// ChangePassphrase re-keys the vault with a new salt (and kdf, if non-zero).
// Other processes holding the old key get ErrKeyChanged on their next reload.
func (v *Vault) ChangePassphrase(pass []byte, kdf KDFParams) error {
	if len(pass) == 0 {
		return errors.New("the passphrase is empty")
	}
	if kdf == (KDFParams{}) {
		kdf = v.KDF()
	}
	if !kdf.valid() {
		return errors.New("invalid key derivation parameters")
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	unlock, err := v.lockAndReload()
	if err != nil {
		return err
	}
	defer unlock()
	salt, err := newSalt()
	if err != nil {
		return err
	}
	old, oldKDF, oldSalt := v.keys, v.kdf, v.salt
	v.keys, v.kdf, v.salt = deriveKeys(pass, salt, kdf), kdf, salt
	if err := v.save(v.entries); err != nil {
		v.keys.wipe()
		v.keys, v.kdf, v.salt = old, oldKDF, oldSalt
		return err
	}
	old.wipe()
	return nil
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
