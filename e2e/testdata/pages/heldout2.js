// Held-out sign-in pages, round two (issue 10 check): written apart from
// classic.js, live.js and heldout.js and unlike all of them. Each models
// what Microsoft's pages do; none uses an id the extension names.
// Params (window.__fx): v (variant), lang, account, renderDelay.
//   portal-pt      Entra's React code step rendered as a dialog in a portal
//                  appended to the end of <body> (outside the app root),
//                  Portuguese: a type=tel box without id, name or mirror,
//                  labelled by a <label> element; the dialog's action row is
//                  outside the <form> and its primary button names the form
//                  with form="…" (Fluent UI DialogActions).
//   kmsi-ja        login.windows.net, Japanese: a type=number box with
//                  autocomplete=one-time-code, a "Don't ask again for 90
//                  days" checkbox between box and button; after the code the
//                  "Stay signed in?" interrupt (a checkbox, No, Yes): a click
//                  on it is reported as a second submission.
//   live-sms-out   login.live.com SMS code (Italian): heading and the masked
//                  phone number are outside the <form>, which holds only the
//                  label, the box, the hidden otc mirror and the button.
//   live-refused   login.live.com authenticator code step as the server
//                  renders it after the form post of a refused code (Brazilian
//                  Portuguese): the error is on the page when it loads.
//   live-last4     login.live.com "verify your phone": the last 4 digits of
//                  the number (type=tel box, no maxlength), no code sent yet.
//   entra-tap      Entra's Temporary Access Pass prompt (German): a text box
//                  for the pass, no proof list.
//   live-addphone  login.live.com "Help us protect your account" (Spanish):
//                  the single-page app asks for a backup phone number (a
//                  country-code <select> and a type=tel box with a generated
//                  id, no name); ServerData is the app's (default proof: the
//                  authenticator app). No code has been sent.
// The code boxes are controlled inputs (React's value tracker): the model
// follows only bubbling input events; submit reads the model.
(function () {
  'use strict';
  var fx = window.__fx;
  var v = fx.v;
  var root = document.getElementById('fx-root');
  var esc = function (s) { return String(s).replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; }); };
  var gid = function (p) { return (p || 'r') + Math.floor(Math.random() * 46656).toString(36); };
  var T = {
    pt: { title: 'Inserir código', desc: 'Insira o código exibido no aplicativo autenticador do seu dispositivo móvel.', label: 'Código',
      verify: 'Verificar', cancel: 'Cancelar', bad: 'Esse código não funcionou. Verifique o código e tente novamente.',
      other: 'Não consigo usar meu aplicativo Microsoft Authenticator no momento' },
    ja: { title: 'コードの入力', desc: 'モバイル デバイスの認証アプリに表示されているコードを入力してください。', label: 'コード', verify: '検証',
      remember: '今後 90 日間はこのメッセージを表示しない', kmsiTitle: 'サインインの状態を維持しますか?',
      kmsiDesc: 'これにより、サインインを求められる回数を減らすことができます。', kmsiBox: '今後このメッセージを表示しない', yes: 'はい', no: 'いいえ',
      bad: '予期された確認コードが入力されませんでした。' },
    it: { title: 'Immetti il codice', desc1: 'Abbiamo inviato un SMS al numero', desc2: '. Immetti il codice per accedere.',
      label: 'Codice', verify: 'Avanti', resend: 'Invia di nuovo il codice' },
    en: { title: 'Verify your phone number', desc: 'To verify that this is your phone number, enter the last 4 digits including', desc2: ', and then select "Send code".',
      label: 'Last 4 digits', send: 'Send code', other: 'I don\u2019t have these any more' },
    de: { title: 'Befristeten Zugriffspass eingeben', desc: 'Geben Sie den befristeten Zugriffspass ein, den Sie von Ihrem Administrator erhalten haben.',
      label: 'Befristeter Zugriffspass', signin: 'Anmelden' }
  };
  var t = T[fx.lang || 'en'] || T.en;

  var state = { code: '', submits: 0, view: '', filled: false, error: '' };
  var input = null, button = null, errEl = null, mirror = null;
  var desc = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');

  var track = E2E.react.track, changed = E2E.react.changed;
  // React attaches its listeners at the root container, here the portal's.
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
  function submitCode(kind, after) {
    if (state.code.length < 6 || state.busy) {
      E2E.send('clientreject', { dom: input ? desc.get.call(input).length : 0, model: state.code.length });
      return;
    }
    state.submits++;
    state.busy = true;
    commit();
    E2E.send('submit', { code: state.code, dom: desc.get.call(input), kind: kind, n: state.submits }).then(function (r) {
      state.busy = false;
      if (r.ok) { input = null; after(); return; }
      state.code = '';
      state.error = t.bad || 'x';
      commit();
    });
  }
  function persona(account) {
    return '<div class="___pers"><span class="___av" aria-hidden="true">' + esc(account.slice(0, 2).toUpperCase()) +
      '</span><span class="___pname" dir="ltr">' + esc(account) + '</span></div>';
  }
  function done() { state.view = 'done'; E2E.render(root, '<div role="status">\u2714</div>'); }

  // --- portal-pt: the code step in a dialog portal at the end of <body> ---
  function portalPt() {
    state.view = 'code';
    // The app root keeps only the branded background and a spinner.
    E2E.render(root, '<div class="___app"><div class="___bg" aria-hidden="true"></div><div role="progressbar" class="___spin"></div></div>');
    var layer = E2E.make('div');
    layer.className = 'fui-Portal';
    layer.setAttribute('data-portal-node', 'true');
    var formId = gid('f'), labelId = gid('l'), boxId = gid('b'), descId = gid('d'), titleId = gid('t');
    layer.innerHTML =
      '<div class="fui-DialogSurface__backdrop" aria-hidden="true"></div>' +
      '<div role="dialog" aria-modal="true" aria-labelledby="' + titleId + '" aria-describedby="' + descId + '" class="fui-DialogSurface ___surf">' +
      '<div class="fui-DialogBody ___body">' +
      '<h2 id="' + titleId + '" class="fui-DialogTitle">' + esc(t.title) + '</h2>' +
      '<div class="fui-DialogContent ___content">' + persona(fx.account) +
      '<p id="' + descId + '">' + esc(t.desc) + '</p>' +
      '<form id="' + formId + '" novalidate autocomplete="off">' +
      '<div class="fui-Field"><label id="' + labelId + '" for="' + boxId + '" class="fui-Label">' + esc(t.label) + '</label>' +
      '<span class="fui-Input"><input id="' + boxId + '" type="tel" inputmode="numeric" autocomplete="off" class="fui-Input__input"></span>' +
      '<div aria-live="polite" class="fui-Field__validationMessage ___err"></div></div>' +
      '<a href="#" class="fui-Link ___other">' + esc(t.other) + '</a>' +
      '</form></div>' +
      '<div class="fui-DialogActions ___acts">' +
      '<button type="button" class="fui-Button ___b1">' + esc(t.cancel) + '</button>' +
      '<button type="submit" form="' + formId + '" class="fui-Button ___b2" disabled>' + esc(t.verify) + '</button>' +
      '</div></div></div>';
    E2E.own(layer);
    document.body.appendChild(layer);
    var form = layer.querySelector('form');
    button = layer.querySelector('button[type=submit]');
    errEl = layer.querySelector('.___err');
    controlled(layer, function () { submitCode('app', function () { layer.remove(); done(); }); });
    adopt(layer.querySelector('#' + boxId));
    void form;
  }

  // --- kmsi-ja: number box, "don't ask again", then "Stay signed in?" ---
  function kmsiJa() {
    state.view = 'code';
    var boxId = gid('b');
    E2E.render(root,
      '<div class="___card"><form method="post" action="/common/SAS/ProcessAuth" novalidate>' + persona(fx.account) +
      '<div role="heading" aria-level="1" class="___h">' + esc(t.title) + '</div>' +
      '<div class="___p">' + esc(t.desc) + '</div>' +
      '<div class="___row"><input id="' + boxId + '" type="number" inputmode="numeric" pattern="[0-9]*" autocomplete="one-time-code" aria-label="' + esc(t.label) + '" placeholder="' + esc(t.label) + '" class="___box"></div>' +
      '<div class="___err" role="alert"></div>' +
      '<label class="___chk"><input type="checkbox" name="rememberMFA" value="true"><span>' + esc(t.remember) + '</span></label>' +
      '<div class="___acts"><button type="submit" class="___btn ___btnPrimary">' + esc(t.verify) + '</button></div>' +
      '</form></div>');
    var form = root.querySelector('form');
    button = form.querySelector('button[type=submit]');
    errEl = form.querySelector('.___err');
    form.querySelector('input[type=checkbox]').addEventListener('change', function (e) {
      E2E.send('log', { msg: 'remember checkbox changed: ' + e.target.checked });
    });
    controlled(form, function () { submitCode('app', kmsi); });
    adopt(form.querySelector('#' + boxId));
  }
  function kmsi() {
    state.view = 'kmsi';
    E2E.render(root,
      '<div class="___card"><form method="post" action="/kmsi" novalidate>' + persona(fx.account) +
      '<div role="heading" aria-level="1" class="___h">' + esc(t.kmsiTitle) + '</div>' +
      '<div class="___p">' + esc(t.kmsiDesc) + '</div>' +
      '<label class="___chk"><input type="checkbox" name="DontShowAgain"><span>' + esc(t.kmsiBox) + '</span></label>' +
      '<div class="___acts"><button type="button" class="___btn">' + esc(t.no) + '</button>' +
      '<button type="submit" class="___btn ___btnPrimary">' + esc(t.yes) + '</button></div></form></div>');
    var form = root.querySelector('form');
    var report = function (what) {
      state.submits++;
      E2E.send('submit', { code: 'kmsi:' + what, dom: '', kind: 'kmsi', n: state.submits });
    };
    form.addEventListener('submit', function (e) { e.preventDefault(); report('yes'); });
    form.querySelector('button[type=button]').addEventListener('click', function () { report('no'); });
    form.querySelector('input[type=checkbox]').addEventListener('change', function () { report('checkbox'); });
  }

  // --- live-sms-out: the masked number outside the form ---
  function liveSmsOut() {
    state.view = 'sms';
    var n = gid('i');
    E2E.render(root,
      '<div class="___shell"><div class="___head">' + persona(fx.account) +
      '<h1 class="___t">' + esc(t.title) + '</h1>' +
      '<p class="___d">' + esc(t.desc1) + ' <span dir="ltr">*******86</span>' + esc(t.desc2) + '</p></div>' +
      '<form name="f1" novalidate autocomplete="off" method="post" action="/ppsecure/post.srf">' +
      '<input type="hidden" name="otc" value="">' +
      '<div class="___fld"><label for="' + n + '">' + esc(t.label) + '</label><input id="' + n + '" type="text" class="___in"></div>' +
      '<div role="alert" class="___e"></div>' +
      '<button type="submit" class="___pri" disabled>' + esc(t.verify) + '</button>' +
      '</form><div class="___foot"><a href="#">' + esc(t.resend) + '</a></div></div>');
    var form = root.querySelector('form');
    mirror = form.querySelector('input[name=otc]');
    button = form.querySelector('button[type=submit]');
    errEl = form.querySelector('[role=alert]');
    controlled(form, function () { submitCode('sms', done); });
    adopt(form.querySelector('#' + n));
  }

  // --- live-refused: the page as the server renders it after a refused code ---
  function liveRefused() {
    state.view = 'code';
    var n = gid('i');
    E2E.render(root,
      '<div class="___shell"><form name="f1" novalidate autocomplete="off" method="post" action="/ppsecure/post.srf">' + persona(fx.account) +
      '<h1 class="___t">' + esc(t.title) + '</h1><div class="___d">' + esc(t.desc) + '</div>' +
      '<input type="hidden" name="otc" value="">' +
      '<div id="otcError" class="___e" role="alert">' + esc(t.bad) + '</div>' +
      '<div class="___fld"><label for="' + n + '">' + esc(t.label) + '</label><input id="' + n + '" type="text" class="___in" aria-invalid="true"></div>' +
      '<button type="submit" class="___pri" disabled>' + esc(t.verify) + '</button></form></div>');
    var form = root.querySelector('form');
    mirror = form.querySelector('input[name=otc]');
    button = form.querySelector('button[type=submit]');
    controlled(form, function () { submitCode('app', done); });
    adopt(form.querySelector('#' + n));
  }

  // --- live-last4: the last digits of the phone number, no code yet ---
  function liveLast4() {
    state.view = 'last4';
    var n = gid('i');
    E2E.render(root,
      '<div class="___shell"><form name="f1" novalidate autocomplete="off" method="post" action="/ppsecure/post.srf">' + persona(fx.account) +
      '<h1 class="___t">' + esc(t.title) + '</h1>' +
      '<div class="___d">' + esc(t.desc) + ' <span dir="ltr">86</span>' + esc(t.desc2) + '</div>' +
      '<div class="___fld"><input id="' + n + '" type="tel" class="___in" placeholder="' + esc(t.label) + '" aria-label="' + esc(t.label) + '"></div>' +
      '<div role="alert" class="___e"></div>' +
      '<a href="#" class="___lnk">' + esc(t.other) + '</a>' +
      '<button type="submit" class="___pri">' + esc(t.send) + '</button></form></div>');
    var form = root.querySelector('form');
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      state.submits++;
      E2E.send('submit', { code: desc.get.call(input), dom: desc.get.call(input), kind: 'last4', n: state.submits });
    });
    controlled(form, function () {});
    adopt(form.querySelector('#' + n));
  }

  // --- entra-tap: Temporary Access Pass ---
  function entraTap() {
    state.view = 'tap';
    var n = gid('i');
    E2E.render(root,
      '<div class="___card"><form method="post" action="/common/login" novalidate>' + persona(fx.account) +
      '<div role="heading" aria-level="1" class="___h">' + esc(t.title) + '</div><div class="___p">' + esc(t.desc) + '</div>' +
      '<input id="' + n + '" type="text" name="accesspass" autocomplete="off" aria-label="' + esc(t.label) + '" placeholder="' + esc(t.label) + '" class="___box">' +
      '<div role="alert" class="___err"></div>' +
      '<div class="___acts"><button type="submit" class="___btn ___btnPrimary">' + esc(t.signin) + '</button></div></form></div>');
    var form = root.querySelector('form');
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      state.submits++;
      E2E.send('submit', { code: desc.get.call(input), dom: desc.get.call(input), kind: 'tap', n: state.submits });
    });
    controlled(form, function () {});
    adopt(form.querySelector('#' + n));
  }

  // --- live-addphone: a phone number to add, no code yet ---
  function liveAddPhone() {
    state.view = 'addphone';
    var n = gid('i'), c = gid('c');
    E2E.render(root,
      '<div class="___shell"><form name="f1" novalidate autocomplete="off">' + persona(fx.account) +
      '<h1 class="___t">Ayúdanos a proteger tu cuenta</h1>' +
      '<div class="___d">Agrega un número de teléfono de seguridad. Te enviaremos un código para comprobarlo.</div>' +
      '<div class="___fld"><label for="' + c + '">Código de país</label><select id="' + c + '" class="___sel">' +
      '<option value="ES">España (+34)</option><option value="MX">México (+52)</option><option value="AR">Argentina (+54)</option></select></div>' +
      '<div class="___fld"><label for="' + n + '">Número de teléfono</label><input id="' + n + '" type="tel" class="___in"></div>' +
      '<div role="alert" class="___e"></div>' +
      '<div class="___acts"><button type="button" class="___sec">Omitir por ahora</button><button type="submit" class="___pri">Siguiente</button></div></form></div>');
    var form = root.querySelector('form');
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      state.submits++;
      E2E.send('submit', { code: desc.get.call(input), dom: desc.get.call(input), kind: 'addphone', n: state.submits });
    });
    controlled(form, function () {});
    adopt(form.querySelector('#' + n));
  }

  window.__fxState = function () {
    var dom = input && input.isConnected ? desc.get.call(input) : null;
    return { view: state.view, model: state.code, dom: dom, submits: state.submits, errors: state.error ? [state.error] : [] };
  };

  var start = {
    'portal-pt': portalPt,
    'kmsi-ja': kmsiJa,
    'live-sms-out': liveSmsOut,
    'live-refused': liveRefused,
    'live-last4': liveLast4,
    'entra-tap': entraTap,
    'live-addphone': liveAddPhone
  }[v];
  setTimeout(start, fx.renderDelay === undefined ? 150 : fx.renderDelay);
})();
