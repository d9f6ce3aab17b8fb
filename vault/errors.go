package vault

import "errors"

// Errors callers branch on. Their messages are written for a person and never
// carry a secret or a passphrase.
var (
	ErrNoVault       = errors.New("no vault: run 'otpfill init' to create one")
	ErrBadPassphrase = errors.New("wrong passphrase")
	ErrTampered      = errors.New("vault file is damaged or was modified outside otpfill (integrity check failed)")
	ErrKeyChanged    = errors.New("vault passphrase was changed by another process; unlock again")
	ErrExists        = errors.New("an entry for this account already exists")
	ErrNotFound      = errors.New("no such entry")
	ErrInvalidSecret = errors.New("invalid secret: expected base32 (letters A-Z, digits 2-7) of at least 80 bits (16 characters)")
	ErrUnsupported   = errors.New("unsupported token")
	ErrVaultExists   = errors.New("a vault already exists at this path")
	ErrNewerFormat   = errors.New("vault was written by a newer otpfill; upgrade otpfill to open it")
	ErrKDFLimits     = errors.New("vault asks for a key derivation beyond otpfill's limits (at most 1 GiB of memory and a few seconds of work); refusing it")
	// ErrKeyring wraps the reason the keyring stanza could not open the
	// vault (item missing, keyring unreachable, item of another vault).
	ErrKeyring         = errors.New("the system keyring cannot unlock the vault")
	ErrNoKeyringStanza = errors.New("unlocking through the system keyring is not enabled for this vault (run 'otpfill keyring enable')")
)
