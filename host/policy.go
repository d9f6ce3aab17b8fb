package host

import (
	"net/url"
	"strings"
)

// signInHosts may ask for codes to fill: Microsoft's sign-in pages, matched
// exactly (no subdomains, no look-alikes).
var signInHosts = map[string]bool{
	"login.microsoftonline.com":        true,
	"login.microsoftonline.us":         true,
	"login.microsoft.com":              true,
	"login.windows.net":                true,
	"login.live.com":                   true,
	"login.partner.microsoftonline.cn": true,
}

// enrollHosts may add secrets (security-info pages), and ask for the code of
// an entry they just added, for the enrollment's verification step.
var enrollHosts = map[string]bool{
	"mysignins.microsoft.com":                  true,
	"account.activedirectory.windowsazure.com": true,
	"account.live.com":                         true,
}

// pageHost returns the host of an https page URL, or "" when the URL is not
// one whose host can be trusted as written: another scheme, user info
// (https://login.microsoftonline.com@evil.example/), a port other than 443,
// a trailing dot, or non-ASCII / punycode labels.
func pageHost(raw string) string {
	if len(raw) > 8192 {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || u.User != nil || u.Opaque != "" {
		return ""
	}
	if p := u.Port(); p != "" && p != "443" {
		return ""
	}
	h := u.Hostname()
	if h == "" || strings.HasSuffix(h, ".") {
		return ""
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if c >= 0x80 || (c >= 'A' && c <= 'Z') {
			return ""
		}
	}
	if strings.HasPrefix(h, "xn--") || strings.Contains(h, ".xn--") {
		return ""
	}
	return h
}

func isSignInPage(raw string) bool { return signInHosts[pageHost(raw)] }
func isEnrollPage(raw string) bool { return enrollHosts[pageHost(raw)] }

// notTenants are first path segments of sign-in URLs that name no tenant.
var notTenants = map[string]bool{
	"common": true, "organizations": true, "consumers": true, "oauth2": true, "login": true,
	"kmsi": true, "savedusers": true, "appverify": true, "sso": true, "ppsecure": true, "login.srf": true,
	"oauth20_authorize.srf": true, "": true,
}

// tenantKey is the key a page's tenant is remembered under: the tenant GUID
// or domain from a work-account URL (login.microsoftonline.com/<tenant>/...),
// else "host:<hostname>" so a choice made on a tenant-less page is
// remembered for that kind of page.
func tenantKey(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	seg, _, _ := strings.Cut(strings.TrimPrefix(u.EscapedPath(), "/"), "/")
	seg = strings.ToLower(seg)
	if !notTenants[seg] && (strings.Contains(seg, ".") || isGUID(seg)) && !strings.HasSuffix(seg, ".srf") && !strings.HasSuffix(seg, ".aspx") {
		return seg
	}
	return "host:" + pageHost(raw)
}

func isGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
				return false
			}
		}
	}
	return true
}
