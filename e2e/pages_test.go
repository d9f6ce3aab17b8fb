package e2e

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"text/template"
)

//go:embed testdata/pages
var pagesFS embed.FS

var shellTmpl = template.Must(template.ParseFS(pagesFS, "testdata/pages/shell.html"))

var pageTitles = map[string]string{
	"en": "Sign in to your account",
	"de": "Bei Ihrem Konto anmelden",
	"ja": "アカウントにサインイン",
}

// renderFixture builds the HTML of one fixture page: the shell, the shared
// harness (e2e.js), the page's own script (<page>.js) and its parameters.
// Params["config"], when present, is written the way Microsoft pages carry
// their server config: an inline script assigning $Config (work account
// pages) or ServerData (personal account pages), per Params["configVar"].
func renderFixture(f *fixture, seq int) ([]byte, error) {
	script := []byte(f.Script)
	if f.Script == "" {
		var err error
		if script, err = pagesFS.ReadFile("testdata/pages/" + f.Page + ".js"); err != nil {
			return nil, err
		}
	}
	harness, err := pagesFS.ReadFile("testdata/pages/e2e.js")
	if err != nil {
		return nil, err
	}
	params := f.Params
	if params == nil {
		params = map[string]any{}
	}
	lang, _ := params["lang"].(string)
	if lang == "" {
		lang = "en"
	}
	title, _ := params["title"].(string)
	if title == "" {
		title = pageTitles[lang]
	}
	head := ""
	if cfg, ok := params["config"]; ok {
		v, _ := params["configVar"].(string)
		if v == "" {
			v = "$Config"
		}
		b, err := json.Marshal(cfg)
		if err != nil {
			return nil, err
		}
		head = fmt.Sprintf("<script data-fx>//<![CDATA[\n%s=%s;\n//]]></script>", v, b)
	}
	e2eCfg, _ := json.Marshal(map[string]any{"token": f.Token, "seq": seq})
	pj, err := json.Marshal(params)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = shellTmpl.Execute(&buf, map[string]any{
		"Lang": lang, "Title": title, "E2E": string(e2eCfg), "Params": string(pj),
		"Harness": string(harness), "Script": string(script), "Head": head,
	})
	return buf.Bytes(), err
}
