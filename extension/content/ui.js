// In-page UI of the sign-in content script: one small card in a closed
// shadow root, top-right: away from Microsoft's centred sign-in box and
// from its footer links (bottom-right). It is
// a notice (auto-hides), a countdown, or an account chooser. Nothing is put
// on the page's window; the page only sees one empty <div> host element.
(function (root) {
  'use strict';

  var CSS = [
    ':host{all:initial}',
    '.card{position:fixed;right:16px;top:16px;z-index:2147483647;max-width:300px;box-sizing:border-box;',
    'font:13px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#fff;',
    'border:1px solid #c8c8c8;border-left:4px solid #0067b8;border-radius:6px;box-shadow:0 2px 10px rgba(0,0,0,.18);',
    'padding:10px 12px;display:flex;flex-direction:column;gap:6px}',
    '.card.warn{border-left-color:#c50f1f}.card.wait{border-left-color:#8a6d00}',
    '.row{display:flex;align-items:center;gap:8px;justify-content:space-between}',
    '.title{font-weight:600}',
    'button{font:inherit;cursor:pointer;border:1px solid #8a8a8a;border-radius:4px;background:#f3f3f3;color:#1b1b1b;padding:4px 8px;text-align:left}',
    'button:hover{background:#e6e6e6}button:focus-visible{outline:2px solid #0067b8;outline-offset:1px}',
    'button.primary{background:#0067b8;color:#fff;border-color:#0067b8}',
    'button.x{border:none;background:transparent;padding:0 4px;font-size:16px;line-height:1}',
    '.choices{display:flex;flex-direction:column;gap:4px}',
    '.bar{height:4px;background:#e1e1e1;border-radius:2px;overflow:hidden}.bar>i{display:block;height:100%;background:#8a6d00}',
    '@media (prefers-color-scheme:dark){.card{background:#252423;color:#f3f2f1;border-color:#605e5c}',
    'button{background:#3b3a39;color:#f3f2f1;border-color:#8a8886}button:hover{background:#484644}}'
  ].join('');

  var host = null, shadow = null, hideTimer = 0, tickTimer = 0;

  function ensure() {
    if (host && host.isConnected) return shadow;
    host = document.createElement('div');
    shadow = host.attachShadow({ mode: 'closed' });
    var style = document.createElement('style');
    style.textContent = CSS;
    shadow.appendChild(style);
    // <html>, not <body>: page frameworks re-render body content.
    document.documentElement.appendChild(host);
    return shadow;
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text != null) e.textContent = text;
    return e;
  }

  function clear() {
    clearTimeout(hideTimer);
    clearInterval(tickTimer);
    hideTimer = tickTimer = 0;
  }

  // card replaces whatever is shown with a new card and returns it.
  function card(kind, title, body) {
    clear();
    var s = ensure();
    var old = s.querySelector('.card');
    if (old) old.remove();
    var c = el('div', { class: 'card' + (kind ? ' ' + kind : ''), role: kind === 'warn' ? 'alert' : 'status', 'aria-live': 'polite' });
    var head = el('div', { class: 'row' });
    head.appendChild(el('span', { class: 'title' }, title));
    var x = el('button', { class: 'x', type: 'button', 'aria-label': 'Dismiss otpfill notice', title: 'Dismiss' }, '\u00d7');
    x.addEventListener('click', hide);
    head.appendChild(x);
    c.appendChild(head);
    if (body != null) c.appendChild(el('div', null, body));
    s.appendChild(c);
    return c;
  }

  function hide() {
    clear();
    if (host) host.remove();
    host = shadow = null;
  }

  // notice shows a message; ms > 0 hides it after that long.
  function notice(title, body, opts) {
    opts = opts || {};
    var c = card(opts.kind || '', title, body);
    if (opts.action) {
      var b = el('button', { type: 'button', class: 'primary' }, opts.action.label);
      b.addEventListener('click', function (e) { e.preventDefault(); opts.action.run(); });
      c.appendChild(b);
    }
    if (opts.ms) hideTimer = setTimeout(hide, opts.ms);
    return c;
  }

  // countdown shows "Next code in N s" until `until` (epoch ms).
  function countdown(title, until, totalMs) {
    var c = card('wait', title, '');
    var line = c.lastChild;
    line.setAttribute('aria-hidden', 'true'); // ticks every 250 ms: not for the live region
    c.setAttribute('aria-label', title + '. It is filled automatically when it becomes valid.');
    var bar = el('div', { class: 'bar', 'aria-hidden': 'true' });
    var fill = el('i');
    bar.appendChild(fill);
    c.appendChild(bar);
    function tick() {
      var left = Math.max(0, until - Date.now());
      line.textContent = 'Microsoft accepts each code once; the next one is ready in ' + Math.ceil(left / 1000) + ' s.';
      fill.style.width = (totalMs ? Math.min(100, 100 * (1 - left / totalMs)) : 0) + '%';
    }
    tick();
    tickTimer = setInterval(tick, 250);
    return c;
  }

  // chooser asks which vault entry to use; onPick(entryId).
  function chooser(account, candidates, onPick) {
    var c = card('', 'otpfill: which account is this?', account + ' is in your vault more than once. Choose the tenant for this sign-in (otpfill remembers it).');
    var list = el('div', { class: 'choices', role: 'group', 'aria-label': 'Vault entries for ' + account });
    candidates.forEach(function (cand) {
      var label = (cand.tenant || cand.issuer || 'No tenant') + ' \u2014 ' + cand.account;
      var b = el('button', { type: 'button' }, label);
      b.addEventListener('click', function (e) {
        e.preventDefault();
        onPick(cand.id);
      });
      list.appendChild(b);
    });
    c.appendChild(list);
    return c;
  }

  root.OtpfillUI = Object.freeze({ notice: notice, countdown: countdown, chooser: chooser, hide: hide });
})(globalThis);
