package e2e

// Held-out pages, round two (issue 10 check): sign-in fixtures from
// testdata/pages/heldout2.js, written apart from every fixture before them
// (also round one's heldout.js) and unlike them. Their cases run in TestFill
// under names starting "heldout2-":
//
//	OTPFILL_E2E=require OTPFILL_E2E_BROWSERS=chromium go test ./e2e -run '^(TestFill|TestEnroll)$/chromium/heldout2' -count=1

const hostWindows = "login.windows.net"

var (
	acctH2Rui  = testAccount{Tenant: "Contoso", Account: "rui@contoso.com.br"}
	acctH2Aiko = testAccount{Tenant: "Contoso", Account: "aiko@contoso.co.jp"}
	acctH2Gio  = testAccount{Account: "gio@outlook.it"}     // SMS page: in the vault, must not be filled
	acctH2Bia  = testAccount{Account: "bia@outlook.com.br"} // a code refused before this page: must not be filled again
	acctH2Lee  = testAccount{Account: "lee@outlook.com"}    // last 4 digits of a phone: never filled
	acctH2Ute  = testAccount{Tenant: "Contoso", Account: "ute@contoso.de"}
)

func heldout2Accounts() []*testAccount {
	return []*testAccount{&acctH2Rui, &acctH2Aiko, &acctH2Gio, &acctH2Bia, &acctH2Lee, &acctH2Ute}
}

func heldout2FillCases() []fillCase {
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
	return []fillCase{
		{Name: "heldout2-portal-pt", Host: hostAAD, Path: aadAuthorize + "&mkt=pt-BR", Page: "heldout2",
			Params:  page("portal-pt", "pt", acctH2Rui.Account, aadConfig(acctH2Rui.Account, "PhoneAppOTP", "PhoneAppNotification", "OneWaySMS"), ""),
			Account: &acctH2Rui, Expect: expectFill},
		// After the code, "Stay signed in?": a click there counts as a second submission.
		{Name: "heldout2-kmsi-ja", Host: hostWindows, Path: aadAuthorize + "&mkt=ja-JP", Page: "heldout2",
			Params:  page("kmsi-ja", "ja", acctH2Aiko.Account, aadConfig(acctH2Aiko.Account, "PhoneAppOTP", "OneWaySMS"), ""),
			Account: &acctH2Aiko, Expect: expectFill},

		{Name: "heldout2-live-sms-out", Host: hostLive, Path: livePost + "&mkt=it-IT", Page: "heldout2",
			Params: page("live-sms-out", "it", acctH2Gio.Account, serverData(acctH2Gio.Account, 3), "ServerData"), Expect: expectUntouched},
		{Name: "heldout2-live-refused", Host: hostLive, Path: livePost + "&mkt=pt-BR", Page: "heldout2",
			Params: page("live-refused", "pt", acctH2Bia.Account, serverData(acctH2Bia.Account, 10, "sErrTxt", "Esse código não funcionou."), "ServerData"), Expect: expectUntouched},
		{Name: "heldout2-live-last4", Host: hostLive, Path: livePost, Page: "heldout2",
			Params: page("live-last4", "en", acctH2Lee.Account, serverData(acctH2Lee.Account, 3), "ServerData"), Expect: expectUntouched},
		{Name: "heldout2-live-addphone", Host: hostLive, Path: livePost + "&mkt=es-ES", Page: "heldout2",
			Params: page("live-addphone", "es", acctH2Lee.Account, serverData(acctH2Lee.Account, 10), "ServerData"), Expect: expectUntouched},
		{Name: "heldout2-entra-tap", Host: hostAAD, Path: aadAuthorize + "&mkt=de-DE", Page: "heldout2",
			Params: page("entra-tap", "de", acctH2Ute.Account, map[string]any{"sPOST_Username": acctH2Ute.Account, "urlPost": "/common/login"}, ""), Expect: expectUntouched},
	}
}

func heldout2EnrollCases() []enrollCase {
	return []enrollCase{
		{Flow: "mysignins", Start: "qr", Lang: "da", Heldout: "ms-farcopy-da", Round2: true},
		{Flow: "mysignins", Start: "qr", Lang: "fi", Heldout: "ms-download-fi", Round2: true},
		{Flow: "live", Start: "qr", Lang: "sk", Heldout: "live-nbsp-sk", Round2: true},
		{Flow: "mysignins", Start: "qr", Lang: "nb", Heldout: "ms-twice-nb", Round2: true, Twice: true},
	}
}
