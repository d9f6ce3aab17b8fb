package importer

import (
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
)

// A 2FAS backup (.2fas): {"schemaVersion":N,"services":[...]}; encrypted,
// "servicesEncrypted" is "base64(ciphertext||tag):base64(salt):base64(iv)",
// AES-256-GCM under PBKDF2-HMAC-SHA256(password, salt, 10000), and
// "reference" is a fixed text encrypted the same way, so a wrong password
// can be told from damage.
type twoFASFile struct {
	SchemaVersion     int               `json:"schemaVersion"`
	Services          []json.RawMessage `json:"services"`
	ServicesEncrypted *string           `json:"servicesEncrypted"`
	Reference         string            `json:"reference"`
}

type twoFASService struct {
	Name   string `json:"name"`
	Secret string `json:"secret"`
	OTP    struct {
		Label     string `json:"label"`
		Account   string `json:"account"`
		Issuer    string `json:"issuer"`
		Digits    int    `json:"digits"`
		Period    int    `json:"period"`
		Algorithm string `json:"algorithm"`
		TokenType string `json:"tokenType"`
	} `json:"otp"`
}

const (
	twoFASMaxSchema  = 4
	twoFASIterations = 10000
	twoFASKeySize    = 32
)

func readTwoFAS(data []byte, password Password, r *Result) error {
	var f twoFASFile
	if err := json.Unmarshal(data, &f); err != nil {
		return damaged(TwoFAS, "not a valid backup file")
	}
	if f.SchemaVersion > twoFASMaxSchema {
		return fmt.Errorf("%w (2FAS schema version %d)", ErrNewerFormat, f.SchemaVersion)
	}
	services := f.Services
	if f.ServicesEncrypted != nil {
		r.Encrypted = true
		plain, err := decryptTwoFAS(&f, password)
		if err != nil {
			return err
		}
		defer wipe(plain)
		services = nil
		if json.Unmarshal(plain, &services) != nil {
			return damaged(TwoFAS, "the decrypted service list cannot be read")
		}
	}
	for i, raw := range services {
		var s twoFASService
		if err := json.Unmarshal(raw, &s); err != nil {
			return damaged(TwoFAS, fmt.Sprintf("entry %d cannot be read", i+1))
		}
		issuer := s.Name
		if issuer == "" {
			issuer = s.OTP.Issuer
		}
		// Older schemas keep "Issuer:account" in the label; a Microsoft
		// token keeps its tenant there ("Contoso:ada@…").
		name := s.OTP.Account
		if name == "" || strings.HasSuffix(s.OTP.Label, ":"+name) {
			name = s.OTP.Label
		}
		r.add(token{kind: s.OTP.TokenType, name: name, issuer: issuer, secret: s.Secret,
			algorithm: s.OTP.Algorithm, digits: s.OTP.Digits, period: s.OTP.Period})
	}
	return nil
}

func decryptTwoFAS(f *twoFASFile, password Password) ([]byte, error) {
	services, err := parseTwoFASSealed(*f.ServicesEncrypted)
	if err != nil {
		return nil, err
	}
	var reference *twoFASSealed
	if f.Reference != "" {
		ref, err := parseTwoFASSealed(f.Reference)
		if err != nil {
			return nil, err
		}
		reference = &ref
	}
	pw, err := askPassword(password)
	if err != nil {
		return nil, err
	}
	defer wipe(pw)
	if reference != nil {
		if _, err := reference.open(pw); err != nil {
			return nil, ErrWrongPassword
		}
		plain, err := services.open(pw)
		if err != nil {
			return nil, damaged(TwoFAS, "the password is right but the services do not decrypt")
		}
		return plain, nil
	}
	plain, err := services.open(pw)
	if err != nil {
		// Without a reference, GCM cannot tell the two apart; a wrong
		// password is by far the likelier.
		return nil, fmt.Errorf("%w (or the file is damaged)", ErrWrongPassword)
	}
	return plain, nil
}

type twoFASSealed struct{ data, salt, iv []byte }

func parseTwoFASSealed(s string) (twoFASSealed, error) {
	parts := strings.Split(s, ":")
	if len(parts) < 3 {
		return twoFASSealed{}, damaged(TwoFAS, "the encrypted data is not ciphertext:salt:iv")
	}
	var out [3][]byte
	for i := range out {
		b, err := base64.StdEncoding.DecodeString(parts[i])
		if err != nil {
			return twoFASSealed{}, damaged(TwoFAS, "the encrypted data is not base64")
		}
		out[i] = b
	}
	if len(out[1]) == 0 || len(out[2]) != aegisNonceSize || len(out[0]) < aegisTagSize {
		return twoFASSealed{}, damaged(TwoFAS, "the encrypted data is too short")
	}
	return twoFASSealed{data: out[0], salt: out[1], iv: out[2]}, nil
}

func (s twoFASSealed) open(pw []byte) ([]byte, error) {
	key, err := pbkdf2.Key(sha256.New, string(pw), s.salt, twoFASIterations, twoFASKeySize)
	if err != nil {
		return nil, err
	}
	defer wipe(key)
	aead, err := newGCM(key)
	if err != nil {
		return nil, err
	}
	return aead.Open(nil, s.iv, s.data, nil)
}
