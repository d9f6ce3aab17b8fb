package vault

import (
	"encoding/base32"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"google.golang.org/protobuf/encoding/protowire"
)

// ParseMigration reads a Google Authenticator export,
// otpauth-migration://offline?data=<base64 protobuf MigrationPayload>, and
// returns its TOTP entries. HOTP and MD5 entries cannot be used and are
// counted in skipped. Errors never include the payload.
func ParseMigration(uri string) (entries []Entry, skipped int, err error) {
	uri = strings.TrimSpace(uri)
	u, err := url.Parse(uri)
	if err != nil || !strings.EqualFold(u.Scheme, "otpauth-migration") {
		return nil, 0, fmt.Errorf("%w: not an otpauth-migration:// export", ErrUnsupported)
	}
	data, err := migrationData(u.RawQuery)
	if err != nil {
		return nil, 0, err
	}
	for len(data) > 0 {
		num, typ, n := protowire.ConsumeTag(data)
		if n < 0 {
			return nil, 0, errBadMigration
		}
		data = data[n:]
		if num == 1 && typ == protowire.BytesType {
			msg, n := protowire.ConsumeBytes(data)
			if n < 0 {
				return nil, 0, errBadMigration
			}
			data = data[n:]
			e, ok, err := parseOtpParameters(msg)
			if err != nil {
				return nil, 0, err
			}
			if !ok {
				skipped++
				continue
			}
			entries = append(entries, e)
			continue
		}
		n = protowire.ConsumeFieldValue(num, typ, data)
		if n < 0 {
			return nil, 0, errBadMigration
		}
		data = data[n:]
	}
	return entries, skipped, nil
}

var errBadMigration = fmt.Errorf("%w: the otpauth-migration data is damaged", ErrUnsupported)

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
	return nil, errors.Join(ErrUnsupported, errors.New("the export has no data"))
}

// parseOtpParameters reads one OtpParameters message; ok is false for an
// entry otpfill cannot use (HOTP, MD5).
func parseOtpParameters(msg []byte) (e Entry, ok bool, err error) {
	var secret []byte
	var name, issuer string
	alg, digits, typ := uint64(1), uint64(1), uint64(2)
	for len(msg) > 0 {
		num, wt, n := protowire.ConsumeTag(msg)
		if n < 0 {
			return Entry{}, false, errBadMigration
		}
		msg = msg[n:]
		switch {
		case wt == protowire.BytesType && (num == 1 || num == 2 || num == 3):
			b, n := protowire.ConsumeBytes(msg)
			if n < 0 {
				return Entry{}, false, errBadMigration
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
				return Entry{}, false, errBadMigration
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
				return Entry{}, false, errBadMigration
			}
			msg = msg[n:]
		}
	}
	if typ == 1 || alg == 4 { // HOTP, MD5
		return Entry{}, false, nil
	}
	e = Entry{Issuer: issuer, Algorithm: map[uint64]string{0: "SHA1", 1: "SHA1", 2: "SHA256", 3: "SHA512"}[alg], Digits: 6, Period: 30}
	if e.Algorithm == "" {
		return Entry{}, false, nil
	}
	if digits == 2 {
		e.Digits = 8
	}
	prefix, account, found := strings.Cut(name, ":")
	if found {
		e.Tenant, e.Account = strings.TrimSpace(prefix), strings.TrimSpace(account)
	} else {
		e.Account = strings.TrimSpace(name)
	}
	if e.Issuer == "" {
		e.Issuer = e.Tenant
	}
	if e.Tenant != "" && strings.EqualFold(e.Tenant, e.Issuer) && !strings.EqualFold(e.Issuer, "Microsoft") {
		e.Tenant = ""
	}
	e.Secret = base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(secret)
	if err := e.validate(); err != nil {
		return Entry{}, false, err
	}
	return e, true, nil
}
