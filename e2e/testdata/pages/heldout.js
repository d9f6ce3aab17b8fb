// Held-out sign-in pages (issue 10 check): written apart from classic.js
// and live.js and unlike them: other markup, other languages, no id the
// extension names. Each models what Microsoft's pages do today.
// Params (window.__fx): v (variant), lang, account, renderDelay.
//   entra-he       Entra's React sign-in, Hebrew (RTL): the authenticator code
//                  box has a generated id, no name, no maxlength; a hidden
//                  otc input mirrors the state; $Config lists PhoneAppOTP.
//   live-late      login.live.com: a spinner, then the code box rendered
//                  disabled and enabled only by dropping its disabled
//                  attribute, then a re-render that replaces the input node.
//   live-enable    the same without the re-render: enabling the box is the
//                  last change the page makes.
//   entra-picker   Entra "Verify your identity" list opened first (French):
//                  SMS, call and push come before the code; choosing the
//                  code gives a view with no ids and no proof image.
//   live-picker    login.live.com "Verify your identity" (Arabic, RTL): the
//                  methods are <button>s with picker images; e-mail, SMS
//                  and a call come before "Use a verification code".
//   reprompt-entra An already signed-in user asked again (max_age=0): the
//                  account only in the persona banner (no #displayName,
//                  no login input, no sPOST_Username).
//   sms-entra      Entra's React SMS code screen (Arabic): masked phone
//                  number in a <span dir=ltr>; $Config's default is SMS.
//   email-grouped  login.live.com e-mailed code over six one-digit boxes in
//                  two groups of three (a dash between), hidden otc mirror;
//                  the code went to the account's own address (shown whole).
//   email-own      login.live.com e-mailed code in one box (generated id,
//                  hidden otc mirror) sent to the account's own address, which
//                  the sentence shows whole (a Gmail user name).
//   device-new     The device-code page at login.microsoft.com/device.
// The code box is a controlled input (React's value tracker), the model
// only follows bubbling input events; submit reads the model.
(function () {
  'use strict';
  var fx = window.__fx;
  var v = fx.v;
  var root = document.getElementById('fx-root');
  var esc = function (s) { return String(s).replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; }); };
  var img = function (name) { return 'https://aadcdn.msftauth.net/shared/1.0/content/images/' + name + '_9f2d1c0b7e6a5d4c3b2a1f0e9d8c7b6a.svg'; };
  var gid = function () { return '_r_' + Math.floor(Math.random() * 1296).toString(36) + '_'; };
  var T = {
    he: { title: 'הזן קוד', desc: 'הזן את הקוד המוצג באפליקציית המאמת בטלפון הנייד שלך.', label: 'קוד', verify: 'אמת', cancel: 'ביטול',
      other: 'אינני יכול להשתמש באפליקציית Microsoft Authenticator כעת', bad: 'הקוד שהזנת שגוי. נסה שוב.' },
    es: { title: 'Escribir código', desc: 'Escriba el código que se muestra en su aplicación de autenticación.', label: 'Código', verify: 'Siguiente',
      other: 'Usar otra forma de verificar', bad: 'Ese código no funcionó.', loading: 'Espere…' },
    fr: { proofs: 'Vérifier votre identité', sms: 'Envoyer un SMS au +X XXXXXXXX42', call: 'Appeler le +X XXXXXXXX42',
      push: 'Approuver une demande sur mon application Microsoft Authenticator', otp: 'Utiliser un code de vérification',
      title: 'Entrer le code', desc: "Entrez le code affiché dans l'application d'authentification sur votre appareil mobile.",
      label: 'Code', verify: 'Vérifier', bad: "Vous n'avez pas entré le code de vérification attendu." },
    ar: { proofs: 'التحقق من هويتك', email: 'إرسال بريد إلكتروني إلى a*****@outlook.com', sms: 'إرسال رسالة نصية إلى ********12',
      call: 'الاتصال بـ ********12', otp: 'استخدام رمز التحقق', title: 'أدخل الرمز', desc: 'أدخل الرمز المعروض في تطبيق المصادقة.',
      label: 'الرمز', verify: 'التالي', bad: 'لم ينجح هذا الرمز.',
      smsDesc: 'لقد أرسلنا رسالة نصية إلى هاتفك', smsDesc2: '. أدخل الرمز لتسجيل الدخول.' },
    en: { title: 'Enter code', desc: 'Enter the code displayed in the authenticator app on your mobile device.', label: 'Code', verify: 'Verify',
      cancel: 'Cancel', bad: "You didn't enter the expected verification code.",
      emailTitle: 'Enter your code', emailDesc: 'We sent a code to', next: 'Next',
      devTitle: 'Enter code', devDesc: 'To allow access, enter the code displayed on your app or device.' }
  };
  var t = T[fx.lang || 'en'] || T.en;
  if (fx.lang === 'he' || fx.lang === 'ar') document.documentElement.dir = 'rtl';

  var state = { code: '', submits: 0, view: '', filled: false, error: '' };
  var input = null, button = null, errEl = null, mirror = null;
  var desc = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');

  var track = E2E.react.track, changed = E2E.react.changed;

  // controlled wires box (and its replacements) to state.code the React way:
  // one listener on the container for bubbling input/change.
  function controlled(container, onSubmit) {
    var handler = function (e) {
      if (e.target !== input || !changed(input)) return;
      state.code = desc.get.call(input).replace(/\D/g, '').slice(0, 8);
      state.error = '';
      commit();
      if (state.code.length >= 6 && !state.filled) {
        state.filled = true;
        E2E.send('filled', { ms: E2E.mark('filled') - E2E.mark('appear'), model: state.code.length });
      }
    };
    container.addEventListener('input', handler);
    container.addEventListener('change', handler);
    container.addEventListener('submit', function (e) { e.preventDefault(); onSubmit(); });
  }
  function adopt(node) {
    input = node;
    track(input);
    E2E.mark('appear');
    commit();
  }
  function commit() {
    if (!input) return;
    if (desc.get.call(input) !== state.code) { desc.set.call(input, state.code); input._valueTracker.setValue(state.code); }
    if (mirror) mirror.value = state.code;
    if (button) button.disabled = state.code.length < 6 || !!state.busy;
    if (errEl) errEl.textContent = state.error;
  }
  function submitCode(kind) {
    if (state.code.length < 6 || state.busy) {
      E2E.send('clientreject', { dom: input ? desc.get.call(input).length : 0, model: state.code.length });
      return;
    }
    state.submits++;
    state.busy = true;
    commit();
    E2E.send('submit', { code: state.code, dom: desc.get.call(input), kind: kind, n: state.submits }).then(function (r) {
      state.busy = false;
      if (r.ok) { state.view = 'done'; E2E.render(root, '<div role="status" class="done">\u2714</div>'); input = null; return; }
      state.code = '';
      state.error = t.bad;
      commit();
    });
  }

  function persona(account) {
    return '<div class="fui-Persona ___k3b1v0"><span class="fui-Avatar" aria-hidden="true">' + esc(account.charAt(0).toUpperCase()) +
      '</span><span class="fui-Persona__primaryText" dir="ltr">' + esc(account) + '</span></div>';
  }

  // --- entra-he / reprompt-entra / sms-entra: Entra's React code screen ---
  function entraCode(opts) {
    state.view = opts.sms ? 'sms' : 'code';
    var boxId = gid(), titleId = gid(), descId = gid();
    E2E.render(root,
      '<div class="fui-FluentProvider ___1a2b3c"><main class="___8h2k1p"><div class="___9x0zq1">' +
      '<img alt="Microsoft" src="' + img('microsoft_logo') + '" class="___logo">' +
      '<form novalidate autocomplete="off" method="post" action="/common/SAS/ProcessAuth">' +
      persona(fx.account) +
      '<h1 id="' + titleId + '" class="fui-Text ___h1">' + esc(opts.title) + '</h1>' +
      '<div id="' + descId + '" class="fui-Text ___body">' + opts.descHTML + '</div>' +
      '<input type="hidden" name="otc" value="">' +
      '<div class="fui-Field ___fld"><span class="fui-Input ___inp">' +
      '<input id="' + boxId + '" type="text" inputmode="numeric" autocomplete="off" aria-labelledby="' + titleId + '" aria-describedby="' + descId + '" placeholder="' + esc(t.label) + '" class="fui-Input__input ___i1">' +
      '</span><div role="alert" aria-live="assertive" class="fui-Field__validationMessage"></div></div>' +
      '<div class="___row"><button type="button" class="fui-Link ___lnk">' + esc(t.other || '') + '</button></div>' +
      '<div class="___acts"><button type="button" class="fui-Button ___sec">' + esc(t.cancel || '') + '</button>' +
      '<button type="submit" class="fui-Button ___pri">' + esc(t.verify) + '</button></div>' +
      '</form></div></main></div>');
    var form = root.querySelector('form');
    mirror = form.querySelector('input[name=otc]');
    button = form.querySelector('button[type=submit]');
    errEl = form.querySelector('[role=alert]');
    controlled(form, function () { submitCode(state.view); });
    adopt(root.querySelector('#' + boxId));
  }

  // --- live-late: spinner, disabled box, enable by attribute, re-render ---
  function liveLate() {
    E2E.render(root, '<div class="___shell"><div role="progressbar" aria-label="' + esc(t.loading) + '" class="fui-Spinner"><span class="fui-Spinner__spinner"></span></div></div>');
    setTimeout(function () {
      var n = gid();
      E2E.render(root,
        '<div class="___shell"><form name="OneTimeCodeViewForm" novalidate autocomplete="off">' + persona(fx.account) +
        '<h1 class="___t">' + esc(t.title) + '</h1><div class="___d">' + esc(t.desc) + '</div>' +
        '<input type="hidden" name="otc" value="">' +
        '<div class="fui-Field"><span class="fui-Input"><label for="' + n + '">' + esc(t.label) + '</label>' +
        '<input id="' + n + '" type="text" class="fui-Input__input" disabled></span>' +
        '<div role="alert" class="fui-Field__validationMessage"></div></div>' +
        '<button type="submit" class="fui-Button" disabled>' + esc(t.verify) + '</button>' +
        '<div class="___foot"><span role="button" tabindex="0">' + esc(t.other) + '</span></div></form></div>');
      var form = root.querySelector('form');
      mirror = form.querySelector('input[name=otc]');
      button = form.querySelector('button[type=submit]');
      errEl = form.querySelector('[role=alert]');
      controlled(form, function () { submitCode('app'); });
      input = form.querySelector('#' + n);
      // Enabled by React a little later: only the attribute changes.
      setTimeout(function () {
        input.disabled = false;
        adopt(input);
        if (v === 'live-enable') return;
        // The next render replaces the input element (a new key).
        setTimeout(function () {
          var old = input;
          var fresh = document.createElement('input');
          E2E.own(fresh);
          fresh.id = gid();
          fresh.type = 'text';
          fresh.className = 'fui-Input__input';
          old.parentNode.querySelector('label').htmlFor = fresh.id;
          old.replaceWith(fresh);
          E2E.send('log', { msg: 'rerender: replacing input node' });
          input = fresh;
          track(input);
          commit();
        }, 120);
      }, 400);
    }, 900);
  }

  // --- entra-picker: the proof list first, Knockout tiles ---
  function entraPicker() {
    state.view = 'proofs';
    var tile = function (value, image, text) {
      return '<div class="tile-container"><div class="row tile"><div class="table" role="button" tabindex="0" data-value="' + value + '">' +
        '<div class="table-row"><div class="table-cell tile-img medium"><img class="tile-img medium" role="presentation" src="' + img(image) + '"></div>' +
        '<div class="table-cell text-left content"><div>' + esc(text) + '</div></div></div></div></div></div>';
    };
    E2E.render(root, '<div class="sign-in-box"><form method="post" action="/common/SAS/BeginAuth">' +
      '<div class="identityBanner"><div class="identity" title="' + esc(fx.account) + '">' + esc(fx.account) + '</div></div>' +
      '<div role="heading" aria-level="1" class="row title">' + esc(t.proofs) + '</div><div role="list">' +
      tile('OneWaySMS', 'picker_verify_sms', t.sms) + tile('TwoWayVoiceMobile', 'picker_verify_call', t.call) +
      tile('PhoneAppNotification', 'picker_verify_fluent_authenticator', t.push) + tile('PhoneAppOTP', 'picker_verify_code', t.otp) +
      '</div></form></div>');
    root.querySelectorAll('[data-value]').forEach(function (el) {
      el.addEventListener('click', function () {
        var val = el.getAttribute('data-value');
        E2E.send('proof', { action: 'choose', value: val });
        setTimeout(function () {
          if (val === 'PhoneAppOTP') entraPickedCode();
          else E2E.render(root, '<div class="row title">' + esc(val) + '</div>');
        }, 300);
      });
    });
  }
  function entraPickedCode() {
    state.view = 'code';
    E2E.render(root, '<div class="sign-in-box"><form method="post" action="/common/SAS/ProcessAuth" novalidate>' +
      '<div class="identityBanner"><div class="identity" title="' + esc(fx.account) + '">' + esc(fx.account) + '</div></div>' +
      '<div role="heading" aria-level="1" class="row title">' + esc(t.title) + '</div>' +
      '<div class="row text-body">' + esc(t.desc) + '</div>' +
      '<div role="alert" aria-live="assertive"><div class="error ext-error"></div></div>' +
      '<div class="placeholderContainer"><input name="otc" type="tel" class="form-control input ext-input text-box" autocomplete="off" placeholder="' + esc(t.label) + '"></div>' +
      '<div class="row"><input type="submit" class="win-button button_primary button ext-button primary" value="' + esc(t.verify) + '"></div>' +
      '</form></div>');
    var form = root.querySelector('form');
    errEl = root.querySelector('.error');
    controlled(form, function () { submitCode('app'); });
    adopt(form.querySelector('input[name=otc]'));
  }

  // --- live-picker: personal "Verify your identity", <button> methods ---
  function livePicker() {
    state.view = 'proofs';
    var limg = function (name) { return 'https://logincdn.msftauth.net/shared/5/images/' + name + '_3b4c5d6e7f801a2b.svg'; };
    var m = function (val, image, text) {
      return '<li><button type="button" class="fui-Button ___tile" data-k="' + val + '"><img alt="" src="' + limg(image) + '"><span>' + esc(text) + '</span></button></li>';
    };
    E2E.render(root, '<div class="___shell">' + persona(fx.account) + '<h1 class="___t">' + esc(t.proofs) + '</h1><ul class="___list">' +
      m('OneWayEmail', 'picker_verify_email', t.email) + m('OneWaySMS', 'picker_verify_sms', t.sms) + m('TwoWayVoice', 'picker_verify_call', t.call) +
      m('PhoneAppOTP', 'picker_verify_code', t.otp) + '</ul></div>');
    root.querySelectorAll('button[data-k]').forEach(function (el) {
      el.addEventListener('click', function () {
        var val = el.getAttribute('data-k');
        E2E.send('proof', { action: 'choose', value: val });
        setTimeout(function () {
          if (val === 'PhoneAppOTP') livePickedCode();
          else E2E.render(root, '<div class="___shell"><h1>' + esc(val) + '</h1></div>');
        }, 300);
      });
    });
  }
  function livePickedCode() {
    state.view = 'code';
    var n = gid();
    E2E.render(root, '<div class="___shell"><form name="OneTimeCodeViewForm" novalidate autocomplete="off">' + persona(fx.account) +
      '<h1 class="___t">' + esc(t.title) + '</h1><div class="___d">' + esc(t.desc) + '</div>' +
      '<input type="hidden" name="otc" value="">' +
      '<div class="fui-Field"><span class="fui-Input"><label for="' + n + '">' + esc(t.label) + '</label>' +
      '<input id="' + n + '" type="text" class="fui-Input__input"></span><div role="alert" class="fui-Field__validationMessage"></div></div>' +
      '<button type="submit" class="fui-Button" disabled>' + esc(t.verify) + '</button></form></div>');
    var form = root.querySelector('form');
    mirror = form.querySelector('input[name=otc]');
    button = form.querySelector('button[type=submit]');
    errEl = form.querySelector('[role=alert]');
    controlled(form, function () { submitCode('app'); });
    adopt(form.querySelector('#' + n));
  }

  // --- email-grouped: six one-digit boxes, 3 + 3 ---
  var cells = null;
  function emailGrouped() {
    state.view = 'email';
    var group = function (from) {
      var h = '<div class="___grp">';
      for (var i = from; i < from + 3; i++) h += '<span class="___cell"><input type="tel" inputmode="numeric" aria-label="' + (i + 1) + '"' + (i === 0 ? ' autocomplete="one-time-code"' : '') + ' class="___c"></span>';
      return h + '</div>';
    };
    E2E.render(root, '<div class="___shell"><form name="OneTimeCodeViewForm" novalidate autocomplete="off">' + persona(fx.account) +
      '<h1 class="___t">' + esc(t.emailTitle) + '</h1><div class="___d">' + esc(t.emailDesc) + ' <b dir="ltr">' + esc(fx.account) + '</b></div>' +
      '<input type="hidden" name="otc" value="">' +
      '<div class="___code" role="group">' + group(0) + '<span class="___dash" aria-hidden="true">-</span>' + group(3) + '</div>' +
      '<button type="submit" class="fui-Button">' + esc(t.next) + '</button></form></div>');
    cells = root.querySelectorAll('input.___c');
    var form = root.querySelector('form');
    var read = function () { state.code = Array.prototype.map.call(cells, function (b) { return desc.get.call(b); }).join(''); };
    form.addEventListener('input', read);
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      read();
      if (state.code.length >= 6) { state.submits++; E2E.send('submit', { code: state.code, dom: state.code, kind: 'email', n: state.submits }); }
    });
    E2E.mark('appear');
  }

  // --- email-own: one box, the code went to the account's own address ---
  function emailOwn() {
    state.view = 'email';
    var n = gid();
    E2E.render(root, '<div class="___shell"><form name="OneTimeCodeViewForm" novalidate autocomplete="off">' + persona(fx.account) +
      '<h1 class="___t">' + esc(t.emailTitle) + '</h1><div class="___d">' + esc(t.emailDesc) + ' ' + esc(fx.account) + '</div>' +
      '<input type="hidden" name="otc" value="">' +
      '<div class="fui-Field"><span class="fui-Input"><label for="' + n + '">' + esc(t.label) + '</label>' +
      '<input id="' + n + '" type="text" class="fui-Input__input"></span><div role="alert" class="fui-Field__validationMessage"></div></div>' +
      '<button type="submit" class="fui-Button" disabled>' + esc(t.next) + '</button></form></div>');
    var form = root.querySelector('form');
    mirror = form.querySelector('input[name=otc]');
    button = form.querySelector('button[type=submit]');
    errEl = form.querySelector('[role=alert]');
    controlled(form, function () { submitCode('email'); });
    adopt(form.querySelector('#' + n));
  }

  // --- device-new: login.microsoft.com/device ---
  function deviceNew() {
    state.view = 'devicecode';
    E2E.render(root, '<div class="sign-in-box"><form method="post" action="/common/oauth2/deviceauth" novalidate>' +
      '<div role="heading" aria-level="1" class="row title">' + esc(t.devTitle) + '</div>' +
      '<div class="row text-body">' + esc(t.devDesc) + '</div>' +
      '<div class="form-group"><input type="text" name="otc" class="form-control" placeholder="' + esc(t.label) + '" aria-label="' + esc(t.label) + '" autocomplete="off"></div>' +
      '<input type="submit" class="button primary" value="' + esc(t.next) + '"></form></div>');
    var form = root.querySelector('form');
    controlled(form, function () { state.submits++; E2E.send('submit', { code: desc.get.call(input), n: state.submits }); });
    adopt(form.querySelector('input[name=otc]'));
  }

  window.__fxState = function () {
    var dom = cells ? Array.prototype.map.call(cells, function (b) { return desc.get.call(b); }).join('') :
      (input && input.isConnected ? desc.get.call(input) : null);
    return { view: state.view, model: state.code, dom: dom, submits: state.submits, errors: state.error ? [state.error] : [] };
  };

  var start = {
    'entra-he': function () { entraCode({ title: t.title, descHTML: esc(t.desc) }); },
    'reprompt-entra': function () { entraCode({ title: t.title, descHTML: esc(t.desc) }); },
    'sms-entra': function () { entraCode({ sms: true, title: t.title, descHTML: esc(t.smsDesc) + ' <span dir="ltr">+X XXXXXXXX42</span>' + esc(t.smsDesc2) }); },
    'live-late': liveLate,
    'live-enable': liveLate,
    'email-own': emailOwn,
    'entra-picker': entraPicker,
    'live-picker': livePicker,
    'email-grouped': emailGrouped,
    'device-new': deviceNew
  }[v];
  setTimeout(start, fx.renderDelay === undefined ? 150 : fx.renderDelay);
})();
