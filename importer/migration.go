package importer

import (
	"encoding/base32"
	"encoding/base64"
	"net/url"
	"strings"

	"google.golang.org/protobuf/encoding/protowire"
)

// parseMigration reads a Google Authenticator export,
// otpauth-migration://offline?data=<base64 protobuf MigrationPayload>, into
// its tokens. Errors never include the payload.
func parseMigration(uri string) ([]token, error) {
	u, err := url.Parse(strings.TrimSpace(uri))
	if err != nil || !strings.EqualFold(u.Scheme, "otpauth-migration") {
		return nil, errBadMigration
	}
	data, err := migrationData(u.RawQuery)
	if err != nil {
		return nil, err
	}
	var tokens []token
	for len(data) > 0 {
		num, typ, n := protowire.ConsumeTag(data)
		if n < 0 {
			return nil, errBadMigration
		}
		data = data[n:]
		if num == 1 && typ == protowire.BytesType {
			msg, n := protowire.ConsumeBytes(data)
			if n < 0 {
				return nil, errBadMigration
			}
			data = data[n:]
			t, err := parseOtpParameters(msg)
			if err != nil {
				return nil, err
			}
			tokens = append(tokens, t)
			continue
		}
		n = protowire.ConsumeFieldValue(num, typ, data)
		if n < 0 {
			return nil, errBadMigration
		}
		data = data[n:]
	}
	return tokens, nil
}

var errBadMigration = damaged(GoogleAuthenticator, "the otpauth-migration data cannot be read")

// migrationData decodes the data parameter. It is standard base64, often
// with its '+' left unescaped, which a form decoder would turn into spaces.
func migrationData(rawQuery string) ([]byte, error) {
	for _, kv := range strings.Split(rawQuery, "&") {
		k, v, _ := strings.Cut(kv, "=")
		if k != "data" {
			continue
		}
		v = strings.ReplaceAll(v, "+", "%2B")
		s, err := url.QueryUnescape(v)
		if err != nil {
			return nil, errBadMigration
		}
		s = strings.ReplaceAll(s, " ", "+")
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
			if b, err := enc.DecodeString(s); err == nil {
				return b, nil
			}
		}
		return nil, errBadMigration
	}
	return nil, damaged(GoogleAuthenticator, "the export has no data")
}

// Google's enums: Algorithm (1 SHA1, 2 SHA256, 3 SHA512, 4 MD5), DigitCount
// (1 six, 2 eight), OtpType (1 HOTP, 2 TOTP); 0 is "unspecified".
var (
	migrationAlgorithms = map[uint64]string{0: "SHA1", 1: "SHA1", 2: "SHA256", 3: "SHA512", 4: "MD5"}
	migrationKinds      = map[uint64]string{0: "totp", 1: "hotp", 2: "totp"}
)

// parseOtpParameters reads one OtpParameters message.
func parseOtpParameters(msg []byte) (token, error) {
	var secret []byte
	var name, issuer string
	alg, digits, typ := uint64(1), uint64(1), uint64(2)
	for len(msg) > 0 {
		num, wt, n := protowire.ConsumeTag(msg)
		if n < 0 {
			return token{}, errBadMigration
		}
		msg = msg[n:]
		switch {
		case wt == protowire.BytesType && (num == 1 || num == 2 || num == 3):
			b, n := protowire.ConsumeBytes(msg)
			if n < 0 {
				return token{}, errBadMigration
			}
			msg = msg[n:]
			switch num {
			case 1:
				secret = b
			case 2:
				name = string(b)
			case 3:
				issuer = string(b)
			}
		case wt == protowire.VarintType && num >= 4 && num <= 6:
			v, n := protowire.ConsumeVarint(msg)
			if n < 0 {
				return token{}, errBadMigration
			}
			msg = msg[n:]
			switch num {
			case 4:
				alg = v
			case 5:
				digits = v
			case 6:
				typ = v
			}
		default:
			n := protowire.ConsumeFieldValue(num, wt, msg)
			if n < 0 {
				return token{}, errBadMigration
			}
			msg = msg[n:]
		}
	}
	t := token{
		kind:      migrationKinds[typ],
		name:      name,
		issuer:    issuer,
		secret:    base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(secret),
		algorithm: migrationAlgorithms[alg],
		digits:    6,
	}
	if t.kind == "" {
		t.kind = "unknown"
	}
	if t.algorithm == "" {
		t.algorithm = "unknown"
	}
	if digits == 2 {
		t.digits = 8
	}
	return t, nil
}
