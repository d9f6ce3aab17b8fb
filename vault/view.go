package vault

// Read calls fn with the entries as last read or written, under the
// vault's lock, and a generation that changes whenever they do: a caller
// (the host) indexes them without keeping a copy of every secret. fn must
// neither keep nor change the slice, and must not call the vault.
func (v *Vault) Read(fn func(entries []Entry, gen uint64)) {
	v.mu.Lock()
	defer v.mu.Unlock()
	fn(v.entries, v.gen)
}
