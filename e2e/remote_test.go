package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// extPage is an extension page (the popup) opened in its own tab.
type extPage struct {
	session string // Chromium: CDP session id
	context string // Firefox: BiDi browsing context
}

// OpenExtensionPage opens chrome-extension://<id>/<path> (Chromium) or
// moz-extension://<fixed uuid>/<path> (Firefox) in a new tab.
func (s *browserSession) OpenExtensionPage(path string) (*extPage, error) {
	path = strings.TrimPrefix(path, "/")
	switch {
	case s.cdp != nil:
		var r struct {
			TargetID string `json:"targetId"`
		}
		if err := s.cdp.Call("", "Target.createTarget", map[string]any{"url": "chrome-extension://" + chromeExtID + "/" + path, "background": true}, &r); err != nil {
			return nil, err
		}
		sess, err := s.cdp.Attach(r.TargetID)
		if err != nil {
			return nil, err
		}
		for i := 0; i < 50; i++ {
			// The new tab starts as about:blank, which is "complete" at once.
			if v, err := s.cdp.Eval(sess, "location.protocol + document.readyState"); err == nil && string(v) == `"chrome-extension:complete"` {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		return &extPage{session: sess}, nil
	case s.bidi != nil:
		// BiDi may not navigate to moz-extension:; the page must have been
		// opened from the command line (browserOpts.ExtraTabs).
		want := "moz-extension://" + firefoxUUID + "/" + path
		deadline := time.Now().Add(5 * time.Second)
		for {
			ctxs, err := s.bidi.Contexts()
			if err != nil {
				return nil, err
			}
			for ctx, u := range ctxs {
				if strings.HasPrefix(u, want) {
					return &extPage{context: ctx}, nil
				}
			}
			if time.Now().After(deadline) {
				return nil, fmt.Errorf("no tab at %s (tabs: %v)", want, ctxs)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	return nil, fmt.Errorf("%s: no remote control channel", s.kind)
}

// Eval runs expr (which must produce a string or a promise of one) in p.
func (s *browserSession) Eval(p *extPage, expr string) (string, error) {
	if p.session != "" {
		v, err := s.cdp.Eval(p.session, expr)
		if err != nil {
			return "", err
		}
		var str string
		if json.Unmarshal(v, &str) == nil {
			return str, nil
		}
		return string(v), nil
	}
	v, err := s.bidi.Eval(p.context, expr)
	if err != nil {
		return "", err
	}
	return remoteString(v), nil
}

// ClickExtensionUI clicks, with a real pointer event, the first button-like
// element inside a shadow tree on the page whose URL contains urlPart and
// whose text contains text. Page scripts cannot do this (closed shadow
// roots, isTrusted checks); the automation protocols can.
func (s *browserSession) ClickExtensionUI(urlPart, text string) (string, error) {
	deadline := time.Now().Add(5 * time.Second)
	for {
		got, err := s.clickOnce(urlPart, text)
		if err == nil || time.Now().After(deadline) {
			return got, err
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func (s *browserSession) clickOnce(urlPart, text string) (string, error) {
	if s.cdp != nil {
		sess, detach, err := s.attachTab(urlPart)
		if err != nil {
			return "", err
		}
		defer detach()
		doc, err := s.cdp.Document(sess)
		if err != nil {
			return "", err
		}
		var hit *cdpNode
		var seen []string
		doc.walk(false, func(n *cdpNode, inShadow bool) {
			if hit != nil || !inShadow || n.NodeType != 1 || !clickable(n.NodeName, n.Attributes) {
				return
			}
			txt := strings.TrimSpace(n.text())
			seen = append(seen, txt)
			if strings.Contains(txt, text) {
				hit = n
			}
		})
		if hit == nil {
			return "", fmt.Errorf("no button with %q in the extension UI (buttons: %q)", text, seen)
		}
		x, y, err := s.cdp.Center(sess, hit.BackendID)
		if err != nil {
			return "", err
		}
		return strings.TrimSpace(hit.text()), s.cdp.Click(sess, x, y)
	}
	if s.bidi == nil {
		return "", fmt.Errorf("%s: no remote control channel", s.kind)
	}
	ctxs, err := s.bidi.Contexts()
	if err != nil {
		return "", err
	}
	for ctx, u := range ctxs {
		if !strings.Contains(u, urlPart) {
			continue
		}
		res, err := s.bidi.Call("script.evaluate", map[string]any{
			"expression": "document.documentElement", "target": map[string]any{"context": ctx}, "awaitPromise": false,
			"resultOwnership":      "root",
			"serializationOptions": map[string]any{"maxDomDepth": nil, "includeShadowTree": "all"},
		})
		if err != nil {
			return "", err
		}
		var r struct {
			Result bidiNode `json:"result"`
		}
		json.Unmarshal(res, &r)
		var hit *bidiNode
		var seen []string
		r.Result.walk(false, func(n *bidiNode, inShadow bool) {
			if hit != nil || !inShadow || n.Value.NodeType != 1 {
				return
			}
			var attrs []string
			for k, v := range n.Value.Attributes {
				attrs = append(attrs, k, v)
			}
			if !clickable(strings.ToUpper(n.Value.LocalName), attrs) {
				return
			}
			txt := strings.TrimSpace(n.text())
			seen = append(seen, txt)
			if strings.Contains(txt, text) {
				hit = n
			}
		})
		if hit == nil {
			return "", fmt.Errorf("no button with %q in the extension UI (buttons: %q)", text, seen)
		}
		res, err = s.bidi.Call("script.callFunction", map[string]any{
			"functionDeclaration": "function () { this.scrollIntoView({block: 'center'}); const r = this.getBoundingClientRect(); return JSON.stringify([r.x + r.width / 2, r.y + r.height / 2]); }",
			"this":                map[string]any{"sharedId": hit.SharedID}, "target": map[string]any{"context": ctx},
			"awaitPromise": false,
		})
		if err != nil {
			return "", err
		}
		var cr struct {
			Result json.RawMessage `json:"result"`
		}
		json.Unmarshal(res, &cr)
		var xy []float64
		if err := json.Unmarshal([]byte(remoteString(cr.Result)), &xy); err != nil || len(xy) != 2 {
			return "", fmt.Errorf("no position for the button: %s", cr.Result)
		}
		return strings.TrimSpace(hit.text()), s.bidi.Click(ctx, xy[0], xy[1])
	}
	return "", fmt.Errorf("no tab at %s", urlPart)
}

func clickable(name string, attrs []string) bool {
	if name == "BUTTON" || name == "A" {
		return true
	}
	for i := 0; i+1 < len(attrs); i += 2 {
		if attrs[i] == "role" && (attrs[i+1] == "button" || attrs[i+1] == "option" || attrs[i+1] == "menuitem") {
			return true
		}
	}
	return false
}

// bidiNode is a node as BiDi serializes it (includeShadowTree: all).
type bidiNode struct {
	Type     string `json:"type"`
	SharedID string `json:"sharedId"`
	Value    struct {
		NodeType   int               `json:"nodeType"`
		LocalName  string            `json:"localName"`
		NodeValue  string            `json:"nodeValue"`
		Attributes map[string]string `json:"attributes"`
		Children   []bidiNode        `json:"children"`
		ShadowRoot *bidiNode         `json:"shadowRoot"`
	} `json:"value"`
}

func (n *bidiNode) text() string {
	if n.Value.NodeType == 3 {
		return n.Value.NodeValue
	}
	s := ""
	for i := range n.Value.Children {
		s += n.Value.Children[i].text()
	}
	if n.Value.ShadowRoot != nil {
		s += n.Value.ShadowRoot.text()
	}
	return s
}

func (n *bidiNode) walk(inShadow bool, fn func(*bidiNode, bool)) {
	fn(n, inShadow)
	for i := range n.Value.Children {
		n.Value.Children[i].walk(inShadow, fn)
	}
	if n.Value.ShadowRoot != nil {
		n.Value.ShadowRoot.walk(true, fn)
	}
}

// PageEval runs js in the main world of the tab whose URL contains urlPart
// (what a page script could do; for moving fixture pages along, e.g.
// window.__fxNext()). The result is returned as a string.
func (s *browserSession) PageEval(urlPart, js string) (string, error) {
	if s.cdp != nil {
		sess, detach, err := s.attachTab(urlPart)
		if err != nil {
			return "", err
		}
		defer detach()
		v, err := s.cdp.Eval(sess, js)
		if err != nil {
			return "", err
		}
		return string(v), nil
	}
	if s.bidi == nil {
		return "", fmt.Errorf("%s: no remote control channel (start with browserOpts.Remote)", s.kind)
	}
	ctxs, err := s.bidi.Contexts()
	if err != nil {
		return "", err
	}
	for ctx, u := range ctxs {
		if strings.Contains(u, urlPart) {
			v, err := s.bidi.Eval(ctx, js)
			if err != nil {
				return "", err
			}
			return remoteString(v), nil
		}
	}
	return "", fmt.Errorf("no tab at %s", urlPart)
}

// attachTab attaches DevTools to the page tab whose URL contains urlPart;
// detach ends the session.
func (s *browserSession) attachTab(urlPart string) (sess string, detach func(), err error) {
	ts, err := s.cdp.Targets()
	if err != nil {
		return "", nil, err
	}
	for _, tg := range ts {
		if tg.Type != "page" || !strings.Contains(tg.URL, urlPart) {
			continue
		}
		if sess, err = s.cdp.Attach(tg.TargetID); err != nil {
			return "", nil, err
		}
		return sess, func() { s.cdp.Call("", "Target.detachFromTarget", map[string]any{"sessionId": sess}, nil) }, nil
	}
	return "", nil, fmt.Errorf("no tab at %s", urlPart)
}
