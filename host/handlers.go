package host

import (
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/otpfill/otpfill/protocol"
	"github.com/otpfill/otpfill/vault"
)

type handler func(s *session, req *protocol.Request) (protocol.Reply, *protocol.Error)

var handlers = map[string]handler{
	protocol.TypeHello:  (*session).hello,
	protocol.TypeUnlock: (*session).handleUnlock,
	protocol.TypeLock:   (*session).handleLock,
	protocol.TypeList:   (*session).list,
	protocol.TypeCode:   (*session).code,
	protocol.TypeAdd:    (*session).add,
	protocol.TypeRemove: (*session).remove,
	protocol.TypeMatch:  (*session).matchAccount,
}

var (
	errLocked = protocol.NewError(protocol.CodeLocked, "otpfill is locked: unlock it from the toolbar button")
	errDenied = protocol.NewError(protocol.CodeOriginDenied, "this page may not ask otpfill for that")
)

// needUnlocked is the precondition of the vault handlers.
func (s *session) needUnlocked() *protocol.Error {
	s.refresh()
	if s.v != nil {
		s.lastUse = s.opts.Now()
		return nil
	}
	if s.state() == protocol.StateNoVault {
		return protocol.NewError(protocol.CodeNoVault, "no vault yet: run 'otpfill init' in a terminal")
	}
	return errLocked
}

func (s *session) hello(req *protocol.Request) (protocol.Reply, *protocol.Error) {
	s.refresh()
	return protocol.Reply{Version: s.opts.Version, Protocol: protocol.Version, State: s.state()}, nil
}

func (s *session) handleUnlock(req *protocol.Request) (protocol.Reply, *protocol.Error) {
	if req.URL != "" {
		return protocol.Reply{}, errDenied // only the popup takes a passphrase
	}
	if req.Passphrase == "" && s.v == nil {
		return protocol.Reply{}, protocol.NewError(protocol.CodeBadRequest, "passphrase is missing")
	}
	if a := req.AutoLockSeconds; a != nil && *a != 0 && (*a < minAutoLockSeconds || *a > maxAutoLockSeconds) {
		return protocol.Reply{}, protocol.NewError(protocol.CodeBadRequest, "autolock_seconds must be 0 (never) or between 60 and 86400")
	}
	pass := []byte(req.Passphrase)
	req.Passphrase = ""
	err := s.unlock(pass)
	clear(pass)
	if err != nil {
		return protocol.Reply{}, err
	}
	if req.AutoLockSeconds != nil {
		s.autoLock = time.Duration(*req.AutoLockSeconds) * time.Second
		if s.autoLock == 0 {
			s.autoLock = -1 // never
		}
		select {
		case s.unlockedSig <- struct{}{}: // re-time the auto-lock
		default:
		}
	}
	return protocol.Reply{State: protocol.StateUnlocked}, nil
}

func (s *session) handleLock(req *protocol.Request) (protocol.Reply, *protocol.Error) {
	s.lock()
	return protocol.Reply{State: s.state()}, nil
}

func (s *session) list(req *protocol.Request) (protocol.Reply, *protocol.Error) {
	// Account names are private too: only Microsoft's pages and the popup.
	if req.URL != "" && !isSignInPage(req.URL) && !isEnrollPage(req.URL) {
		return protocol.Reply{}, errDenied
	}
	if err := s.needUnlocked(); err != nil {
		return protocol.Reply{}, err
	}
	var out []protocol.EntryInfo
	s.view(func(es []vault.Entry) {
		out = make([]protocol.EntryInfo, len(es))
		for i := range es {
			out[i] = infoOf(&es[i])
		}
	})
	return protocol.Reply{Entries: out}, nil
}

// Bounds of the idle time the popup may set (0 = never).
const (
	minAutoLockSeconds = 60
	maxAutoLockSeconds = 24 * 60 * 60
)

// code answers with the code to fill. Who may ask:
//   - a Microsoft sign-in page: any entry of the page's account;
//   - an enrollment page: only the entry the extension captured and added
//     from that host for the page's account, within 15 minutes (its
//     "Enter code" verification step);
//   - an extension page (no url: the popup): any entry; a copy claims a step
//     like a fill, "display" shows the live code without using it up.
func (s *session) code(req *protocol.Request) (protocol.Reply, *protocol.Error) {
	signIn, enroll := isSignInPage(req.URL), isEnrollPage(req.URL)
	if req.URL != "" && !signIn && !enroll {
		return protocol.Reply{}, errDenied // before anything, even the lock state
	}
	if err := s.needUnlocked(); err != nil {
		return protocol.Reply{}, err
	}
	now := s.opts.Now()
	var e vault.Entry
	var perr *protocol.Error
	if enroll {
		e, perr = s.matchEnrolled(req, now)
	} else {
		e, perr = s.match(req)
	}
	if perr != nil {
		return protocol.Reply{}, perr
	}
	step := e.Step(now)
	var err error
	// A fill and a popup copy both end up typed into Microsoft's form: each
	// claims a step no one was given before. Only the popup's display code
	// (shown, not copied) leaves the steps alone.
	if req.URL != "" || !req.Display {
		step, err = s.v.ClaimStep(&e, now)
	}
	if err != nil {
		return protocol.Reply{}, s.vaultError(err)
	}
	code, err := e.CodeAtStep(step)
	if err != nil {
		return protocol.Reply{}, s.vaultError(err)
	}
	info := infoOf(&e)
	return protocol.Reply{Entry: &info, Code: code, Step: step, Period: e.Period,
		ValidFrom: e.StepStart(step).UnixMilli(), ExpiresAt: e.StepStart(step + 1).UnixMilli()}, nil
}

// match picks the entry for a sign-in: by the user's choice (remembered for
// the page's tenant), by account, then by the tenant the page names.
func (s *session) match(req *protocol.Request) (vault.Entry, *protocol.Error) {
	var e vault.Entry
	var perr *protocol.Error
	s.view(func(es []vault.Entry) { e, perr = s.find(es, req) })
	if perr == nil && req.Entry != "" && req.URL != "" {
		s.remember(e, tenantKey(req.URL))
	}
	return e, perr
}

// find is match's look-up in the vault's entries (see view).
func (s *session) find(es []vault.Entry, req *protocol.Request) (vault.Entry, *protocol.Error) {
	acct := accountKey(req.Account)
	if req.Entry != "" {
		i := slices.IndexFunc(es, func(e vault.Entry) bool { return e.ID == req.Entry })
		if i < 0 {
			return vault.Entry{}, protocol.NewError(protocol.CodeNotFound, "no such entry")
		}
		if req.URL != "" && accountKey(es[i].Account) != acct {
			return vault.Entry{}, protocol.NewError(protocol.CodeNoMatch, "that entry is for another account")
		}
		return es[i], nil
	}
	if acct == "" {
		return vault.Entry{}, protocol.NewError(protocol.CodeBadRequest, "account is missing")
	}
	idx := s.idx.byAccount(acct)
	switch len(idx) {
	case 0:
		return vault.Entry{}, protocol.NewError(protocol.CodeNoMatch, "no code for this account in otpfill")
	case 1:
		return es[idx[0]], nil
	}
	key := tenantKey(req.URL)
	hint := strings.ToLower(strings.TrimSpace(req.Tenant))
	for _, pick := range []func(e *vault.Entry) bool{
		func(e *vault.Entry) bool { return key != "" && slices.Contains(e.TenantIDs, key) },
		func(e *vault.Entry) bool { return hint != "" && slices.Contains(e.TenantIDs, hint) },
		func(e *vault.Entry) bool { return tenantNamed(e.Tenant, key) || tenantNamed(e.Tenant, hint) },
	} {
		var hit []int32
		for _, i := range idx {
			if pick(&es[i]) {
				hit = append(hit, i)
			}
		}
		if len(hit) == 1 {
			return es[hit[0]], nil
		}
	}
	perr := protocol.NewError(protocol.CodeAmbiguous, "this account is in several tenants: choose one")
	for _, i := range idx {
		perr.Candidates = append(perr.Candidates, infoOf(&es[i]))
	}
	return vault.Entry{}, perr
}

// tenantNamed matches an entry's tenant with a tenant domain from a URL or
// a hint, whole: the tenant itself ("contoso.com") or its Microsoft initial
// domain ("Contoso" is contoso.onmicrosoft.com, which only that tenant can
// hold). Never the first label of another domain: anyone can make
// contoso.evil.example a domain of their tenant.
func tenantNamed(name, key string) bool {
	if name == "" || key == "" || strings.HasPrefix(key, "host:") {
		return false
	}
	n := strings.ToLower(strings.ReplaceAll(name, " ", ""))
	if n == key {
		return true
	}
	for _, initial := range initialDomains {
		if key == n+initial {
			return true
		}
	}
	return false
}

// initialDomains are the suffixes of Microsoft's initial tenant domains
// (worldwide, US government, China).
var initialDomains = []string{".onmicrosoft.com", ".onmicrosoft.us", ".partner.onmschina.cn"}

// remember records the user's choice of entry for a tenant key, and takes
// the key from the account's other entries so the choice is unique.
func (s *session) remember(chosen vault.Entry, key string) {
	if key == "" || slices.Contains(chosen.TenantIDs, key) {
		return
	}
	err := s.rewrite(func() error {
		return s.v.Update(func(entries []vault.Entry) ([]vault.Entry, error) {
			for i := range entries {
				e := &entries[i]
				if e.ID == chosen.ID {
					e.TenantIDs = append(e.TenantIDs, key)
				} else if strings.EqualFold(e.Account, chosen.Account) {
					e.TenantIDs = slices.DeleteFunc(e.TenantIDs, func(k string) bool { return k == key })
				}
			}
			return entries, nil
		})
	})
	if err != nil {
		s.logf("could not remember the tenant choice: %v", err)
	}
}

// matchAccount tells a sign-in page whether its account has one entry,
// several or none, without using up a step (the push screen decides from
// it whether to switch to the code method).
func (s *session) matchAccount(req *protocol.Request) (protocol.Reply, *protocol.Error) {
	if req.URL != "" && !isSignInPage(req.URL) {
		return protocol.Reply{}, errDenied
	}
	if err := s.needUnlocked(); err != nil {
		return protocol.Reply{}, err
	}
	q := *req
	q.Entry = "" // a match never records a choice
	_, perr := s.match(&q)
	switch {
	case perr == nil:
		return protocol.Reply{Match: protocol.MatchOne}, nil
	case perr.Code == protocol.CodeAmbiguous:
		return protocol.Reply{Match: protocol.MatchSeveral, Candidates: perr.Candidates}, nil
	case perr.Code == protocol.CodeNoMatch:
		return protocol.Reply{Match: protocol.MatchNone}, nil
	}
	return protocol.Reply{}, perr
}

// add stores an entry: a capture from an enrollment page or the popup, or
// what the user typed into the popup (uri, or secret and account).
func (s *session) add(req *protocol.Request) (protocol.Reply, *protocol.Error) {
	if req.URL != "" && !isEnrollPage(req.URL) {
		return protocol.Reply{}, errDenied
	}
	if req.URL != "" && req.Capture == "" {
		return protocol.Reply{}, errDenied // pages add only what the host captured
	}
	if err := s.needUnlocked(); err != nil {
		return protocol.Reply{}, err
	}
	if req.Capture != "" {
		if req.URI != "" || req.Secret != "" {
			return protocol.Reply{}, protocol.NewError(protocol.CodeBadRequest, "add takes a capture, or a uri, or a secret and an account")
		}
		from := ""
		if req.URL != "" {
			from = pageHost(req.URL)
		}
		return s.addCapture(req, from)
	}
	var e vault.Entry
	var err error
	switch {
	case req.URI != "" && req.Secret == "":
		if isAuthenticatorOnly(req.URI) {
			return protocol.Reply{}, protocol.NewError(protocol.CodeInvalidSecret, msgAuthenticatorOnly)
		}
		if e, err = vault.ParseURI(req.URI); err != nil {
			return protocol.Reply{}, entryError(err)
		}
		if req.Tenant != "" && e.Tenant == "" {
			e.Tenant = req.Tenant
		}
	case req.Secret != "" && req.URI == "":
		if strings.TrimSpace(req.Account) == "" {
			return protocol.Reply{}, protocol.NewError(protocol.CodeBadRequest, "account is missing")
		}
		e = vault.Entry{Account: strings.TrimSpace(req.Account), Tenant: strings.TrimSpace(req.Tenant),
			Issuer: strings.TrimSpace(req.Issuer), Secret: req.Secret}
		if e.Issuer == "" {
			e.Issuer = "Microsoft"
		}
		if e.Secret, err = vault.NormalizeSecret(e.Secret); err != nil {
			return protocol.Reply{}, protocol.NewError(protocol.CodeInvalidSecret, err.Error())
		}
	default:
		return protocol.Reply{}, protocol.NewError(protocol.CodeBadRequest, "add takes a uri, or a secret and an account")
	}
	req.Secret, req.URI = "", ""
	var added vault.Entry
	err = s.rewrite(func() (err error) {
		added, err = s.v.Add(e, req.Replace)
		return err
	})
	if errors.Is(err, vault.ErrExists) {
		perr := protocol.NewError(protocol.CodeExists, "otpfill already has a code for "+e.Label()+"; send replace to take the new secret")
		s.view(func(es []vault.Entry) {
			for _, c := range vault.Find(es, e.Label()) {
				perr.Candidates = append(perr.Candidates, infoOf(&c))
			}
		})
		return protocol.Reply{}, perr
	}
	if err != nil {
		return protocol.Reply{}, s.vaultError(err)
	}
	info := infoOf(&added)
	s.logf("added an entry (id %s)", added.ID)
	return protocol.Reply{Entry: &info}, nil
}

func (s *session) remove(req *protocol.Request) (protocol.Reply, *protocol.Error) {
	if req.URL != "" {
		return protocol.Reply{}, errDenied
	}
	if err := s.needUnlocked(); err != nil {
		return protocol.Reply{}, err
	}
	if req.Entry == "" {
		return protocol.Reply{}, protocol.NewError(protocol.CodeBadRequest, "entry is missing")
	}
	if err := s.rewrite(func() error { return s.v.Remove(req.Entry) }); err != nil {
		return protocol.Reply{}, s.vaultError(err)
	}
	return protocol.Reply{}, nil
}

// vaultError maps vault errors to protocol errors; messages carry no secret.
// A passphrase changed elsewhere locks this session.
func (s *session) vaultError(err error) *protocol.Error {
	switch {
	case errors.Is(err, vault.ErrNotFound):
		return protocol.NewError(protocol.CodeNotFound, "no such entry")
	case errors.Is(err, vault.ErrNoFreshCode):
		return protocol.NewError(protocol.CodeNoFreshCode, err.Error())
	case errors.Is(err, vault.ErrBadLabel):
		return protocol.NewError(protocol.CodeBadRequest, err.Error())
	case errors.Is(err, vault.ErrInvalidSecret), errors.Is(err, vault.ErrUnsupported):
		return protocol.NewError(protocol.CodeInvalidSecret, err.Error())
	case errors.Is(err, vault.ErrKeyChanged):
		s.lock()
		return errLocked
	}
	return protocol.NewError(protocol.CodeInternal, err.Error())
}
