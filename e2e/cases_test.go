package e2e

import "time"

// The sign-in fixtures each browser goes through. Every positive case signs
// in with its own account, so the host's replay guard (one fill per entry and
// time step) never makes a case wait for the next 30-second step.

const (
	expectFill      = "fill"      // valid code in the page's model, submitted once
	expectUntouched = "untouched" // nothing typed, nothing submitted
	expectChooser   = "chooser"   // several entries match: an in-page choice, nothing submitted
)

type fillCase struct {
	Name    string
	Host    string
	Path    string
	Page    string // classic, live, device
	Params  map[string]any
	Account *testAccount // the entry whose secret the server checks codes against
	Expect  string
	Push    bool // starts on the push screen: must go via PhoneAppOTP
	// Wait overrides fillTimeout (a case that reuses an entry within one
	// 30-second step waits for the next step: the replay guard).
	Wait     time.Duration
	NoTiming bool // latency includes a simulated person: not reported
}

// accounts in the vault for the fill cases.
var (
	acctAda    = testAccount{Tenant: "Contoso", Account: "ada@contoso.com"}
	acctBob    = testAccount{Tenant: "Contoso", Account: "bob@contoso.com"}
	acctCyd    = testAccount{Tenant: "Contoso", Account: "cyd@contoso.com"}
	acctDora   = testAccount{Tenant: "Contoso", Account: "dora@contoso.de"}
	acctEmi    = testAccount{Tenant: "Contoso", Account: "emi@contoso.co.jp"}
	acctKai    = testAccount{Tenant: "Contoso", Account: "Kai@Contoso.com"} // page shows it lower-case
	acctFinn   = testAccount{Account: "finn@outlook.com"}
	acctGus    = testAccount{Account: "gus@outlook.de"}
	acctHana   = testAccount{Tenant: "Contoso", Account: "hana@contoso.com"} // SMS page
	acctIvo    = testAccount{Account: "ivo@outlook.com"}                     // e-mailed code page
	acctJan    = testAccount{Tenant: "Contoso", Account: "jan@contoso.com"}  // look-alike host
	acctGuestC = testAccount{Tenant: "Contoso", Account: "guest@fabrikam.com"}
	acctGuestF = testAccount{Tenant: "Fabrikam", Account: "guest@fabrikam.com"}
	acctLena   = testAccount{Tenant: "Contoso", Account: "lena@contoso.com"} // locked vault case
	// Today's screens (lead's research, issue 10 §2).
	acctLia   = testAccount{Account: "lia@outlook.com"}
	acctMo    = testAccount{Account: "mo@outlook.jp"}
	acctNia   = testAccount{Account: "nia@hotmail.com"}
	acctOmar  = testAccount{Tenant: "Contoso", Account: "omar@contoso.com"}
	acctPia   = testAccount{Tenant: "Contoso", Account: "pia@contoso.com"}
	acctQuinn = testAccount{Tenant: "Contoso", Account: "quinn@contoso.com"}
	acctRay   = testAccount{Tenant: "Contoso", Account: "ray@contoso.com"}
)

func allAccounts() []*testAccount {
	return []*testAccount{&acctAda, &acctBob, &acctCyd, &acctDora, &acctEmi, &acctKai, &acctFinn, &acctGus,
		&acctHana, &acctIvo, &acctJan, &acctGuestC, &acctGuestF, &acctLena,
		&acctLia, &acctMo, &acctNia, &acctOmar, &acctPia, &acctQuinn, &acctRay}
}

const (
	aadAuthorize  = "/contoso.onmicrosoft.com/oauth2/v2.0/authorize?client_id=00000003-0000-0ff1-ce00-000000000000&response_type=code&scope=openid&redirect_uri=https%3A%2F%2Fcontoso.sharepoint.com%2F_forms%2Fdefault.aspx&sso_reload=true"
	aadCommon     = "/common/oauth2/v2.0/authorize?client_id=d3590ed6-52b3-4102-aeff-aad2292ab01c&response_type=code&scope=openid&sso_reload=true"
	aadDevice     = "/common/oauth2/deviceauth"
	liveAuthorize = "/oauth20_authorize.srf?client_id=0000000048170EF2&response_type=token&scope=service%3A%3Aoutlook.office.com%3A%3AMBI_SSL&redirect_uri=https%3A%2F%2Foutlook.live.com%2F"
	livePost      = "/ppsecure/post.srf?contextid=6D1A4A5B2E0C1F3A&opid=8E1D2C3B4A5F6E7D&bk=1732345678&uaid=3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c&pid=0"
)

func aadConfig(account string, proofs ...string) map[string]any {
	var ps []map[string]any
	for i, p := range proofs {
		ps = append(ps, map[string]any{"authMethodId": p, "data": p, "display": "+X XXXXXXXX42", "isDefault": i == 0, "isLocationAware": false})
	}
	return map[string]any{
		"arrUserProofs": ps, "urlPost": "/common/SAS/ProcessAuth", "urlBeginAuth": "/common/SAS/BeginAuth",
		"urlEndAuth": "/common/SAS/EndAuth", "sPOST_Username": account, "sCanaryTokenName": "canary",
		"iMaxPollAttempts": 6, "iPollingInterval": 2,
	}
}

// reprompt: re-authentication shows the account only in #displayName (no
// hidden login input, no sPOST_Username).
func reprompt(m map[string]any) map[string]any {
	delete(m["config"].(map[string]any), "sPOST_Username")
	m["reprompt"] = true
	return m
}

func classic(lang, account, view string, cfgProofs ...string) map[string]any {
	return map[string]any{"lang": lang, "account": account, "view": view, "config": aadConfig(account, cfgProofs...)}
}

func fillCases() []fillCase {
	p := func(m map[string]any, kv ...any) map[string]any {
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	live := func(lang, account, kind string) map[string]any {
		return map[string]any{"lang": lang, "account": account, "kind": kind, "configVar": "ServerData",
			"config": map[string]any{"sSigninName": account, "urlPost": livePost, "iDefaultProofType": map[string]int{"app": 10, "email": 1}[kind]}}
	}
	return []fillCase{
		// The first case after the browser starts measures the cold path.
		{Name: "classic", Host: hostAAD, Path: aadAuthorize, Page: "classic",
			Params: classic("en", acctAda.Account, "code", "PhoneAppOTP", "OneWaySMS"), Account: &acctAda, Expect: expectFill},
		{Name: "classic-late-rerender", Host: hostAAD, Path: aadAuthorize, Page: "classic",
			Params:  p(classic("en", acctBob.Account, "code", "PhoneAppOTP"), "renderDelay", 1500, "rerenderAfter", 60),
			Account: &acctBob, Expect: expectFill},
		{Name: "push-to-code", Host: hostAAD, Path: aadAuthorize, Page: "classic",
			Params:  classic("en", acctCyd.Account, "push", "PhoneAppNotification", "PhoneAppOTP", "OneWaySMS", "TwoWayVoiceMobile"),
			Account: &acctCyd, Expect: expectFill, Push: true},
		{Name: "classic-de", Host: hostAAD, Path: aadAuthorize + "&mkt=de-DE", Page: "classic",
			Params: classic("de", acctDora.Account, "code", "PhoneAppOTP"), Account: &acctDora, Expect: expectFill},
		{Name: "push-to-code-ja", Host: hostAAD, Path: aadAuthorize + "&mkt=ja-JP", Page: "classic",
			Params:  classic("ja", acctEmi.Account, "push", "PhoneAppNotification", "PhoneAppOTP", "OneWaySMS"),
			Account: &acctEmi, Expect: expectFill, Push: true},
		{Name: "classic-login.microsoft.com-case", Host: hostMSFT, Path: aadCommon, Page: "classic",
			Params: classic("en", "kai@contoso.com", "code", "PhoneAppOTP"), Account: &acctKai, Expect: expectFill},
		{Name: "personal", Host: hostLive, Path: liveAuthorize, Page: "live",
			Params: live("en", acctFinn.Account, "app"), Account: &acctFinn, Expect: expectFill},
		{Name: "personal-de", Host: hostLive, Path: livePost, Page: "live",
			Params: live("de", acctGus.Account, "app"), Account: &acctGus, Expect: expectFill},

		{Name: "sms", Host: hostAAD, Path: aadAuthorize, Page: "classic",
			Params: classic("en", acctHana.Account, "sms", "OneWaySMS", "PhoneAppOTP"), Expect: expectUntouched},
		{Name: "sms-de", Host: hostAAD, Path: aadAuthorize + "&mkt=de-DE", Page: "classic",
			Params: classic("de", acctHana.Account, "sms", "OneWaySMS", "PhoneAppOTP"), Expect: expectUntouched},
		{Name: "emailed-code", Host: hostLive, Path: livePost, Page: "live",
			Params: live("en", acctIvo.Account, "email"), Expect: expectUntouched},
		{Name: "device-code", Host: hostAAD, Path: aadDevice, Page: "device",
			Params: map[string]any{"lang": "en"}, Expect: expectUntouched},
		{Name: "device-code-ja", Host: hostAAD, Path: aadDevice + "?mkt=ja-JP", Page: "device",
			Params: map[string]any{"lang": "ja"}, Expect: expectUntouched},
		{Name: "look-alike-host", Host: hostEvil, Path: aadAuthorize, Page: "classic",
			Params: classic("en", acctJan.Account, "code", "PhoneAppOTP"), Expect: expectUntouched},
		{Name: "unknown-account", Host: hostAAD, Path: aadAuthorize, Page: "classic",
			Params: classic("en", "nobody@contoso.com", "code", "PhoneAppOTP"), Expect: expectUntouched},
		// Same UPN in two tenants, tenant not in the URL: a chooser; the test
		// picks Fabrikam with a real click and expects Fabrikam's code.
		{Name: "ambiguous-account", Host: hostAAD, Path: aadCommon, Page: "classic",
			Params: classic("en", acctGuestC.Account, "code", "PhoneAppOTP"), Account: &acctGuestF, Expect: expectChooser, NoTiming: true},

		// Today's screens (lead's research): personal accounts' floating-label
		// box with a hidden otc mirror, the e-mailed code over six boxes, the
		// personal push screen and its method tiles; Entra without the SAOTCC
		// ids, with company branding, right to left, and a re-prompt.
		{Name: "personal-today", Host: hostLive, Path: livePost, Page: "live",
			Params: p(live("en", acctLia.Account, "app"), "ui", "today"), Account: &acctLia, Expect: expectFill},
		{Name: "personal-today-ja", Host: hostLive, Path: liveAuthorize, Page: "live",
			Params: p(live("ja", acctMo.Account, "app"), "ui", "today"), Account: &acctMo, Expect: expectFill},
		{Name: "personal-push-to-code", Host: hostLive, Path: livePost, Page: "live",
			Params: p(live("en", acctNia.Account, "app"), "ui", "today", "start", "push"), Account: &acctNia, Expect: expectFill, Push: true},
		// An account otpfill does not have: the push screen stays the user's
		// (match says none; no time step is used, no list reaches the page).
		{Name: "personal-push-unknown", Host: hostLive, Path: livePost, Page: "live",
			Params: p(live("en", "nobody@outlook.com", "app"), "ui", "today", "start", "push"), Expect: expectUntouched},
		{Name: "emailed-code-six-boxes", Host: hostLive, Path: livePost, Page: "live",
			Params: p(live("en", acctIvo.Account, "email"), "kind", "email6"), Expect: expectUntouched},
		{Name: "entra-no-ids", Host: hostAAD, Path: aadAuthorize, Page: "classic",
			Params: p(classic("en", acctOmar.Account, "code", "PhoneAppOTP", "OneWaySMS"), "noIds", true), Account: &acctOmar, Expect: expectFill},
		{Name: "entra-no-ids-sms", Host: hostAAD, Path: aadAuthorize, Page: "classic",
			Params: p(classic("en", acctHana.Account, "sms", "OneWaySMS", "PhoneAppOTP"), "noIds", true), Expect: expectUntouched},
		{Name: "branded", Host: hostAAD, Path: aadAuthorize, Page: "classic",
			Params: p(classic("en", acctPia.Account, "code", "PhoneAppOTP"), "brand", true), Account: &acctPia, Expect: expectFill},
		{Name: "rtl-ar", Host: hostAAD, Path: aadAuthorize + "&mkt=ar-SA", Page: "classic",
			Params: classic("ar", acctQuinn.Account, "code", "PhoneAppOTP", "OneWaySMS"), Account: &acctQuinn, Expect: expectFill},
		{Name: "reprompt", Host: hostAAD, Path: aadAuthorize + "&prompt=login&max_age=0", Page: "classic",
			Params: reprompt(classic("en", acctRay.Account, "code", "PhoneAppOTP")), Account: &acctRay, Expect: expectFill},
		// The choice is remembered: the same page again fills Fabrikam's code
		// without asking (after the next time step: replay guard).
		{Name: "ambiguous-remembered", Host: hostAAD, Path: aadCommon, Page: "classic",
			Params: classic("en", acctGuestC.Account, "code", "PhoneAppOTP"), Account: &acctGuestF, Expect: expectFill,
			Wait: 40 * time.Second, NoTiming: true},
	}
}
