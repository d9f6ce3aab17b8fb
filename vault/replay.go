package vault

import (
	"encoding/binary"
	"errors"
	"fmt"
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

// ErrNoFreshCode reports that the current and the next step of an entry
// were both handed out: a later code would not be valid for minutes.
var ErrNoFreshCode = errors.New("the next code is not available yet")

// ClaimStep hands out a time step of entry e (as the caller found it) for
// filling a sign-in form. Microsoft rejects a code that was already used or
// that is older than the last one used, so a step is never handed out
// twice, across every process sharing the vault: the answer is the current
// step, or the next one when the current one was handed out (the caller
// then waits for it). Never a step further ahead: when both are used,
// ErrNoFreshCode says how long to wait.
func (v *Vault) ClaimStep(e *Entry, now time.Time) (int64, error) {
	cur := e.Step(now)
	var step int64
	err := v.withSteps(e.ID, cur, func(last int64) int64 {
		step = max(cur, last+1)
		if step > cur+1 {
			return last
		}
		return step
	})
	if err == nil && step > cur+1 {
		wait := int64(e.StepStart(cur+1).Sub(now).Seconds() + 0.999)
		return 0, fmt.Errorf("%w; try again in %d s", ErrNoFreshCode, max(wait, 1))
	}
	return step, err
}

// MarkStepUsed records that the current step's code was shown to a person
// who may type it (CLI `code`), so a later fill does not reuse it. It
// returns the last step handed out before.
func (v *Vault) MarkStepUsed(id string, step int64) (int64, error) {
	if _, err := v.entry(id); err != nil {
		return 0, err
	}
	var prev int64
	err := v.withSteps(id, step, func(last int64) int64 {
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

// withSteps updates one entry's record under the vault lock. cur is the
// current step: a record more than one step after it was not written by a
// claim (a claim never goes further) and is ignored, as is a file that does
// not parse as whole records; either is repaired.
func (v *Vault) withSteps(id string, cur int64, update func(last int64) int64) error {
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
	clean := len(data)%recordLen == 0
	off, last := int64(-1), int64(0)
	for i := 0; i+recordLen <= len(data); i += recordLen {
		rid, step := data[i:i+8], int64(binary.LittleEndian.Uint64(data[i+8:i+16]))
		if !idLike(rid) || step < 0 {
			clean = false
			continue
		}
		if string(rid) == id {
			if off >= 0 {
				clean = false // a second record: repair keeps one
			} else {
				off, last = int64(i), step
			}
		}
	}
	if last > cur+1 {
		last = 0 // from the future: not ours to obey
	}
	next := update(last)
	if clean && off >= 0 && next == int64(binary.LittleEndian.Uint64(data[off+8:off+16])) {
		return nil
	}
	var rec [recordLen]byte
	copy(rec[:8], id)
	binary.LittleEndian.PutUint64(rec[8:], uint64(next))
	if !clean {
		return writeAtomic(stepsPath(v.path), repairedSteps(data, id, rec[:]))
	}
	if off < 0 {
		off = int64(len(data))
	}
	_, err = f.WriteAt(rec[:], off)
	return err
}

// repairedSteps keeps the well-formed records of a damaged file, with rec
// in place of id's.
func repairedSteps(data []byte, id string, rec []byte) []byte {
	out := make([]byte, 0, len(data)+recordLen)
	for i := 0; i+recordLen <= len(data); i += recordLen {
		r := data[i : i+recordLen]
		if idLike(r[:8]) && int64(binary.LittleEndian.Uint64(r[8:])) >= 0 && string(r[:8]) != id {
			out = append(out, r...)
		}
	}
	return append(out, rec...)
}

// idLike reports whether b can be an entry id: 8 ASCII letters or digits.
func idLike(b []byte) bool {
	for _, c := range b {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return len(b) == 8
}

// pruneSteps forgets the records of entries that no longer exist, so the
// file stays small, and of entries whose secret was replaced: the steps
// handed out were the old secret's codes, and a replace (re-enrolment) must
// not make the new secret's first code wait. Called from Update, under the
// lock, with the entries before and after.
func pruneSteps(vaultPath string, prev, next []Entry) {
	data, err := os.ReadFile(stepsPath(vaultPath))
	if errors.Is(err, fs.ErrNotExist) || err != nil || len(data) == 0 {
		return
	}
	secretOf := make(map[string]string, len(prev))
	for i := range prev {
		secretOf[prev[i].ID] = prev[i].Secret
	}
	keep := make(map[string]bool, len(next))
	for i := range next {
		if old, ok := secretOf[next[i].ID]; !ok || old == next[i].Secret {
			keep[next[i].ID] = true
		}
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
