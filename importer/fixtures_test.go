package importer

import (
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"testing"

	"github.com/otpfill/otpfill/vault"
)

// Fixtures written for these tests from the formats' descriptions (the
// real apps' own test files are only read by TestRealExports).

const (
	secretA = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" // 160 bits
	secretB = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
	secretC = "KRUGS4ZANFZSAYJAONSWG4TFOQQGWZLZ"
)

// fastScrypt keeps encrypted fixtures quick; AegisScrypt is tested once.
var fastScrypt = Scrypt{N: 1 << 4, R: 8, P: 1}

// A mixed bag as an Aegis vault would hold it.
var aegisFixtureEntries = []aegisEntry{
	{Type: "totp", Name: "Contoso:ada@contoso.com", Issuer: "Microsoft", Info: aegisInfo{Secret: secretA, Algo: "SHA1", Digits: 6, Period: 30}},
	{Type: "totp", Name: "octo", Issuer: "GitHub", Info: aegisInfo{Secret: secretB, Algo: "SHA256", Digits: 8, Period: 60}},
	{Type: "totp", Name: "", Issuer: "Fastmail", Info: aegisInfo{Secret: secretC, Algo: "SHA512", Digits: 7, Period: 30}},
	{Type: "hotp", Name: "counter", Issuer: "Bank", Info: aegisInfo{Secret: secretA, Algo: "SHA1", Digits: 6}},
	{Type: "steam", Name: "alice", Issuer: "Steam", Info: aegisInfo{Secret: secretB, Algo: "SHA1", Digits: 5, Period: 30}},
	{Type: "yandex", Name: "ivan", Issuer: "Yandex", Info: aegisInfo{Secret: secretC, Algo: "SHA256", Digits: 8, Period: 30}},
	{Type: "motp", Name: "old", Issuer: "VPN", Info: aegisInfo{Secret: secretA, Algo: "MD5", Digits: 6, Period: 10}},
	{Type: "totp", Name: "md5", Issuer: "Odd", Info: aegisInfo{Secret: secretA, Algo: "MD5", Digits: 6, Period: 30}},
	{Type: "totp", Name: "ten", Issuer: "Odd", Info: aegisInfo{Secret: secretA, Algo: "SHA1", Digits: 10, Period: 30}},
	{Type: "totp", Name: "short", Issuer: "Odd", Info: aegisInfo{Secret: "JBSWY3DP", Algo: "SHA1", Digits: 6, Period: 30}},
	{Type: "hotp", Info: aegisInfo{Secret: secretA, Algo: "SHA1", Digits: 6}},
}

// aegisPlainFixture is an unencrypted Aegis vault file of entries.
func aegisPlainFixture(t testing.TB, entries []aegisEntry, dbVersion int) []byte {
	db := aegisDB{Version: dbVersion, Entries: []json.RawMessage{}}
	for _, e := range entries {
		if e.UUID == "" {
			e.UUID = newUUID()
		}
		raw, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		db.Entries = append(db.Entries, raw)
	}
	dbJSON, err := json.Marshal(db)
	if err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(aegisFile{Version: 1, DB: dbJSON})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// The vault entries the tests export and expect back.
var roundTripEntries = []vault.Entry{
	{Issuer: "Microsoft", Tenant: "Contoso", Account: "ada@contoso.com", Secret: secretA, Algorithm: "SHA1", Digits: 6, Period: 30},
	{Issuer: "Microsoft", Tenant: "Fabrikam Ltd", Account: "ada@fabrikam.example", Secret: secretB, Algorithm: "SHA1", Digits: 6, Period: 30},
	{Issuer: "GitHub", Account: "octo+work@example.com", Secret: secretC, Algorithm: "SHA256", Digits: 8, Period: 60},
	{Issuer: "Ünïcode Bank", Account: "josé/ä b", Secret: secretA, Algorithm: "SHA512", Digits: 7, Period: 15},
	{Issuer: "Shop", Account: "customer:42", Secret: secretB, Algorithm: "SHA1", Digits: 6, Period: 30},
}

// twoFASService is one service as 2FAS (schema 4) writes it.
func twoFASServiceJSON(name, secret, account, tokenType, algorithm string, digits, period int) map[string]any {
	return map[string]any{
		"name": name, "secret": secret, "updatedAt": 1,
		"otp": map[string]any{"label": account, "account": account, "issuer": name, "digits": digits,
			"period": period, "algorithm": algorithm, "tokenType": tokenType, "source": "Manual"},
		"order": map[string]any{"position": 0},
	}
}

var twoFASFixtureServices = []map[string]any{
	twoFASServiceJSON("Microsoft", secretA, "ada@contoso.com", "TOTP", "SHA1", 6, 30),
	twoFASServiceJSON("GitHub", secretB, "octo", "TOTP", "SHA256", 8, 30),
	twoFASServiceJSON("Bank", secretC, "counter", "HOTP", "SHA1", 6, 0),
	twoFASServiceJSON("Steam", secretA, "alice", "STEAM", "SHA1", 5, 30),
}

// twoFASFixture is a .2fas backup of services; with a password it is
// encrypted as 2FAS does it (this encrypt function exists only here).
func twoFASFixture(t testing.TB, services []map[string]any, password string, withReference bool) []byte {
	list, err := json.Marshal(services)
	if err != nil {
		t.Fatal(err)
	}
	f := map[string]any{"services": services, "groups": []any{}, "updatedAt": 1, "schemaVersion": 4,
		"appVersionCode": 1, "appVersionName": "test", "appOrigin": "android"}
	if password != "" {
		f["services"] = []any{}
		f["servicesEncrypted"] = twoFASSeal(t, list, password)
		if withReference {
			f["reference"] = twoFASSeal(t, []byte("a fixed text that 2FAS encrypts along"), password)
		}
	}
	out, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func twoFASSeal(t testing.TB, plain []byte, password string) string {
	salt, iv := make([]byte, 256), make([]byte, 12)
	rand.Read(salt)
	rand.Read(iv)
	key, err := pbkdf2.Key(sha256.New, password, salt, twoFASIterations, twoFASKeySize)
	if err != nil {
		t.Fatal(err)
	}
	aead, err := newGCM(key)
	if err != nil {
		t.Fatal(err)
	}
	b64 := base64.StdEncoding.EncodeToString
	return b64(aead.Seal(nil, iv, plain, nil)) + ":" + b64(salt) + ":" + b64(iv)
}

const andOTPFixture = `[
 {"secret":"` + secretA + `====","issuer":"Microsoft","label":"Contoso:ada@contoso.com","digits":6,"type":"TOTP","algorithm":"SHA1","thumbnail":"Default","last_used":0,"used_frequency":0,"period":30,"tags":[]},
 {"secret":"` + secretB + `","issuer":"GitHub","label":"octo","digits":8,"type":"TOTP","algorithm":"SHA256","period":30,"tags":["work"]},
 {"secret":"` + secretC + `","issuer":"Bank","label":"counter","digits":6,"type":"HOTP","algorithm":"SHA1","counter":3,"tags":[]},
 {"secret":"` + secretA + `","issuer":"Steam","label":"alice","digits":5,"type":"STEAM","algorithm":"SHA1","period":30,"tags":[]},
 {"secret":"` + secretB + `","issuer":"VPN","label":"old","digits":6,"type":"MOTP","algorithm":"MD5","period":10,"pin":"1234","tags":[]}
]`

const bitwardenFixture = `{"encrypted":false,"folders":[],"items":[
 {"id":"1","type":1,"name":"Contoso","login":{"username":"ada@contoso.com","password":"pw","totp":"otpauth://totp/Contoso:ada@contoso.com?secret=` + secretA + `&issuer=Microsoft"}},
 {"id":"2","type":1,"name":"GitHub","login":{"username":"octo","password":"pw","totp":"` + "gezd gnbv gy3t qojq gezd gnbv gy3t qojq" + `"}},
 {"id":"3","type":1,"name":"Lonely","login":{"username":null,"password":"pw","totp":"` + secretC + `"}},
 {"id":"4","type":1,"name":"Steam","login":{"username":"alice","totp":"steam://` + secretA + `"}},
 {"id":"5","type":1,"name":"Only a password","login":{"username":"bob","password":"pw","totp":null}},
 {"id":"6","type":2,"name":"A note","notes":"text","secureNote":{"type":0}},
 {"id":"7","type":1,"name":"Bank","login":{"username":"c","totp":"otpauth://hotp/Bank:c?secret=` + secretB + `&counter=1"}},
 {"id":"8","type":1,"name":"Typo","login":{"username":"d","totp":"not base32!"}}
]}`

const bitwardenEncryptedFixture = `{"encrypted":true,"passwordProtected":true,"salt":"c2FsdA==","kdfType":0,"kdfIterations":600000,"encKeyValidation_DO_NOT_EDIT":"2.x|y|z","data":"2.a|b|c"}`

const enteFixture = "otpauth://totp/Contoso:ada%40contoso.com?secret=" + secretA + "&issuer=Microsoft&algorithm=sha1&digits=6&period=30&codeDisplay=%7B%22pinned%22%3Afalse%2C%22tags%22%3A%5B%5D%7D\n" +
	"otpauth://totp/GitHub:octo?algorithm=sha256&digits=8&issuer=GitHub&period=30&secret=" + secretB + "&codeDisplay=%7B%7D\n" +
	"otpauth://hotp/Bank:counter?secret=" + secretC + "&issuer=Bank&counter=3&codeDisplay=%7B%7D\n" +
	"otpauth://steam/Steam:alice?secret=" + secretA + "&issuer=Steam&digits=5&codeDisplay=%7B%7D\n" +
	"otpauth://totp/Old:gone?secret=" + secretC + "&issuer=Old&codeDisplay=%7B%22pinned%22%3Afalse%2C%22trashed%22%3Atrue%7D\n"

const enteEncryptedFixture = `{"version":1,"kdfParams":{"memLimit":67108864,"opsLimit":2,"salt":"c2FsdA=="},"encryptedData":"ZGF0YQ==","encryptionNonce":"bm9uY2U="}`
