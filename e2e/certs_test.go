package e2e

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"time"
)

// Host names the fixture server answers for. Everything else is refused by
// the proxy, which keeps the browsers off the real network.
const (
	hostAAD       = "login.microsoftonline.com"
	hostLive      = "login.live.com"
	hostMSFT      = "login.microsoft.com"
	hostMySignins = "mysignins.microsoft.com"
	hostAADAcct   = "account.activedirectory.windowsazure.com"
	hostLiveAcct  = "account.live.com"
	hostCDN       = "aadcdn.msftauth.net"
	hostEvil      = "login.microsoftonline.com.evil.example"
	hostDriver    = "e2e.otpfill.test" // start page; not a Microsoft host
)

var fixtureHosts = []string{hostAAD, hostLive, hostMSFT, hostMySignins, hostAADAcct,
	hostLiveAcct, hostCDN, hostEvil, hostEvilLive, hostWindows, hostDriver}

// testPKI is a throw-away CA and one leaf for every fixture host.
type testPKI struct {
	CAPEM []byte
	Leaf  tls.Certificate
}

func newTestPKI() (*testPKI, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	caTmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "otpfill e2e test CA", Organization: []string{"otpfill-test"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	caCert, err := x509.ParseCertificate(caDER)
	if err != nil {
		return nil, err
	}
	leafKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	leafTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: hostAAD},
		DNSNames:     fixtureHosts,
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leafTmpl, caCert, &leafKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	return &testPKI{
		CAPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}),
		Leaf: tls.Certificate{
			Certificate: [][]byte{leafDER, caDER},
			PrivateKey:  leafKey,
		},
	}, nil
}
