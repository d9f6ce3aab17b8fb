package host

import "testing"

func TestPageHostPolicy(t *testing.T) {
	signIn := []string{
		"https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=x",
		"https://login.microsoftonline.com:443/contoso.onmicrosoft.com/login",
		"https://login.live.com/oauth20_authorize.srf",
		"https://login.microsoft.com/",
		"https://login.windows.net/x",
		"https://login.microsoftonline.us/",
		"https://login.partner.microsoftonline.cn/",
	}
	for _, u := range signIn {
		if !isSignInPage(u) {
			t.Errorf("%s refused", u)
		}
	}
	denied := []string{
		"http://login.microsoftonline.com/",
		"https://login.microsoftonline.com.evil.example/",
		"https://evil.example/login.microsoftonline.com/",
		"https://login.microsoftonline.com@evil.example/",
		"https://user:pw@login.microsoftonline.com/",
		"https://login.microsoftonline.com:8443/",
		"https://login.microsoftonline.com./",
		"https://LOGIN.microsoftonline.com/",
		"https://xn--login-microsoftonline-xyz.com/",
		"https://login.xn--microsoftonlne-5kb.com/",
		"https://lоgin.microsoftonline.com/", // Cyrillic o
		"https://sub.login.microsoftonline.com/",
		"https://mysignins.microsoft.com/",
		"chrome-extension://oldaboobdkknjdokgfaboekphimhbnkh/popup.html",
		"javascript:alert(1)",
		"https:login.microsoftonline.com",
		"",
		"%zz",
	}
	for _, u := range denied {
		if isSignInPage(u) {
			t.Errorf("%s accepted as a sign-in page", u)
		}
	}
	if !isEnrollPage("https://mysignins.microsoft.com/security-info") || !isEnrollPage("https://account.live.com/proofs/Add") ||
		!isEnrollPage("https://account.activedirectory.windowsazure.com/proofup.aspx") || isEnrollPage("https://login.live.com/") {
		t.Error("enrollment hosts")
	}
}

func TestTenantKey(t *testing.T) {
	cases := map[string]string{
		"https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/authorize":           "contoso.onmicrosoft.com",
		"https://login.microsoftonline.com/72F988BF-86F1-41AF-91AB-2D7CD011DB47/oauth2/v2.0/x": "72f988bf-86f1-41af-91ab-2d7cd011db47",
		"https://login.microsoftonline.com/common/login":                                       "host:login.microsoftonline.com",
		"https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize":                "host:login.microsoftonline.com",
		"https://login.live.com/login.srf":                                                     "host:login.live.com",
		"https://login.microsoftonline.com/":                                                   "host:login.microsoftonline.com",
	}
	for in, want := range cases {
		if got := tenantKey(in); got != want {
			t.Errorf("%s: %q, want %q", in, got, want)
		}
	}
}

func TestTenantNamed(t *testing.T) {
	if !tenantNamed("Contoso", "contoso.onmicrosoft.com") || !tenantNamed("Contoso Ltd", "contosoltd.com") ||
		tenantNamed("Contoso", "fabrikam.com") || tenantNamed("Contoso", "host:login.live.com") || tenantNamed("", "x") {
		t.Error("tenantNamed")
	}
}

func TestParseCaller(t *testing.T) {
	cases := []struct {
		args          []string
		serve, denied bool
		browser       string
	}{
		{[]string{"chrome-extension://oldaboobdkknjdokgfaboekphimhbnkh/"}, true, false, "chrome"},
		{[]string{"chrome-extension://oldaboobdkknjdokgfaboekphimhbnkh/", "--parent-window=1234"}, true, false, "chrome"},
		{[]string{"--parent-window=0", "chrome-extension://oldaboobdkknjdokgfaboekphimhbnkh/"}, true, false, "chrome"},
		{[]string{"chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/"}, true, true, "chrome"},
		{[]string{"/home/u/.mozilla/native-messaging-hosts/org.otpfill.host.json", "otpfill@otpfill.org"}, true, false, "firefox"},
		{[]string{`C:\otpfill\org.otpfill.host.json`, "evil@example.com"}, true, true, "firefox"},
		{[]string{"chrome-extension://storebuildid0000000000000000000/"}, true, false, "chrome"}, // allowed as extra
		{[]string{"list"}, false, false, ""},
		{[]string{"add", "x.json"}, false, false, ""},
		{nil, false, false, ""},
	}
	for _, c := range cases {
		got, serve, err := ParseCaller(c.args, []string{"storebuildid0000000000000000000"})
		if serve != c.serve || (err != nil) != c.denied || got.Browser != c.browser {
			t.Errorf("%v: %+v serve=%v err=%v", c.args, got, serve, err)
		}
	}
}
