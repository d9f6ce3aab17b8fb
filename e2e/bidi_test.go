package e2e

import (
	"bufio"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// bidi is a WebDriver BiDi client for Firefox (--remote-debugging-port) over
// a minimal WebSocket (client side of RFC 6455: masked text frames out,
// unmasked frames in, ping/pong, no extensions). Like cdp, only for acting
// on extension UI.
type bidi struct {
	conn    net.Conn
	br      *bufio.Reader
	wmu     sync.Mutex
	mu      sync.Mutex
	nextID  int
	pending map[int]chan bidiReply
	closed  chan struct{}
}

type bidiReply struct {
	Type    string          `json:"type"`
	Result  json.RawMessage `json:"result"`
	Error   string          `json:"error"`
	Message string          `json:"message"`
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// dialBiDi connects (retrying while Firefox starts its remote agent) and
// opens a session.
func dialBiDi(port int) (*bidi, error) {
	var conn net.Conn
	var err error
	deadline := time.Now().Add(10 * time.Second)
	for {
		conn, err = net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if err != nil {
		return nil, err
	}
	key := make([]byte, 16)
	rand.Read(key)
	req := "GET /session HTTP/1.1\r\nHost: 127.0.0.1:" + fmt.Sprint(port) + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: " + base64.StdEncoding.EncodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n\r\n"
	if _, err := conn.Write([]byte(req)); err != nil {
		conn.Close()
		return nil, err
	}
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		conn.Close()
		return nil, err
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		conn.Close()
		return nil, fmt.Errorf("websocket upgrade: %s", resp.Status)
	}
	b := &bidi{conn: conn, br: br, pending: map[int]chan bidiReply{}, closed: make(chan struct{})}
	go b.readLoop()
	if _, err := b.Call("session.new", map[string]any{"capabilities": map[string]any{}}); err != nil {
		b.Close()
		return nil, err
	}
	return b, nil
}

func (b *bidi) Close() { b.conn.Close() }

func (b *bidi) writeFrame(op byte, payload []byte) error {
	b.wmu.Lock()
	defer b.wmu.Unlock()
	hdr := []byte{0x80 | op}
	n := len(payload)
	switch {
	case n < 126:
		hdr = append(hdr, 0x80|byte(n))
	case n < 1<<16:
		hdr = append(hdr, 0x80|126, byte(n>>8), byte(n))
	default:
		hdr = append(hdr, 0x80|127)
		hdr = binary.BigEndian.AppendUint64(hdr, uint64(n))
	}
	mask := make([]byte, 4)
	rand.Read(mask)
	hdr = append(hdr, mask...)
	masked := make([]byte, n)
	for i := range payload {
		masked[i] = payload[i] ^ mask[i%4]
	}
	_, err := b.conn.Write(append(hdr, masked...))
	return err
}

func (b *bidi) readMessage() ([]byte, error) {
	var msg []byte
	for {
		var h [2]byte
		if _, err := io.ReadFull(b.br, h[:]); err != nil {
			return nil, err
		}
		fin, op := h[0]&0x80 != 0, h[0]&0x0f
		n := uint64(h[1] & 0x7f)
		switch n {
		case 126:
			var e [2]byte
			if _, err := io.ReadFull(b.br, e[:]); err != nil {
				return nil, err
			}
			n = uint64(binary.BigEndian.Uint16(e[:]))
		case 127:
			var e [8]byte
			if _, err := io.ReadFull(b.br, e[:]); err != nil {
				return nil, err
			}
			n = binary.BigEndian.Uint64(e[:])
		}
		if n > 64<<20 {
			return nil, fmt.Errorf("frame too large")
		}
		p := make([]byte, n)
		if _, err := io.ReadFull(b.br, p); err != nil {
			return nil, err
		}
		switch op {
		case 0x8:
			return nil, io.EOF
		case 0x9:
			b.writeFrame(0xA, p)
			continue
		case 0xA:
			continue
		}
		msg = append(msg, p...)
		if fin {
			return msg, nil
		}
	}
}

func (b *bidi) readLoop() {
	defer close(b.closed)
	for {
		m, err := b.readMessage()
		if err != nil {
			return
		}
		var r struct {
			ID *int `json:"id"`
			bidiReply
		}
		if json.Unmarshal(m, &r) != nil || r.ID == nil {
			continue // events
		}
		b.mu.Lock()
		ch := b.pending[*r.ID]
		delete(b.pending, *r.ID)
		b.mu.Unlock()
		if ch != nil {
			ch <- r.bidiReply
		}
	}
}

// Call sends one command and returns its result.
func (b *bidi) Call(method string, params any) (json.RawMessage, error) {
	b.mu.Lock()
	b.nextID++
	id := b.nextID
	ch := make(chan bidiReply, 1)
	b.pending[id] = ch
	b.mu.Unlock()
	msg, _ := json.Marshal(map[string]any{"id": id, "method": method, "params": params})
	if err := b.writeFrame(0x1, msg); err != nil {
		return nil, err
	}
	select {
	case r := <-ch:
		if r.Type == "error" || r.Error != "" {
			return nil, fmt.Errorf("%s: %s: %s", method, r.Error, r.Message)
		}
		return r.Result, nil
	case <-b.closed:
		return nil, fmt.Errorf("%s: connection closed", method)
	case <-time.After(15 * time.Second):
		return nil, fmt.Errorf("%s: no reply", method)
	}
}

// NewTab opens a tab at url and returns its browsing context id.
func (b *bidi) NewTab(url string) (string, error) {
	res, err := b.Call("browsingContext.create", map[string]any{"type": "tab"})
	if err != nil {
		return "", err
	}
	var r struct {
		Context string `json:"context"`
	}
	json.Unmarshal(res, &r)
	_, err = b.Call("browsingContext.navigate", map[string]any{"context": r.Context, "url": url, "wait": "complete"})
	return r.Context, err
}

// Contexts lists top-level browsing contexts with their URLs.
func (b *bidi) Contexts() (map[string]string, error) {
	res, err := b.Call("browsingContext.getTree", map[string]any{"maxDepth": 0})
	if err != nil {
		return nil, err
	}
	var r struct {
		Contexts []struct {
			Context string `json:"context"`
			URL     string `json:"url"`
		} `json:"contexts"`
	}
	json.Unmarshal(res, &r)
	out := map[string]string{}
	for _, c := range r.Contexts {
		out[c.Context] = c.URL
	}
	return out, nil
}

// Eval runs expr (a promise is awaited) in context and returns the result's
// BiDi remote value.
func (b *bidi) Eval(context, expr string) (json.RawMessage, error) {
	res, err := b.Call("script.evaluate", map[string]any{
		"expression": expr, "target": map[string]any{"context": context}, "awaitPromise": true,
		"resultOwnership": "none",
	})
	if err != nil {
		return nil, err
	}
	var r struct {
		Type             string          `json:"type"`
		Result           json.RawMessage `json:"result"`
		ExceptionDetails *struct {
			Text string `json:"text"`
		} `json:"exceptionDetails"`
	}
	json.Unmarshal(res, &r)
	if r.Type == "exception" && r.ExceptionDetails != nil {
		return nil, fmt.Errorf("eval: %s", r.ExceptionDetails.Text)
	}
	return r.Result, nil
}

// Click performs a real pointer click at viewport coordinates.
func (b *bidi) Click(context string, x, y float64) error {
	_, err := b.Call("input.performActions", map[string]any{
		"context": context,
		"actions": []any{map[string]any{
			"type": "pointer", "id": "mouse", "parameters": map[string]any{"pointerType": "mouse"},
			"actions": []any{
				map[string]any{"type": "pointerMove", "x": int(x), "y": int(y)},
				map[string]any{"type": "pointerDown", "button": 0},
				map[string]any{"type": "pointerUp", "button": 0},
			},
		}},
	})
	return err
}

// remoteString extracts a string from a BiDi remote value.
func remoteString(v json.RawMessage) string {
	var r struct {
		Type  string `json:"type"`
		Value any    `json:"value"`
	}
	json.Unmarshal(v, &r)
	if s, ok := r.Value.(string); ok {
		return s
	}
	return strings.TrimSpace(string(v))
}
