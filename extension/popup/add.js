// Popup "Add" section: add from the Microsoft page in the active tab (asks
// the enrollment content script what the host captured there), by hand
// (secret key + account, or an otpauth:// link), or from a QR screenshot
// pasted, dropped or chosen (one `capture`: the host decodes and parses it
// and answers account, tenant and a masked secret; `add {capture}` commits
// it). Typed secrets go to the host once and are never kept here; fields are
// cleared after a save.
(function () {
  'use strict';
  var api = globalThis.browser || globalThis.chrome;
  var section = document.getElementById('add');
  if (!section || !api || !globalThis.OtpfillRuntime) return;
  var P = globalThis.otpfillPopup;
  var R = globalThis.OtpfillRuntime;
  var MAX_IMAGE = 8 << 20;
  var GUIDANCE = "This QR code only works with Microsoft Authenticator. Choose 'I want to use a different authenticator app' (or 'Configure app without notifications') to get a code otpfill can use.";

  var send = R.send, el = R.el;

  function who(o) { return (o.tenant ? o.tenant + ' \u2014 ' : '') + (o.account || '(no account)'); }

  // --- layout -------------------------------------------------------------------------

  section.setAttribute('aria-labelledby', 'add-title');
  section.appendChild(el('h2', { id: 'add-title' }, 'Add an account'));

  var fromPage = el('button', { type: 'button', id: 'add-from-page' }, 'Add from this page');
  section.appendChild(fromPage);

  var msg = el('div', { id: 'add-msg', role: 'status', 'aria-live': 'polite' });
  var confirmBox = el('div', { id: 'add-confirm', hidden: true, role: 'group', 'aria-labelledby': 'add-confirm-text' });
  var confirmText = el('p', { id: 'add-confirm-text' });
  var confirmActions = el('div', { class: 'actions' });
  confirmBox.appendChild(confirmText);
  confirmBox.appendChild(confirmActions);
  section.appendChild(msg);
  section.appendChild(confirmBox);

  // By hand.
  var manual = el('details', { id: 'add-manual' });
  manual.appendChild(el('summary', null, 'Add a secret key or otpauth link'));
  var form = el('form', { id: 'add-form', autocomplete: 'off', novalidate: true });
  form.appendChild(el('label', { for: 'add-secret' }, 'Secret key or otpauth:// link'));
  var fSecret = el('textarea', { id: 'add-secret', rows: '2', spellcheck: 'false', required: true, 'aria-describedby': 'add-secret-help' });
  form.appendChild(fSecret);
  form.appendChild(el('small', { id: 'add-secret-help' }, 'As Microsoft shows it ("abcd efgh ijkl mnop"); spaces do not matter.'));
  form.appendChild(el('label', { for: 'add-account' }, 'Account (e-mail; not needed for an otpauth link)'));
  var fAccount = el('input', { id: 'add-account', type: 'email', spellcheck: 'false' });
  form.appendChild(fAccount);
  form.appendChild(el('label', { for: 'add-tenant' }, 'Organization / tenant (optional)'));
  var fTenant = el('input', { id: 'add-tenant', type: 'text', spellcheck: 'false' });
  form.appendChild(fTenant);
  form.appendChild(el('label', { for: 'add-issuer' }, 'Issuer'));
  var fIssuer = el('input', { id: 'add-issuer', type: 'text', value: 'Microsoft', spellcheck: 'false' });
  form.appendChild(fIssuer);
  var fa = el('div', { class: 'actions' });
  fa.appendChild(el('button', { type: 'submit', class: 'primary', id: 'add-submit' }, 'Add'));
  form.appendChild(fa);
  manual.appendChild(form);
  section.appendChild(manual);

  // QR screenshot.
  var qrBox = el('details', { id: 'add-qr' });
  qrBox.appendChild(el('summary', null, 'Add from a QR code screenshot'));
  var drop = el('div', { id: 'add-drop', role: 'button', tabindex: '0', 'aria-describedby': 'add-drop-help' }, 'Paste (Ctrl+V), drop, or choose a screenshot of the QR code');
  var file = el('input', { id: 'add-file', type: 'file', accept: 'image/png,image/jpeg', hidden: true, 'aria-label': 'QR code screenshot file' });
  qrBox.appendChild(drop);
  qrBox.appendChild(file);
  qrBox.appendChild(el('small', { id: 'add-drop-help' }, 'PNG or JPEG. otpfill decodes it on this computer; the image is not kept.'));
  section.appendChild(qrBox);

  // --- messages and confirmation -----------------------------------------------------

  function say(text, warn) {
    msg.textContent = text || '';
    msg.className = warn ? 'warn' : '';
  }

  function clearConfirm() {
    confirmBox.hidden = true;
    confirmText.textContent = '';
    confirmActions.textContent = '';
  }

  // ask shows text with buttons; the first gets the focus.
  function ask(text, buttons) {
    clearConfirm();
    confirmText.textContent = text;
    buttons.forEach(function (b, i) {
      var btn = el('button', { type: 'button', class: i === 0 ? 'primary' : '' }, b.label);
      btn.addEventListener('click', function () { clearConfirm(); b.run(); });
      confirmActions.appendChild(btn);
    });
    confirmBox.hidden = false;
    var first = confirmActions.querySelector('button');
    if (first) first.focus();
  }

  function errorText(err) {
    var code = err && err.code;
    if (code === 'locked') return 'otpfill is locked: unlock it above first.';
    if (code === 'no_vault') return 'There is no vault yet. Run "otpfill init" in a terminal.';
    if (code === 'invalid_secret') return 'That is not a valid authenticator secret. ' + ((err && err.message) || '');
    return (err && err.message) || 'Something went wrong.';
  }

  // finish reports the host's answer to an add; on `exists` it asks before
  // sending the same add again with replace.
  function finish(r, label, retry, replaces) {
    if (r && r.ok) {
      say('Added ' + label + '.');
      if (P && P.refresh) P.refresh();
      return true;
    }
    if (r && r.error && r.error.code === 'exists') {
      say('');
      var old = replaces && replaces.account ? who(replaces) + (replaces.created ? ', added ' + new Date(replaces.created).toLocaleString() : '') : label;
      ask('otpfill already has ' + old + '. Replace its secret with this new one? (After re-registering with Microsoft, the old one stops working.)', [
        { label: 'Replace', run: function () { retry(true); } },
        { label: 'Keep the old one', run: function () { say('Nothing changed.'); } }
      ]);
      return false;
    }
    say(errorText(r && r.error), true);
    return false;
  }

  // --- from the page -------------------------------------------------------------------

  function activeTab() {
    return Promise.resolve(api.tabs.query({ active: true, currentWindow: true })).then(function (tabs) { return tabs && tabs[0]; });
  }

  function askTab(tab, m) {
    return Promise.resolve().then(function () { return api.tabs.sendMessage(tab.id, m); }).then(function (r) { return r; }, function () { return null; });
  }

  fromPage.addEventListener('click', function () {
    clearConfirm();
    say('Looking at this page\u2026');
    activeTab().then(function (tab) {
      if (!tab) { say('No active tab.', true); return; }
      return askTab(tab, { otpfill_popup: 'detected' }).then(function (d) {
        if (!d) { say('Nothing to add on this page. Open the Microsoft "Security info" page where it shows the secret key or QR code.', true); return; }
        if (!d.ok) { say(d.decoy ? GUIDANCE : (d.error && d.error.message) || 'No authenticator secret is shown on this page.', true); return; }
        say('');
        var label = who(d);
        var save = function (replace) {
          say('Saving\u2026');
          askTab(tab, { otpfill_popup: 'save', replace: !!replace }).then(function (r) {
            finish(r || { ok: false, error: { message: 'The page did not answer.' } }, label, save, d.replaces);
          });
        };
        ask('Found on this page:\n' + label + (d.issuer && d.issuer !== 'Microsoft' ? ' (' + d.issuer + ')' : '') + '\nSecret key ' + d.masked +
          (d.conflict ? '\nThe page text and its QR code disagree: otpfill saves the QR code\'s secret.' : '') + '\nSave it to otpfill?', [
          { label: 'Save to otpfill', run: function () { save(false); } },
          { label: 'Cancel', run: function () { say(''); } }
        ]);
      });
    }, function (e) { say(String(e && e.message || e), true); });
  });

  // --- by hand ----------------------------------------------------------------------------

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    clearConfirm();
    var text = fSecret.value.trim();
    if (!text) { say('Enter the secret key or an otpauth:// link.', true); fSecret.focus(); return; }
    var req, label;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
      // A link: the host parses it (and refuses what is not otpauth://totp).
      req = { otpfill: 'add', uri: text };
      if (fTenant.value.trim()) req.tenant = fTenant.value.trim();
      label = 'the account in that link';
    } else {
      var account = fAccount.value.trim();
      if (!account) { say('Enter the account (e-mail) this secret belongs to.', true); fAccount.focus(); return; }
      req = { otpfill: 'add', secret: text, account: account, issuer: fIssuer.value.trim() || 'Microsoft' };
      if (fTenant.value.trim()) req.tenant = fTenant.value.trim();
      label = who({ account: account, tenant: req.tenant });
    }
    var run = function (replace) {
      if (replace) req.replace = true;
      say('Saving\u2026');
      send(req).then(function (r) {
        if (finish(r, label, run)) { fSecret.value = ''; fAccount.value = ''; fTenant.value = ''; req = null; }
      });
    };
    run(false);
  });

  // --- QR screenshot ---------------------------------------------------------------------

  function readImage(f) {
    if (!f) return;
    clearConfirm();
    if (!/^image\/(png|jpeg)$/.test(f.type)) { say('Use a PNG or JPEG screenshot.', true); return; }
    if (f.size > MAX_IMAGE) { say('That image is too large (over 8 MiB).', true); return; }
    say('Reading the QR code\u2026');
    var rd = new FileReader();
    rd.onerror = function () { say('Could not read that file.', true); };
    rd.onload = function () {
      send({ otpfill: 'capture', image: String(rd.result) }).then(function (r) {
        if (!r.ok) { say(r.error && (r.error.code === 'bad_request' || r.error.code === 'invalid_secret') ? 'No authenticator QR code found in that image. ' + (r.error.message || '') : errorText(r.error), true); return; }
        if (r.kind === 'phonefactor' || !r.capture) { say(r.kind === 'phonefactor' ? GUIDANCE : 'That QR code is not an authenticator (otpauth://) code.', true); return; }
        var label = who(r);
        var id = r.capture;
        say('');
        var run = function (replace) {
          say('Saving\u2026');
          send({ otpfill: 'add', capture: id, replace: !!replace }).then(function (res) { if (finish(res, label, run, r.replaces)) id = ''; });
        };
        ask('QR code for:\n' + label + (r.issuer && r.issuer !== 'Microsoft' ? ' (' + r.issuer + ')' : '') + '\nSecret key ' + r.masked + '\nSave it to otpfill?', [
          { label: 'Save to otpfill', run: function () { run(false); } },
          { label: 'Cancel', run: function () { id = ''; say(''); } }
        ]);
      });
    };
    rd.readAsDataURL(f);
  }

  drop.addEventListener('click', function () { file.click(); });
  drop.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); file.click(); }
  });
  file.addEventListener('change', function () { readImage(file.files && file.files[0]); file.value = ''; });
  drop.addEventListener('dragover', function (e) { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', function () { drop.classList.remove('over'); });
  drop.addEventListener('drop', function (e) {
    e.preventDefault();
    drop.classList.remove('over');
    readImage(e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0]);
  });
  document.addEventListener('paste', function (e) {
    var items = (e.clipboardData && e.clipboardData.items) || [];
    for (var i = 0; i < items.length; i++) {
      if (items[i].kind === 'file' && /^image\//.test(items[i].type)) {
        e.preventDefault();
        qrBox.open = true;
        readImage(items[i].getAsFile());
        return;
      }
    }
  });
})();
