package e2e

import (
	"net/url"
	"strings"
)

// Enrollment fixtures (issue 7). The tests that use them live in
// enroll_test.go (owned by the enrollment work); this file only builds the
// pages so both sides agree on one set.

const (
	pathMySignins = "/security-info"
	pathProofup   = "/proofup.aspx?culture=en-US&proofup=1"
	pathLiveProof = "/proofs/Add?mkt=en-US&mpcxt=NGC&ru=https%3A%2F%2Faccount.live.com%2Fproofs%2FManage"
)

// enrollFixture returns the host, path and fixture for one enrollment page.
// flow: mysignins | proofup | live; start: decoy | qr | secret. The fixture
// server accepts on the "Enter code" step only codes of acct's secret.
func enrollFixture(flow, start, lang string, acct testAccount) (host, path string, f *fixture) {
	label := acct.Account
	if acct.Tenant != "" {
		label = acct.Tenant + ":" + acct.Account
	}
	uri := "otpauth://totp/" + url.PathEscape(label) + "?secret=" + acct.Secret + "&issuer=Microsoft"
	params := map[string]any{
		"lang": lang, "flow": flow, "start": start, "tenant": acct.Tenant, "upn": acct.Account,
		"secretShown": shownSecret(acct.Secret), "nbsp": flow == "live", "otpauth": uri,
		"pfCode": "482913765", "title": "My Sign-Ins | Security Info",
	}
	switch flow {
	case "proofup":
		host, path = hostAADAcct, pathProofup
		params["title"] = "Additional security verification"
	case "live":
		host, path = hostLiveAcct, pathLiveProof
		params["title"] = "Microsoft account | Add security info"
	default:
		host, path = hostMySignins, pathMySignins
	}
	return host, path, &fixture{Page: "enroll", Params: params, Secrets: []string{acct.Secret}}
}

// shownSecret is how Microsoft prints a secret: lower case, groups of four.
func shownSecret(s string) string {
	s = strings.ToLower(s)
	var groups []string
	for len(s) > 4 {
		groups = append(groups, s[:4])
		s = s[4:]
	}
	return strings.Join(append(groups, s), " ")
}
