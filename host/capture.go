package host

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/otpfill/otpfill/protocol"
	"github.com/otpfill/otpfill/qr"
	"github.com/otpfill/otpfill/vault"
)

// Capture limits: what an enrollment page may send, and how long and how
// many parsed entries wait in memory for their add.
const (
	captureTTL  = 15 * time.Minute
	maxCaptures = 16
	maxTexts    = 32
	maxTextLen  = 512
)

// captured is an entry parsed from an enrollment page, waiting for the
// user's confirmation (add {capture}). It lives only in memory.
type captured struct {
	entry   vault.Entry
	host    string // enrollment host it came from; "" = an extension page
	expires time.Time
}

// enrolled records an entry the extension captured and added from an
// enrollment page: that page, for that account, may ask for its code for
// the enrollment's "Enter code" step.
type enrolled struct {
	id, host, account string
	at                time.Time
}

// choice is what capture decided from the page's QR and text.
type choice struct {
	kind, source string
	conflict     bool
	entry        *vault.Entry // nil: nothing that can be stored
}

var errNoSecret = protocol.NewError(protocol.CodeInvalidSecret, "no secret found on the page")

// capture decodes what an enrollment page (or the popup's screenshot)
// shows and keeps the entry it holds for add {capture}. The QR decode runs
// without the session lock, so fills are answered meanwhile.
func (s *session) capture(req *protocol.Request) (protocol.Reply, *protocol.Error) {
	from := ""
	if req.URL != "" {
		if !isEnrollPage(req.URL) {
			return protocol.Reply{}, errDenied
		}
		from = pageHost(req.URL)
	}
	if perr := checkTexts(req.Texts); perr != nil {
		return protocol.Reply{}, perr
	}
	// Not unlocked: say so before paying for a decode.
	s.mu.Lock()
	perr := s.needUnlocked()
	s.mu.Unlock()
	if perr != nil {
		return protocol.Reply{}, perr
	}
	var qrText string
	var qrErr error
	if strings.TrimSpace(req.Image) != "" {
		qrText, qrErr = s.decodeImage(req.Image)
		req.Image = ""
		if errors.Is(qrErr, qr.ErrTooLarge) {
			return protocol.Reply{}, protocol.NewError(protocol.CodeBadRequest, qrErr.Error())
		}
	}
	ch, perr := choose(qrText, qrErr, req.Texts, req.Account, req.Tenant)
	clear(req.Texts)
	if perr != nil {
		return protocol.Reply{}, perr
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if perr := s.needUnlocked(); perr != nil {
		return protocol.Reply{}, perr
	}
	out := &protocol.Captured{Kind: ch.kind, Source: ch.source, Conflict: ch.conflict}
	if ch.entry == nil {
		return protocol.Reply{Captured: out}, nil
	}
	e := ch.entry
	out.Account, out.Tenant, out.Issuer, out.Masked = e.Account, e.Tenant, e.Issuer, mask(e.Secret)
	if old := s.sameAccountAndTenant(e); old != nil {
		out.Replaces = &protocol.Replaced{EntryInfo: infoOf(old), Created: old.Created.UnixMilli()}
	}
	out.Capture = s.keepCapture(captured{entry: *e, host: from, expires: s.opts.Now().Add(captureTTL)})
	return protocol.Reply{Captured: out}, nil
}

func checkTexts(texts []string) *protocol.Error {
	if len(texts) > maxTexts {
		return protocol.NewError(protocol.CodeBadRequest, "texts holds more than 32 strings")
	}
	for _, t := range texts {
		if utf8.RuneCountInString(t) > maxTextLen {
			return protocol.NewError(protocol.CodeBadRequest, "a text is longer than 512 characters")
		}
	}
	return nil
}

// choose applies the capture rules: a QR's otpauth secret outranks the
// page's text (a disagreement is reported, never settled silently for the
// text); Microsoft's Authenticator-only QR holds no secret; without a usable
// QR exactly one text secret is needed. qrErr is the decode's failure, if
// an image was sent.
func choose(qrText string, qrErr error, texts []string, account, tenant string) (choice, *protocol.Error) {
	cands, perr := textSecrets(texts)
	if perr != nil {
		return choice{}, perr
	}
	account, tenant = strings.TrimSpace(account), strings.TrimSpace(tenant)
	var ch choice
	if qrErr == nil && qrText != "" {
		switch qr.Classify(qrText) {
		case qr.KindOTPAuth:
			e, err := vault.ParseURI(qrText)
			if err != nil {
				return choice{}, entryError(err)
			}
			if e.Tenant == "" && tenant != "" {
				e.Tenant = tenant
				if err := e.CheckLabels(); err != nil {
					return choice{}, entryError(err)
				}
			}
			for i := range cands {
				ch.conflict = ch.conflict || cands[i].Secret != e.Secret
			}
			ch.kind, ch.source, ch.entry = protocol.KindOTPAuth, protocol.SourceQR, &e
			return ch, nil
		case qr.KindPhoneFactor:
			ch.kind = protocol.KindPhoneFactor
		default:
			ch.kind = protocol.KindOther
		}
		if len(cands) == 0 {
			return ch, nil // a QR that is not ours, and no text secret: nothing to keep
		}
	}
	switch {
	case len(cands) > 1:
		return choice{}, protocol.NewError(protocol.CodeInvalidSecret, "the page shows more than one secret")
	case len(cands) == 0 && qrErr != nil:
		return choice{}, protocol.NewError(protocol.CodeInvalidSecret, "no secret found on the page ("+qrErr.Error()+")")
	case len(cands) == 0:
		return choice{}, errNoSecret
	}
	e := cands[0]
	if e.Account == "" { // a bare secret: the page says whose it is
		if account == "" {
			return choice{}, protocol.NewError(protocol.CodeBadRequest, "the page does not say which account the secret is for")
		}
		e.Account, e.Tenant, e.Issuer = account, tenant, "Microsoft"
		if err := e.CheckLabels(); err != nil {
			return choice{}, entryError(err)
		}
	}
	return choice{kind: protocol.KindOther, source: protocol.SourceText, entry: &e}, nil
}

// textSecrets reads the page's candidates: bare secrets (normalized) and
// otpauth URIs, one per distinct secret; a URI's labels win over a bare
// copy of its secret.
func textSecrets(texts []string) ([]vault.Entry, *protocol.Error) {
	var out []vault.Entry
	for _, t := range texts {
		var e vault.Entry
		if t = strings.TrimSpace(t); len(t) > 10 && strings.EqualFold(t[:10], "otpauth://") {
			var err error
			if e, err = vault.ParseURI(t); errors.Is(err, vault.ErrBadLabel) {
				return nil, entryError(err)
			} else if err != nil {
				continue
			}
		} else if sec, ok := textSecret(t); ok {
			e.Secret = sec
		} else {
			continue
		}
		dup := false
		for i := range out {
			if out[i].Secret == e.Secret {
				dup = true
				if out[i].Account == "" {
					out[i] = e
				}
			}
		}
		if !dup {
			out = append(out, e)
		}
	}
	return out, nil
}

// textSecret reads a bare secret ("abcd efgh ijkl mnop") or one after a
// label ("Secret key: abcd efgh ijkl mnop"), normalized.
func textSecret(t string) (string, bool) {
	if sec, err := vault.NormalizeSecret(t); err == nil {
		return sec, true
	}
	if i := strings.LastIndexByte(t, ':'); i >= 0 {
		if sec, err := vault.NormalizeSecret(t[i+1:]); err == nil {
			return sec, true
		}
	}
	return "", false
}

// entryError maps a vault error about a parsed entry: labels that are not
// plain text are a bad request, anything else a secret that cannot be stored.
func entryError(err error) *protocol.Error {
	if errors.Is(err, vault.ErrBadLabel) {
		return protocol.NewError(protocol.CodeBadRequest, err.Error())
	}
	return protocol.NewError(protocol.CodeInvalidSecret, err.Error())
}

// mask shows the first and last four characters of a normalized secret
// (at least 16 characters), the rest as bullets in groups of four.
func mask(secret string) string {
	if len(secret) < 12 {
		return strings.Repeat("•", len(secret))
	}
	var b strings.Builder
	b.WriteString(secret[:4])
	for i, mid := 0, len(secret)-8; i < mid; i += 4 {
		b.WriteString(" " + strings.Repeat("•", min(4, mid-i)))
	}
	b.WriteString(" " + secret[len(secret)-4:])
	return b.String()
}

// keepCapture stores a capture under a fresh random id; expired ones go,
// and the oldest goes when the store is full.
func (s *session) keepCapture(c captured) string {
	now := s.opts.Now()
	if s.captures == nil {
		s.captures = map[string]*captured{}
	}
	oldest := ""
	for id, k := range s.captures {
		if !now.Before(k.expires) {
			delete(s.captures, id)
		} else if oldest == "" || k.expires.Before(s.captures[oldest].expires) {
			oldest = id
		}
	}
	if len(s.captures) >= maxCaptures {
		delete(s.captures, oldest)
	}
	var b [16]byte
	rand.Read(b[:])
	id := "c_" + hex.EncodeToString(b[:])
	s.captures[id] = &c
	return id
}

// takeCapture returns the capture an add names, if it is still valid and
// the add comes from where the capture did.
func (s *session) takeCapture(id, from string) (*captured, *protocol.Error) {
	c := s.captures[id]
	if c == nil || c.host != from || !s.opts.Now().Before(c.expires) {
		return nil, protocol.NewError(protocol.CodeNotFound, "this capture is unknown or expired: capture the page again")
	}
	return c, nil
}

// addCapture commits a capture. An entry of the same account and tenant is
// replaced only when asked (keeping its id); an entry of another tenant is
// never touched.
func (s *session) addCapture(req *protocol.Request, from string) (protocol.Reply, *protocol.Error) {
	c, perr := s.takeCapture(req.Capture, from)
	if perr != nil {
		return protocol.Reply{}, perr
	}
	e := c.entry
	exists := protocol.NewError(protocol.CodeExists, "otpfill already has a code for "+e.Label()+"; send replace to take the new secret")
	old := s.sameAccountAndTenant(&e)
	if old != nil && !req.Replace {
		exists.Candidates = []protocol.EntryInfo{infoOf(old)}
		return protocol.Reply{}, exists
	}
	var added vault.Entry
	err := s.rewrite(func() (err error) {
		if old != nil {
			added, err = replaceSameAccount(s.v, e)
		} else {
			added, err = s.v.Add(e, false)
		}
		return err
	})
	if errors.Is(err, vault.ErrExists) {
		return protocol.Reply{}, exists
	}
	if err != nil {
		return protocol.Reply{}, s.vaultError(err)
	}
	delete(s.captures, req.Capture)
	now := s.opts.Now()
	if from != "" {
		s.enrolled = append(s.enrolled[:0:0], keepRecent(s.enrolled, now)...)
		s.enrolled = append(s.enrolled, enrolled{id: added.ID, host: from, account: accountKey(added.Account), at: now})
	}
	info := infoOf(&added)
	s.logf("added an entry from a capture (id %s)", added.ID)
	return protocol.Reply{Entry: &info}, nil
}

func keepRecent(rs []enrolled, now time.Time) []enrolled {
	var out []enrolled
	for _, r := range rs {
		if now.Sub(r.at) <= enrollWindow {
			out = append(out, r)
		}
	}
	return out
}

// replaceSameAccount takes e's secret for the entry of the same account and
// tenant, found again under the vault's lock; it keeps the old id.
func replaceSameAccount(v *vault.Vault, e vault.Entry) (vault.Entry, error) {
	e.Created = time.Now().UTC().Truncate(time.Second)
	err := v.Update(func(entries []vault.Entry) ([]vault.Entry, error) {
		for i := range entries {
			if sameAccountAndTenant(&entries[i], &e) {
				e.ID, e.TenantIDs = entries[i].ID, entries[i].TenantIDs
				entries[i] = e
				return entries, nil
			}
		}
		return nil, vault.ErrNotFound
	})
	return e, err
}

func sameAccountAndTenant(a, b *vault.Entry) bool {
	return accountKey(a.Account) == accountKey(b.Account) &&
		strings.EqualFold(strings.TrimSpace(a.Tenant), strings.TrimSpace(b.Tenant))
}

// matchEnrolled serves an enrollment page's "Enter code" step: only the
// entry captured and added from this host for the page's account, within
// 15 minutes of the add.
func (s *session) matchEnrolled(req *protocol.Request, now time.Time) (vault.Entry, *protocol.Error) {
	from, acct := pageHost(req.URL), accountKey(req.Account)
	var best *enrolled
	for i := range s.enrolled {
		r := &s.enrolled[i]
		if acct != "" && r.host == from && r.account == acct && now.Sub(r.at) <= enrollWindow && r.at.Sub(now) < time.Minute &&
			(req.Entry == "" || req.Entry == r.id) && (best == nil || r.at.After(best.at)) {
			best = r
		}
	}
	if best != nil {
		if e, ok := s.entryByID(best.id); ok {
			return e, nil
		}
	}
	return vault.Entry{}, protocol.NewError(protocol.CodeNoMatch, "no entry was added from this page for this account in the last 15 minutes")
}
