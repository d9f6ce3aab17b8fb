package e2e

// Held-out pages, round three (issue 10 check): sign-in fixtures from
// testdata/pages/heldout3.js, written apart from every fixture before them
// (also rounds one and two) and unlike them. Most are pages with a code box
// that is not the authenticator step: an SMS page naming the phone without a
// mask (by its last digits, or in full after the user switched from the app),
// an e-mailed code whose address the page does not show, a refused code whose
// error is plain text, the password-reset and account.live.com e-mail
// verification boxes. Their cases run in TestFill under names starting
// "heldout3-":
//
//	OTPFILL_E2E=require OTPFILL_E2E_BROWSERS=chromium go test ./e2e -run '^TestFill$/chromium/heldout3' -count=1

const hostPwReset = "passwordreset.microsoftonline.com"

func init() { fixtureHosts = append(fixtureHosts, hostPwReset) }

var (
	acctH3Ola  = testAccount{Account: "ola@outlook.com"} // positive, one-time-code box only, then KMSI
	acctH3Sven = testAccount{Tenant: "Contoso", Account: "sven@contoso.se"}
	acctH3Pim  = testAccount{Account: "pim@outlook.com"} // positive after the person picks the app's tile
	// In the vault, on pages that must not be filled.
	acctH3Ned  = testAccount{Account: "ned@outlook.com"}
	acctH3Lou  = testAccount{Account: "lou@outlook.fr"}
	acctH3Kurt = testAccount{Account: "kurt@outlook.de"}
	acctH3Bram = testAccount{Account: "bram@outlook.nl"}
)

func heldout3Accounts() []*testAccount {
	return []*testAccount{&acctH3Ola, &acctH3Sven, &acctH3Pim, &acctH3Ned, &acctH3Lou, &acctH3Kurt, &acctH3Bram}
}

func heldout3FillCases() []fillCase {
	page := func(v, lang, account string, cfg map[string]any, cfgVar string) map[string]any {
		m := map[string]any{"v": v, "lang": lang, "account": account}
		if cfg != nil {
			m["config"] = cfg
		}
		if cfgVar != "" {
			m["configVar"] = cfgVar
		}
		return m
	}
	serverData := func(account string, proofType int, kv ...any) map[string]any {
		m := map[string]any{"sSigninName": account, "urlPost": livePost, "iDefaultProofType": proofType}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	sd := "ServerData"
	return []fillCase{
		{Name: "heldout3-live-otc-pl", Host: hostLive, Path: livePost + "&mkt=pl-PL", Page: "heldout3",
			Params:  page("live-otc-pl", "pl", acctH3Ola.Account, serverData(acctH3Ola.Account, 10), sd),
			Account: &acctH3Ola, Expect: expectFill},
		{Name: "heldout3-live-userpick", Host: hostLive, Path: livePost, Page: "heldout3",
			Params:  page("live-userpick", "en", acctH3Pim.Account, serverData(acctH3Pim.Account, 3), sd),
			Account: &acctH3Pim, Expect: expectFill, NoTiming: true},
		{Name: "heldout3-msft-tel-sv", Host: hostMSFT, Path: aadCommon + "&mkt=sv-SE", Page: "heldout3",
			Params:  page("msft-tel-sv", "sv", acctH3Sven.Account, aadConfig(acctH3Sven.Account, "PhoneAppOTP", "OneWaySMS"), ""),
			Account: &acctH3Sven, Expect: expectFill},

		{Name: "heldout3-live-sms-ending", Host: hostLive, Path: livePost, Page: "heldout3",
			Params: page("live-sms-ending", "en", acctH3Ned.Account, serverData(acctH3Ned.Account, 3), sd), Expect: expectUntouched},
		{Name: "heldout3-live-sms-switched", Host: hostLive, Path: livePost + "&mkt=fr-FR", Page: "heldout3",
			Params: page("live-sms-switched", "fr", acctH3Lou.Account, serverData(acctH3Lou.Account, 10), sd), Expect: expectUntouched},
		{Name: "heldout3-live-email-noaddr", Host: hostLive, Path: livePost + "&mkt=de-DE", Page: "heldout3",
			Params: page("live-email-noaddr", "de", acctH3Kurt.Account, serverData(acctH3Kurt.Account, 1), sd), Expect: expectUntouched},
		{Name: "heldout3-live-refused-plain", Host: hostLive, Path: livePost + "&mkt=nl-NL", Page: "heldout3",
			Params: page("live-refused-plain", "nl", acctH3Bram.Account, serverData(acctH3Bram.Account, 10, "sErrTxt", "Die code werkt niet."), sd), Expect: expectUntouched},
		{Name: "heldout3-pwreset-code", Host: hostPwReset, Path: "/?ru=https%3a%2f%2flogin.microsoftonline.com%2f&mkt=en-US&hosted=0", Page: "heldout3",
			Params: page("pwreset-code", "en", acctH3Sven.Account, nil, ""), Expect: expectUntouched},
		{Name: "heldout3-acct-verify-email", Host: hostLiveAcct, Path: "/proofs/Verify?mkt=en-US", Page: "heldout3",
			Params: page("acct-verify-email", "en", acctH3Kurt.Account, nil, ""), Expect: expectUntouched},
	}
}
