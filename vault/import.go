package vault

import "time"

// ImportResult counts what Import did.
type ImportResult struct {
	Added      int // new entries, or replaced ones with replace set
	Duplicates int // same account and the same secret: nothing to do
	Conflicts  int // same account, another secret, kept as it was
}

// Import adds many entries in one locked write. An entry for an account
// that is already there with the same secret is a duplicate and skipped.
func (v *Vault) Import(in []Entry, replace bool) (ImportResult, error) {
	var res ImportResult
	now := time.Now().UTC().Truncate(time.Second)
	for i := range in {
		if err := in[i].CheckLabels(); err != nil {
			return res, err
		}
		if err := in[i].validate(); err != nil {
			return res, err
		}
		in[i].Secret, _ = NormalizeSecret(in[i].Secret)
	}
	err := v.Update(func(cur []Entry) ([]Entry, error) {
		res = ImportResult{}
		for _, e := range in {
			e.Created = now
			i := indexSame(cur, &e)
			switch {
			case i >= 0 && cur[i].Secret == e.Secret:
				res.Duplicates++
			case i >= 0 && !replace:
				res.Conflicts++
			case i >= 0:
				e.ID, e.TenantIDs = cur[i].ID, cur[i].TenantIDs
				cur[i] = e
				res.Added++
			default:
				e.ID = uniqueID(cur)
				cur = append(cur, e)
				res.Added++
			}
		}
		return cur, nil
	})
	return res, err
}

func indexSame(entries []Entry, e *Entry) int {
	for i := range entries {
		if entries[i].SameIdentity(e) {
			return i
		}
	}
	return -1
}
