package host

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/otpfill/otpfill/vault"
)

func frameOf(s string) []byte {
	b := make([]byte, 4+len(s))
	binary.NativeEndian.PutUint32(b, uint32(len(s)))
	copy(b[4:], s)
	return b
}

// FuzzServe feeds arbitrary bytes to an unlocked session in-process: no
// panic, stdout is whole frames of JSON, every reply has ok or an error
// code, and the secret never appears.
func FuzzServe(f *testing.F) {
	dir := f.TempDir()
	path := filepath.Join(dir, vault.FileName)
	v, err := vault.Create(path, []byte("pw"), vault.FastKDF)
	if err != nil {
		f.Fatal(err)
	}
	v.Add(vault.Entry{Issuer: "Microsoft", Account: "ada@contoso.com", Tenant: "Contoso", Secret: secretA}, false)
	v.Add(vault.Entry{Issuer: "Microsoft", Account: "ada@contoso.com", Tenant: "Fabrikam", Secret: secretB}, false)
	v.Close()
	for _, s := range []string{
		`{"id":1,"type":"hello"}`,
		`{"id":1,"type":"unlock","passphrase":"pw"}`,
		`{"id":2,"type":"code","account":"ada@contoso.com","url":"https://login.microsoftonline.com/fabrikam.com/"}`,
		`{"id":"x","type":"add","secret":"jbsw y3dp ehpk 3pxp","account":"b@c","url":"https://account.live.com/proofs/Add"}`,
		`{"id":3,"type":"list"}`, `{"id":4,"type":"decode_qr","image":"data:image/png;base64,AAAA"}`,
	} {
		f.Add(frameOf(s))
	}
	f.Add(append(frameOf(`{"id":1,"type":"unlock","passphrase":"pw"}`), frameOf(`{"id":2,"type":"list"}`)...))
	f.Fuzz(func(t *testing.T, in []byte) {
		var out bytes.Buffer
		opts := Options{VaultPath: path, MaxIncoming: 1 << 16}
		if err := Serve(context.Background(), bytes.NewReader(in), &out, opts); err != nil {
			t.Fatal(err)
		}
		rest := out.Bytes()
		for len(rest) > 0 {
			n := int(binary.NativeEndian.Uint32(rest))
			var r map[string]any
			if 4+n > len(rest) || json.Unmarshal(rest[4:4+n], &r) != nil {
				t.Fatalf("bad frame on stdout")
			}
			if _, ok := r["id"]; !ok || (r["ok"] != true && r["error"] == nil) {
				t.Fatalf("reply without id or result: %v", r)
			}
			rest = rest[4+n:]
		}
		if bytes.Contains(out.Bytes(), []byte(secretA)) || bytes.Contains(out.Bytes(), []byte(secretB)) {
			t.Fatal("secret on stdout")
		}
	})
}
