package vault

import (
	"encoding/binary"
	"errors"
	"io"
	"io/fs"
	"os"
	"time"
)

// The replay guard's state lives beside the vault in "<vault>.steps", not in
// the encrypted file: a fill must not pay for re-encrypting and fsyncing the
// whole vault (tens of milliseconds at 10,000 entries). The file holds
// 16-byte records, an entry id (8 ASCII bytes) and the last time step handed
// out (int64), read and updated under the vault's lock file. Each update is
// one small pwrite, which a killed process cannot tear. It is not fsynced:
// after a power loss the clock has moved past any step that was lost.
// Nothing in it is secret (ids are random, steps are times).
const recordLen = 16

func stepsPath(vaultPath string) string { return vaultPath + ".steps" }

// ClaimStep hands out a time step of entry id for filling a sign-in form.
// Microsoft rejects a code that was already used or that is older than the
// last one used, so a step is never handed out twice, across every process
// sharing the vault: the answer is the current step, or the one after the
// last step handed out when that is later (the caller then waits for it).
func (v *Vault) ClaimStep(id string, now time.Time) (Entry, int64, error) {
	e, err := v.entry(id)
	if err != nil {
		return Entry{}, 0, err
	}
	var step int64
	err = v.withSteps(id, func(last int64) int64 {
		step = e.Step(now)
		if step <= last {
			step = last + 1
		}
		return step
	})
	return e, step, err
}

// MarkStepUsed records that a step's code was shown to a person who may type
// it (CLI `code`, popup copy), so a later fill does not reuse it. It returns
// the last step handed out before.
func (v *Vault) MarkStepUsed(id string, step int64) (int64, error) {
	if _, err := v.entry(id); err != nil {
		return 0, err
	}
	var prev int64
	err := v.withSteps(id, func(last int64) int64 {
		prev = last
		return max(last, step)
	})
	return prev, err
}

func (v *Vault) entry(id string) (Entry, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	for i := range v.entries {
		if v.entries[i].ID == id {
			return v.entries[i], nil
		}
	}
	return Entry{}, ErrNotFound
}

// withSteps updates one entry's record under the vault lock.
func (v *Vault) withSteps(id string, update func(last int64) int64) error {
	if len(id) != 8 {
		return ErrNotFound
	}
	unlock, err := lockFile(v.path)
	if err != nil {
		return err
	}
	defer unlock()
	f, err := os.OpenFile(stepsPath(v.path), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return err
	}
	off, last := int64(-1), int64(0)
	for i := 0; i+recordLen <= len(data); i += recordLen {
		if string(data[i:i+8]) == id {
			off, last = int64(i), int64(binary.LittleEndian.Uint64(data[i+8:i+16]))
			break
		}
	}
	next := update(last)
	if next == last && off >= 0 {
		return nil
	}
	var rec [recordLen]byte
	copy(rec[:8], id)
	binary.LittleEndian.PutUint64(rec[8:], uint64(next))
	if off < 0 {
		// Append after the last whole record (a torn tail is overwritten).
		off = int64(len(data) / recordLen * recordLen)
	}
	_, err = f.WriteAt(rec[:], off)
	return err
}

// removeSteps forgets the records of entries that no longer exist; called
// from Update, under the lock, so the file stays small.
func pruneSteps(vaultPath string, entries []Entry) {
	data, err := os.ReadFile(stepsPath(vaultPath))
	if errors.Is(err, fs.ErrNotExist) || err != nil || len(data) == 0 {
		return
	}
	keep := make(map[string]bool, len(entries))
	for i := range entries {
		keep[entries[i].ID] = true
	}
	out := make([]byte, 0, len(data))
	for i := 0; i+recordLen <= len(data); i += recordLen {
		if keep[string(data[i:i+8])] {
			out = append(out, data[i:i+recordLen]...)
		}
	}
	if len(out) != len(data) {
		writeAtomic(stepsPath(vaultPath), out)
	}
}
