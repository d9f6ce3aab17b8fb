// otpfill background: the only part that talks to the native host. One
// long-lived connectNative port (it also keeps the MV3 worker / Firefox
// event page alive), request ids with per-request timeouts, reconnect with
// back-off. Every content-script request gets the sender's URL from the
// browser (never from the message) and passes the origin policy first.
// Runs as Chrome's service worker and as Firefox's background script.
/* global importScripts */
(function () {
  'use strict';
  if (typeof importScripts === 'function' && !globalThis.OtpfillOrigin) importScripts('lib/origin.js');
  var api = globalThis.browser || globalThis.chrome;
  var O = globalThis.OtpfillOrigin;
  var HOST = 'org.otpfill.host';
  var TIMEOUT_MS = { unlock: 120000, add: 30000, capture: 30000, hello: 10000, keyring: 120000 };
  var DEFAULT_TIMEOUT_MS = 15000;
  var BACKOFF_MIN = 500, BACKOFF_MAX = 60000;

  var port = null;
  var state = 'connecting'; // connecting, host_missing, no_vault, locked, unlocked
  var stateMessage = '';
  var unlockedBy = ''; // how the host was unlocked: passphrase or keyring (hello, unlock)
  var backoff = BACKOFF_MIN;
  var retryTimer = 0;
  var nextId = 1;
  var pending = new Map(); // id -> {resolve, timer}
  var helloWaiters = [];
  var waitingTabs = new Set(); // tabs whose fill waits for an unlock

  function fail(code, message) { return { ok: false, error: { code: code, message: message } }; }

  // --- the port -------------------------------------------------------------

  function connect() {
    clearTimeout(retryTimer);
    retryTimer = 0;
    if (port) return;
    var p;
    try {
      p = api.runtime.connectNative(HOST);
    } catch (e) {
      gone(String(e && e.message || e));
      return;
    }
    port = p;
    p.onMessage.addListener(onHostMessage);
    p.onDisconnect.addListener(function () {
      var err = (api.runtime.lastError && api.runtime.lastError.message) || (p.error && p.error.message) || 'the otpfill host exited';
      if (port === p) gone(err);
    });
    send({ type: 'hello' }).then(function (r) {
      if (r.ok) {
        backoff = BACKOFF_MIN;
        setState(r.state || 'locked', '');
      }
      var ws = helloWaiters;
      helloWaiters = [];
      ws.forEach(function (w) { w(); });
    });
  }

  function gone(message) {
    port = null;
    pending.forEach(function (p) { clearTimeout(p.timer); p.resolve(hostFailure(message)); });
    pending.clear();
    setState('host_missing', message);
    var ws = helloWaiters;
    helloWaiters = [];
    ws.forEach(function (w) { w(); });
    clearTimeout(retryTimer);
    retryTimer = setTimeout(connect, backoff);
    backoff = Math.min(BACKOFF_MAX, backoff * 2);
  }

  function hostFailure(message) {
    var m = /not found|no such native application|forbidden|access to the specified/i.test(message)
      ? 'The otpfill program is not registered with this browser. Run "otpfill install", then "otpfill doctor".'
      : 'The otpfill program stopped (' + message + '). Run "otpfill doctor" if this repeats.';
    return fail('host_missing', m);
  }

  // send posts one request and resolves with the host's reply (never rejects).
  function send(req) {
    if (!port) connect();
    if (!port) return Promise.resolve(hostFailure(stateMessage || 'not connected'));
    var id = nextId++;
    req.id = id;
    return new Promise(function (resolve) {
      var timer = setTimeout(function () {
        pending.delete(id);
        resolve(fail('timeout', 'The otpfill program did not answer in time.'));
      }, TIMEOUT_MS[req.type] || DEFAULT_TIMEOUT_MS);
      pending.set(id, { resolve: resolve, timer: timer });
      try {
        port.postMessage(req);
      } catch (e) {
        clearTimeout(timer);
        pending.delete(id);
        resolve(hostFailure(String(e && e.message || e)));
      }
    }).then(function (r) {
      observe(req, r);
      return r;
    });
  }

  function onHostMessage(msg) {
    if (!msg || typeof msg !== 'object') return;
    var p = pending.get(msg.id);
    if (!p) return; // id null (bad_request) or a reply after its timeout
    pending.delete(msg.id);
    clearTimeout(p.timer);
    delete msg.id;
    p.resolve(msg);
  }

  // observe learns the session state from replies.
  function observe(req, r) {
    if (r.ok) {
      if (r.state) {
        if (r.unlocked_by || r.state !== 'unlocked') unlockedBy = r.unlocked_by || '';
        setState(r.state, '');
      }
      else if (req.type === 'code' || req.type === 'list' || req.type === 'match' || req.type === 'capture') setState('unlocked', '');
      return;
    }
    var code = r.error && r.error.code;
    if (code === 'locked') setState('locked', '');
    else if (code === 'no_vault') setState('no_vault', '');
  }

  // whenConnected waits (briefly) for the first hello after a (re)connect.
  function whenConnected(ms) {
    if (port && state !== 'connecting' && state !== 'host_missing') return Promise.resolve();
    if (!port) connect();
    if (!port) return Promise.resolve();
    return new Promise(function (resolve) {
      helloWaiters.push(resolve);
      setTimeout(resolve, ms);
    });
  }

  // --- state, badge, broadcast -----------------------------------------------

  function setState(s, message) {
    var changed = s !== state;
    state = s;
    stateMessage = message || '';
    if (s === 'unlocked') waitingTabs.clear();
    badge();
    if (changed) broadcast({ otpfillEvent: 'state', state: s });
  }

  function badge() {
    var a = api.action;
    if (!a) return;
    var text = '', color = '#605e5c', title = 'otpfill';
    switch (state) {
      case 'host_missing':
        text = '!'; color = '#c50f1f';
        title = 'otpfill: the otpfill program is not reachable. Run "otpfill install", then "otpfill doctor".';
        break;
      case 'no_vault':
        text = '!'; color = '#c50f1f'; title = 'otpfill: no vault yet. Run "otpfill init".';
        break;
      case 'locked':
        text = waitingTabs.size ? '!' : 'LCK';
        color = waitingTabs.size ? '#d83b01' : '#605e5c';
        title = waitingTabs.size ? 'otpfill: a sign-in page waits for you to unlock the vault' : 'otpfill: locked';
        break;
      case 'unlocked':
        title = 'otpfill: unlocked';
        break;
    }
    var ignore = function () {};
    Promise.resolve(a.setBadgeText({ text: text })).catch(ignore);
    Promise.resolve(a.setBadgeBackgroundColor({ color: color })).catch(ignore);
    Promise.resolve(a.setTitle({ title: title })).catch(ignore);
  }

  function broadcast(msg) {
    var ignore = function () {};
    Promise.resolve(api.tabs.query({})).then(function (tabs) {
      (tabs || []).forEach(function (t) {
        if (t.id >= 0) Promise.resolve(api.tabs.sendMessage(t.id, msg)).catch(ignore);
      });
    }, ignore);
    Promise.resolve(api.runtime.sendMessage(msg)).catch(ignore); // open popup / options
  }

  // --- messages from content scripts and extension pages ----------------------

  function senderURL(sender) {
    return sender.url || (sender.tab && sender.tab.url) || '';
  }

  function fromExtensionPage(sender) {
    return O.isExtensionURL(senderURL(sender), api.runtime.getURL(''));
  }

  function handle(msg, sender) {
    var verb = msg.otpfill;
    if (sender.id !== api.runtime.id) return Promise.resolve(fail('origin_denied', 'unknown sender'));
    var ext = fromExtensionPage(sender);

    // Background-local verbs.
    if (verb === 'state') {
      return whenConnected(3000).then(function () { return { ok: true, state: state, message: stateMessage, unlocked_by: unlockedBy }; });
    }
    if (verb === 'reconnect' && ext) {
      backoff = BACKOFF_MIN;
      if (port) return send({ type: 'hello' }).then(function () { return { ok: true, state: state, message: stateMessage }; });
      connect();
      return whenConnected(3000).then(function () { return { ok: true, state: state, message: stateMessage }; });
    }
    if (verb === 'open_popup') return openPopup();
    if (verb === 'open_options') {
      return Promise.resolve(api.runtime.openOptionsPage()).then(function () { return { ok: true }; }, function (e) { return fail('internal', String(e)); });
    }

    if (ext) {
      if (O.EXTENSION_VERBS.indexOf(verb) < 0) return Promise.resolve(fail('unknown_type', 'unknown request ' + verb));
      var req = {};
      Object.keys(msg).forEach(function (k) { if (k !== 'otpfill' && k !== 'id' && k !== 'url') req[k] = msg[k]; });
      req.type = verb;
      if (verb === 'unlock' && req.autolock_seconds === undefined) {
        return autolockSeconds().then(function (s) {
          if (s !== null) req.autolock_seconds = s;
          return send(req);
        });
      }
      return send(req);
    }

    // A content script: the URL is the browser's, the fields are filtered.
    var url = senderURL(sender);
    if (sender.origin && sender.origin !== 'null') {
      try { if (new URL(url).origin !== sender.origin) url = ''; } catch (e) { url = ''; }
    }
    var hreq = O.pageRequest(msg, url);
    if (!hreq) return Promise.resolve(fail('origin_denied', 'otpfill does not answer requests from this page'));
    var tabId = sender.tab && sender.tab.id;
    return send(hreq).then(function (r) {
      if (hreq.type === 'code' && tabId !== undefined) {
        if (!r.ok && r.error && r.error.code === 'locked') { waitingTabs.add(tabId); badge(); } else if (waitingTabs.delete(tabId)) badge();
      }
      return r;
    });
  }

  function autolockSeconds() {
    return Promise.resolve(api.storage.local.get({ autoLockMinutes: null })).then(function (o) {
      var m = o.autoLockMinutes;
      return typeof m === 'number' && m >= 1 && m <= 1440 ? Math.round(m * 60) : null; // the host refuses other values
    }, function () { return null; });
  }

  function openPopup() {
    if (!api.action || !api.action.openPopup) return Promise.resolve(fail('unsupported', 'cannot open the popup from here'));
    return Promise.resolve().then(function () { return api.action.openPopup(); })
      .then(function () { return { ok: true }; }, function (e) { return fail('unsupported', String(e && e.message || e)); });
  }

  api.runtime.onMessage.addListener(function (msg, sender, sendResponse) {
    if (!msg || typeof msg.otpfill !== 'string') return false;
    handle(msg, sender).then(sendResponse, function (e) { sendResponse(fail('internal', String(e && e.message || e))); });
    return true;
  });

  api.tabs.onRemoved.addListener(function (id) { if (waitingTabs.delete(id)) badge(); });

  // Start with the browser so the host is up before the first sign-in page.
  api.runtime.onStartup.addListener(connect);
  api.runtime.onInstalled.addListener(connect);
  // Notice an auto-lock by the host while idle.
  setInterval(function () { if (port && state === 'unlocked') send({ type: 'hello' }); }, 30000);
  badge();
  connect();
})();
