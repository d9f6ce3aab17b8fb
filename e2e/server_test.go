package e2e

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// fixture is one page load the test expects: a template plus the parameters
// the page script reads, and the secret the server checks submitted codes
// against (empty for pages where nothing may be submitted).
type fixture struct {
	Token   string
	Page    string         // template name under testdata/pages (without .js)
	Params  map[string]any // handed to the page as window.__fx
	Secrets []string       // base32; none = no code is valid here
	Seq     int            // navigation sequence number that loaded it
	// Script, when set, is used instead of testdata/pages/<Page>.js (for
	// fixtures kept elsewhere, e.g. enroll_test.go's testdata/enroll).
	Script string
}

// event is one report a page sent back (see testdata/pages/e2e.js).
type event struct {
	Token string
	Kind  string // loaded, state, submit, filled, proof, log
	Data  map[string]any
	At    time.Time
	// submit events only: whether Data["code"] is a valid TOTP for the
	// fixture's secret, and for which time step.
	Valid bool
	Step  int64
}

func (e event) str(key string) string {
	s, _ := e.Data[key].(string)
	return s
}

func (e event) num(key string) float64 {
	f, _ := e.Data[key].(float64)
	return f
}

// fixtureServer serves the fixture pages over TLS for every fixture host and
// records what the pages report. A CONNECT proxy in front of it is how both
// browsers reach it: they ask the proxy for login.microsoftonline.com:443 and
// get our TLS listener, so the real host names and port 443 are kept without
// root, DNS tricks or per-browser resolver rules.
type fixtureServer struct {
	pki      *testPKI
	tlsLn    net.Listener
	proxyLn  net.Listener
	httpSrv  *http.Server
	proxySrv *http.Server
	logf     func(string, ...any)

	mu       sync.Mutex
	fixtures map[string]*fixture
	events   []event
	changed  chan struct{} // closed and replaced when events or nav change
	navSeq   int
	navURL   string
	navOf    map[string]int // URL -> latest navigation that ordered it
	blocked  []string
	tokenSeq int
}

func newFixtureServer(pki *testPKI, logf func(string, ...any)) (*fixtureServer, error) {
	s := &fixtureServer{pki: pki, logf: logf, fixtures: map[string]*fixture{}, navOf: map[string]int{}, changed: make(chan struct{})}
	var err error
	if s.tlsLn, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
		return nil, err
	}
	if s.proxyLn, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
		s.tlsLn.Close()
		return nil, err
	}
	s.httpSrv = &http.Server{
		Handler:   http.HandlerFunc(s.serveTLS),
		TLSConfig: &tls.Config{Certificates: []tls.Certificate{pki.Leaf}},
		ErrorLog:  log.New(io.Discard, "", 0), // browsers drop probe connections
	}
	s.proxySrv = &http.Server{Handler: http.HandlerFunc(s.serveProxy)}
	go s.httpSrv.ServeTLS(s.tlsLn, "", "")
	go s.proxySrv.Serve(s.proxyLn)
	return s, nil
}

// setLog sends the page events to logf (a test's t.Logf; nil: nowhere).
func (s *fixtureServer) setLog(logf func(string, ...any)) {
	s.mu.Lock()
	s.logf = logf
	s.mu.Unlock()
}

func (s *fixtureServer) Close() {
	s.httpSrv.Close()
	s.proxySrv.Close()
}

// ProxyAddr is host:port of the CONNECT proxy the browsers use.
func (s *fixtureServer) ProxyAddr() string { return s.proxyLn.Addr().String() }

func (s *fixtureServer) ProxyPort() int { return s.proxyLn.Addr().(*net.TCPAddr).Port }

// notifyLocked wakes all waiters; s.mu must be held.
func (s *fixtureServer) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// AddFixture registers a page and returns its URL: https://host + path with
// the e2e token appended to the query.
func (s *fixtureServer) AddFixture(host, path string, f *fixture) string {
	s.mu.Lock()
	s.tokenSeq++
	f.Token = fmt.Sprintf("t%03d%s", s.tokenSeq, strings.ReplaceAll(f.Page, "-", ""))
	s.fixtures[f.Token] = f
	s.mu.Unlock()
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return "https://" + host + path + sep + "e2e=" + f.Token
}

// Navigate tells whatever page the browser shows now to go to u. Pages
// long-poll /__e2e/next; the sequence number makes a page that was still
// loading pick the order up too.
func (s *fixtureServer) Navigate(u string) {
	s.mu.Lock()
	s.navSeq++
	s.navURL = u
	s.navOf[u] = s.navSeq
	s.notifyLocked()
	s.mu.Unlock()
}

// Events returns a copy of the events for token ("" = all).
func (s *fixtureServer) Events(token string) []event {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []event
	for _, e := range s.events {
		if token == "" || e.Token == token {
			out = append(out, e)
		}
	}
	return out
}

// WaitFor waits until pred holds for the token's events or the timeout
// passes; it returns the events seen and whether pred held.
func (s *fixtureServer) WaitFor(token string, timeout time.Duration, pred func([]event) bool) ([]event, bool) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		evs := s.Events(token)
		if pred(evs) {
			return evs, true
		}
		select {
		case <-ch:
		case <-deadline.C:
			evs = s.Events(token)
			return evs, pred(evs)
		}
	}
}

// ResetBlocked forgets the proxy's refusals (per browser run).
func (s *fixtureServer) ResetBlocked() {
	s.mu.Lock()
	s.blocked = nil
	s.mu.Unlock()
}

// Blocked lists requests the proxy refused (hosts we do not serve).
func (s *fixtureServer) Blocked() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.blocked...)
}

func hasKind(kind string) func([]event) bool {
	return func(evs []event) bool {
		for _, e := range evs {
			if e.Kind == kind {
				return true
			}
		}
		return false
	}
}

func ofKind(evs []event, kind string) []event {
	var out []event
	for _, e := range evs {
		if e.Kind == kind {
			out = append(out, e)
		}
	}
	return out
}

func lastOfKind(evs []event, kind string) (event, bool) {
	k := ofKind(evs, kind)
	if len(k) == 0 {
		return event{}, false
	}
	return k[len(k)-1], true
}

func (s *fixtureServer) serveProxy(w http.ResponseWriter, r *http.Request) {
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	known := false
	for _, h := range fixtureHosts {
		if strings.EqualFold(h, host) {
			known = true
		}
	}
	if r.Method != http.MethodConnect || !known {
		s.mu.Lock()
		s.blocked = append(s.blocked, r.Method+" "+r.Host+r.URL.Path)
		s.mu.Unlock()
		http.Error(w, "blocked by e2e proxy", http.StatusForbidden)
		return
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		http.Error(w, "no hijack", http.StatusInternalServerError)
		return
	}
	up, err := net.Dial("tcp", s.tlsLn.Addr().String())
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		up.Close()
		return
	}
	conn.Write([]byte("HTTP/1.1 200 Connection Established\r\n\r\n"))
	go func() {
		// Bytes the client sent after the CONNECT head are already buffered.
		if n := buf.Reader.Buffered(); n > 0 {
			b, _ := buf.Reader.Peek(n)
			up.Write(b)
		}
		io.Copy(up, conn)
		up.Close()
	}()
	go func() {
		io.Copy(conn, up)
		conn.Close()
	}()
}

func (s *fixtureServer) serveTLS(w http.ResponseWriter, r *http.Request) {
	host := strings.ToLower(r.Host)
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	w.Header().Set("Cache-Control", "no-store")
	switch {
	case r.URL.Path == "/__e2e/event":
		s.handleEvent(w, r)
	case r.URL.Path == "/__e2e/next":
		s.handleNext(w, r)
	case r.URL.Path == "/__e2e/refcode":
		s.handleRefCode(w, r)
	case r.URL.Path == "/__e2e/qr":
		serveQR(w, r)
	case host == hostCDN || strings.HasPrefix(r.URL.Path, "/shared/1.0/content/images/"):
		serveImage(w, r)
	case r.URL.Path == "/favicon.ico":
		http.NotFound(w, r)
	case host == hostDriver:
		s.renderPage(w, r, &fixture{Token: "driver", Page: "driver", Params: map[string]any{}})
	default:
		tok := r.URL.Query().Get("e2e")
		s.mu.Lock()
		f := s.fixtures[tok]
		s.mu.Unlock()
		if f == nil {
			http.Error(w, "no such fixture", http.StatusNotFound)
			return
		}
		s.renderPage(w, r, f)
	}
}

func (s *fixtureServer) renderPage(w http.ResponseWriter, r *http.Request, f *fixture) {
	// The page's sequence number is the navigation that asked for this URL:
	// not the latest one, which may already point further.
	s.mu.Lock()
	seq := s.navOf["https://"+r.Host+r.URL.RequestURI()]
	if f.Token != "driver" {
		f.Seq = seq
	}
	s.mu.Unlock()
	body, err := renderFixture(f, seq)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(body)
}

func (s *fixtureServer) handleNext(w http.ResponseWriter, r *http.Request) {
	after, _ := strconv.Atoi(r.URL.Query().Get("seq"))
	timeout := time.NewTimer(20 * time.Second)
	defer timeout.Stop()
	for {
		s.mu.Lock()
		seq, u, ch := s.navSeq, s.navURL, s.changed
		s.mu.Unlock()
		if seq > after {
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(map[string]any{"seq": seq, "url": u})
			return
		}
		select {
		case <-ch:
		case <-timeout.C:
			w.WriteHeader(http.StatusNoContent)
			return
		case <-r.Context().Done():
			return
		}
	}
}

func (s *fixtureServer) handleEvent(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Token string         `json:"token"`
		Kind  string         `json:"kind"`
		Data  map[string]any `json:"data"`
	}
	b, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err := json.Unmarshal(b, &in); err != nil {
		http.Error(w, "bad event", http.StatusBadRequest)
		return
	}
	ev := event{Token: in.Token, Kind: in.Kind, Data: in.Data, At: time.Now()}
	s.mu.Lock()
	f := s.fixtures[in.Token]
	s.mu.Unlock()
	if ev.Kind == "submit" && f != nil {
		for _, sec := range f.Secrets {
			if step, ok := checkTOTP(sec, ev.str("code"), ev.At); ok {
				ev.Step, ev.Valid = step, true
			}
		}
	}
	s.mu.Lock()
	s.events = append(s.events, ev)
	s.notifyLocked()
	logf := s.logf
	s.mu.Unlock()
	if logf != nil && ev.Kind != "state" {
		logf("page %s: %s %s", ev.Token, ev.Kind, compactJSON(ev.Data))
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"ok": ev.Valid})
}

// handleRefCode gives the reference filler (fixtures_test.go) the current
// code of a fixture's first secret; the real extension never sees this.
func (s *fixtureServer) handleRefCode(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	f := s.fixtures[r.URL.Query().Get("e2e")]
	s.mu.Unlock()
	if f == nil || len(f.Secrets) == 0 {
		http.Error(w, "none", http.StatusNotFound)
		return
	}
	code, err := totp.GenerateCode(f.Secrets[0], time.Now())
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Write([]byte(code))
}

// checkTOTP accepts the code of the current step or one step either side (the
// host may hand out the next step's code and the page may submit a little
// late), like Microsoft does.
func checkTOTP(secret, code string, at time.Time) (int64, bool) {
	if len(code) != 6 {
		return 0, false
	}
	step := at.Unix() / 30
	for _, d := range []int64{0, -1, 1} {
		want, err := totp.GenerateCodeCustom(secret, time.Unix((step+d)*30, 0), totp.ValidateOpts{
			Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1,
		})
		if err == nil && want == code {
			return step + d, true
		}
	}
	return 0, false
}

func compactJSON(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 400 {
		b = append(b[:400], "..."...)
	}
	return string(b)
}

// serveImage answers for Microsoft's CDN picture paths (picker_verify_code,
// picker_verify_sms, ...): a small SVG whatever the name, since only the name
// matters to a detector.
func serveImage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "image/svg+xml")
	var b bytes.Buffer
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48"><rect width="48" height="48" fill="#0078d4"/></svg>`)
	w.Write(b.Bytes())
}
