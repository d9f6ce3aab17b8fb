// Enrollment capture, page side (mysignins "Security info", legacy
// proofup.aspx, account.live.com/proofs/Add). The reading of the page is
// lib/enroll-core.js (OtpfillEnroll, loaded first by the manifest); this
// file is the DOM glue: it builds the plain tree the core reads, reads QR
// pixels through a canvas for the host's decode_qr, shows the in-page bar,
// saves once, fills the verification step and answers the popup. Nothing is
// stored in extension storage.
(function (root) {
  'use strict';
  var core = root.OtpfillEnroll;
  if (!core) return;
  var analyze = core.analyze;

  // ---------------------------------------------------------------------------
  // DOM glue (content script on the enrollment hosts)
  // ---------------------------------------------------------------------------

  var api = root.browser || root.chrome;
  if (typeof document === 'undefined' || !api || !api.runtime || !api.runtime.sendMessage) return;
  if (typeof location === 'undefined' || location.protocol !== 'https:') return; // pages only, never extension pages
  if (root.__otpfillEnrollLoaded) return;
  root.__otpfillEnrollLoaded = true;

  var MAX_QR_DIM = 1024;
  var MAX_QR_TRIES = 12; // decode_qr calls per document (icons that look square)
  var ENROLL_WINDOW_MS = 15 * 60 * 1000;
  var GUIDANCE = "This QR code only works with Microsoft Authenticator. Choose 'I want to use a different authenticator app' (or 'Configure app without notifications') to get a code otpfill can use.";

  var refs = [];
  var last = null; // last analysis
  var qrSeen = new Map(); // key -> {text, kind} | 'pending' | 'failed'
  var qrTries = 0;
  var saved = null; // {account, tenant, entry, at} after a save in this document
  var saving = false;
  var pendingSave = null; // a save waiting for an unlock
  var filledBoxes = new WeakSet();
  var filling = false;
  var dismissed = ''; // key of the offer the user closed
  var shownKey = '';
  var stateListeners = [];

  function send(msg) {
    return Promise.resolve()
      .then(function () { return api.runtime.sendMessage(msg); })
      .then(function (r) { return r || { ok: false, error: { code: 'host_missing', message: 'no answer from the extension background' } }; },
        function (e) { return { ok: false, error: { code: 'host_missing', message: String(e && e.message || e) } }; });
  }

  // --- the page as a plain tree ------------------------------------------------

  function visible(el) {
    if (el.hidden) return false;
    var cs = root.getComputedStyle ? root.getComputedStyle(el) : null;
    if (cs && (cs.display === 'none' || cs.visibility === 'hidden' || cs.visibility === 'collapse')) return false;
    return true;
  }

  function snapshot() {
    refs = [];
    var count = 0;
    function walk(el, depth) {
      if (++count > 20000 || depth > 200) return null;
      var tag = el.tagName.toLowerCase();
      if (/^(script|style|noscript|template|head|meta|link|title)$/.test(tag)) return null;
      if (el === uiHost) return null;
      if (!visible(el)) return null;
      var n = { tag: tag, attrs: {}, children: [], ref: refs.length };
      refs.push(el);
      for (var i = 0; i < el.attributes.length; i++) {
        var a = el.attributes[i];
        if (a.name === 'style') continue;
        n.attrs[a.name] = a.name === 'src' || a.name === 'href' ? a.value.slice(0, 300) : a.value.slice(0, 2000);
      }
      if (tag === 'input' || tag === 'textarea') n.attrs.value = (el.value || '').slice(0, 300);
      if (tag === 'img' || tag === 'canvas' || tag === 'svg') {
        var r = el.getBoundingClientRect();
        n.attrs['data-w'] = String(Math.round(r.width) || el.width || 0);
        n.attrs['data-h'] = String(Math.round(r.height) || el.height || 0);
      }
      if (tag === 'svg') return n; // a drawing: its shapes say nothing
      for (var c = el.firstChild; c; c = c.nextSibling) {
        if (c.nodeType === 3) n.children.push(c.nodeValue);
        else if (c.nodeType === 1) { var k = walk(c, depth + 1); if (k) n.children.push(k); }
      }
      // Open shadow roots of web components.
      if (el.shadowRoot && el !== uiHost) {
        for (var s = el.shadowRoot.firstChild; s; s = s.nextSibling) {
          if (s.nodeType === 1) { var k2 = walk(s, depth + 1); if (k2) n.children.push(k2); }
        }
      }
      return n;
    }
    return document.body ? walk(document.body, 0) : { tag: 'body', attrs: {}, children: [] };
  }

  function refOf(node) { return node && typeof node.ref === 'number' ? refs[node.ref] : null; }

  // --- QR pixels -> host decode_qr ------------------------------------------------

  function hash(s) {
    var h = 5381;
    for (var i = 0; i < s.length; i++) h = ((h << 5) + h + s.charCodeAt(i)) | 0;
    return (h >>> 0).toString(36) + ':' + s.length;
  }

  // qrKey names what a QR element shows; a canvas by its pixels, since it
  // may be painted after it appears (no DOM mutation tells us).
  function qrKey(el) {
    if (el.tagName === 'IMG') return 'img:' + (el.currentSrc || el.src || '').slice(0, 4096);
    if (el.tagName === 'CANVAS') {
      try { return 'canvas:' + hash(el.toDataURL('image/png')); } catch (e) { return 'canvas:tainted'; }
    }
    if (el.tagName.toLowerCase() === 'svg') return 'svg:' + el.innerHTML.length + ':' + el.innerHTML.slice(0, 2048);
    return 'other';
  }

  // svgImage turns an inline <svg> (a QR drawn with rects or paths) into an
  // <img> of itself, so it can go through a canvas like any image.
  function svgImage(svg) {
    if (svg.__otpfillImg) return svg.__otpfillImg;
    var r = svg.getBoundingClientRect();
    var clone = svg.cloneNode(true);
    clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    if (!clone.getAttribute('width')) clone.setAttribute('width', String(Math.round(r.width)));
    if (!clone.getAttribute('height')) clone.setAttribute('height', String(Math.round(r.height)));
    var img = new Image();
    img.addEventListener('load', schedule, { once: true });
    img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(new XMLSerializer().serializeToString(clone));
    svg.__otpfillImg = img;
    return img;
  }

  function pixels(el) {
    if (el.tagName === 'CANVAS') return el.toDataURL('image/png');
    if (el.tagName.toLowerCase() === 'svg') {
      var img = svgImage(el);
      if (!img.complete || !img.naturalWidth) return null;
      el = img;
    }
    if (!el.complete || !el.naturalWidth) return null;
    var w = el.naturalWidth, h = el.naturalHeight;
    var scale = Math.min(1, MAX_QR_DIM / Math.max(w, h));
    // Small images get a white margin so a crop without a quiet zone reads.
    var pad = Math.round(Math.max(w, h) * scale * 0.08);
    var c = document.createElement('canvas');
    c.width = Math.round(w * scale) + 2 * pad;
    c.height = Math.round(h * scale) + 2 * pad;
    var g = c.getContext('2d');
    g.fillStyle = '#fff';
    g.fillRect(0, 0, c.width, c.height);
    g.drawImage(el, pad, pad, Math.round(w * scale), Math.round(h * scale));
    return c.toDataURL('image/png');
  }

  function scanQRs(nodes) {
    nodes.forEach(function (node) {
      var el = refOf(node);
      if (!el) return;
      var key = qrKey(el);
      if (qrSeen.has(key) || qrTries >= MAX_QR_TRIES) return;
      var data;
      try { data = pixels(el); } catch (e) { qrSeen.set(key, 'failed'); return; } // cross-origin: tainted
      if (!data) {
        if (el.tagName === 'IMG' && !el.__otpfillWait) {
          el.__otpfillWait = true;
          el.addEventListener('load', schedule, { once: true });
        }
        return;
      }
      qrTries++;
      qrSeen.set(key, 'pending');
      send({ otpfill: 'decode_qr', image: data }).then(function (r) {
        if (r && r.ok && typeof r.text === 'string') qrSeen.set(key, { text: r.text, kind: r.kind });
        else {
          qrSeen.set(key, 'failed'); // not a QR code, or the host is away
          // A canvas may still be blank: look again shortly.
          if (el.tagName === 'CANVAS' && qrTries < MAX_QR_TRIES) setTimeout(schedule, 700);
        }
        schedule();
      });
    });
  }

  function decodedQRs() {
    var out = [];
    qrSeen.forEach(function (v) { if (v && typeof v === 'object') out.push(v); });
    return out;
  }

  // --- evaluation loop -------------------------------------------------------------

  var timer = 0;
  function schedule() {
    if (timer) return;
    timer = setTimeout(function () { timer = 0; evaluate(); }, 150);
  }

  function evaluate() {
    var tree = snapshot();
    // Only QR codes still on the page count.
    var onPage = {};
    var res = analyze(tree, { host: location.hostname, path: location.pathname }, null);
    res.qr.forEach(function (n) { var el = refOf(n); if (el) onPage[qrKey(el)] = true; });
    var qrs = [];
    qrSeen.forEach(function (v, k) { if (onPage[k] && v && typeof v === 'object') qrs.push(v); });
    if (qrs.length) res = analyze(tree, { host: location.hostname, path: location.pathname }, qrs);
    last = res;
    scanQRs(res.qr);

    // A secret not saved yet comes first, also where the page puts its
    // code box beside the secret (the box is filled after the save).
    var recent = saved && Date.now() - saved.at < ENROLL_WINDOW_MS;
    if (res.codeInput && res.codeInputWeak && !recent) res.codeInput = null;
    if (res.secret && !isSaved(res)) offer(res);
    else if (res.codeInput) maybeFill(res);
    else if (res.secret) offer(res);
    else if (res.decoy) guidance(res);
    else if (!saving && shownKey && shownKey.indexOf('saved:') !== 0 && shownKey.indexOf('fill') !== 0) { hideBar(); shownKey = ''; }
  }

  function offerKey(res) { return 'offer:' + res.secret.slice(0, 4) + res.secret.length + ':' + res.account + ':' + res.tenant; }

  function describe(res) {
    var who = res.account || 'an account otpfill could not read';
    return (res.tenant ? res.tenant + ' \u2014 ' : '') + who;
  }

  function tagOf(secret) { return secret.slice(0, 4) + secret.length + ':' + hash(secret); }
  function isSaved(res) { return !!(saved && saved.secretTag === tagOf(res.secret) && saved.account === res.account); }

  function offer(res) {
    if (isSaved(res)) return; // already saved this one
    var key = offerKey(res);
    // Already offered, or a question about this very secret is open
    // (exists → replace?, locked, an error): leave that bar alone.
    if (shownKey.indexOf(key) >= 0 || key === dismissed || saving) return;
    shownKey = key;
    bar({
      title: 'otpfill: authenticator secret found',
      body: describe(res) + '\nSecret ' + res.masked,
      actions: res.account ? [{ label: 'Save to otpfill', primary: true, run: function () { save(false); } }] : [],
      note: res.account ? '' : 'The account name is not on the page yet. Use the otpfill popup to add it by hand.',
      onClose: function () { dismissed = key; }
    });
  }

  function guidance(res) {
    var key = 'decoy:' + (res.switchLink ? 'link' : 'nolink');
    if (key === shownKey || dismissed === key) return;
    shownKey = key;
    var link = refOf(res.switchLink);
    bar({
      title: 'otpfill cannot use this QR code',
      kind: 'warn',
      body: GUIDANCE,
      actions: link ? [{ label: 'Switch to a standard code', primary: true, run: function () {
        var l = refOf(last && last.switchLink) || link;
        if (l && l.isConnected) l.click();
        shownKey = '';
        schedule();
      } }] : [],
      onClose: function () { dismissed = key; }
    });
  }

  // --- saving -------------------------------------------------------------------------

  function addRequest(res, replace) {
    var req = { otpfill: 'add' };
    if (res.uri) req.uri = res.uri;
    else {
      req.secret = res.secret;
      req.account = res.account;
      req.issuer = res.issuer || 'Microsoft';
      if (res.tenant) req.tenant = res.tenant;
    }
    if (replace) req.replace = true;
    return req;
  }

  // save sends the secret to the host once per click and reports the outcome
  // as {ok, error?, entry?}. The popup uses the same path.
  function save(replace) {
    var res = last;
    if (!res || !res.secret || !res.account) return Promise.resolve({ ok: false, error: { code: 'not_found', message: 'No secret with an account on this page.' } });
    if (saving) return Promise.resolve({ ok: false, error: { code: 'busy', message: 'Already saving.' } });
    saving = true;
    status('Saving to otpfill\u2026', '');
    return send(addRequest(res, replace)).then(function (r) {
      saving = false;
      if (r.ok) {
        pendingSave = null;
        saved = { account: res.account, tenant: res.tenant, entry: r.entry && r.entry.id, at: Date.now(), secretTag: tagOf(res.secret) };
        // Nothing of the secret stays here (the page still shows it).
        res.secret = res.uri = res.shown = '';
        shownKey = 'saved:' + offerKey(res);
        bar({ title: 'Saved to otpfill', body: describe(res) + '\notpfill will enter the code when Microsoft asks for it.', ms: 12000 });
        schedule();
        return { ok: true, entry: r.entry };
      }
      var code = r.error && r.error.code;
      if (code === 'exists') {
        shownKey = 'exists:' + offerKey(res);
        bar({
          title: 'otpfill already has this account',
          kind: 'warn',
          body: describe(res) + ' is already in otpfill. Microsoft issued a new secret: replace the old one? (The old one stops working when you finish here.)',
          actions: [{ label: 'Replace', primary: true, run: function () { save(true); } }, { label: 'Keep the old one', run: function () { dismissed = offerKey(res); hideBar(); } }]
        });
      } else if (code === 'locked' || code === 'host_missing' || code === 'no_vault') {
        pendingSave = { replace: replace };
        shownKey = 'wait:' + offerKey(res);
        bar({
          title: code === 'locked' ? 'otpfill is locked' : 'otpfill is not ready',
          kind: 'warn',
          body: code === 'locked' ? 'Unlock otpfill from its toolbar button; the secret is saved as soon as you do.' : (r.error.message || ''),
          actions: code === 'locked' ? [{ label: 'Open otpfill', run: function () { send({ otpfill: 'open_popup' }); } }] : []
        });
      } else {
        shownKey = 'err:' + offerKey(res);
        bar({ title: 'otpfill could not save this', kind: 'warn', body: (r.error && r.error.message) || 'Unknown error.',
          actions: [{ label: 'Try again', run: function () { save(replace); } }] });
      }
      return r;
    });
  }

  // --- the verification step -------------------------------------------------------------

  function setNative(input, value) {
    var proto = root.HTMLInputElement && root.HTMLInputElement.prototype;
    var d = proto && Object.getOwnPropertyDescriptor(proto, 'value');
    if (d && d.set) d.set.call(input, value); else input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }

  function maybeFill(res) {
    var box = refOf(res.codeInput);
    if (!box || filling || filledBoxes.has(box) || box.value) return;
    var recent = saved && Date.now() - saved.at < ENROLL_WINDOW_MS;
    // Without a save in this document (the page navigated), the host still
    // answers only for an entry added in the last 15 minutes.
    var account = recent ? saved.account : (res.pageAccount || res.account || '');
    if (!recent && !account) return;
    filling = true;
    var req = { otpfill: 'code', account: account };
    if (recent && saved.entry) req.entry = saved.entry;
    if (recent && saved.tenant) req.tenant = saved.tenant;
    send(req).then(function (r) {
      if (!r.ok) {
        filling = false;
        filledBoxes.add(box); // do not ask again for this box
        if (recent) {
          var code = r.error && r.error.code;
          bar({ title: 'otpfill could not enter the code', kind: 'warn',
            body: code === 'locked' ? 'Unlock otpfill from its toolbar button, then reload this step.' : ((r.error && r.error.message) || '') });
        }
        return;
      }
      var wait = Math.max(0, (r.valid_from || 0) - Date.now());
      if (wait > 0) bar({ title: 'otpfill: next code in ' + Math.ceil(wait / 1000) + ' s', body: 'Microsoft accepts each code once; otpfill enters the next one when it is valid.' });
      setTimeout(function () {
        var target = box.isConnected ? box : refOf(last && last.codeInput);
        if (!target || target.value) { filling = false; return; }
        filledBoxes.add(target);
        target.focus();
        setNative(target, r.code);
        target.dispatchEvent(new Event('blur', { bubbles: false }));
        filling = false;
        clickWhenEnabled(last && last.codeInput === res.codeInput ? refOf(res.submit) : refOf((last && last.submit) || res.submit));
        if (recent) bar({ title: 'otpfill entered the code', body: 'Finishing the registration with Microsoft.', ms: 6000 });
      }, wait + 50);
    });
  }

  function clickWhenEnabled(btn) {
    if (!btn) return;
    var tries = 0;
    (function go() {
      if (!btn.isConnected) return;
      if ((btn.disabled || btn.getAttribute('aria-disabled') === 'true') && tries++ < 60) { setTimeout(go, 50); return; }
      btn.click(); // once
    })();
  }

  // --- the in-page bar (closed shadow root, top-right, clear of the dialog) --------------

  var uiHost = null, uiShadow = null, hideTimer = 0;
  var CSS = [
    ':host{all:initial}',
    '.bar{position:fixed;right:16px;top:72px;z-index:2147483647;max-width:300px;box-sizing:border-box;',
    'font:13px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#fff;',
    'border:1px solid #c8c8c8;border-left:4px solid #0067b8;border-radius:6px;box-shadow:0 2px 10px rgba(0,0,0,.18);',
    'padding:10px 12px;display:flex;flex-direction:column;gap:6px}',
    '.bar.warn{border-left-color:#c50f1f}',
    '.row{display:flex;align-items:flex-start;gap:8px;justify-content:space-between}',
    '.title{font-weight:600}.body{white-space:pre-line;word-break:break-word}.note{color:#605e5c}',
    '.acts{display:flex;gap:6px;flex-wrap:wrap}',
    'button{font:inherit;cursor:pointer;border:1px solid #8a8a8a;border-radius:4px;background:#f3f3f3;color:#1b1b1b;padding:4px 8px}',
    'button:hover{background:#e6e6e6}button:focus-visible{outline:2px solid #0067b8;outline-offset:1px}',
    'button.primary{background:#0067b8;color:#fff;border-color:#0067b8}',
    'button.x{border:none;background:transparent;padding:0 4px;font-size:16px;line-height:1}',
    '@media (prefers-color-scheme:dark){.bar{background:#252423;color:#f3f2f1;border-color:#605e5c}.note{color:#c8c6c4}',
    'button{background:#3b3a39;color:#f3f2f1;border-color:#8a8886}button:hover{background:#484644}}'
  ].join('');

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text != null) e.textContent = text;
    return e;
  }

  function bar(o) {
    clearTimeout(hideTimer);
    if (!uiHost || !uiHost.isConnected) {
      uiHost = document.createElement('div');
      uiShadow = uiHost.attachShadow({ mode: 'closed' });
      var style = document.createElement('style');
      style.textContent = CSS;
      uiShadow.appendChild(style);
      document.documentElement.appendChild(uiHost);
    }
    var old = uiShadow.querySelector('.bar');
    if (old) old.remove();
    var warn = o.kind === 'warn';
    var b = el('div', { class: 'bar' + (warn ? ' warn' : ''), role: warn ? 'alert' : 'status', 'aria-live': 'polite', 'aria-label': 'otpfill' });
    var head = el('div', { class: 'row' });
    head.appendChild(el('span', { class: 'title' }, o.title));
    var x = el('button', { class: 'x', type: 'button', 'aria-label': 'Close the otpfill bar', title: 'Close' }, '\u00d7');
    x.addEventListener('click', function () { if (o.onClose) o.onClose(); hideBar(); });
    head.appendChild(x);
    b.appendChild(head);
    if (o.body) b.appendChild(el('div', { class: 'body' }, o.body));
    if (o.note) b.appendChild(el('div', { class: 'note' }, o.note));
    if (o.actions && o.actions.length) {
      var acts = el('div', { class: 'acts' });
      o.actions.forEach(function (a) {
        var btn = el('button', { type: 'button', class: a.primary ? 'primary' : '' }, a.label);
        btn.addEventListener('click', function (e) {
          e.preventDefault();
          // Only a person (or the browser's automation) may save: a page
          // script cannot reach a closed root, and synthetic clicks are refused.
          if (!e.isTrusted) return;
          btn.disabled = true;
          a.run();
        });
        acts.appendChild(btn);
      });
      b.appendChild(acts);
    }
    uiShadow.appendChild(b);
    if (o.ms) hideTimer = setTimeout(hideBar, o.ms);
  }

  function status(text) {
    var b = uiShadow && uiShadow.querySelector('.bar .body');
    if (b) b.textContent = text;
    var btns = uiShadow ? uiShadow.querySelectorAll('.acts button') : [];
    for (var i = 0; i < btns.length; i++) btns[i].disabled = true;
  }

  function hideBar() {
    clearTimeout(hideTimer);
    if (uiHost) uiHost.remove();
    uiHost = uiShadow = null;
  }

  // --- messages: popup questions, state broadcasts --------------------------------

  api.runtime.onMessage.addListener(function (msg, sender, sendResponse) {
    if (!msg || typeof msg !== 'object') return false;
    if (msg.otpfillEvent === 'state') {
      if (msg.state === 'unlocked' && pendingSave && !saving) save(pendingSave.replace);
      if (msg.state === 'unlocked') schedule();
      stateListeners.forEach(function (f) { f(msg.state); });
      return false;
    }
    if (msg.otpfill_popup === 'detected') {
      evaluate();
      var r = last || {};
      sendResponse(r.secret ? { ok: true, account: r.account, tenant: r.tenant, issuer: r.issuer, masked: r.masked }
        : { ok: false, decoy: !!r.decoy, error: { code: r.decoy ? 'authenticator_only' : 'not_found',
          message: r.decoy ? GUIDANCE : 'No authenticator secret is shown on this page.' } });
      return false;
    }
    if (msg.otpfill_popup === 'save') {
      evaluate();
      save(!!msg.replace).then(function (r) { sendResponse(r && r.ok ? { ok: true, entry: r.entry } : r); });
      return true;
    }
    return false;
  });

  new MutationObserver(function (recs) {
    for (var i = 0; i < recs.length; i++) {
      var t = recs[i].target;
      if (uiHost && (t === uiHost || uiHost.contains(t))) continue;
      schedule();
      return;
    }
  }).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['hidden', 'style', 'class', 'src', 'value', 'aria-hidden'], characterData: true });
  document.addEventListener('click', schedule, true);
  schedule();
})(typeof globalThis !== 'undefined' ? globalThis : this);
