// Popup: unlock/lock, the accounts with live codes and a countdown, click
// (or Enter) to copy, search; each row's menu (entry-menu.js) renames,
// shows as a QR code or deletes. Talks only to the background; the passphrase
// is sent once and never stored. add.js (enrollment) plugs into #add and may
// use globalThis.otpfillPopup.refresh.
(function () {
  'use strict';
  var api = globalThis.browser || globalThis.chrome;
  var F = globalThis.OtpfillFormat;
  var $ = function (id) { return document.getElementById(id); };
  var SVGNS = 'http://www.w3.org/2000/svg';
  var RING = 2 * Math.PI * 8;

  var entries = [];
  var codes = new Map(); // entry id -> {code, expires_at, period}
  var rows = new Map(); // entry id -> {li, btn, code, secs, ring, left, entry}
  var state = '';
  var tick = 0, refreshing = false;

  var send = globalThis.OtpfillRuntime.send, el = globalThis.OtpfillRuntime.el;

  function status(text, warn) {
    var s = $('status');
    s.textContent = text || '';
    s.className = warn ? 'warn' : '';
  }

  function show(st, message) {
    state = st;
    $('unlock').hidden = st !== 'locked';
    $('codes').hidden = st !== 'unlocked';
    $('lock').hidden = st !== 'unlocked';
    $('add').hidden = st !== 'unlocked'; // nothing about adding while locked
    status(F.stateText(st, message), st === 'host_missing' || st === 'no_vault');
    $('retry').hidden = st !== 'host_missing' && st !== 'no_vault';
    if (st === 'locked') {
      stopTick();
      $('passphrase').focus();
    } else if (st === 'unlocked') {
      loadEntries();
    } else {
      stopTick();
    }
    if (st !== 'unlocked') clearRows(); // nothing of the vault (a QR code least of all) stays behind
  }

  function clearRows() {
    if (globalThis.OtpfillEntryMenu) globalThis.OtpfillEntryMenu.close(false);
    $('entries').textContent = '';
    rows.clear();
  }

  function refreshState() {
    return send({ otpfill: 'state' }).then(function (r) {
      show(r.ok ? r.state : 'host_missing', r.ok ? r.message : r.error.message);
      if (r.ok && r.state === 'unlocked' && r.unlocked_by) status(r.unlocked_by === 'keyring' ? 'Unlocked by the system keyring.' : 'Unlocked with your passphrase.');
    });
  }

  // --- unlock / lock ----------------------------------------------------------

  $('unlock').addEventListener('submit', function (e) {
    e.preventDefault();
    var field = $('passphrase');
    var pass = field.value;
    field.value = '';
    if (!pass) return;
    var btn = $('unlock-button');
    btn.disabled = true;
    $('unlock-error').textContent = '';
    status('Unlocking\u2026');
    send({ otpfill: 'unlock', passphrase: pass }).then(function (r) {
      pass = '';
      btn.disabled = false;
      if (r.ok) { show('unlocked'); return; }
      status('');
      var code = r.error && r.error.code;
      $('unlock-error').textContent = code === 'bad_passphrase' ? 'Wrong passphrase.' : (r.error && r.error.message) || 'Could not unlock.';
      if (code === 'no_vault' || code === 'host_missing') refreshState();
      field.focus();
    });
  });

  $('lock').addEventListener('click', function () {
    send({ otpfill: 'lock' }).then(function (r) {
      codes.clear();
      if (!r.ok) status((r.error && r.error.message) || 'Could not lock.', true);
      refreshState();
    });
  });

  $('retry').addEventListener('click', function () {
    status(F.stateText('connecting'));
    send({ otpfill: 'reconnect' }).then(function (r) { show(r.ok ? r.state : 'host_missing', r.ok ? r.message : r.error.message); });
  });

  $('settings').addEventListener('click', function () {
    Promise.resolve(api.runtime.openOptionsPage()).catch(function () {});
  });

  // --- entries and codes --------------------------------------------------------

  function loadEntries() {
    return send({ otpfill: 'list' }).then(function (r) {
      if (!r.ok) { handleError(r.error); return; }
      entries = F.sortEntries(r.entries || []);
      render();
      return refreshCodes(true);
    });
  }

  function handleError(err) {
    var code = err && err.code;
    if (code === 'locked' || code === 'no_vault' || code === 'host_missing') refreshState();
    else status((err && err.message) || 'Something went wrong.', true);
  }

  function render() {
    var ul = $('entries');
    clearRows();
    entries.forEach(function (e) {
      var li = el('li');
      var line = el('div', { class: 'row' });
      var b = el('button', { type: 'button', class: 'entry' });
      var who = el('span', { class: 'who' });
      who.appendChild(el('span', { class: 'acct' }, F.rowTitle(e)));
      if (F.rowDetail(e)) who.appendChild(el('span', { class: 'tenant' }, F.rowDetail(e)));
      var secs = el('span', { class: 'secs', 'aria-hidden': 'true' });
      var code = el('span', { class: 'code', 'aria-hidden': 'true' }, '\u2022\u2022\u2022 \u2022\u2022\u2022');
      var ring = document.createElementNS(SVGNS, 'svg');
      ring.setAttribute('class', 'ring');
      ring.setAttribute('viewBox', '0 0 20 20');
      ring.setAttribute('aria-hidden', 'true');
      var track = document.createElementNS(SVGNS, 'circle');
      var left = document.createElementNS(SVGNS, 'circle');
      [track, left].forEach(function (c) { c.setAttribute('cx', '10'); c.setAttribute('cy', '10'); c.setAttribute('r', '8'); ring.appendChild(c); });
      track.setAttribute('class', 'track');
      left.setAttribute('class', 'left');
      left.setAttribute('stroke-dasharray', String(RING));
      b.appendChild(who);
      b.appendChild(code);
      b.appendChild(secs);
      b.appendChild(ring);
      b.addEventListener('click', function () { copy(e); });
      line.appendChild(b);
      li.appendChild(line);
      if (globalThis.OtpfillEntryMenu) {
        var m = globalThis.OtpfillEntryMenu.build(e, li, loadEntries);
        line.appendChild(m.button);
        li.appendChild(m.menu);
        li.appendChild(m.panel);
      }
      ul.appendChild(li);
      rows.set(e.id, { li: li, btn: b, code: code, secs: secs, ring: ring, left: left, entry: e });
    });
    $('empty').hidden = entries.length > 0;
    filter();
    startTick();
  }

  function filter() {
    var q = $('search').value;
    rows.forEach(function (r) { r.li.hidden = !F.matches(r.entry, q); });
  }
  $('search').addEventListener('input', filter);

  // refreshCodes asks for display codes (they do not use up the step) of
  // the entries whose code expired, or all of them.
  function refreshCodes(all) {
    if (refreshing || state !== 'unlocked') return Promise.resolve();
    refreshing = true;
    var now = Date.now();
    var due = entries.filter(function (e) { var c = codes.get(e.id); return all || !c || c.expires_at <= now; });
    return Promise.all(due.map(function (e) {
      return send({ otpfill: 'code', entry: e.id, account: e.account, display: true }).then(function (r) {
        if (r.ok) codes.set(e.id, { code: r.code, expires_at: r.expires_at, period: r.period });
        else if (r.error && (r.error.code === 'locked' || r.error.code === 'host_missing')) throw r.error;
      });
    })).then(function () { refreshing = false; paint(); }, function (err) { refreshing = false; handleError(err); });
  }

  function paint() {
    var now = Date.now();
    var stale = false;
    rows.forEach(function (r, id) {
      var c = codes.get(id);
      if (!c) return;
      var rem = F.remaining(c.expires_at, c.period, now);
      if (rem.ms <= 0) stale = true;
      var secsLeft = Math.ceil(rem.ms / 1000);
      r.code.textContent = F.groupCode(c.code);
      r.secs.textContent = String(secsLeft);
      r.left.setAttribute('stroke-dashoffset', String(RING * (1 - rem.fraction)));
      r.ring.setAttribute('class', 'ring' + (rem.ms < 5000 ? ' low' : ''));
      r.btn.setAttribute('aria-label', [F.rowTitle(r.entry), F.rowDetail(r.entry)].filter(Boolean).join(', ') +
        ': code ' + c.code.split('').join(' ') + ', ' + secsLeft + ' seconds left. Copy code');
    });
    if (stale) refreshCodes(false);
  }

  function startTick() { if (!tick) tick = setInterval(paint, 500); }
  function stopTick() { clearInterval(tick); tick = 0; }

  // copy claims a fresh code for the clipboard (like a fill: Microsoft takes
  // each code once) and says so in the live region.
  function copy(e) {
    var fb = $('copied');
    send({ otpfill: 'code', entry: e.id, account: e.account }).then(function (r) {
      if (!r.ok) { fb.textContent = 'Could not copy: ' + ((r.error && r.error.message) || 'error'); handleError(r.error); return; }
      return navigator.clipboard.writeText(r.code).then(function () {
        var wait = (r.valid_from || 0) - Date.now();
        fb.textContent = 'Copied the code for ' + F.rowTitle(e) + (wait > 1000 ? ' (the next code: it is valid in ' + Math.ceil(wait / 1000) + ' s)' : '') + '.';
      }, function () {
        fb.textContent = 'Could not write to the clipboard. The code is ' + r.code.split('').join(' ') + '.';
      });
    });
  }

  api.runtime.onMessage.addListener(function (msg) {
    if (msg && msg.otpfillEvent === 'state' && msg.state !== state) show(msg.state);
  });

  // Firefox lets the user withhold host permissions: offer to grant them
  // (a popup click is the user gesture permissions.request needs).
  function checkPermissions() {
    var origins = (api.runtime.getManifest().host_permissions || []).slice();
    if (!api.permissions || !origins.length) return;
    Promise.resolve(api.permissions.contains({ origins: origins })).then(function (ok) {
      $('perm').hidden = !!ok;
    }, function () {});
    $('perm-grant').onclick = function () {
      Promise.resolve(api.permissions.request({ origins: origins })).then(function (ok) { $('perm').hidden = !!ok; }, function () {});
    };
  }

  globalThis.otpfillPopup = Object.freeze({ refresh: function () { return state === 'unlocked' ? loadEntries() : refreshState(); } });
  checkPermissions();
  refreshState();
})();
