// Test harness shared by every fixture page. It reports to the fixture
// server (same origin, /__e2e/event), follows navigation orders from the
// test (/__e2e/next long-poll) and watches for elements the page did not
// create (the extension's notice or chooser). Nothing here touches the
// page's own inputs.
(function () {
  'use strict';
  var cfg = window.__e2e;
  var own = new WeakSet();
  var marks = {};
  var foreign = [];
  var t0 = performance.now();

  function send(kind, data) {
    return fetch('/__e2e/event', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: cfg.token, kind: kind, data: data || {} }),
      keepalive: true
    }).then(function (r) { return r.json(); }).catch(function () { return { ok: false }; });
  }

  function markOwn(el) {
    own.add(el);
    if (el.querySelectorAll) {
      var all = el.querySelectorAll('*');
      for (var i = 0; i < all.length; i++) own.add(all[i]);
    }
  }

  function describe(el) {
    var text = '';
    try { text = (el.innerText || el.textContent || '').trim().slice(0, 300); } catch (e) {}
    var shadow = '';
    try { if (el.shadowRoot) shadow = (el.shadowRoot.textContent || '').trim().slice(0, 300); } catch (e) {}
    return {
      tag: el.tagName.toLowerCase(), id: el.id || '', cls: String(el.className || ''),
      text: text, shadowText: shadow, openShadow: !!el.shadowRoot,
      attrs: Array.prototype.map.call(el.attributes || [], function (a) { return a.name; }).join(' '),
      at: Math.round(performance.now() - t0)
    };
  }

  var pendingForeign = null;
  new MutationObserver(function (recs) {
    recs.forEach(function (r) {
      r.addedNodes.forEach(function (n) {
        if (n.nodeType !== 1 || own.has(n)) return;
        if (/^(SCRIPT|STYLE|LINK|BODY|HEAD|META|TITLE)$/.test(n.tagName) || n.hasAttribute('data-fx')) return;
        foreign.push(n);
        if (!pendingForeign) pendingForeign = setTimeout(reportForeign, 150);
      });
    });
  }).observe(document.documentElement, { childList: true, subtree: true });

  function foreignInfo() {
    return foreign.map(function (el) {
      var d = describe(el);
      d.connected = el.isConnected;
      return d;
    });
  }
  function reportForeign() {
    pendingForeign = null;
    send('foreign', { elements: foreignInfo() });
  }

  function state() {
    var s = window.__fxState ? window.__fxState() : {};
    s.foreign = foreignInfo();
    s.marks = marks;
    s.title = document.title;
    return s;
  }

  // React's inputValueTracking, as Microsoft's React pages have it: what a
  // script assigns via .value is remembered, so a bare assignment is no
  // change; the model follows only input events that change the value.
  // The held-out pages share it (track a box, then ask changed on events).
  var nativeValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
  var react = {
    track: function (node) {
      var current = '' + nativeValue.get.call(node);
      Object.defineProperty(node, 'value', {
        configurable: true, enumerable: nativeValue.enumerable,
        get: function () { return nativeValue.get.call(this); },
        set: function (x) { current = '' + x; nativeValue.set.call(this, x); }
      });
      node._valueTracker = { getValue: function () { return current; }, setValue: function (x) { current = '' + x; } };
    },
    changed: function (node) {
      var tr = node._valueTracker;
      var next = nativeValue.get.call(node);
      if (!tr || next === tr.getValue()) return false;
      tr.setValue(next);
      return true;
    }
  };

  var E2E = window.E2E = {
    react: react,
    send: send,
    own: markOwn,
    // render replaces container's content with html and marks it as the page's.
    render: function (container, html) {
      container.innerHTML = html;
      markOwn(container);
    },
    make: function (tag) { var el = document.createElement(tag); own.add(el); return el; },
    mark: function (name) {
      if (marks[name] === undefined) marks[name] = performance.now();
      return marks[name];
    },
    state: state,
    log: function (msg) { send('log', { msg: String(msg) }); }
  };

  window.addEventListener('error', function (e) {
    send('log', { msg: 'page error: ' + e.message, src: e.filename + ':' + e.lineno });
  });

  function poll() {
    fetch('/__e2e/next?seq=' + cfg.seq, { cache: 'no-store' }).then(function (r) {
      if (r.status !== 200) return null;
      return r.json();
    }).then(function (nav) {
      if (!nav) { setTimeout(poll, 50); return; }
      var s = state();
      s.final = true;
      send('state', s).then(function () { location.href = nav.url; });
    }, function () { setTimeout(poll, 500); });
  }

  document.addEventListener('DOMContentLoaded', function () {
    markOwn(document.documentElement);
    send('loaded', { href: location.href, ua: navigator.userAgent, lang: document.documentElement.lang });
    poll();
  });
})();
