// Options: autoSubmit and skipPush (read by the sign-in content script),
// the system keyring (the host's keyring verb, not stored here),
// autoLockMinutes (sent by the background with each unlock as
// autolock_seconds, 60 s to 24 h; empty = the host's default). storage.local.
(function () {
  'use strict';
  var api = globalThis.browser || globalThis.chrome;
  var DEFAULTS = { autoSubmit: true, skipPush: true, autoLockMinutes: null };
  var $ = function (id) { return document.getElementById(id); };

  function say(t) {
    $('saved').textContent = t;
  }

  Promise.resolve(api.storage.local.get(DEFAULTS)).then(function (o) {
    $('autoSubmit').checked = o.autoSubmit !== false;
    $('skipPush').checked = o.skipPush !== false;
    $('autoLockMinutes').value = typeof o.autoLockMinutes === 'number' ? String(o.autoLockMinutes) : '';
  });

  function save(patch) {
    Promise.resolve(api.storage.local.set(patch)).then(function () { say('Saved.'); }, function (e) { say('Not saved: ' + e); });
  }

  $('autoSubmit').addEventListener('change', function (e) { save({ autoSubmit: e.target.checked }); });
  $('skipPush').addEventListener('change', function (e) { save({ skipPush: e.target.checked }); });
  $('autoLockMinutes').addEventListener('change', function (e) {
    var v = e.target.value;
    save({ autoLockMinutes: v === '' ? null : Number(v) });
  });

  // --- unlock with the system keyring (the host's keyring verb) -------------

  var ITEM_TEXT = {
    none: 'Off: otpfill asks for your passphrase.',
    reachable: 'On: otpfill unlocks through the system keyring.',
    missing: 'On, but the keyring no longer holds otpfill\'s key: enable it again, or disable it.',
    unavailable: 'On, but the system keyring does not answer: otpfill asks for your passphrase.'
  };

  function keyring(action, passphrase) {
    var msg = { otpfill: 'keyring', action: action };
    if (passphrase) msg.passphrase = passphrase;
    return Promise.resolve()
      .then(function () { return api.runtime.sendMessage(msg); })
      .then(function (r) { return r || { ok: false, error: { message: 'no answer' } }; },
        function (e) { return { ok: false, error: { message: String(e && e.message || e) } }; });
  }

  function showKeyring(r) {
    var on = r.ok && r.keyring.item !== 'none';
    $('keyring-enable-form').hidden = !r.ok || r.keyring.item === 'reachable';
    $('keyring-disable').hidden = !on;
    if (!r.ok) {
      $('keyring-status').textContent = (r.error && r.error.message) || 'otpfill did not answer.';
      return;
    }
    var text = ITEM_TEXT[r.keyring.item] || r.keyring.item;
    $('keyring-status').textContent = text + (r.keyring.reason ? ' (' + r.keyring.reason + ')' : '');
  }

  keyring('status').then(showKeyring);

  $('keyring-enable').addEventListener('click', function () {
    var field = $('keyring-passphrase');
    var pass = field.value;
    field.value = '';
    if (!pass) { field.focus(); return; }
    $('keyring-status').textContent = 'Checking the passphrase\u2026';
    keyring('enable', pass).then(function (r) {
      pass = '';
      if (!r.ok && r.error && r.error.code === 'bad_passphrase') {
        $('keyring-status').textContent = 'Wrong passphrase.';
        field.focus();
        return;
      }
      showKeyring(r);
    });
  });

  $('keyring-disable').addEventListener('click', function () {
    keyring('disable').then(function (r) {
      if (!r.ok && r.error && r.error.code === 'locked') {
        $('keyring-status').textContent = 'Unlock otpfill first (toolbar button), then disable the keyring.';
        return;
      }
      showKeyring(r);
    });
  });
})();
