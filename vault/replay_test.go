package vault

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"testing"
	"time"
)

func stepRecord(id string, step int64) []byte {
	rec := make([]byte, recordLen)
	copy(rec, id)
	binary.LittleEndian.PutUint64(rec[8:], uint64(step))
	return rec
}

// readSteps parses a well-formed steps file: each id's record, which
// must be its only one; it fails on anything else.
func readSteps(t *testing.T, path string) map[string]int64 {
	t.Helper()
	data, err := os.ReadFile(path + ".steps")
	if err != nil {
		t.Fatal(err)
	}
	if len(data)%recordLen != 0 {
		t.Fatalf("steps file of %d bytes", len(data))
	}
	out := map[string]int64{}
	dups := map[string]bool{}
	for i := 0; i < len(data); i += recordLen {
		id := string(data[i : i+8])
		if !idLike(data[i : i+8]) {
			t.Fatalf("record %q in %x", id, data)
		}
		if _, dup := out[id]; dup {
			dups[id] = true
			continue
		}
		out[id] = int64(binary.LittleEndian.Uint64(data[i+8:]))
	}
	for id := range dups {
		delete(out, id) // a test that looks for it fails
	}
	return out
}

// A crafted or damaged .steps file is never obeyed: a record more than one
// step ahead, a negative one, or a file that does not parse is ignored, the
// current step handed out, and the file repaired.
func TestCraftedStepsFiles(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	other := stepRecord("0therent", 42)
	for _, c := range []struct {
		name string
		file func(id string, cur int64) []byte
		want func(cur int64) int64 // step handed out
	}{
		{"a record 10^6 steps ahead", func(id string, cur int64) []byte { return stepRecord(id, cur+1_000_000) }, func(cur int64) int64 { return cur }},
		{"a record two steps ahead", func(id string, cur int64) []byte { return stepRecord(id, cur+2) }, func(cur int64) int64 { return cur }},
		{"the largest int64", func(id string, cur int64) []byte { return stepRecord(id, 1<<63-1) }, func(cur int64) int64 { return cur }},
		{"a negative record", func(id string, cur int64) []byte { return stepRecord(id, -5) }, func(cur int64) int64 { return cur }},
		{"a torn tail", func(id string, cur int64) []byte { return append(stepRecord(id, cur-3), 1, 2, 3) }, func(cur int64) int64 { return cur }},
		{"garbage before the record", func(id string, cur int64) []byte {
			return append([]byte("\x00\xffjunk"), stepRecord(id, cur+1_000_000)...)
		}, func(cur int64) int64 { return cur }},
		{"a record that is not an id", func(id string, cur int64) []byte {
			return append(stepRecord("../\x00\x01xyz", cur), stepRecord(id, cur+500)...)
		}, func(cur int64) int64 { return cur }},
		{"an honest record of the current step", func(id string, cur int64) []byte { return stepRecord(id, cur) }, func(cur int64) int64 { return cur + 1 }},
		{"an old record", func(id string, cur int64) []byte { return stepRecord(id, cur-100) }, func(cur int64) int64 { return cur }},
	} {
		t.Run(c.name, func(t *testing.T) {
			v, path := newTestVault(t)
			e, _ := v.Add(Entry{Account: "a@b.c", Secret: testSecret}, false)
			cur := e.Step(now)
			if err := os.WriteFile(path+".steps", append(bytes.Clone(other), c.file(e.ID, cur)...), 0o600); err != nil {
				t.Fatal(err)
			}
			got, err := v.ClaimStep(&e, now)
			if err != nil || got != c.want(cur) {
				t.Fatalf("claimed %d, %v; want %d (current %d)", got, err, c.want(cur), cur)
			}
			recs := readSteps(t, path)
			if recs[e.ID] != got || recs["0therent"] != 42 {
				t.Fatalf("repaired file %v", recs)
			}
			// And the guard works from there.
			if next, err := v.ClaimStep(&e, now); c.want(cur) == cur && (err != nil || next != cur+1) {
				t.Fatalf("next claim %d %v", next, err)
			}
		})
	}
}

// The CLI's MarkStepUsed repairs a record from the future too.
func TestMarkStepUsedIgnoresFutureRecord(t *testing.T) {
	v, path := newTestVault(t)
	e, _ := v.Add(Entry{Account: "a@b.c", Secret: testSecret}, false)
	cur := e.Step(time.Now())
	os.WriteFile(path+".steps", stepRecord(e.ID, cur+1_000_000), 0o600)
	prev, err := v.MarkStepUsed(e.ID, cur)
	if err != nil || prev != 0 || readSteps(t, path)[e.ID] != cur {
		t.Fatalf("prev %d %v, file %v", prev, err, readSteps(t, path))
	}
}

// The guard never hands out a step more than one ahead, however often it
// is asked, and says how long to wait.
func TestNoFreshCode(t *testing.T) {
	v, _ := newTestVault(t)
	e, _ := v.Add(Entry{Account: "a@b.c", Secret: testSecret}, false)
	now := time.Unix(1_699_999_985, 0) // 5 s into its step: 25 s to the next
	cur := e.Step(now)
	for i := 0; i < 40; i++ {
		s, err := v.ClaimStep(&e, now)
		switch {
		case i < 2 && (err != nil || s != cur+int64(i)):
			t.Fatalf("claim %d: %d %v", i, s, err)
		case i >= 2 && (!errors.Is(err, ErrNoFreshCode) || err.Error() != "the next code is not available yet; try again in 25 s"):
			t.Fatalf("claim %d: %d %v", i, s, err)
		}
	}
}

// FuzzStepsFile: whatever the .steps file holds, a claim hands out the
// current or the next step (or no_fresh_code), and leaves a file of whole
// records with the claimed step.
func FuzzStepsFile(f *testing.F) {
	v, path := newTestVault(f)
	e, _ := v.Add(Entry{Account: "a@b.c", Secret: testSecret}, false)
	now := time.Unix(1_700_000_000, 0)
	cur := e.Step(now)
	f.Add(stepRecord(e.ID, cur+1_000_000))
	f.Add(append(stepRecord(e.ID, cur), 1, 2))
	f.Add(append(stepRecord("0therent", 5), stepRecord(e.ID, cur+1)...))
	f.Add([]byte{})
	f.Add(append(stepRecord(e.ID, cur-1), stepRecord(e.ID, cur+7)...))
	f.Fuzz(func(t *testing.T, data []byte) {
		os.WriteFile(path+".steps", data, 0o600)
		step, err := v.ClaimStep(&e, now)
		if errors.Is(err, ErrNoFreshCode) {
			if recs := readSteps(t, path); recs[e.ID] != cur+1 {
				t.Fatalf("no_fresh_code with record %d (current %d)", recs[e.ID], cur)
			}
			return
		}
		if err != nil || (step != cur && step != cur+1) {
			t.Fatalf("claimed %d, %v (current %d)", step, err, cur)
		}
		if recs := readSteps(t, path); recs[e.ID] != step {
			t.Fatalf("record %d after claiming %d", recs[e.ID], step)
		}
	})
}

// A replaced secret (re-enrolment) starts with no step handed out: the old
// secret's steps say nothing about the new one's codes, and its first code
// (the enrolment's verification) must not wait for the next step.
func TestReplaceForgetsSteps(t *testing.T) {
	v, _ := newTestVault(t)
	a, err := v.Add(Entry{Issuer: "Microsoft", Account: "ada@contoso.com", Tenant: "Contoso", Secret: testSecret}, false)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Unix(1_800_000_000, 0)
	cur := a.Step(now)
	if s, err := v.ClaimStep(&a, now); err != nil || s != cur {
		t.Fatalf("first claim: %d %v", s, err)
	}
	other, err := v.Add(Entry{Issuer: "Microsoft", Account: "bob@contoso.com", Tenant: "Contoso", Secret: testSecret}, false)
	if err != nil {
		t.Fatal(err)
	}
	if s, err := v.ClaimStep(&other, now); err != nil || s != cur {
		t.Fatalf("other entry: %d %v", s, err)
	}
	r, err := v.Add(Entry{Issuer: "Microsoft", Account: "ada@contoso.com", Tenant: "Contoso", Secret: "GEZDGNBVGY3TQOJQ"}, true)
	if err != nil || r.ID != a.ID {
		t.Fatalf("replace: %+v %v", r, err)
	}
	if s, err := v.ClaimStep(&r, now); err != nil || s != cur {
		t.Fatalf("claim after replace: %d %v (want the current step %d)", s, err, cur)
	}
	// The untouched entry keeps its record.
	if s, err := v.ClaimStep(&other, now); err != nil || s != cur+1 {
		t.Fatalf("other entry after the replace: %d %v", s, err)
	}
}
