package host

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/otpfill/otpfill/protocol"
	"github.com/otpfill/otpfill/vault"
)

// handleJSON runs one request through a session in-process.
func handleJSON(t *testing.T, s *session, req string) protocol.Reply {
	t.Helper()
	return s.handle(frame{msg: []byte(req)})
}

// A failed rewrite (add of an existing entry) re-reads the file under the
// lock; the session must then show what another process added meanwhile,
// though the file does not change again afterwards.
func TestFailedRewriteKeepsSessionCurrent(t *testing.T) {
	path := filepath.Join(t.TempDir(), vault.FileName)
	v, err := vault.Create(path, []byte("pw"), vault.FastKDF)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Add(vault.Entry{Issuer: "Microsoft", Account: "ada@contoso.com", Secret: secretA}, false); err != nil {
		t.Fatal(err)
	}
	s := newSession(Options{VaultPath: path})
	if r := handleJSON(t, s, `{"id":1,"type":"unlock","passphrase":"pw"}`); !r.OK {
		t.Fatal(r.Error)
	}
	// Another process adds an entry; this session has not looked yet.
	other, err := vault.Open(path, []byte("pw"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Add(vault.Entry{Issuer: "Microsoft", Account: "bob@contoso.com", Secret: secretC}, false); err != nil {
		t.Fatal(err)
	}
	other.Close()
	// The session's add fails (exists) — its vault has re-read the file.
	// The other write lands between this session's check of the file and
	// its own locked re-read: the check saw nothing new.
	s.stamp, _ = os.Stat(path)
	r := handleJSON(t, s, `{"id":2,"type":"add","secret":"`+secretA+`","account":"ada@contoso.com"}`)
	if r.Error == nil || r.Error.Code != protocol.CodeExists || len(r.Error.Candidates) != 1 {
		t.Fatalf("add again: %+v", r)
	}
	r = handleJSON(t, s, `{"id":3,"type":"list"}`)
	if len(r.Entries) != 2 {
		b, _ := json.Marshal(r)
		t.Fatalf("list after another process added: %s", b)
	}
	r = handleJSON(t, s, `{"id":4,"type":"code","account":"BOB@contoso.com","url":"https://login.live.com/"}`)
	if !r.OK || r.Entry.Account != "bob@contoso.com" {
		t.Fatalf("code for the other process's entry: %+v", r)
	}
	s.lock()
}
