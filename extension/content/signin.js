// Sign-in content script: finds Microsoft's authenticator-app code step,
// asks the background for the code and fills it the way the page's own
// framework sees it. collect (a snapshot of the page, lib/runtime.js) ->
// analyse (lib/detect.js readView + decide, pure and node-tested) -> act
// (this file), with one state object S whose moves are the table
// OtpfillDetect.SIGNIN_STATES (extension/README.md). Runs in the extension's
// isolated world; the page gets no globals and no messages from it.
(function () {
  'use strict';
  var R = globalThis.OtpfillRuntime;
  var D = globalThis.OtpfillDetect;
  if (!R || !D || !R.api || globalThis.__otpfillSignin) return;
  globalThis.__otpfillSignin = true; // isolated world: guards a double injection only
  if (D.isDevicePage(location.pathname)) return; // device-code flow: never

  var ui = R.card();
  var opts = { autoSubmit: true, skipPush: true };
  // S.data: account (read from the page), viewAccount (the address the
  // view shows by itself, when the page names none), firstView (the first view seen:
  // code, push or proofs), pushAsked (the push screen was looked at),
  // leftPush (we left it for the code), tileClicked, chosen (data-value of
  // the proof tile last clicked by anyone), noAccountSince, held (why the
  // fill waits for the host: locked, no_vault, host_missing).
  var S = R.machine('init', D.SIGNIN_STATES);
  S.data = { account: '', viewAccount: '', firstView: '', pushAsked: false, leftPush: false, tileClicked: false, chosen: '', noAccountSince: 0, held: '' };

  // --- collect ------------------------------------------------------------------

  var configCache = null, configTried = -1;
  // pageConfig reads $Config (work accounts) and ServerData (personal
  // accounts) from the inline scripts as text: the isolated world cannot
  // see page globals. Read again only when the page has more scripts.
  function pageConfig() {
    if (configCache) return configCache;
    if (document.scripts.length === configTried) return {};
    configTried = document.scripts.length;
    var aad = null, live = null, liveText = '';
    var scripts = document.scripts;
    for (var i = 0; i < scripts.length && i < 200; i++) {
      var s = scripts[i];
      if (s.src) continue;
      var t = s.textContent || '';
      if (!aad && t.indexOf('$Config') >= 0) aad = D.extractObject(t, ['$Config']);
      if (!live && t.indexOf('ServerData') >= 0) {
        live = D.extractObject(t, ['ServerData']);
        liveText = t.length < 500000 ? t : '';
      }
    }
    var c = { aad: aad, live: live, proofType: D.liveProofType(live, liveText) };
    if (aad || live) configCache = c;
    return c;
  }

  function textOf(sel) {
    var e = document.querySelector(sel);
    return e ? (e.textContent || '') : null;
  }

  function readAccount() {
    var c = pageConfig();
    var dn = document.getElementById('displayName');
    var login = document.querySelector('input[name=login]');
    var loginfmt = document.querySelector('input[name=loginfmt]');
    return D.pickAccount([
      dn && dn.getAttribute('title'), dn && dn.textContent,
      textOf('[data-testid=identityBannerUsername]'), textOf('[data-testid=identityBanner]'),
      login && login.value, loginfmt && loginfmt.value,
      c.aad && c.aad.sPOST_Username, c.live && c.live.sSigninName
    ]);
  }

  function collect() {
    var snap = R.snapshot(document.body, { skip: ui.element(), max: 5000 });
    return {
      refs: snap.refs,
      view: D.readView({
        tree: snap.tree, config: pageConfig(), account: S.data.account || readAccount(), chosen: S.data.chosen, path: location.pathname,
        hiddenOtc: !!document.querySelector('input[type=hidden][name=otc]')
      })
    };
  }

  // --- analyse and act ----------------------------------------------------------

  var scanQueued = false;
  function queueScan() {
    if (scanQueued) return;
    scanQueued = true;
    Promise.resolve().then(function () { scanQueued = false; scan(); });
  }

  function scan() {
    if (!S.is('idle')) return;
    var c = collect();
    var v = c.view;
    if (v.view !== 'none') S.data.firstView = S.data.firstView || v.view;
    if (v.account) S.data.viewAccount = v.account;
    if (v.view === 'code' && v.kind === 'app' && v.refused && !S.data.refusedNoted) {
      S.data.refusedNoted = true;
      ui.show({ title: 'otpfill', body: 'This page says a code was not accepted, so otpfill does not fill another one. Enter a code yourself.', ms: 8000 });
    }
    switch (D.decide(v, S.data, opts)) {
      case 'fill': requestCode(null); return;
      // Leaving the push screen waits for the user's skipPush option.
      case 'leave-push': if (optsLoaded) leavePush(c.refs[v.link]); return;
      case 'choose-tile': if (optsLoaded) chooseTile(c.refs[v.tile]); return;
    }
  }

  // current: the code step as the page shows it now (a re-render may have
  // replaced the box), with its elements.
  function current() {
    var c = collect();
    var v = c.view;
    if (v.view !== 'code' || v.kind !== 'app' || v.box == null) return null;
    return { input: c.refs[v.box], submit: v.submit != null ? c.refs[v.submit] : null };
  }

  function needAccount() {
    S.data.account = readAccount() || S.data.viewAccount;
    if (S.data.account) return true;
    // The identity banner may render after the code box: look again on the
    // next mutations, and give up (with a word) after a while.
    S.data.noAccountSince = S.data.noAccountSince || Date.now();
    if (Date.now() - S.data.noAccountSince < 3000) {
      setTimeout(queueScan, 250);
      return false;
    }
    S.go('stopped');
    ui.show({ title: 'otpfill', body: 'This page does not show which account is signing in, so otpfill leaves it alone.', ms: 6000 });
    return false;
  }

  // match asks the host whether the account has an entry (no time step is used).
  function match() {
    return R.send({ otpfill: 'match', account: S.data.account });
  }

  function leavePush(link) {
    if (!needAccount()) return;
    S.go('asking');
    match().then(function (r) {
      if (!r.ok) { hold(r.error); return; }
      S.go('idle');
      S.data.pushAsked = true;
      if (r.match === 'none') return; // not in the vault: the push screen is the user's
      if (!link || !link.isConnected) { S.data.pushAsked = false; queueScan(); return; }
      S.data.leftPush = true;
      link.click();
    });
  }

  function chooseTile(tile) {
    if (!needAccount()) return;
    S.go('asking');
    (S.data.leftPush ? Promise.resolve({ ok: true, match: 'one' }) : match()).then(function (r) {
      if (!r.ok) { hold(r.error); return; }
      S.go('idle');
      S.data.tileClicked = true;
      if (r.match === 'none') return;
      var again = collect();
      var t = again.view.view === 'proofs' && again.view.tile != null ? again.refs[again.view.tile] : null;
      if (!t) return;
      // The tile picked is the app code's (pickTile): the next code view is
      // its own even where the tile carries no data-value (personal accounts)
      // and ServerData was served for an SMS or e-mail proof.
      S.data.chosen = 'PhoneAppOTP';
      t.click();
    });
  }

  function requestCode(entry) {
    if (!needAccount()) return;
    S.go('asking');
    var account = S.data.account;
    var msg = { otpfill: 'code', account: account };
    if (entry) msg.entry = entry;
    R.send(msg).then(function (r) {
      if (r.ok && r.code) { schedule(r); return; }
      var err = r.error || { code: 'internal', message: 'no code' };
      switch (err.code) {
        case 'ambiguous':
          S.go('chooser');
          ui.show({
            title: 'otpfill: which account is this?',
            body: account + ' is in your vault more than once. Choose the tenant for this sign-in (otpfill remembers it).',
            choicesLabel: 'Vault entries for ' + account,
            choices: (err.candidates || []).map(function (cand) {
              return { label: (cand.tenant || cand.issuer || 'No tenant') + ' \u2014 ' + cand.account, run: function () { ui.hide(); requestCode(cand.id); } };
            })
          });
          return;
        case 'no_match':
          S.go('stopped');
          ui.show({ title: 'otpfill has no code for ' + account, body: 'Add this account to otpfill to fill its codes.', ms: 20000,
            actions: [{ label: 'Add this account', primary: true, run: function () {
              R.send({ otpfill: 'open_popup' }).then(function (o) {
                if (!o.ok) ui.show({ title: 'Add ' + account, body: 'Click the otpfill icon in the toolbar, then "Add": scan the QR code or paste the secret key from your security-info page.' });
              });
            } }] });
          return;
        default:
          hold(err);
      }
    });
  }

  // hold shows why nothing happens and, for what the user can fix (locked,
  // host or vault missing), waits for the background's state broadcast to
  // try again without a reload.
  var HELD = {
    locked: { kind: 'wait', title: 'Unlock otpfill (toolbar icon)', body: function () { return 'The code for ' + (S.data.account || 'this account') + ' is filled as soon as the vault is unlocked.'; } },
    no_vault: { kind: 'wait', title: 'otpfill has no vault yet', body: function () { return 'Run "otpfill init" and add this account; the code is filled once it is there.'; } },
    host_missing: { kind: 'warn', title: 'otpfill is not installed completely', body: function () { return 'The browser cannot start the otpfill program. Run "otpfill install", then "otpfill doctor".'; } }
  };
  function hold(err) {
    var code = err.code === 'host_error' ? 'host_missing' : err.code;
    var h = HELD[code];
    if (!h) {
      S.go('stopped');
      ui.show({ kind: 'warn', title: 'otpfill did not fill this code', body: err.message || err.code, ms: 10000 });
      return;
    }
    if (S.is('asking')) S.go('held');
    S.data.held = code;
    pollState();
    ui.show({ kind: h.kind, title: h.title, body: h.body() });
  }

  function schedule(r) {
    var t = D.fillTiming(r, Date.now());
    if (t.wait > 0) {
      S.go('countdown');
      ui.show({ kind: 'wait', title: 'otpfill: next code for ' + S.data.account, countdown: { until: t.validFrom, total: t.wait,
        text: function (s) { return 'Microsoft accepts each code once; the next one is ready in ' + s + ' s.'; } } });
      setTimeout(function () { fill(r); }, t.wait);
      return;
    }
    fill(r);
  }

  function fill(r) {
    var step = current();
    if (!step) { S.go('idle'); ui.hide(); queueScan(); return; } // the view changed meanwhile
    if (/^\d{6,8}$/.test(step.input.value) && step.input.value !== r.code) {
      S.go('stopped'); // typed by the user while we waited
      ui.hide();
      return;
    }
    R.setValue(step.input, r.code);
    var who = S.data.account + (r.entry && r.entry.tenant ? ' (' + r.entry.tenant + ')' : '');
    optsReady.then(function () { afterFill(step, r.code, who); });
  }

  function afterFill(step, code, who) {
    if (!opts.autoSubmit) {
      S.go('filled');
      ui.show({ title: 'Code filled for ' + who, ms: 4000 });
      return;
    }
    S.go('submitted');
    submitOnce(step, code, who);
  }

  // submitOnce clicks the page's button a single time, once the page's model
  // has the code (a re-render may have replaced the box: the code goes in again).
  function submitOnce(step, code, who) {
    var t0 = Date.now();
    (function attempt() {
      var s = current() || step;
      if (s.input.value !== code && s.input.isConnected) R.setValue(s.input, code);
      var btn = s.submit;
      if (btn && !btn.disabled && btn.getAttribute('aria-disabled') !== 'true') {
        var before = errorText();
        btn.click();
        ui.show({ title: 'Code filled for ' + who, ms: 4000 });
        watchError(before);
        return;
      }
      if (Date.now() - t0 > 3000) {
        ui.show({ title: 'Code filled for ' + who, body: 'Press the page\'s button to continue.', ms: 6000 });
        return;
      }
      setTimeout(attempt, 20);
    })();
  }

  var ERROR_SEL = '#idSpan_SAOTCC_Error_OTC, [role=alert], [id$=-error], [id$=Error]';
  function errorText() {
    var all = document.querySelectorAll(ERROR_SEL);
    for (var i = 0; i < all.length; i++) {
      var t = (all[i].textContent || '').trim();
      if (t) return t;
    }
    return '';
  }

  // watchError reports Microsoft's rejection once; there is no retry.
  function watchError(before) {
    var obs = new MutationObserver(function () {
      var msg = errorText();
      if (!msg || msg === before) return;
      obs.disconnect();
      if (!S.go('rejected')) return;
      ui.show({ kind: 'warn', title: 'Microsoft did not accept the code', body: msg + ' \u2014 otpfill does not retry; enter a code yourself or reload to try again.' });
    });
    obs.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
    setTimeout(function () { obs.disconnect(); }, 20000);
  }

  // --- wiring ---------------------------------------------------------------------

  // While held, also ask now and then: a broadcast can be missed (an MV3
  // worker stopped while the host was missing sleeps through its retry
  // timer; this request wakes it and makes it reconnect).
  var pollTimer = 0;
  function pollState() {
    if (pollTimer) return;
    pollTimer = setInterval(function () {
      if (!S.is('held')) { clearInterval(pollTimer); pollTimer = 0; return; }
      R.send({ otpfill: 'hello' }).then(function (r) {
        onState(r.ok ? r.state : (r.error && r.error.code === 'host_missing' ? 'host_missing' : ''));
      });
    }, 5000);
  }

  function onState(st) {
    if (!S.is('held')) return;
    if (st === 'unlocked') {
      S.go('idle');
      ui.hide();
      queueScan();
    } else if (S.data.held === 'host_missing' && (st === 'locked' || st === 'no_vault')) {
      hold({ code: st });
    }
  }
  R.onState(onState);

  // Which proof the user (or we) picked tells what the next code view is for.
  function noteProof(e) {
    if (e.type === 'keydown' && e.key !== 'Enter' && e.key !== ' ') return;
    var t = e.target && e.target.closest && e.target.closest('[data-value]');
    if (t && t.getAttribute('role') === 'button') { S.data.chosen = t.getAttribute('data-value') || ''; return; }
    // Personal accounts' tiles carry no data-value: the tile is known by what
    // the analyser reads of it (the app's code, or another method).
    var c = collect();
    if (c.view.view !== 'proofs') return;
    c.view.tiles.some(function (tile) {
      var n = c.refs[tile.ref];
      if (!n || !n.contains(e.target)) return false;
      S.data.chosen = tile.method;
      return true;
    });
  }
  document.addEventListener('click', noteProof, true);
  document.addEventListener('keydown', noteProof, true);

  new MutationObserver(function () { if (S.is('idle')) queueScan(); })
    .observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['style', 'class', 'hidden', 'src', 'disabled', 'readonly', 'type', 'aria-hidden'] });

  // Detection and the code request do not wait for the options (storage
  // can be slow on a page's first access, in Firefox most): only the submit
  // and leaving the push screen do.
  var optsLoaded = false;
  var optsReady = Promise.resolve()
    .then(function () { return R.api.storage.local.get({ autoSubmit: true, skipPush: true }); })
    .then(function (o) { opts.autoSubmit = o.autoSubmit !== false; opts.skipPush = o.skipPush !== false; }, function () {})
    .then(function () { optsLoaded = true; queueScan(); });
  S.go('idle');
  scan();
  // The script starts with the document (run_at document_start): wake the
  // background and the host now, so the first code request does not pay for it.
  R.send({ otpfill: 'hello' });
  R.api.storage.onChanged.addListener(function (ch, area) {
    if (area !== 'local') return;
    if (ch.autoSubmit) opts.autoSubmit = ch.autoSubmit.newValue !== false;
    if (ch.skipPush) opts.skipPush = ch.skipPush.newValue !== false;
  });
})();
