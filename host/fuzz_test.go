package host

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/otpfill/otpfill/protocol"
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
		`{"id":3,"type":"list"}`, `{"id":4,"type":"capture","image":"data:image/png;base64,AAAA","texts":["abcd efgh ijkl mnop"],"account":"a@b"}`,
		`{"id":5,"type":"match","account":"ada@contoso.com","url":"https://login.live.com/"}`,
		`{"id":6,"type":"add","capture":"c_00","url":"https://mysignins.microsoft.com/"}`,
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

// FuzzCapture sends capture requests with arbitrary page text, labels and
// QR text to an unlocked session: no panic, every reply is ok with a kind
// or an error code, a kept entry has plain labels and a valid secret, and
// no secret (the vault's or the page's) is ever in a reply.
func FuzzCapture(f *testing.F) {
	h := newTestHost(f, standardEntries()...)
	old := decodeQR
	f.Cleanup(func() { decodeQR = old })
	var qrText string
	decodeQR = func(string) (string, error) { return qrText, nil }
	f.Add("", "abcd efgh ijkl mn23", "Contoso:ada@contoso.com", "ada@contoso.com", "Contoso")
	f.Add(msQR, "abcd efgh ijkl mn23", "", "ada@contoso.com", "Contoso")
	f.Add(phoneQR, "", "", "", "")
	f.Add("otpauth://totp/Con%1Btoso:a@b?secret="+secretC, "otpauth://totp/x:y?secret="+secretD, secretD, "a\u202e@b", "T")
	f.Add("https://example.com/", "gezd\u00a0gnbv gy3t-qojq", "GEZDGNBVGY3TQOJQ", "b@c", "")
	f.Fuzz(func(t *testing.T, qr, text1, text2, account, tenant string) {
		qrText = qr
		req := map[string]any{"id": 1, "type": "capture", "texts": []string{text1, text2}, "account": account, "tenant": tenant, "url": enrollURL}
		if qr != "" {
			req["image"] = "AAAA"
		}
		b, _ := json.Marshal(req)
		r := h.s.handle(frame{msg: b})
		out := string(protocol.EncodeReply(r))
		// The reply echoes labels: a "secret" that is also a label is not one.
		secrets := []string{secretA, secretB, secretC}
		labels := strings.ToUpper(account + "\n" + tenant)
		for _, s := range []string{text1, text2, qr} {
			if sec, ok := textSecret(s); ok {
				secrets = append(secrets, sec)
			}
			if e, err := vault.ParseURI(s); err == nil {
				secrets = append(secrets, e.Secret)
				labels += strings.ToUpper("\n" + e.Account + "\n" + e.Tenant + "\n" + e.Issuer)
			}
		}
		for _, sec := range secrets {
			if strings.Contains(strings.ToUpper(out), sec) && !strings.Contains(labels, sec) {
				t.Fatalf("secret %s in reply %s", sec, out)
			}
		}
		switch {
		case !r.OK && r.Error == nil, r.OK && r.Captured == nil:
			t.Fatalf("reply without a result: %s", out)
		case r.OK && r.Capture != "":
			c := h.s.captures[r.Capture]
			if c == nil || c.entry.CheckLabels() != nil || r.Masked == "" {
				t.Fatalf("kept capture %+v for %s", c, out)
			}
			if _, err := vault.NormalizeSecret(c.entry.Secret); err != nil {
				t.Fatalf("kept an invalid secret for %s", out)
			}
		}
	})
}
