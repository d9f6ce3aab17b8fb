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
	for _, c := range []struct {
		name, key string
		want      bool
	}{
		{"Contoso", "contoso.onmicrosoft.com", true},
		{"Contoso Ltd", "contosoltd.onmicrosoft.com", true},
		{"Contoso", "contoso.onmicrosoft.us", true},
		{"contoso.com", "contoso.com", true},
		{"Contoso", "contoso", true}, // a hint naming the tenant
		{"Contoso", "contoso.evil.example", false},
		{"Contoso", "contoso.com", false}, // anyone's custom domain could be that
		{"Contoso Ltd", "contosoltd.com", false},
		{"Contoso", "contoso.onmicrosoft.com.evil.example", false},
		{"Contoso", "evilcontoso.onmicrosoft.com", false},
		{"Contoso", "fabrikam.com", false},
		{"Contoso", "host:login.live.com", false},
		{"", "x", false},
	} {
		if got := tenantNamed(c.name, c.key); got != c.want {
			t.Errorf("tenantNamed(%q, %q) = %v", c.name, c.key, got)
		}
	}
}

// The measured attack: a sign-in URL naming a look-alike domain as its
// tenant must not pick the Contoso entry of a guest account.
func TestTenantFromURLMatchedWhole(t *testing.T) {
	h := newTestHost(t, standardEntries()...)
	for _, u := range []string{
		"https://login.microsoftonline.com/contoso.evil.example/oauth2/authorize",
		"https://login.microsoftonline.com/contoso.com.evil.example/oauth2/authorize",
		"https://login.microsoftonline.com/contoso/oauth2/authorize",
	} {
		h.fails(map[string]any{"type": "code", "account": "ada@contoso.com", "url": u}, "ambiguous")
		if r := h.ok(map[string]any{"type": "match", "account": "ada@contoso.com", "url": u}); r.Match != "several" {
			t.Errorf("%s: match %q", u, r.Match)
		}
	}
	r := h.ok(map[string]any{"type": "code", "account": "ada@contoso.com", "url": "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/authorize"})
	if r.Entry.Tenant != "Contoso" {
		t.Fatalf("initial domain: %+v", r.Entry)
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
