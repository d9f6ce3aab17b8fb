package vault

import "time"

// ClaimStep hands out a time step of entry id for filling a sign-in form.
// Microsoft rejects a code that was already used or that is older than the
// last one used, so a step is never handed out twice, across every process
// sharing the vault: the answer is the current step, or the one after the
// last step handed out when that is later (the caller then waits for it).
func (v *Vault) ClaimStep(id string, now time.Time) (Entry, int64, error) {
	var got Entry
	var step int64
	err := v.Update(func(entries []Entry) ([]Entry, error) {
		for i := range entries {
			if entries[i].ID != id {
				continue
			}
			e := &entries[i]
			step = e.Step(now)
			if step <= e.LastStep {
				step = e.LastStep + 1
			}
			e.LastStep = step
			got = *e
			return entries, nil
		}
		return nil, ErrNotFound
	})
	return got, step, err
}

// MarkStepUsed records that a step's code was shown to a person who may type
// it (CLI `code`, popup copy), so a later fill does not reuse it.
func (v *Vault) MarkStepUsed(id string, step int64) error {
	return v.Update(func(entries []Entry) ([]Entry, error) {
		for i := range entries {
			if entries[i].ID == id {
				if step > entries[i].LastStep {
					entries[i].LastStep = step
				}
				return entries, nil
			}
		}
		return nil, ErrNotFound
	})
}
