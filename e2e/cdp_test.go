package e2e

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"time"
)

// cdp is a Chrome DevTools Protocol client over --remote-debugging-pipe
// (fd 3: commands to the browser, fd 4: replies and events, NUL-separated
// JSON). Used only where the fixture server cannot observe or act: driving
// the extension's popup and clicking inside the extension's in-page UI.
type cdp struct {
	w       *os.File
	mu      sync.Mutex
	nextID  int
	pending map[int]chan cdpReply
	closed  chan struct{}
}

type cdpReply struct {
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Message string `json:"message"`
	} `json:"error"`
}

// newCDP wires a pipe pair; toBrowser goes to the child as fd 3 and
// fromBrowser as fd 4 (in that order in ExtraFiles).
func newCDPPipes() (c *cdp, toBrowser, fromBrowser *os.File, err error) {
	cmdR, cmdW, err := os.Pipe()
	if err != nil {
		return nil, nil, nil, err
	}
	evR, evW, err := os.Pipe()
	if err != nil {
		return nil, nil, nil, err
	}
	c = &cdp{w: cmdW, pending: map[int]chan cdpReply{}, closed: make(chan struct{})}
	go c.readLoop(evR)
	return c, cmdR, evW, nil
}

func (c *cdp) readLoop(r *os.File) {
	defer close(c.closed)
	br := bufio.NewReaderSize(r, 1<<20)
	for {
		b, err := br.ReadBytes(0)
		if err != nil {
			return
		}
		var m struct {
			ID int `json:"id"`
			cdpReply
		}
		if json.Unmarshal(b[:len(b)-1], &m) != nil || m.ID == 0 {
			continue // events are not needed
		}
		c.mu.Lock()
		ch := c.pending[m.ID]
		delete(c.pending, m.ID)
		c.mu.Unlock()
		if ch != nil {
			ch <- m.cdpReply
		}
	}
}

// Call sends method with params (on sessionID when not "") and decodes the
// result into out (may be nil).
func (c *cdp) Call(sessionID, method string, params any, out any) error {
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	ch := make(chan cdpReply, 1)
	c.pending[id] = ch
	msg := map[string]any{"id": id, "method": method, "params": params}
	if sessionID != "" {
		msg["sessionId"] = sessionID
	}
	b, _ := json.Marshal(msg)
	_, err := c.w.Write(append(b, 0))
	c.mu.Unlock()
	if err != nil {
		return err
	}
	select {
	case r := <-ch:
		if r.Error != nil {
			return fmt.Errorf("%s: %s", method, r.Error.Message)
		}
		if out != nil {
			return json.Unmarshal(r.Result, out)
		}
		return nil
	case <-c.closed:
		return fmt.Errorf("%s: browser closed the pipe", method)
	case <-time.After(15 * time.Second):
		return fmt.Errorf("%s: no reply", method)
	}
}

type cdpTarget struct {
	TargetID string `json:"targetId"`
	Type     string `json:"type"`
	URL      string `json:"url"`
}

func (c *cdp) Targets() ([]cdpTarget, error) {
	var r struct {
		TargetInfos []cdpTarget `json:"targetInfos"`
	}
	err := c.Call("", "Target.getTargets", map[string]any{}, &r)
	return r.TargetInfos, err
}

// Attach attaches to a target (flat mode) and returns the session id.
func (c *cdp) Attach(targetID string) (string, error) {
	var r struct {
		SessionID string `json:"sessionId"`
	}
	err := c.Call("", "Target.attachToTarget", map[string]any{"targetId": targetID, "flatten": true}, &r)
	return r.SessionID, err
}

// Eval runs expr (awaiting a promise) in the session's page and returns its
// JSON value.
func (c *cdp) Eval(session, expr string) (json.RawMessage, error) {
	var r struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	err := c.Call(session, "Runtime.evaluate", map[string]any{
		"expression": expr, "awaitPromise": true, "returnByValue": true,
	}, &r)
	if err != nil {
		return nil, err
	}
	if r.ExceptionDetails != nil {
		return nil, fmt.Errorf("eval: %s %s", r.ExceptionDetails.Text, r.ExceptionDetails.Exception.Description)
	}
	return r.Result.Value, nil
}

// Click dispatches a real (trusted) mouse click at page coordinates.
func (c *cdp) Click(session string, x, y float64) error {
	for _, typ := range []string{"mouseMoved", "mousePressed", "mouseReleased"} {
		p := map[string]any{"type": typ, "x": x, "y": y, "button": "left", "clickCount": 1}
		if typ == "mouseMoved" {
			p["button"] = "none"
		}
		if err := c.Call(session, "Input.dispatchMouseEvent", p, nil); err != nil {
			return err
		}
	}
	return nil
}

// cdpNode is a piece of DOM.getDocument's tree (pierce: true walks into
// closed shadow roots too, which page scripts cannot).
type cdpNode struct {
	NodeID      int       `json:"nodeId"`
	BackendID   int       `json:"backendNodeId"`
	NodeType    int       `json:"nodeType"`
	NodeName    string    `json:"nodeName"`
	NodeValue   string    `json:"nodeValue"`
	Attributes  []string  `json:"attributes"`
	Children    []cdpNode `json:"children"`
	ShadowRoots []cdpNode `json:"shadowRoots"`
}

func (n *cdpNode) text() string {
	if n.NodeType == 3 {
		return n.NodeValue
	}
	s := ""
	for i := range n.Children {
		s += n.Children[i].text()
	}
	for i := range n.ShadowRoots {
		s += n.ShadowRoots[i].text()
	}
	return s
}

// walk visits every node, shadow trees included; inShadow tells whether the
// node sits in a shadow tree.
func (n *cdpNode) walk(inShadow bool, fn func(n *cdpNode, inShadow bool)) {
	fn(n, inShadow)
	for i := range n.Children {
		n.Children[i].walk(inShadow, fn)
	}
	for i := range n.ShadowRoots {
		n.ShadowRoots[i].walk(true, fn)
	}
}

func (c *cdp) Document(session string) (*cdpNode, error) {
	var r struct {
		Root cdpNode `json:"root"`
	}
	err := c.Call(session, "DOM.getDocument", map[string]any{"depth": -1, "pierce": true}, &r)
	return &r.Root, err
}

// Center returns the middle of a node's border box.
func (c *cdp) Center(session string, backendID int) (float64, float64, error) {
	var r struct {
		Model struct {
			Border []float64 `json:"border"`
		} `json:"model"`
	}
	if err := c.Call(session, "DOM.getBoxModel", map[string]any{"backendNodeId": backendID}, &r); err != nil {
		return 0, 0, err
	}
	b := r.Model.Border
	if len(b) < 8 {
		return 0, 0, fmt.Errorf("no box")
	}
	return (b[0] + b[2] + b[4] + b[6]) / 4, (b[1] + b[3] + b[5] + b[7]) / 4, nil
}
