// Enrollment content script (mysignins "Security info", legacy proofup.aspx,
// account.live.com/proofs/Add). collect (lib/runtime.js snapshot, QR pixels)
// -> analyse (lib/enroll-core.js, pure and node-tested) -> act (this file),
// with one state object S whose moves are OtpfillEnroll.ENROLL_STATES
// (extension/README.md). What the page shows goes to the host in one
// `capture`; the host decodes, parses and chooses, and answers only what the
// user must see (account, tenant, masked secret, conflict, replaces). The
// secret is never here and nothing is stored in extension storage.
(function (root) {
  'use strict';
  var R = root.OtpfillRuntime, E = root.OtpfillEnroll;
  if (!R || !E || !R.api || typeof document === 'undefined') return;
  if (location.protocol !== 'https:' || root.__otpfillEnrollLoaded) return; // pages only, never extension pages
  root.__otpfillEnrollLoaded = true;

  var MAX_QR_DIM = 1024;
  var MAX_CAPTURES = 12; // capture requests per document (icons that look square)
  var ENROLL_WINDOW_MS = 15 * 60 * 1000;
  var GUIDANCE = "This QR code only works with Microsoft Authenticator. Choose 'I want to use a different authenticator app' (or 'Configure app without notifications') to get a code otpfill can use.";

  var ui = R.card({ low: true });
  // S.data: res/refs (the last analysis and its elements), captureKey (what
  // the current capture was made of), capture (the host's answer), tried
  // (capture keys already asked), captures (count), qrRetried (QR keys sent
  // twice), qrFailed (QR keys the host could not use), saved ({account, tenant, entry, at} after a save),
  // replace (the save waiting in held is a replace), dismissed (capture key
  // whose bar the user closed), asked (code boxes asked about without a save
  // in this document), refused (boxes whose code failed after the save),
  // afterCapture (a save clicked while a capture was out).
  var S = R.machine('looking', E.ENROLL_STATES);
  S.data = { res: null, refs: [], captureKey: '', guidanceKey: '', capture: null, tried: {}, captures: 0, qrFailed: {}, qrRetried: {}, saved: null, replace: false, dismissed: '',
    asked: new WeakSet(), refused: new WeakSet(), afterCapture: null };

  function refOf(node) { return node && typeof node.ref === 'number' ? S.data.refs[node.ref] : null; }
  function recent() { return !!(S.data.saved && Date.now() - S.data.saved.at < ENROLL_WINDOW_MS); }

  // --- collect: QR pixels --------------------------------------------------------

  function hash(s) {
    var h = 5381;
    for (var i = 0; i < s.length; i++) h = ((h << 5) + h + s.charCodeAt(i)) | 0;
    return (h >>> 0).toString(36) + ':' + s.length;
  }

  // qrKey names what a QR element shows; a canvas by its pixels, since it
  // may be painted after it appears (no DOM mutation tells us).
  function qrKey(e) {
    if (e.tagName === 'IMG') return 'img:' + (e.currentSrc || e.src || '').slice(0, 4096);
    if (e.tagName === 'CANVAS') {
      try { return 'canvas:' + hash(e.toDataURL('image/png')); } catch (err) { return 'canvas:tainted'; }
    }
    if (e.tagName.toLowerCase() === 'svg') return 'svg:' + e.innerHTML.length + ':' + hash(e.innerHTML);
    return 'other';
  }

  // svgImage turns an inline <svg> (a QR drawn with rects or paths) into an
  // <img> of itself, so it can go through a canvas like any image.
  var svgImages = new WeakMap();
  function svgImage(svg) {
    if (svgImages.has(svg)) return svgImages.get(svg);
    var r = svg.getBoundingClientRect();
    var clone = svg.cloneNode(true);
    clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    if (!clone.getAttribute('width')) clone.setAttribute('width', String(Math.round(r.width)));
    if (!clone.getAttribute('height')) clone.setAttribute('height', String(Math.round(r.height)));
    var img = new Image();
    img.addEventListener('load', schedule, { once: true });
    img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(new XMLSerializer().serializeToString(clone));
    svgImages.set(svg, img);
    return img;
  }

  // pixels returns a PNG data URL of a QR element, or null while it loads.
  var waiting = new WeakSet();
  function pixels(e) {
    if (e.tagName === 'CANVAS') return e.toDataURL('image/png');
    if (e.tagName.toLowerCase() === 'svg') {
      var img = svgImage(e);
      if (!img.complete || !img.naturalWidth) return null;
      e = img;
    }
    if (!e.complete || !e.naturalWidth) {
      if (!waiting.has(e)) { waiting.add(e); e.addEventListener('load', schedule, { once: true }); }
      return null;
    }
    var w = e.naturalWidth, h = e.naturalHeight;
    var scale = Math.min(1, MAX_QR_DIM / Math.max(w, h));
    // Small images get a white margin so a crop without a quiet zone reads.
    var pad = Math.round(Math.max(w, h) * scale * 0.08);
    var c = document.createElement('canvas');
    c.width = Math.round(w * scale) + 2 * pad;
    c.height = Math.round(h * scale) + 2 * pad;
    var g = c.getContext('2d');
    g.fillStyle = '#fff';
    g.fillRect(0, 0, c.width, c.height);
    g.drawImage(e, pad, pad, Math.round(w * scale), Math.round(h * scale));
    return c.toDataURL('image/png');
  }

  // captureOf builds the capture request for this page state: the first QR
  // element the host has not yet refused, the page's secret-like texts and
  // the account and tenant it shows. key names it; null if nothing to send.
  function captureOf(res) {
    var img = null, qk = '';
    for (var i = 0; i < res.qr.length && !img; i++) {
      var e = refOf(res.qr[i]);
      if (!e) continue;
      var k = qrKey(e);
      if (S.data.qrFailed[k] || k === 'canvas:tainted') continue;
      try { img = pixels(e); } catch (err) { S.data.qrFailed[k] = true; continue; } // cross-origin: tainted
      if (img) qk = k;
    }
    if (!img && !res.texts.length) return null;
    var key = [qk, res.texts.join('\n'), res.account, res.tenant].join('|');
    var req = { otpfill: 'capture', texts: res.texts };
    if (img) req.image = img;
    if (res.account) req.account = res.account;
    if (res.tenant) req.tenant = res.tenant;
    return { key: key, qrKey: qk, req: req };
  }

  // --- analyse and act ------------------------------------------------------------

  var timer = 0;
  function schedule() {
    if (timer) return;
    timer = setTimeout(function () { timer = 0; evaluate(); }, 150);
  }

  function evaluate() {
    var snap = R.snapshot(document.body, { skip: ui.element() });
    S.data.refs = snap.refs;
    var res = S.data.res = E.analyze(snap.tree, { host: location.hostname, path: location.pathname });
    switch (S.state) {
      case 'looking':
      case 'offered':
      case 'guidance':
        return look(res);
      case 'saved':
        // The verification is reached only after the save: the code box
        // (also one that was on the page from the start) is filled now.
        if (res.codeInput && !S.data.refused.has(refOf(res.codeInput))) verify(res);
        return;
      case 'verified':
        if (!res.codeInput) S.go('looking');
        return;
    }
  }

  function look(res) {
    var c = captureOf(res);
    if (c && c.key !== S.data.captureKey && !S.data.tried[c.key] && S.data.captures < MAX_CAPTURES) { capture(c); return; }
    if (c && c.key === S.data.captureKey && S.is('offered', 'guidance')) return; // what the bar says still holds
    if (res.decoy) { guidance(res); return; }
    if (S.is('offered', 'guidance')) { S.go('looking'); ui.hide(); S.data.captureKey = S.data.guidanceKey = ''; }
    // A code box on a page that no longer shows the secret (the page
    // navigated after the save): the host answers only for the entry this
    // extension captured and added here minutes ago.
    // Only on a page with nothing to capture: a box beside a secret or a QR
    // code (account.live.com shows it from the start) waits for the save.
    var box = refOf(res.codeInput);
    var account = res.pageAccount || res.account;
    if (S.is('looking') && box && !res.codeInputWeak && account && !res.qr.length && !res.texts.length && !S.data.asked.has(box)) {
      S.data.asked.add(box);
      verify(res, account);
    }
  }

  function capture(c) {
    S.data.tried[c.key] = true;
    S.data.captures++;
    var from = S.state;
    if (!S.go('capturing')) return;
    R.send(c.req).then(function (r) {
      captured(c, from, r);
      var f = S.data.afterCapture;
      S.data.afterCapture = null;
      if (f) f();
    });
  }

  // captured acts on the host's answer to a capture.
  function captured(c, from, r) {
    S.data.captureKey = c.key;
    if (r.ok && r.kind === 'phonefactor') {
      S.go('guidance');
      guidance(S.data.res, true);
      return;
    }
    if (r.ok && r.capture) {
      S.go('offered');
      offer(r);
      return;
    }
    var code = r.error && r.error.code;
    if (code === 'locked' || code === 'no_vault' || code === 'host_missing') {
      S.go('held');
      S.data.captureKey = '';
      delete S.data.tried[c.key];
      heldBar(code, r.error.message, 'The secret is read as soon as you do.');
      return;
    }
    // Not a QR code or no secret: once more a little later (an image may
    // have been caught half painted), then the next QR element, if any.
    if (c.qrKey && !S.data.qrRetried[c.qrKey]) {
      S.data.qrRetried[c.qrKey] = true;
      delete S.data.tried[c.key];
      setTimeout(schedule, 700);
    } else if (c.qrKey) {
      S.data.qrFailed[c.qrKey] = true;
    }
    S.go(from === 'offered' && S.data.capture ? 'offered' : 'looking'); // an offer already shown stays
    schedule();
  }

  function who(o) { return (o.tenant ? o.tenant + ' \u2014 ' : '') + (o.account || 'an account otpfill could not read'); }

  function offer(r) {
    var prev = S.data.capture;
    S.data.capture = r;
    if (prev && prev.masked === r.masked && prev.account === r.account && prev.tenant === r.tenant && !!prev.conflict === !!r.conflict && ui.element()) return;
    if (S.data.dismissed === r.masked + who(r)) return;
    ui.show({
      title: 'otpfill: authenticator secret found',
      body: who(r) + '\nSecret ' + r.masked,
      note: r.conflict ? 'The text on this page and its QR code show different secrets: otpfill saves the QR code\'s secret.' :
        (r.account ? '' : 'The account name is not on the page yet. Use the otpfill popup to add it by hand.'),
      kind: r.conflict ? 'warn' : '',
      actions: r.account ? [{ label: 'Save to otpfill', primary: true, run: function () { save(false); } }] : [],
      onClose: function () { S.data.dismissed = r.masked + who(r); }
    });
  }

  function guidance(res, fromHost) {
    if (!S.is('guidance') && !S.go('guidance')) return;
    var key = 'decoy:' + (res && res.switchLink ? 'link' : 'nolink') + (fromHost ? ':qr' : '');
    if (S.data.dismissed === key || (S.data.guidanceKey === key && ui.element())) return;
    S.data.guidanceKey = key;
    var link = refOf(res && res.switchLink);
    ui.show({
      title: 'otpfill cannot use this QR code', kind: 'warn', body: GUIDANCE,
      actions: link ? [{ label: 'Switch to a standard code', primary: true, run: function () {
        var l = refOf(S.data.res && S.data.res.switchLink) || link;
        if (l && l.isConnected) l.click();
        S.go('looking');
        S.data.captureKey = S.data.guidanceKey = '';
        ui.hide();
        schedule();
      } }] : [],
      onClose: function () { S.data.dismissed = key; }
    });
  }

  function heldBar(code, message, then) {
    ui.show({
      kind: 'warn',
      title: code === 'locked' ? 'otpfill is locked' : 'otpfill is not ready',
      body: code === 'locked' ? 'Unlock otpfill from its toolbar button. ' + then : (message || ''),
      actions: code === 'locked' ? [{ label: 'Open otpfill', run: function () { R.send({ otpfill: 'open_popup' }); } }] : []
    });
  }

  // --- saving ----------------------------------------------------------------------

  // save commits the host's capture once per click and reports {ok, entry?,
  // error?}. The popup uses the same path.
  function save(replace) {
    var cap = S.data.capture;
    // A click while a newer capture of the same page is out waits for it.
    if (S.is('capturing')) return new Promise(function (resolve) { S.data.afterCapture = function () { resolve(save(replace)); }; });
    if (!cap || !cap.capture || !cap.account) return Promise.resolve({ ok: false, error: { code: 'not_found', message: 'No secret with an account on this page.' } });
    if (!S.go('saving')) return Promise.resolve({ ok: false, error: { code: 'busy', message: 'Already saving.' } });
    ui.status('Saving to otpfill\u2026');
    return R.send({ otpfill: 'add', capture: cap.capture, replace: !!replace }).then(function (r) {
      if (r.ok) {
        S.go('saved');
        S.data.saved = { account: cap.account, tenant: cap.tenant || '', entry: r.entry && r.entry.id, at: Date.now() };
        S.data.capture = null;
        ui.show({ title: 'Saved to otpfill', body: who(cap) + '\notpfill will enter the code when Microsoft asks for it.', ms: 12000 });
        schedule();
        return { ok: true, entry: r.entry };
      }
      var code = r.error && r.error.code;
      if (code === 'exists') {
        S.go('confirm');
        var old = cap.replaces || {};
        var when = old.created ? new Date(old.created).toLocaleString() : 'earlier';
        ui.show({
          title: 'otpfill already has this account', kind: 'warn',
          body: 'Replace ' + who(old.account ? old : cap) + ' (added ' + when + ') with the new secret ' + cap.masked + '?\nThe old one stops working when you finish here.',
          actions: [{ label: 'Replace', primary: true, run: function () { save(true); } },
            { label: 'Keep the old one', run: function () { S.go('looking'); S.data.dismissed = cap.masked + who(cap); ui.hide(); } }]
        });
      } else if (code === 'locked' || code === 'host_missing' || code === 'no_vault') {
        S.go('held');
        S.data.replace = !!replace;
        heldBar(code, r.error.message, 'The secret is saved as soon as you do.');
      } else {
        // An expired capture is made again on the next look.
        if (code === 'not_found') {
          S.go('looking');
          S.data.captureKey = '';
          S.data.capture = null;
          S.data.tried = {};
          schedule();
          return r;
        }
        S.go('offered');
        ui.show({ title: 'otpfill could not save this', kind: 'warn', body: (r.error && r.error.message) || 'Unknown error.',
          actions: [{ label: 'Try again', run: function () { save(replace); } }] });
      }
      return r;
    });
  }

  // --- the verification step -----------------------------------------------------------

  // verify fills the code box once and clicks its button; the step counts
  // only when the page takes the code (the box goes away without an error).
  function verify(res, pageAccount) {
    var box = refOf(res.codeInput);
    var saved = recent() ? S.data.saved : null;
    // One code per save: a refused one is the user's to retry, never ours.
    if (!box || box.value || (saved && saved.entered) || !S.go('verifying')) return;
    var req = { otpfill: 'code', account: saved ? saved.account : pageAccount };
    if (saved && saved.entry) req.entry = saved.entry;
    if (saved && saved.tenant) req.tenant = saved.tenant;
    var submit = refOf(res.submit);
    R.send(req).then(function (r) {
      if (!r.ok) {
        S.go(saved ? 'saved' : 'looking');
        if (saved) {
          S.data.refused.add(box);
          var code = r.error && r.error.code;
          ui.show({ title: 'otpfill could not enter the code', kind: 'warn',
            body: code === 'locked' ? 'Unlock otpfill from its toolbar button; the code is entered when you do.' : ((r.error && r.error.message) || '') });
        }
        return;
      }
      var wait = Math.max(0, (r.valid_from || 0) - Date.now());
      if (wait > 0) ui.show({ kind: 'wait', title: 'otpfill: next code in ' + Math.ceil(wait / 1000) + ' s', body: 'Microsoft accepts each code once; otpfill enters the next one when it is valid.' });
      setTimeout(function () { enter(box, submit, r.code, !!saved); }, wait);
    });
  }

  function enter(box, submit, code, afterSave) {
    var target = box.isConnected ? box : refOf(S.data.res && S.data.res.codeInput);
    if (!target || target.value) { S.go(afterSave ? 'saved' : 'looking'); return; }
    target.focus();
    if (afterSave && S.data.saved) S.data.saved.entered = true;
    R.setValue(target, code);
    if (afterSave) ui.show({ title: 'otpfill entered the code', body: 'Finishing the registration with Microsoft.', ms: 6000 });
    R.clickWhenEnabled(submit, 3000, function (clicked) {
      if (!clicked) { ui.show({ title: 'otpfill entered the code', body: 'Press the page\'s button to finish.', ms: 8000 }); }
      watchAcceptance(target, afterSave);
    });
  }

  // watchAcceptance: the page took the code when the box is gone and no
  // code box is back (the next view); it refused it when the box is still
  // there and empty, or the step came back with a new box (and, say, an
  // error). One answer, within 15 s; a refused box is never filled again.
  function watchAcceptance(box, afterSave) {
    var t0 = Date.now(), goneAt = 0;
    (function check() {
      if (!S.is('verifying')) return;
      var gone = !box.isConnected || !box.getClientRects().length;
      var now = null;
      goneAt = gone ? goneAt || Date.now() : 0;
      if (gone) {
        var snap = R.snapshot(document.body, { skip: ui.element() });
        var res = E.analyze(snap.tree, { host: location.hostname, path: location.pathname });
        now = res.codeInput ? snap.refs[res.codeInput.ref] : null;
      }
      if (now) goneAt = 0;
      var out = E.verifyOutcome({ gone: gone, goneMs: goneAt ? Date.now() - goneAt : 0, value: box.value, boxNow: !!now, ms: Date.now() - t0 });
      if (out === 'accepted') {
        S.go('verified');
        if (afterSave) ui.show({ title: 'Microsoft accepted the code', body: 'The authenticator app is registered; otpfill fills its codes at sign-in.', ms: 6000 });
        schedule();
        return;
      }
      if (out === 'refused') {
        S.go('rejected');
        ui.show({ kind: 'warn', title: 'Microsoft did not take the code', body: 'Enter the code from the otpfill popup by hand, or go back and scan again.' });
        S.go('saved');
        S.data.refused.add(box);
        if (now) S.data.refused.add(now);
        return;
      }
      setTimeout(check, 100);
    })();
  }

  // --- messages: popup questions, state broadcasts ---------------------------------

  R.onState(function (st) {
    if (st !== 'unlocked') return;
    if (S.is('held')) {
      if (S.data.capture && S.data.capture.capture) { save(S.data.replace); return; }
      S.go('looking');
      ui.hide();
    }
    schedule();
  });

  R.api.runtime.onMessage.addListener(function (msg, sender, sendResponse) {
    if (!msg || typeof msg !== 'object') return false;
    if (msg.otpfill_popup === 'detected') {
      var c = S.data.capture;
      var res = S.data.res || {};
      sendResponse(c && c.capture ? { ok: true, account: c.account, tenant: c.tenant, issuer: c.issuer, masked: c.masked, conflict: !!c.conflict, replaces: c.replaces || null }
        : { ok: false, decoy: S.is('guidance') || !!res.decoy, error: { code: S.is('guidance') || res.decoy ? 'authenticator_only' : 'not_found',
          message: S.is('guidance') || res.decoy ? GUIDANCE : 'No authenticator secret is shown on this page.' } });
      return false;
    }
    if (msg.otpfill_popup === 'save') {
      save(!!msg.replace).then(function (r) { sendResponse(r && r.ok ? { ok: true, entry: r.entry } : r); });
      return true;
    }
    return false;
  });

  new MutationObserver(function (recs) {
    for (var i = 0; i < recs.length; i++) {
      if (ui.owns(recs[i].target)) continue;
      schedule();
      return;
    }
  }).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['hidden', 'style', 'class', 'src', 'value', 'aria-hidden', 'disabled', 'readonly', 'type'], characterData: true });
  document.addEventListener('click', schedule, true);
  schedule();
})(typeof globalThis !== 'undefined' ? globalThis : this);
