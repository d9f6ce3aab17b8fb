// Options: autoSubmit and skipPush (read by the sign-in content script),
// autoLockMinutes (sent by the background with each unlock as
// autolock_seconds; empty = the host's default, 0 = never). storage.local.
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
})();
