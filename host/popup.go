package host

import (
	"slices"

	"github.com/otpfill/otpfill/protocol"
	"github.com/otpfill/otpfill/qr"
	"github.com/otpfill/otpfill/vault"
)

// The popup's per-entry menu: rename the label shown, show as a QR code.
// Both are for extension pages only (no url): a web page never names or
// sees an entry this way.
func init() {
	handlers[protocol.TypeRename] = (*session).rename
	handlers[protocol.TypeQR] = (*session).showQR
}

// popupEntry is the preamble of the menu's verbs: an extension page, an
// unlocked vault, an entry named.
func (s *session) popupEntry(req *protocol.Request) *protocol.Error {
	if req.URL != "" {
		return errDenied // before anything, even the lock state
	}
	if err := s.needUnlocked(); err != nil {
		return err
	}
	if req.Entry == "" {
		return protocol.NewError(protocol.CodeBadRequest, "entry is missing")
	}
	return nil
}

// rename sets (or with "" clears) the label the popup shows for an entry.
func (s *session) rename(req *protocol.Request) (protocol.Reply, *protocol.Error) {
	if perr := s.popupEntry(req); perr != nil {
		return protocol.Reply{}, perr
	}
	if req.Label == nil {
		return protocol.Reply{}, protocol.NewError(protocol.CodeBadRequest, "label is missing (send \"\" to clear it)")
	}
	label := *req.Label
	if err := vault.CheckDisplayLabel(label); err != nil {
		return protocol.Reply{}, protocol.NewError(protocol.CodeBadRequest, err.Error())
	}
	var renamed vault.Entry
	err := s.rewrite(func() error {
		return s.v.Update(func(entries []vault.Entry) ([]vault.Entry, error) {
			i := slices.IndexFunc(entries, func(e vault.Entry) bool { return e.ID == req.Entry })
			if i < 0 {
				return nil, vault.ErrNotFound
			}
			entries[i].Nickname = label
			renamed = entries[i]
			return entries, nil
		})
	})
	if err != nil {
		return protocol.Reply{}, s.vaultError(err)
	}
	info := infoOf(&renamed)
	return protocol.Reply{Entry: &info}, nil
}

// showQR draws an entry's otpauth URI as a PNG for a phone to scan. It is
// the one reply that carries a secret to the extension (as pixels), for the
// popup to show after the user confirmed the request.
func (s *session) showQR(req *protocol.Request) (protocol.Reply, *protocol.Error) {
	if perr := s.popupEntry(req); perr != nil {
		return protocol.Reply{}, perr
	}
	var uri string
	var info protocol.EntryInfo
	s.view(func(es []vault.Entry) {
		if i := slices.IndexFunc(es, func(e vault.Entry) bool { return e.ID == req.Entry }); i >= 0 {
			uri, info = es[i].URI(), infoOf(&es[i])
		}
	})
	if uri == "" {
		return protocol.Reply{}, protocol.NewError(protocol.CodeNotFound, "no such entry")
	}
	img, err := qr.PNGDataURL(uri)
	if err != nil {
		return protocol.Reply{}, protocol.NewError(protocol.CodeInternal, "could not draw the QR code")
	}
	s.logf("showed an entry as a QR code (id %s)", info.ID)
	return protocol.Reply{Entry: &info, Image: img}, nil
}
