package vault

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/otpfill/otpfill/keyring"
)

// KeyringService is the service name of otpfill's items in the OS keyring;
// the stanza names the item ("vault-" and 16 random hex digits).
const KeyringService = "otpfill"

// OpenKeyring opens the vault through its keyring stanza: the key comes
// from the OS credential store, no passphrase and no KDF. Errors:
// ErrNoKeyringStanza, ErrKeyring (with the reason), ErrTampered,
// ErrNewerFormat, ErrNoVault.
func OpenKeyring(path string, store keyring.Store) (*Vault, error) {
	f, err := readHeader(path)
	if err != nil {
		return nil, err
	}
	st := f.find(stanzaKeyring)
	if st == nil {
		return nil, noStanza(f, stanzaKeyring)
	}
	fileKey, err := keyringFileKey(st, store)
	if err != nil {
		return nil, err
	}
	return finishOpen(path, f, fileKey, UnlockedByKeyring)
}

// WithoutKeyringStanza reads only the start of the file and reports a vault
// that plainly has a passphrase stanza and no keyring stanza, so "try the
// keyring first" costs nothing for it: the host tries at every start, and a
// 10,000-entry vault would otherwise be read and hashed whole (about 13 ms
// of its cold start) for nothing. Anything unusual answers false: the full
// read (OpenKeyring, or the passphrase's) reports it precisely.
func WithoutKeyringStanza(path string) bool {
	fh, err := os.Open(path)
	if err != nil {
		return false
	}
	defer fh.Close()
	head := make([]byte, offHeader2)
	if _, err := io.ReadFull(fh, head); err != nil || string(head[:len(magic)]) != magic {
		return false
	}
	switch head[len(magic)] {
	case format1:
		return true // one implied passphrase stanza
	case format2:
	default:
		return false
	}
	n := binary.LittleEndian.Uint32(head[9:offHeader2])
	if n < 2 || n > maxHeaderLen {
		return false
	}
	hdr := make([]byte, n)
	if _, err := io.ReadFull(fh, hdr); err != nil {
		return false
	}
	var h struct {
		Stanzas []struct {
			Type string `json:"type"`
		} `json:"stanzas"`
	}
	if json.Unmarshal(hdr, &h) != nil {
		return false
	}
	passphrase := false
	for _, st := range h.Stanzas {
		switch st.Type {
		case stanzaKeyring:
			return false
		case stanzaPassphrase:
			passphrase = true
		}
	}
	return passphrase
}

// readHeader reads and parses a vault for its stanzas. A format-1 vault has
// one implied passphrase stanza and no other.
func readHeader(path string) (*file2, error) {
	file, err := readFile(path)
	if err != nil {
		return nil, err
	}
	ver, err := checkFile(file)
	if err != nil {
		return nil, err
	}
	if ver == format1 {
		if _, err := parseHeader(file); err != nil {
			return nil, err
		}
		return &file2{stanzas: []stanza{{Type: stanzaPassphrase}}}, nil
	}
	f, err := parse2(file)
	return &f, err
}

// keyringFileKey fetches the stanza's key from the store and unwraps the
// file key with it.
func keyringFileKey(st *stanza, store keyring.Store) ([]byte, error) {
	secret, err := store.Get(st.Service, st.Item)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrKeyring, err)
	}
	key, err := base64.StdEncoding.DecodeString(secret)
	if err != nil || len(key) != fileKeyLen {
		return nil, fmt.Errorf("%w: the keyring item %s/%s does not hold an otpfill key", ErrKeyring, st.Service, st.Item)
	}
	defer wipe(key)
	fileKey, ok := st.open(key)
	if !ok {
		return nil, fmt.Errorf("%w: the keyring item %s/%s does not open this vault", ErrKeyring, st.Service, st.Item)
	}
	return fileKey, nil
}

// EnableKeyring adds a keyring stanza: a new random key, stored in the OS
// keyring, wraps the file key. A working keyring stanza is kept as it is.
func (v *Vault) EnableKeyring(store keyring.Store) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	unlock, err := v.lockAndReload()
	if err != nil {
		return err
	}
	defer unlock()
	old := findStanza(v.stanzas, stanzaKeyring)
	if old != nil {
		if fk, err := keyringFileKey(old, store); err == nil {
			wipe(fk)
			return nil
		}
	}
	key, err := randomBytes(fileKeyLen)
	if err != nil {
		return err
	}
	defer wipe(key)
	id, err := randomBytes(8)
	if err != nil {
		return err
	}
	salt, err := newSalt()
	if err != nil {
		return err
	}
	st := stanza{Type: stanzaKeyring, Service: KeyringService, Item: "vault-" + hex.EncodeToString(id), Salt: salt}
	st.seal(key, v.fileKey)
	// The item first: a stanza whose item was never stored is worse than an
	// item no stanza names.
	if err := store.Set(st.Service, st.Item, base64.StdEncoding.EncodeToString(key)); err != nil {
		return fmt.Errorf("%w: %w", ErrKeyring, err)
	}
	if err := v.setStanza(st, false); err != nil {
		store.Delete(st.Service, st.Item)
		return err
	}
	if old != nil && old.Item != st.Item {
		store.Delete(old.Service, old.Item)
	}
	return nil
}

// DisableKeyring removes the keyring stanza, then its item. When the item
// cannot be deleted the stanza is gone all the same (the item no longer
// opens anything) and the error says so.
func (v *Vault) DisableKeyring(store keyring.Store) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	unlock, err := v.lockAndReload()
	if err != nil {
		return err
	}
	defer unlock()
	old := findStanza(v.stanzas, stanzaKeyring)
	if old == nil {
		return nil
	}
	if err := v.setStanza(stanza{Type: stanzaKeyring}, true); err != nil {
		return err
	}
	if err := store.Delete(old.Service, old.Item); err != nil && !errors.Is(err, keyring.ErrNotFound) {
		return fmt.Errorf("the keyring stanza was removed, but its item %s/%s was not deleted: %v", old.Service, old.Item, err)
	}
	return nil
}

// Item states in KeyringStatus.
const (
	ItemNone        = "none"        // no keyring stanza
	ItemReachable   = "reachable"   // the item is there and opens the vault
	ItemMissing     = "missing"     // the keyring answers, the item is not there
	ItemUnavailable = "unavailable" // the keyring does not answer, or the item does not open the vault
)

// KeyringStatus is what `otpfill keyring status` and the keyring verb
// report.
type KeyringStatus struct {
	Stanzas []string // stanza types, in header order
	Item    string   // Item* constant
	Reason  string   // one line, when Item is missing or unavailable
	Name    string   // the keyring item, "service/item", when there is a keyring stanza
}

// Keyring reports the vault's stanzas and whether its keyring item opens
// it. It needs no passphrase; the stanza list is read without the file key,
// so it is what the file says, not yet verified by the header MAC.
func Keyring(path string, store keyring.Store) (KeyringStatus, error) {
	f, err := readHeader(path)
	if err != nil {
		return KeyringStatus{}, err
	}
	var s KeyringStatus
	for i := range f.stanzas {
		s.Stanzas = append(s.Stanzas, f.stanzas[i].Type)
	}
	st := f.find(stanzaKeyring)
	if st == nil {
		s.Item = ItemNone
		return s, nil
	}
	s.Name = st.Service + "/" + st.Item
	fileKey, err := keyringFileKey(st, store)
	switch {
	case err == nil:
		s.Item = ItemReachable
		if !f.verify(fileKey) {
			s.Item, s.Reason = ItemUnavailable, "the vault header was altered"
		}
		wipe(fileKey)
	case errors.Is(err, keyring.ErrNotFound):
		s.Item, s.Reason = ItemMissing, err.Error()
	default:
		s.Item, s.Reason = ItemUnavailable, err.Error()
	}
	return s, nil
}

// TryKeyring opens the vault through its keyring stanza when it has one
// and the keyring answers. (nil, nil) means "use the passphrase": there is
// no keyring stanza, or the keyring failed and notice got the one-line
// reason (the CLI prints it, the host logs it). Damage, a newer format or a
// missing vault are errors: a passphrase would not help.
func TryKeyring(path string, store keyring.Store, notice func(reason string)) (*Vault, error) {
	if WithoutKeyringStanza(path) {
		return nil, nil
	}
	v, err := OpenKeyring(path, store)
	switch {
	case err == nil:
		return v, nil
	case errors.Is(err, ErrKeyring):
		if notice != nil {
			notice(err.Error())
		}
		return nil, nil
	case errors.Is(err, ErrNoKeyringStanza):
		return nil, nil
	}
	return nil, err
}

// Unlock is TryKeyring, then the passphrase that ask returns (derive runs
// the KDF; nil: here).
func Unlock(path string, store keyring.Store, ask func() ([]byte, error), derive Deriver, notice func(reason string)) (*Vault, error) {
	if store != nil {
		if v, err := TryKeyring(path, store, notice); v != nil || err != nil {
			return v, err
		}
	}
	pass, err := ask()
	if err != nil {
		return nil, err
	}
	defer wipe(pass)
	return OpenWith(path, pass, derive)
}
