package protocol

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func frame(b []byte) []byte {
	out := make([]byte, 4+len(b))
	binary.NativeEndian.PutUint32(out, uint32(len(b)))
	copy(out[4:], b)
	return out
}

func TestReadWriteRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	for _, m := range []string{`{"id":1,"type":"hello"}`, `{}`, strings.Repeat("x", 70000)} {
		if err := WriteMessage(&buf, []byte(m)); err != nil {
			t.Fatal(err)
		}
	}
	for _, want := range []string{`{"id":1,"type":"hello"}`, `{}`, strings.Repeat("x", 70000)} {
		got, err := ReadMessage(&buf, MaxIncoming)
		if err != nil || string(got) != want {
			t.Fatalf("got %q %v", got, err)
		}
	}
	if _, err := ReadMessage(&buf, MaxIncoming); err != io.EOF {
		t.Fatalf("end: %v", err)
	}
}

func TestTooLargeIsDiscardedAndStreamStaysInStep(t *testing.T) {
	var in bytes.Buffer
	in.Write(frame(bytes.Repeat([]byte("a"), 100)))
	in.Write(frame([]byte(`{"id":2,"type":"hello"}`)))
	if _, err := ReadMessage(&in, 50); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("got %v", err)
	}
	got, err := ReadMessage(&in, 50)
	if err != nil || string(got) != `{"id":2,"type":"hello"}` {
		t.Fatalf("next frame: %q %v", got, err)
	}
}

func TestTruncatedFrames(t *testing.T) {
	for _, in := range [][]byte{{1}, {1, 0}, frame([]byte("abcdef"))[:7]} {
		if _, err := ReadMessage(bytes.NewReader(in), MaxIncoming); err != io.ErrUnexpectedEOF {
			t.Errorf("%v: got %v", in, err)
		}
	}
	// A length beyond the cap whose body never arrives.
	hdr := make([]byte, 4)
	binary.NativeEndian.PutUint32(hdr, 1<<31)
	if _, err := ReadMessage(bytes.NewReader(hdr), MaxIncoming); err != io.ErrUnexpectedEOF {
		t.Errorf("huge length: %v", err)
	}
}

func TestWriteRefusesOversize(t *testing.T) {
	if err := WriteMessage(io.Discard, make([]byte, MaxOutgoing)); !errors.Is(err, ErrReplyTooLarge) {
		t.Fatal(err)
	}
}

func TestDecodeRequest(t *testing.T) {
	cases := []struct {
		in     string
		id     string
		errOK  bool
		errSub string
	}{
		{`{"id":1,"type":"hello"}`, `1`, true, ""},
		{`{"id":"a-1","type":"code","account":"x@y","url":"https://login.live.com/"}`, `"a-1"`, true, ""},
		{``, `null`, false, "empty"},
		{`{"id":1,"type":"hello"`, `null`, false, "JSON"},
		{`[1,2]`, `null`, false, "JSON"},
		{`"hello"`, `null`, false, "JSON"},
		{`{"type":"hello"}`, `null`, false, "id"},
		{`{"id":null,"type":"hello"}`, `null`, false, "id"},
		{`{"id":{"a":1},"type":"hello"}`, `null`, false, "id"},
		{`{"id":true,"type":"hello"}`, `null`, false, "id"},
		{`{"id":7}`, `7`, false, "type"},
		{`{"id":7,"type":5}`, `7`, false, "type"},
		{`{"id":7,"type":"code","account":["x"]}`, `7`, false, "account"},
		{`{"id":7,"type":"hello"} {"id":8}`, `null`, false, "trailing"},
		{"{\"id\":7,\"type\":\"hello\",\"x\":\"\xff\"}", `null`, false, "UTF-8"},
		{`{"id":7,"type":"code","url":"https://login.live.com/","URL":""}`, `7`, false, "lower case"},
		{`{"id":7,"Type":"hello"}`, `7`, false, "type"},
		{`{"id":7,"type":"hello","TYPE":"lock"}`, `7`, false, "lower case"},
		{`{"id":7,"type":"add","ſecret":"x"}`, `7`, false, "lower case"},
		{`{"id":7,"type":"code","url":"https://login.live.com/","url":""}`, `7`, false, "twice"},
		{`{"id":7,"id":8,"type":"hello"}`, `null`, false, "twice"},
		{`{"id":7,"ID":8,"type":"hello"}`, `null`, false, "lower case"},
		{`{"id":7,"type":"hello","extra":{"URL":1},"x-url":"y"}`, `7`, true, ""},
	}
	for _, c := range cases {
		req, err := DecodeRequest([]byte(c.in))
		if (err == nil) != c.errOK || string(req.ID) != c.id {
			t.Errorf("%q: id %s err %v", c.in, req.ID, err)
			continue
		}
		if err != nil && (err.Code != CodeBadRequest || !strings.Contains(err.Message, c.errSub)) {
			t.Errorf("%q: %v", c.in, err)
		}
	}
}

func TestEncodeReply(t *testing.T) {
	b := EncodeReply(Reply{ID: json.RawMessage(`3`), OK: true, Entries: []EntryInfo{}})
	if string(b) != `{"id":3,"ok":true,"entries":[]}` {
		t.Fatalf("%s", b)
	}
	big := make([]EntryInfo, 20000)
	for i := range big {
		big[i] = EntryInfo{ID: "abcdefgh", Account: strings.Repeat("a", 40)}
	}
	b = EncodeReply(Reply{ID: json.RawMessage(`"x"`), OK: true, Entries: big})
	var r Reply
	if err := json.Unmarshal(b, &r); err != nil || r.OK || r.Error.Code != CodeTooLarge || string(r.ID) != `"x"` {
		t.Fatalf("%s", b)
	}
	if b := EncodeReply(Reply{OK: true}); !bytes.HasPrefix(b, []byte(`{"id":null`)) {
		t.Fatalf("%s", b)
	}
}

func FuzzReadMessage(f *testing.F) {
	f.Add(frame([]byte(`{"id":1,"type":"hello"}`)))
	f.Add([]byte{0, 0, 0, 0})
	f.Add([]byte{255, 255, 255, 255, 1})
	f.Add([]byte{1})
	f.Fuzz(func(t *testing.T, in []byte) {
		r := bytes.NewReader(in)
		for i := 0; i < 64; i++ {
			msg, err := ReadMessage(r, 1024)
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				return
			}
			if err != nil && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("unexpected error %v", err)
			}
			if len(msg) > 1024 {
				t.Fatalf("message over the cap: %d", len(msg))
			}
		}
	})
}

func FuzzDecodeRequest(f *testing.F) {
	for _, s := range []string{`{"id":1,"type":"hello"}`, `{"id":"x","type":"code","account":"a@b","url":"https://login.live.com/"}`,
		`{"id":1,"type":"unlock","passphrase":"hunter2","autolock_seconds":60}`, `{`, `null`, `{"id":[1]}`,
		`{"id":1,"type":"code","url":"a","x":{"URL":[1,"}"]},"u\u0052l":"b"}`, `{"id":"a\"b","type":"x","Id":2}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		req, err := DecodeRequest(in)
		if !validID(req.ID) && string(req.ID) != "null" {
			t.Fatalf("invalid id %q returned", req.ID)
		}
		if err != nil {
			if err.Code != CodeBadRequest {
				t.Fatalf("code %s", err.Code)
			}
			// The reply must always encode and stay small.
			b := EncodeReply(Fail(req.ID, err))
			if !json.Valid(b) || len(b) > 2048 {
				t.Fatalf("bad error reply %q", b)
			}
			// (A passphrase of a few letters is in any English sentence.)
			if len(req.Passphrase) >= 4 && strings.Contains(err.Message, req.Passphrase) {
				t.Fatal("passphrase in error")
			}
			return
		}
		if req.Type == "" {
			t.Fatal("accepted without type")
		}
		if k := badKeyReference(in); k != "" {
			t.Fatalf("accepted key %q", k)
		}
	})
}

// badKeyReference is checkKeys written the slow, obvious way: the first
// top-level key that repeats a field or matches one only without case.
func badKeyReference(msg []byte) string {
	dec := json.NewDecoder(bytes.NewReader(msg))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return ""
	}
	seen := map[string]bool{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return ""
		}
		key := t.(string)
		for _, f := range requestFields {
			if key == f && seen[f] || key != f && strings.EqualFold(key, f) {
				return key
			}
		}
		seen[key] = true
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return ""
		}
	}
	return ""
}

func TestRequestFieldsMatchTags(t *testing.T) {
	var tags []string
	rt := reflect.TypeFor[Request]()
	for i := range rt.NumField() {
		name, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
		tags = append(tags, name)
	}
	if !slices.Equal(tags, requestFields) {
		t.Fatalf("requestFields %v, struct tags %v", requestFields, tags)
	}
}

// A capture reply always says conflict; other replies carry none of its
// fields.
func TestCapturedReplyShape(t *testing.T) {
	b := EncodeReply(Reply{ID: json.RawMessage("7"), OK: true, Captured: &Captured{Kind: KindPhoneFactor}})
	if string(b) != `{"id":7,"ok":true,"kind":"phonefactor","conflict":false}` {
		t.Fatalf("phonefactor capture: %s", b)
	}
	b = EncodeReply(Reply{ID: json.RawMessage("7"), OK: true, Captured: &Captured{Capture: "c_1", Kind: KindOTPAuth, Source: SourceQR,
		Account: "a", Tenant: "T", Issuer: "Microsoft", Masked: "ABCD •••• •••• MNOP", Conflict: true,
		Replaces: &Replaced{EntryInfo: EntryInfo{ID: "k3j2a1b0", Issuer: "Microsoft", Account: "a", Tenant: "T"}, Created: 1764638400000}}})
	want := `{"id":7,"ok":true,"capture":"c_1","kind":"otpauth","source":"qr","account":"a","tenant":"T","issuer":"Microsoft",` +
		`"masked":"ABCD •••• •••• MNOP","conflict":true,"replaces":{"id":"k3j2a1b0","issuer":"Microsoft","account":"a","tenant":"T","created":1764638400000}}`
	if string(b) != want {
		t.Fatalf("capture:\n%s\nwant\n%s", b, want)
	}
	b = EncodeReply(Reply{ID: json.RawMessage("8"), OK: true, Match: MatchSeveral, Candidates: []EntryInfo{{ID: "x"}}})
	if string(b) != `{"id":8,"ok":true,"match":"several","candidates":[{"id":"x","issuer":"","account":"","tenant":""}]}` {
		t.Fatalf("match: %s", b)
	}
	req, perr := DecodeRequest([]byte(`{"id":1,"type":"capture","texts":["a","b"],"image":"x","capture":"c"}`))
	if perr != nil || len(req.Texts) != 2 || req.Capture != "c" {
		t.Fatalf("decode: %+v %v", req, perr)
	}
	if _, perr := DecodeRequest([]byte(`{"id":1,"type":"capture","texts":"a"}`)); perr == nil || perr.Code != CodeBadRequest {
		t.Fatalf("texts not a list: %v", perr)
	}
}
