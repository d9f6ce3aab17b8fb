// Shared runtime of the content scripts and the extension pages: messages to
// the background (send), element building (el), the native value setter
// (setValue), a plain snapshot of the visible page for the pure analysers
// (snapshot), explicit state machines (machine) and the in-page card
// (card: a closed shadow root styled only by ui/card.css). Attaches one
// frozen object to the extension's own global (never the page's); the pure
// parts also load in node for the tests.
(function (root) {
  'use strict';
  var api = root.browser || root.chrome;

  // send asks the background and never rejects: a missing answer or a dead
  // background becomes {ok: false, error: {code: 'host_missing'}}.
  function send(msg) {
    return Promise.resolve()
      .then(function () { return api.runtime.sendMessage(msg); })
      .then(function (r) { return r || { ok: false, error: { code: 'host_missing', message: 'no answer from the extension background' } }; },
        function (e) { return { ok: false, error: { code: 'host_missing', message: String(e && e.message || e) } }; });
  }

  // el builds an element: attrs (false skips, true sets an empty value), text.
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (attrs[k] !== false && attrs[k] != null) e.setAttribute(k, attrs[k] === true ? '' : attrs[k]);
      });
    }
    if (text != null) e.textContent = text;
    return e;
  }

  // setValue types a value the way the page's framework sees it: the native
  // HTMLInputElement setter (React's value tracker and Knockout bindings see a
  // plain .value assignment as nothing), then the events a keyboard sends.
  function setValue(input, value) {
    var d = Object.getOwnPropertyDescriptor(root.HTMLInputElement.prototype, 'value');
    d.set.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
    input.dispatchEvent(new KeyboardEvent('keyup', { bubbles: true, key: 'Unidentified' }));
    input.dispatchEvent(new FocusEvent('blur'));
    input.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
  }

  function shown(e) {
    if (e.hidden) return false;
    var cs = root.getComputedStyle(e);
    return !(cs.display === 'none' || cs.visibility === 'hidden' || cs.visibility === 'collapse');
  }

  var SKIP = /^(script|style|noscript|template|head|meta|link|title)$/;

  // snapshot turns the visible part of the page under start into the plain
  // tree the analysers read ({tag, attrs, children, ref}; text as strings;
  // input values in attrs.value; image sizes in data-w/data-h) and keeps
  // the elements in refs, so a decision can name an element by ref.
  // opts: {skip: element to leave out (our card), max: element cap}.
  function snapshot(start, opts) {
    opts = opts || {};
    var refs = [];
    var max = opts.max || 20000;
    function walk(e, depth) {
      if (refs.length >= max || depth > 200) return null;
      var tag = e.tagName.toLowerCase();
      if (SKIP.test(tag) || e === opts.skip || !shown(e)) return null;
      var n = { tag: tag, attrs: {}, children: [], ref: refs.length };
      refs.push(e);
      for (var i = 0; i < e.attributes.length; i++) {
        var a = e.attributes[i];
        if (a.name === 'style') continue;
        n.attrs[a.name] = a.name === 'src' || a.name === 'href' ? a.value.slice(0, 300) : a.value.slice(0, 2000);
      }
      if (tag === 'input' || tag === 'textarea') {
        n.attrs.value = (e.value || '').slice(0, 300);
        if (e.disabled) n.attrs.disabled = '';
        // A box kept out of sight (a state mirror, clipped to a pixel or
        // moved off the page) is not the one a person types into.
        var ir = e.getBoundingClientRect();
        if (ir.width <= 2 || ir.height <= 2 || ir.right <= 0 || ir.bottom <= 0 || root.getComputedStyle(e).opacity === '0') n.attrs['data-offscreen'] = '';
      }
      if (tag === 'img' || tag === 'canvas' || tag === 'svg') {
        var r = e.getBoundingClientRect();
        n.attrs['data-w'] = String(Math.round(r.width) || e.width || 0);
        n.attrs['data-h'] = String(Math.round(r.height) || e.height || 0);
      }
      if (tag === 'svg') return n; // a drawing: its shapes say nothing
      for (var c = e.firstChild; c; c = c.nextSibling) {
        if (c.nodeType === 3) n.children.push(c.nodeValue);
        else if (c.nodeType === 1) { var k = walk(c, depth + 1); if (k) n.children.push(k); }
      }
      if (e.shadowRoot) { // open shadow roots of web components
        for (var s = e.shadowRoot.firstChild; s; s = s.nextSibling) {
          if (s.nodeType === 1) { var k2 = walk(s, depth + 1); if (k2) n.children.push(k2); }
        }
      }
      return n;
    }
    var tree = start ? walk(start, 0) : null;
    return { tree: tree || { tag: 'body', attrs: {}, children: [] }, refs: refs };
  }

  // machine is one explicit state object: `state` moves only along the
  // transitions in table ({from: [to, ...]}); `data` holds what the states
  // carry. go() refuses (returns false) a move the table does not name.
  function machine(initial, table) {
    var m = { state: initial, data: {}, table: table };
    m.can = function (to) { return (table[m.state] || []).indexOf(to) >= 0; };
    m.go = function (to) {
      if (!m.can(to)) return false;
      m.state = to;
      return true;
    };
    m.is = function () { return Array.prototype.indexOf.call(arguments, m.state) >= 0; };
    return m;
  }

  // clickWhenEnabled clicks btn once, as soon as the page enables it (React
  // enables a submit button on its next render), within ms; done(clicked).
  function clickWhenEnabled(btn, ms, done) {
    var t0 = Date.now();
    (function attempt() {
      if (!btn || !btn.isConnected) { if (done) done(false); return; }
      if (!btn.disabled && btn.getAttribute('aria-disabled') !== 'true') {
        btn.click();
        if (done) done(true);
        return;
      }
      if (Date.now() - t0 > ms) { if (done) done(false); return; }
      setTimeout(attempt, 20);
    })();
  }

  // card is the one in-page card of a content script, top-right, in a closed
  // shadow root on <html> (page frameworks re-render <body>). show(o):
  // {kind: ''|'warn'|'wait', title, body, note, actions: [{label, primary,
  // run}], choices: [{label, run}], countdown: {until, total, text(secondsLeft)},
  // ms (auto-hide), onClose}. Buttons answer only real clicks: a page script
  // cannot reach a closed root and its synthetic clicks are not trusted.
  function card(cardOpts) {
    cardOpts = cardOpts || {};
    var host = null, shadow = null, ready = false, hideTimer = 0, tickTimer = 0;

    function ensure() {
      if (host && host.isConnected) return shadow;
      host = document.createElement('div');
      shadow = host.attachShadow({ mode: 'closed' });
      ready = false;
      var link = el('link', { rel: 'stylesheet', href: api.runtime.getURL('ui/card.css') });
      // Shown once styled; if a page's policy ever blocked the sheet, shown
      // unstyled rather than not at all.
      var mine = shadow;
      var reveal = function () {
        if (shadow !== mine) return; // a later card has its own sheet
        ready = true;
        var c = shadow && shadow.querySelector('.card');
        if (c) c.hidden = false;
      };
      link.addEventListener('load', reveal);
      link.addEventListener('error', reveal);
      setTimeout(reveal, 2000);
      shadow.appendChild(link);
      document.documentElement.appendChild(host);
      return shadow;
    }

    function clear() {
      clearTimeout(hideTimer);
      clearInterval(tickTimer);
      hideTimer = tickTimer = 0;
    }

    function hide() {
      clear();
      if (host) host.remove();
      host = shadow = null;
    }

    function button(label, cls, run) {
      var b = el('button', { type: 'button', class: cls || false }, label);
      b.addEventListener('click', function (e) {
        e.preventDefault();
        if (!e.isTrusted) return;
        run(b);
      });
      return b;
    }

    function show(o) {
      clear();
      var s = ensure();
      var old = s.querySelector('.card');
      if (old) old.remove();
      var warn = o.kind === 'warn';
      var c = el('div', { class: ['card', o.kind || '', cardOpts.low ? 'low' : ''].join(' ').trim(), role: warn ? 'alert' : 'status', 'aria-live': 'polite', hidden: !ready });
      var head = el('div', { class: 'row' });
      head.appendChild(el('span', { class: 'title' }, o.title));
      head.appendChild(button('\u00d7', 'x', function () { if (o.onClose) o.onClose(); hide(); }));
      head.lastChild.setAttribute('aria-label', 'Close the otpfill notice');
      c.appendChild(head);
      if (o.body != null) c.appendChild(el('div', { class: 'body' }, o.body));
      if (o.note) c.appendChild(el('div', { class: 'note' }, o.note));
      if (o.choices && o.choices.length) {
        var list = el('div', { class: 'choices', role: 'group', 'aria-label': o.choicesLabel || o.title });
        o.choices.forEach(function (ch) { list.appendChild(button(ch.label, '', function () { ch.run(); })); });
        c.appendChild(list);
      }
      if (o.actions && o.actions.length) {
        var acts = el('div', { class: 'acts' });
        o.actions.forEach(function (a) {
          acts.appendChild(button(a.label, a.primary ? 'primary' : '', function (b) { b.disabled = true; a.run(); }));
        });
        c.appendChild(acts);
      }
      if (o.countdown) countdown(c, o.countdown);
      s.appendChild(c);
      if (o.ms) hideTimer = setTimeout(hide, o.ms);
      return c;
    }

    function countdown(c, cd) {
      var line = c.querySelector('.body') || c.appendChild(el('div', { class: 'body' }));
      line.setAttribute('aria-hidden', 'true'); // ticks every 250 ms: not for the live region
      var bar = el('div', { class: 'bar', 'aria-hidden': 'true' });
      var fill = el('i');
      bar.appendChild(fill);
      c.appendChild(bar);
      function tick() {
        var left = Math.max(0, cd.until - Date.now());
        line.textContent = cd.text(Math.ceil(left / 1000));
        fill.style.width = (cd.total ? Math.min(100, 100 * (1 - left / cd.total)) : 0) + '%';
      }
      tick();
      tickTimer = setInterval(tick, 250);
    }

    // status replaces the body text and disables the buttons (work in progress).
    function status(text) {
      var b = shadow && shadow.querySelector('.card .body');
      if (b) b.textContent = text;
      var btns = shadow ? shadow.querySelectorAll('.acts button') : [];
      for (var i = 0; i < btns.length; i++) btns[i].disabled = true;
    }

    return {
      show: show, hide: hide, status: status,
      owns: function (node) { return !!host && (node === host || host.contains(node)); },
      element: function () { return host; }
    };
  }

  // onState calls fn(state) on the background's state broadcasts.
  function onState(fn) {
    api.runtime.onMessage.addListener(function (msg) {
      if (msg && msg.otpfillEvent === 'state') fn(msg.state);
    });
  }

  var rt = {
    api: api, send: send, el: el, setValue: setValue, snapshot: snapshot, machine: machine,
    clickWhenEnabled: clickWhenEnabled, card: card, onState: onState
  };
  root.OtpfillRuntime = Object.freeze(rt);
  if (typeof module === 'object' && module && module.exports) module.exports = rt;
})(typeof globalThis !== 'undefined' ? globalThis : this);
