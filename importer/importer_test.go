package importer

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/otpfill/otpfill/vault"
)

func pw(s string) Password { return func() ([]byte, error) { return []byte(s), nil } }

// same compares what an import must keep of an entry.
func same(a, b vault.Entry) bool {
	return a.Issuer == b.Issuer && a.Account == b.Account && a.Tenant == b.Tenant && a.Secret == b.Secret &&
		a.Algorithm == b.Algorithm && a.Digits == b.Digits && a.Period == b.Period
}

func checkResult(t *testing.T, r *Result, format Format, encrypted bool, want []vault.Entry, skipped []Skipped) {
	t.Helper()
	if r.Format != format || r.Encrypted != encrypted {
		t.Errorf("format %v encrypted %v, want %v %v", r.Format, r.Encrypted, format, encrypted)
	}
	if len(r.Entries) != len(want) {
		t.Fatalf("%d entries, want %d: %+v", len(r.Entries), len(want), r.Entries)
	}
	for i := range want {
		if !same(r.Entries[i], want[i]) {
			t.Errorf("entry %d:\n got %+v\nwant %+v", i, r.Entries[i], want[i])
		}
	}
	if len(r.Skipped) != len(skipped) {
		t.Fatalf("skipped %+v, want %+v", r.Skipped, skipped)
	}
	for i := range skipped {
		if r.Skipped[i] != skipped[i] {
			t.Errorf("skipped %d: %+v, want %+v", i, r.Skipped[i], skipped[i])
		}
	}
}

var (
	adaContoso = vault.Entry{Issuer: "Microsoft", Tenant: "Contoso", Account: "ada@contoso.com", Secret: secretA, Algorithm: "SHA1", Digits: 6, Period: 30}
	octo       = func(digits, period int) vault.Entry {
		return vault.Entry{Issuer: "GitHub", Account: "octo", Secret: secretB, Algorithm: "SHA256", Digits: digits, Period: period}
	}
)

func TestDetect(t *testing.T) {
	cases := []struct {
		data string
		want Format
	}{
		{"otpauth://totp/a?secret=" + secretA, OTPAuthLines},
		{"\xef\xbb\xbf\n# my tokens\n\nOTPAUTH://totp/a?secret=" + secretA + "\n", OTPAuthLines},
		{"otpauth://totp/a?secret=x\notpauth-migration://offline?data=CgA%3D", GoogleAuthenticator},
		{enteFixture, EnteAuth},
		{enteEncryptedFixture, EnteAuth},
		{string(aegisPlainFixture(t, aegisFixtureEntries[:1], 3)), Aegis},
		{string(twoFASFixture(t, twoFASFixtureServices, "", false)), TwoFAS},
		{andOTPFixture, AndOTP},
		{"[]", AndOTP},
		{bitwardenFixture, Bitwarden},
		{bitwardenEncryptedFixture, Bitwarden},
		{"", Unknown},
		{"hello\notpauth://totp/a?secret=" + secretA, Unknown},
		{`{"entries":[]}`, Unknown},
		{`[{"name":"x"}]`, Unknown},
		{"{not json", Unknown},
		{"\x00\x01binary andOTP backup", Unknown},
		{"phonefactor://activate_account?code=123456789", Unknown},
	}
	for _, c := range cases {
		if got := Detect([]byte(c.data)); got != c.want {
			t.Errorf("Detect(%.40q) = %v, want %v", c.data, got, c.want)
		}
	}
	// Not by name: the same content under any name is the same format,
	// and unknown content gets the error that lists what is known.
	if _, err := Read([]byte("name,secret\nx,y\n"), nil); !errors.Is(err, ErrUnknownFormat) {
		t.Fatal(err)
	}
	csv := "folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\n,,login,GitHub,,,0,,octo,pw," + secretB + "\n"
	if _, err := Read([]byte(csv), nil); !errors.Is(err, ErrUnknownFormat) || !strings.Contains(err.Error(), "Bitwarden's CSV") || strings.Contains(err.Error(), secretB) {
		t.Fatal(err)
	}
}

func TestReadAegisPlain(t *testing.T) {
	for _, dbVersion := range []int{1, 2, 3} {
		data := aegisPlainFixture(t, aegisFixtureEntries, dbVersion)
		if dbVersion == 2 {
			data = append([]byte("\xef\xbb\xbf"), data...) // a byte-order mark is fine
		}
		r, err := Read(data, nil)
		if err != nil {
			t.Fatal(err)
		}
		checkResult(t, r, Aegis, false, []vault.Entry{
			adaContoso,
			octo(8, 60),
			// An Aegis token may have no name: the issuer stands in for the account.
			{Issuer: "Fastmail", Account: "Fastmail", Secret: secretC, Algorithm: "SHA512", Digits: 7, Period: 30},
		}, []Skipped{
			{"Bank: counter", reasonHOTP},
			{"Steam: alice", reasonSteam},
			{"Yandex: ivan", reasonYandex},
			{"VPN: old", reasonMOTP},
			{"Odd: md5", "algorithm must be SHA1, SHA256 or SHA512"},
			{"Odd: ten", "digits must be 6, 7 or 8"},
			{"Odd: short", reasonInvalidSecret},
			{"(no name)", reasonHOTP},
		})
	}
	if _, err := Read(aegisPlainFixture(t, nil, 4), nil); !errors.Is(err, ErrNewerFormat) {
		t.Errorf("db version 4: %v", err)
	}
	if _, err := Read([]byte(`{"version":2,"header":{},"db":{}}`), nil); !errors.Is(err, ErrNewerFormat) {
		t.Errorf("file version 2: %v", err)
	}
	// One entry that cannot be read fails the file: nothing half-imported.
	bad := strings.Replace(string(aegisPlainFixture(t, aegisFixtureEntries[:2], 3)), `"digits":8`, `"digits":"8"`, 1)
	if _, err := Read([]byte(bad), nil); !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "entry 2") {
		t.Errorf("damaged entry: %v", err)
	}
}

func TestAegisRoundTrip(t *testing.T) {
	data, err := EncryptAegis(roundTripEntries, []byte("correct horse"), fastScrypt)
	if err != nil {
		t.Fatal(err)
	}
	asked := 0
	r, err := Read(data, func() ([]byte, error) { asked++; return []byte("correct horse"), nil })
	if err != nil || asked != 1 {
		t.Fatalf("%v (asked %d times)", err, asked)
	}
	checkResult(t, r, Aegis, true, roundTripEntries, nil)
	for _, s := range roundTripEntries {
		if bytes.Contains(data, []byte(s.Secret)) || bytes.Contains(data, []byte(s.Account)) {
			t.Fatal("the backup holds a secret or an account in the clear")
		}
	}
}

// TestEncryptAegisFile checks the file against what Aegis expects: file
// version 1, one password slot with Aegis's scrypt cost and fresh salts and
// nonces, database version 3 with Aegis's entry fields.
func TestEncryptAegisFile(t *testing.T) {
	one, err := EncryptAegis(roundTripEntries[:1], []byte("pw"), AegisScrypt)
	if err != nil {
		t.Fatal(err)
	}
	two, _ := EncryptAegis(roundTripEntries[:1], []byte("pw"), fastScrypt)
	var f, g aegisFile
	if err := json.Unmarshal(one, &f); err != nil {
		t.Fatal(err)
	}
	json.Unmarshal(two, &g)
	s := f.Header.Slots
	if f.Version != 1 || len(s) != 1 || s[0].Type != 1 || s[0].N != 32768 || s[0].R != 8 || s[0].P != 1 ||
		len(s[0].Salt) != 32 || len(s[0].Key) != 32 || !s[0].Repaired || len(s[0].UUID) != 36 {
		t.Fatalf("header %+v", f.Header)
	}
	if bytes.Equal(s[0].Salt, g.Header.Slots[0].Salt) || bytes.Equal(f.Header.Params.Nonce, g.Header.Params.Nonce) ||
		bytes.Equal(s[0].KeyParams.Nonce, g.Header.Slots[0].KeyParams.Nonce) {
		t.Fatal("salts or nonces repeat between two exports")
	}
	plain, err := decryptAegis(&f, pw("pw"))
	if err != nil {
		t.Fatal(err)
	}
	var db struct {
		Version        int              `json:"version"`
		Entries        []map[string]any `json:"entries"`
		Groups         []any            `json:"groups"`
		IconsOptimized bool             `json:"icons_optimized"`
	}
	if err := json.Unmarshal(plain, &db); err != nil || db.Version != 3 || db.Groups == nil || len(db.Entries) != 1 {
		t.Fatalf("db %s: %v", plain, err)
	}
	e := db.Entries[0]
	info, _ := e["info"].(map[string]any)
	if e["type"] != "totp" || e["name"] != "Contoso:ada@contoso.com" || e["issuer"] != "Microsoft" || e["icon"] != nil ||
		info["secret"] != secretA || info["algo"] != "SHA1" || info["digits"] != 6.0 || info["period"] != 30.0 {
		t.Fatalf("entry %v", e)
	}
	if _, err := EncryptAegis(nil, nil, fastScrypt); !errors.Is(err, ErrNoPassword) {
		t.Fatal(err)
	}
}

func TestAegisErrors(t *testing.T) {
	good, _ := EncryptAegis(roundTripEntries, []byte("c0rrect-h0rse"), fastScrypt)
	var f map[string]any
	json.Unmarshal(good, &f)
	edit := func(change func(f map[string]any)) []byte {
		var c map[string]any
		json.Unmarshal(good, &c)
		change(c)
		b, _ := json.Marshal(c)
		return b
	}
	slot := func(f map[string]any) map[string]any {
		return f["header"].(map[string]any)["slots"].([]any)[0].(map[string]any)
	}
	flipped := func(s string) string {
		b, _ := base64.StdEncoding.DecodeString(s)
		b[len(b)/2] ^= 1
		return base64.StdEncoding.EncodeToString(b)
	}
	cancelled := errors.New("cancelled")
	cases := []struct {
		name     string
		data     []byte
		password Password
		want     error
	}{
		{"wrong password", good, pw("wrong"), ErrWrongPassword},
		{"no password callback", good, nil, ErrNoPassword},
		{"empty password", good, pw(""), ErrNoPassword},
		{"prompt cancelled", good, func() ([]byte, error) { return nil, cancelled }, cancelled},
		{"database changed", edit(func(f map[string]any) { f["db"] = flipped(f["db"].(string)) }), pw("c0rrect-h0rse"), ErrDamaged},
		{"database not base64", edit(func(f map[string]any) { f["db"] = "%%%" }), pw("c0rrect-h0rse"), ErrDamaged},
		{"biometric slot only", edit(func(f map[string]any) { slot(f)["type"] = 2.0 }), pw("c0rrect-h0rse"), ErrDamaged},
		{"absurd scrypt cost", edit(func(f map[string]any) { slot(f)["n"] = float64(1 << 30) }), pw("c0rrect-h0rse"), ErrDamaged},
		{"scrypt N not a power of 2", edit(func(f map[string]any) { slot(f)["n"] = 1000.0 }), pw("c0rrect-h0rse"), ErrDamaged},
		{"slot key not hex", edit(func(f map[string]any) { slot(f)["key"] = "zz" }), pw("c0rrect-h0rse"), ErrDamaged},
	}
	for _, c := range cases {
		_, err := Read(c.data, c.password)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
			continue
		}
		if msg := err.Error(); strings.Contains(msg, "c0rrect-h0rse") || strings.Contains(msg, "\n") {
			t.Errorf("%s: %q", c.name, msg)
		}
	}
}

func TestReadTwoFAS(t *testing.T) {
	want := []vault.Entry{
		{Issuer: "Microsoft", Account: "ada@contoso.com", Secret: secretA, Algorithm: "SHA1", Digits: 6, Period: 30},
		octo(8, 30),
	}
	skipped := []Skipped{{"Bank: counter", reasonHOTP}, {"Steam: alice", reasonSteam}}
	r, err := Read(twoFASFixture(t, twoFASFixtureServices, "", false), nil)
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, r, TwoFAS, false, want, skipped)
	for _, withRef := range []bool{true, false} {
		enc := twoFASFixture(t, twoFASFixtureServices, "s3cret", withRef)
		r, err := Read(enc, pw("s3cret"))
		if err != nil {
			t.Fatal(err)
		}
		checkResult(t, r, TwoFAS, true, want, skipped)
		if _, err := Read(enc, pw("wrong")); !errors.Is(err, ErrWrongPassword) {
			t.Errorf("reference %v, wrong password: %v", withRef, err)
		}
	}
	// With a reference, a right password on damaged services is damage.
	var f map[string]any
	json.Unmarshal(twoFASFixture(t, twoFASFixtureServices, "s3cret", true), &f)
	parts := strings.Split(f["servicesEncrypted"].(string), ":")
	ct, _ := base64.StdEncoding.DecodeString(parts[0])
	ct[0] ^= 1
	parts[0] = base64.StdEncoding.EncodeToString(ct)
	f["servicesEncrypted"] = strings.Join(parts, ":")
	b, _ := json.Marshal(f)
	if _, err := Read(b, pw("s3cret")); !errors.Is(err, ErrDamaged) {
		t.Errorf("damaged services: %v", err)
	}
	f["servicesEncrypted"] = "abc"
	b, _ = json.Marshal(f)
	if _, err := Read(b, pw("s3cret")); !errors.Is(err, ErrDamaged) {
		t.Errorf("not three parts: %v", err)
	}
	if _, err := Read([]byte(`{"schemaVersion":5,"services":[]}`), nil); !errors.Is(err, ErrNewerFormat) {
		t.Errorf("schema 5: %v", err)
	}
	// Schema 1 had no digits, period or algorithm: the defaults.
	r, err = Read([]byte(`{"schemaVersion":1,"services":[{"name":"GitHub","secret":"`+secretB+`","otp":{"account":"octo","issuer":"GitHub","label":"GitHub:octo"}}]}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, r, TwoFAS, false, []vault.Entry{{Issuer: "GitHub", Account: "octo", Secret: secretB, Algorithm: "SHA1", Digits: 6, Period: 30}}, nil)
	// A Microsoft token keeps its tenant from the label.
	svc := twoFASServiceJSON("Microsoft", secretA, "ada@contoso.com", "TOTP", "SHA1", 6, 30)
	svc["otp"].(map[string]any)["label"] = "Contoso:ada@contoso.com"
	r, err = Read(twoFASFixture(t, []map[string]any{svc}, "", false), nil)
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, r, TwoFAS, false, []vault.Entry{adaContoso}, nil)
}

func TestReadAndOTP(t *testing.T) {
	r, err := Read([]byte(andOTPFixture), nil)
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, r, AndOTP, false, []vault.Entry{adaContoso, octo(8, 30)},
		[]Skipped{{"Bank: counter", reasonHOTP}, {"Steam: alice", reasonSteam}, {"VPN: old", reasonMOTP}})
}

func TestReadBitwarden(t *testing.T) {
	r, err := Read([]byte(bitwardenFixture), nil)
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, r, Bitwarden, false, []vault.Entry{
		adaContoso,
		// A bare secret: the account is the login's user name, the issuer the item's name.
		{Issuer: "GitHub", Account: "octo", Secret: secretB, Algorithm: "SHA1", Digits: 6, Period: 30},
		{Issuer: "Lonely", Account: "Lonely", Secret: secretC, Algorithm: "SHA1", Digits: 6, Period: 30},
	}, []Skipped{{"Steam: alice", reasonSteam}, {"Bank:c", reasonHOTP}, {"Typo: d", reasonInvalidSecret}})
	_, err = Read([]byte(bitwardenEncryptedFixture), pw("x"))
	if !errors.Is(err, ErrExportEncrypted) || !strings.Contains(err.Error(), `unencrypted "JSON"`) {
		t.Fatal(err)
	}
}

func TestReadEnteAndLines(t *testing.T) {
	r, err := Read([]byte(enteFixture), nil)
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, r, EnteAuth, false, []vault.Entry{adaContoso, octo(8, 30)},
		[]Skipped{{"Bank: counter", reasonHOTP}, {"Steam: alice", reasonSteam}, {"Old: gone", reasonTrashed}})
	if _, err := Read([]byte(enteEncryptedFixture), pw("x")); !errors.Is(err, ErrExportEncrypted) || !strings.Contains(err.Error(), "plain text") {
		t.Fatal(err)
	}
	// Plain otpauth lines: a bad secret is skipped under its label, without the secret.
	r, err = Read([]byte("otpauth://totp/Contoso:ada%40contoso.com?secret="+secretA+"&issuer=Microsoft\n"+
		"otpauth://totp/X:y?secret=SECRETSECRETSECRET1&issuer=X\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, r, OTPAuthLines, false, []vault.Entry{adaContoso}, []Skipped{{"X: y", reasonInvalidSecret}})
	if strings.Contains(r.Skipped[0].Label+r.Skipped[0].Reason, "SECRETSECRET") {
		t.Fatal("secret in the skip report")
	}
	_, err = Read([]byte("otpauth://totp/a?secret="+secretA+"\nmy secret is "+secretB+"\n"), nil)
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "line 2") || strings.Contains(err.Error(), secretB) {
		t.Fatal(err)
	}
}

func TestLongLabelCut(t *testing.T) {
	r, err := Read([]byte(`[{"secret":"x","type":"HOTP","issuer":"I","label":"`+strings.Repeat("é", 100)+`"}]`), nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := "I: " + strings.Repeat("é", 77) + "…"; r.Skipped[0].Label != want {
		t.Fatalf("%q", r.Skipped[0].Label)
	}
}

// TestAegisUnrepairedSlot: Aegis once derived slot keys from the password
// with trailing zeros (which only changes the key past 64 bytes); such a
// slot, not yet "repaired", still opens.
func TestAegisUnrepairedSlot(t *testing.T) {
	long := []byte(strings.Repeat("long passphrase ", 5)) // 80 bytes: the encoder's buffer held 88
	if old := javaOldBytes(long); len(old) != 88 || !bytes.Equal(old[:80], long) || old[87] != 0 {
		t.Fatalf("old bytes %d", len(old))
	}
	if old := javaOldBytes([]byte("ünï")); len(old) != 7 { // 3 units: buffer 3, grown to 7 for 5 bytes
		t.Fatalf("old bytes of non-ASCII %d", len(old))
	}
	data, _ := EncryptAegis(roundTripEntries[:1], javaOldBytes(long), fastScrypt)
	var f map[string]any
	json.Unmarshal(data, &f)
	slot := f["header"].(map[string]any)["slots"].([]any)[0].(map[string]any)
	if _, err := Read(data, pw(string(long))); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("repaired slot opened with the old encoding: %v", err)
	}
	slot["repaired"] = false
	unrepaired, _ := json.Marshal(f)
	r, err := Read(unrepaired, pw(string(long)))
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, r, Aegis, true, roundTripEntries[:1], nil)
}
