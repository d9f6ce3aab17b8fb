// Sign-in content script: finds Microsoft's authenticator-app code step,
// asks the background for the code and fills it the way the page's own
// framework sees it. Runs in the extension's isolated world; the page gets
// no globals and no messages from it. Decisions come from lib/detect.js.
(function () {
  'use strict';
  var api = globalThis.browser || globalThis.chrome;
  var D = globalThis.OtpfillDetect;
  var UI = globalThis.OtpfillUI;
  if (!api || !D || !UI || globalThis.__otpfillSignin) return;
  globalThis.__otpfillSignin = true; // isolated world: guards a double injection only

  var opts = { autoSubmit: true, skipPush: true };
  var phase = 'init'; // init (options loading), idle, asking, locked, nohost, novault, wait, chooser, filled, submitted, stopped
  var account = '';
  var firstView = '';
  var pushHandled = false, leftPush = false, clickedTile = false;
  var configCache = null, configTried = 0;
  var noAccountSince = 0;
  var chosenProof = ''; // data-value of the proof tile last clicked (by the user or by us)
  var nativeSet = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;

  if (D.isDevicePage(location.pathname)) return; // device-code flow: never

  function send(msg) {
    return Promise.resolve()
      .then(function () { return api.runtime.sendMessage(msg); })
      .then(function (r) { return r || { ok: false, error: { code: 'host_missing', message: 'no answer from the extension background' } }; },
        function (e) { return { ok: false, error: { code: 'host_missing', message: String(e && e.message || e) } }; });
  }

  function visible(el) {
    return !!el && el.isConnected && el.type !== 'hidden' && el.getClientRects().length > 0;
  }
  function text(sel) {
    var e = document.querySelector(sel);
    return e ? (e.textContent || '') : null;
  }

  // pageConfig returns {aad: $Config, live: ServerData, liveText} from the
  // inline scripts (read as text: the isolated world cannot see page globals).
  function pageConfig() {
    if (configCache) return configCache;
    var now = Date.now();
    if (now - configTried < 500) return { aad: null, live: null, liveText: '' };
    configTried = now;
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
    var c = { aad: aad, live: live, liveText: liveText };
    if (aad || live) configCache = c;
    return c;
  }

  function readAccount() {
    var c = pageConfig();
    var dn = document.getElementById('displayName');
    var login = document.querySelector('input[name=login]');
    var loginfmt = document.querySelector('input[name=loginfmt]');
    return D.pickAccount([
      dn && dn.getAttribute('title'), dn && dn.textContent,
      text('[data-testid=identityBannerUsername]'), text('[data-testid=identityBanner]'),
      login && login.value, loginfmt && loginfmt.value,
      c.aad && c.aad.sPOST_Username, c.live && c.live.sSigninName
    ]);
  }

  // proofImages: names of picker/verify images in the nearest ancestor of
  // the input that has any (the current view, not the whole document).
  function proofImages(input) {
    var node = input.parentElement;
    for (var depth = 0; node && depth < 10; depth++, node = node.parentElement) {
      var names = [];
      var imgs = node.querySelectorAll('img, [role=img]');
      for (var i = 0; i < imgs.length; i++) {
        var src = (imgs[i].getAttribute('src') || '') + ' ' + (imgs[i].getAttribute('svgsrc') || '') + ' ' + (imgs[i].getAttribute('pngsrc') || '') + ' ' + (imgs[i].getAttribute('data-src') || '');
        var m = src.match(/[\w-]*(?:picker|verify)[\w-]*/gi);
        if (m) names = names.concat(m);
      }
      if (names.length) return names;
    }
    return [];
  }

  // codeStep finds the current code view: {input, submit, flavor, kind, why} or null.
  function codeStep() {
    var input = document.getElementById('idTxtBx_SAOTCC_OTC');
    if (visible(input)) {
      var pc = pageConfig();
      var r = D.classifyClassic({ images: proofImages(input), description: text('#idDiv_SAOTCC_Description'), config: pc.aad, chosen: chosenProof,
        proofType: D.liveProofType(pc.live, pc.liveText) });
      return { input: input, submitSel: '#idSubmit_SAOTCC_Continue', errorSel: '#idSpan_SAOTCC_Error_OTC', flavor: 'classic', kind: r.kind, why: r.why };
    }
    input = document.getElementById('otc-confirmation-input');
    if (visible(input)) {
      var c = pageConfig();
      var descEl = document.getElementById('oneTimeCodeDescription');
      var r2 = D.classifyLive({ description: descEl ? descEl.textContent : null, descriptionMissing: !descEl,
        proofType: D.liveProofType(c.live, c.liveText), inputType: input.type });
      return { input: input, submitSel: 'button#oneTimeCodePrimaryButton', errorSel: '#otc-error, [id$=-error][role=alert], [role=alert]', flavor: 'live', kind: r2.kind, why: r2.why };
    }
    return null;
  }

  function pushScreen() {
    var another = document.querySelector('a#signInAnotherWay');
    if (!visible(another)) return null;
    // The push view's ids (SAOTCAS = "authenticator app, send"), its number
    // match, or its Authenticator image; a password or code box means another view.
    var boxes = document.querySelectorAll('input[type=password], #idTxtBx_SAOTCC_OTC, #otc-confirmation-input');
    for (var i = 0; i < boxes.length; i++) if (visible(boxes[i])) return null;
    var markers = !!document.querySelector('[id^=idDiv_SAOTCAS], [id^=idRichContext_DisplaySign], img[src*=fluent_authenticator], img[src*=verify_authenticator], img[src*=picker_verify_push]');
    return D.classifyPush({ anotherWay: true, codeInput: false, pushMarkers: markers, config: pageConfig().aad }) ? another : null;
  }

  function proofTiles() {
    var tiles = document.querySelectorAll('[role=button][data-value], [data-value][data-bind*=Proof]');
    var values = [], byValue = {};
    for (var i = 0; i < tiles.length; i++) {
      if (!visible(tiles[i])) continue;
      var v = tiles[i].getAttribute('data-value');
      values.push(v);
      if (!byValue[v]) byValue[v] = tiles[i];
    }
    var pick = D.pickTile(values);
    return pick ? byValue[pick] : null;
  }

  // --- scanning -----------------------------------------------------------

  var scanQueued = false;
  function queueScan() {
    if (scanQueued) return;
    scanQueued = true;
    Promise.resolve().then(function () { scanQueued = false; scan(); });
  }

  function scan() {
    if (phase !== 'idle') return;
    var step = codeStep();
    if (step) {
      firstView = firstView || 'code';
      if (step.kind === 'app') requestCode(null);
      return;
    }
    if (!opts.skipPush) return;
    var another = pushScreen();
    if (another) {
      firstView = firstView || 'push';
      if (!pushHandled) leavePush(another);
      return;
    }
    var tile = proofTiles();
    if (tile) {
      firstView = firstView || 'proofs';
      // Choose for the user only on the way from the push screen, or when
      // the page opened on the list; a list the user asked for is theirs.
      if (!clickedTile && (leftPush || firstView === 'proofs')) chooseTile(tile);
    }
  }

  // hasEntry asks the vault (names only) whether the account has a code.
  function hasEntry(acct) {
    return send({ otpfill: 'list' }).then(function (r) {
      if (!r.ok) return r;
      var low = acct.toLowerCase();
      return { ok: true, found: (r.entries || []).some(function (e) { return String(e.account).toLowerCase() === low; }) };
    });
  }

  function leavePush(another) {
    account = readAccount();
    if (!account) return;
    phase = 'asking';
    hasEntry(account).then(function (r) {
      phase = 'idle';
      if (!r.ok) { waitFor(r.error); return; }
      pushHandled = true;
      if (!r.found) return; // not in the vault: the push screen is the user's
      if (!visible(another)) { pushHandled = false; queueScan(); return; }
      leftPush = true;
      another.click();
    });
  }

  function chooseTile(tile) {
    account = readAccount();
    if (!account) return;
    phase = 'asking';
    (leftPush ? Promise.resolve({ ok: true, found: true }) : hasEntry(account)).then(function (r) {
      phase = 'idle';
      if (!r.ok) { waitFor(r.error); return; }
      clickedTile = true;
      if (!r.found) return;
      var again = proofTiles();
      if (again && again.getAttribute('data-value') === 'PhoneAppOTP') again.click();
    });
  }

  // --- the code -----------------------------------------------------------

  function requestCode(entry) {
    account = readAccount();
    if (!account) {
      // The identity banner may render after the code box: look again on
      // the next mutations, and give up (with a word) after a while.
      noAccountSince = noAccountSince || Date.now();
      if (Date.now() - noAccountSince < 3000) {
        setTimeout(queueScan, 250);
        return;
      }
      phase = 'stopped';
      UI.notice('otpfill', 'This page does not show which account is signing in, so otpfill leaves it alone.', { ms: 6000 });
      return;
    }
    phase = 'asking';
    var msg = { otpfill: 'code', account: account };
    if (entry) msg.entry = entry;
    send(msg).then(function (r) {
      if (r.ok && r.code) { schedule(r); return; }
      var err = r.error || { code: 'internal', message: 'no code' };
      switch (err.code) {
        case 'ambiguous':
          phase = 'chooser';
          UI.chooser(account, err.candidates || [], function (id) { UI.hide(); requestCode(id); });
          return;
        case 'no_match':
          phase = 'stopped';
          UI.notice('otpfill has no code for ' + account, 'Add this account to otpfill to fill its codes.', { ms: 20000,
            action: { label: 'Add this account', run: function () {
              send({ otpfill: 'open_popup' }).then(function (o) {
                if (!o.ok) UI.notice('Add ' + account, 'Click the otpfill icon in the toolbar, then "Add": scan the QR code or paste the secret key from your security-info page.', {});
              });
            } }
          });
          return;
        default:
          waitFor(err);
      }
    });
  }

  // waitFor shows why nothing happens and, for states that the user can
  // fix (locked, host or vault missing), waits for the background's state
  // broadcast to try again without a reload.
  function waitFor(err) {
    switch (err.code) {
      case 'locked':
        phase = 'locked';
        pollState();
        UI.notice('Unlock otpfill (toolbar icon)', 'The code for ' + (account || 'this account') + ' is filled as soon as the vault is unlocked.', { kind: 'wait' });
        return;
      case 'no_vault':
        phase = 'novault';
        pollState();
        UI.notice('otpfill has no vault yet', 'Run "otpfill init" and add this account; the code is filled once it is there.', { kind: 'wait' });
        return;
      case 'host_missing':
      case 'host_error':
        phase = 'nohost';
        pollState();
        UI.notice('otpfill is not installed completely', 'The browser cannot start the otpfill program. Run "otpfill install", then "otpfill doctor".', { kind: 'warn' });
        return;
      default:
        phase = 'stopped';
        UI.notice('otpfill did not fill this code', err.message || err.code, { kind: 'warn', ms: 10000 });
    }
  }

  function schedule(r) {
    var t = D.fillTiming(r, Date.now());
    if (t.wait > 0) {
      phase = 'wait';
      UI.countdown('otpfill: next code for ' + account, t.validFrom, t.wait);
      setTimeout(function () { fill(r); }, t.wait);
      return;
    }
    fill(r);
  }

  function setValue(input, code) {
    nativeSet.call(input, code);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
    input.dispatchEvent(new KeyboardEvent('keyup', { bubbles: true, key: 'Unidentified' }));
    input.dispatchEvent(new FocusEvent('blur'));
    input.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
  }

  function fill(r) {
    var step = codeStep();
    if (!step || step.kind !== 'app') { phase = 'idle'; UI.hide(); queueScan(); return; } // the view changed meanwhile
    if (/^\d{6,8}$/.test(step.input.value) && step.input.value !== r.code) {
      phase = 'stopped'; // typed by the user while we waited
      UI.hide();
      return;
    }
    setValue(step.input, r.code);
    var who = account + (r.entry && r.entry.tenant ? ' (' + r.entry.tenant + ')' : '');
    if (!opts.autoSubmit) {
      phase = 'filled';
      UI.notice('Code filled for ' + who, null, { ms: 4000 });
      return;
    }
    phase = 'submitted';
    submitOnce(step, r.code, who);
  }

  // submitOnce clicks the page's button a single time, once the page's model
  // has the code (React enables the button on its next render; a re-render
  // may have replaced the input, which the model refills).
  function submitOnce(step, code, who) {
    var t0 = Date.now();
    (function attempt() {
      var s = codeStep() || step;
      if (s.input.value !== code && s.input.isConnected) setValue(s.input, code);
      var btn = document.querySelector(s.submitSel);
      if (btn && !btn.disabled && btn.getAttribute('aria-disabled') !== 'true') {
        btn.click();
        UI.notice('Code filled for ' + who, null, { ms: 4000 });
        watchError(s);
        return;
      }
      if (Date.now() - t0 > 3000) {
        UI.notice('Code filled for ' + who, 'Press the page\'s button to continue.', { ms: 6000 });
        return;
      }
      setTimeout(attempt, 20);
    })();
  }

  // watchError reports Microsoft's rejection once; there is no retry.
  function watchError(s) {
    var until = Date.now() + 20000;
    var sels = s.errorSel.split(/\s*,\s*/);
    function errorText() {
      for (var i = 0; i < sels.length; i++) {
        var e = document.querySelector(sels[i]);
        var t = e && (e.textContent || '').trim();
        if (t) return t;
      }
      return '';
    }
    var before = errorText(); // an old message is not this submit's answer
    var obs = new MutationObserver(check);
    function check() {
      if (Date.now() > until) { obs.disconnect(); return; }
      var msg = errorText();
      if (!msg || msg === before) return;
      obs.disconnect();
      phase = 'stopped';
      UI.notice('Microsoft did not accept the code', msg + ' \u2014 otpfill does not retry; enter a code yourself or reload to try again.', { kind: 'warn' });
    }
    obs.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
    setTimeout(function () { obs.disconnect(); }, 20000);
  }

  // --- wiring -------------------------------------------------------------

  // While waiting, also ask now and then: a broadcast can be missed (an MV3
  // worker stopped while the host was missing sleeps through its retry timer;
  // this request wakes it and makes it reconnect).
  var pollTimer = 0;
  function pollState() {
    if (pollTimer) return;
    pollTimer = setInterval(function () {
      if (phase !== 'locked' && phase !== 'nohost' && phase !== 'novault') {
        clearInterval(pollTimer);
        pollTimer = 0;
        return;
      }
      send({ otpfill: 'hello' }).then(function (r) {
        onState(r.ok ? r.state : (r.error && r.error.code === 'host_missing' ? 'host_missing' : ''));
      });
    }, 5000);
  }

  api.runtime.onMessage.addListener(function (msg) {
    if (msg && msg.otpfillEvent === 'state') onState(msg.state);
  });

  function onState(st) {
    if ((phase === 'locked' || phase === 'nohost' || phase === 'novault') && st === 'unlocked') {
      phase = 'idle';
      UI.hide();
      queueScan();
    } else if (phase === 'nohost' && st === 'locked') {
      waitFor({ code: 'locked' });
    } else if (phase === 'nohost' && st === 'no_vault') {
      waitFor({ code: 'no_vault' });
    }
  }

  // Which proof the user (or we) picked tells what the next code view is for.
  document.addEventListener('click', function (e) {
    var t = e.target && e.target.closest && e.target.closest('[data-value]');
    if (t && t.getAttribute('role') === 'button') chosenProof = t.getAttribute('data-value') || '';
  }, true);
  document.addEventListener('keydown', function (e) {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    var t = e.target && e.target.closest && e.target.closest('[data-value]');
    if (t && t.getAttribute('role') === 'button') chosenProof = t.getAttribute('data-value') || '';
  }, true);

  new MutationObserver(function () { if (phase === 'idle') queueScan(); })
    .observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['style', 'class', 'hidden', 'src'] });

  Promise.resolve()
    .then(function () { return api.storage.local.get({ autoSubmit: true, skipPush: true }); })
    .then(function (o) { opts.autoSubmit = o.autoSubmit !== false; opts.skipPush = o.skipPush !== false; }, function () {})
    .then(function () { phase = 'idle'; scan(); });
  api.storage.onChanged.addListener(function (ch, area) {
    if (area !== 'local') return;
    if (ch.autoSubmit) opts.autoSubmit = ch.autoSubmit.newValue !== false;
    if (ch.skipPush) opts.skipPush = ch.skipPush.newValue !== false;
  });
})();
