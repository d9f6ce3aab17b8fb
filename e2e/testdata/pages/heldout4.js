// Held-out sign-in pages, round four (issue 10 check): written apart from
// classic.js, live.js and heldout{,2,3}.js and unlike all of them. Work
// accounts ($Config-driven, login.microsoftonline.com / login.microsoft.com)
// as today's React "new sign-in experience" renders them; none uses an id
// the extension names.
// Params (window.__fx): v (variant), lang, account, renderDelay.
//   portal-number    positive: the card in #fx-root shows a spinner; the code
//                    step is rendered by a React portal appended at the end of
//                    <body> (a Fluent dialog surface): type=number box, no
//                    id, no name, no maxlength; the primary button is a
//                    type=button in the dialog's action row; $Config offers
//                    PhoneAppOTP (default) and OneWaySMS.
//   verify-list      positive (Spanish): the page opens on "Verify your
//                    identity"; the tiles are <div role=button> with CSS icons
//                    (no <img>, no data-value); $Config's default is SMS. The
//                    person picks "Use a verification code" by hand; the code
//                    step that follows (type=tel, autocomplete=one-time-code)
//                    must be filled.
//   recreated        positive (French): the code step renders with its box
//                    disabled while BeginAuth is out; the request fails, a
//                    role=alert banner says so with a Retry button; the
//                    person presses Retry and the whole step is rendered
//                    again with a new box and no banner: that box must be
//                    filled (the banner was a network error, not a refused
//                    code).
//   refused-again    positive once (login.microsoft.com, German): the
//                    React code step; after the submit Microsoft refuses the
//                    code (simulated: the page ignores the server's verdict)
//                    and the same document shows the error in a Fluent
//                    MessageBar (hashed classes, no role, no error id) and
//                    mounts a new empty box 200 ms later: exactly one
//                    submission, no refill loop.
//   react-sms        negative (Korean): the same React page's SMS step after
//                    the person picked "Text +X XXXXXXXX42" (a tile without
//                    data-value); $Config's default is the app. The masked
//                    number is in its own <span>; type=number box.
// The code boxes are controlled inputs (React's value tracker): the model
// follows only bubbling input events; submit reads the model.
(function () {
  'use strict';
  var fx = window.__fx;
  var v = fx.v;
  var root = document.getElementById('fx-root');
  var esc = function (s) { return String(s).replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; }); };

  var state = { code: '', submits: 0, view: '', filled: false, error: '' };
  var input = null, button = null;
  var desc = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');

  var track = E2E.react.track, changed = E2E.react.changed;
  // React listens at the root container (here the portal's for portals).
  function controlled(container) {
    var handler = function (e) {
      if (e.target !== input || !changed(input)) return;
      state.code = desc.get.call(input).replace(/\D/g, '').slice(0, 8);
      commit();
      if (state.code.length >= 6 && !state.filled) {
        state.filled = true;
        E2E.send('filled', { ms: E2E.mark('filled') - E2E.mark('appear'), model: state.code.length });
      }
    };
    container.addEventListener('input', handler);
    container.addEventListener('change', handler);
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
    if (button) button.disabled = state.code.length < 6 || !!state.busy;
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
      state.error = 'x';
      commit();
    });
  }
  // watch: a negative page; any submission is reported.
  function watch(btn, kind) {
    btn.addEventListener('click', function () {
      state.submits++;
      E2E.send('submit', { code: desc.get.call(input), dom: desc.get.call(input), kind: kind, n: state.submits });
    });
  }
  function done() { state.view = 'done'; E2E.render(root, '<div role="status">\u2714</div>'); if (portal) portal.remove(); }

  // The new sign-in experience: a card with the identity pill.
  function card(inner) {
    return '<div class="x1a2b3"><div class="x9k0" role="img" aria-label="Microsoft"></div>' +
      '<div class="x7pill"><span class="x7av" aria-hidden="true">' + esc(fx.account.slice(0, 1).toUpperCase()) + '</span>' +
      '<span class="x7txt" dir="ltr">' + esc(fx.account) + '</span></div>' + inner + '</div>';
  }
  var portal = null;
  function inPortal(html) {
    if (portal) portal.remove();
    portal = E2E.make('div');
    portal.className = 'fui-Portal';
    portal.setAttribute('data-portal-node', 'true');
    portal.innerHTML = html;
    E2E.own(portal);
    document.body.appendChild(portal);
    return portal;
  }
  function dialog(title, body, acts) {
    return '<div class="fui-DialogSurface" role="dialog" aria-modal="true" aria-labelledby="dlgT">' +
      '<div class="fui-DialogBody"><h2 class="fui-DialogTitle" id="dlgT">' + esc(title) + '</h2>' +
      '<div class="fui-DialogContent">' + body + '</div><div class="fui-DialogActions">' + acts + '</div></div></div>';
  }

  // --- portal-number ---
  function portalNumber() {
    state.view = 'code';
    E2E.render(root, card('<div class="x3spin" role="progressbar" aria-label="Loading"></div>'));
    var p = inPortal(dialog('Enter code',
      '<p class="x5d">Enter the code displayed in the Microsoft Authenticator app on your mobile device</p>' +
      '<span class="fui-Input"><input type="number" inputmode="numeric" aria-label="Code" placeholder="Code" class="fui-Input__input"></span>' +
      '<div class="x5err" aria-live="polite"></div>' +
      '<label class="fui-Checkbox"><input type="checkbox" class="fui-Checkbox__input"><span>Don\'t ask again for 90 days</span></label>',
      '<button type="button" class="fui-Button x8lnk">Having trouble? Sign in another way</button>' +
      '<button type="button" class="fui-Button fui-Button--primary x8pri" disabled>Verify</button>'));
    button = p.querySelector('.x8pri');
    controlled(p);
    button.addEventListener('click', function () { submitCode('app', done); });
    adopt(p.querySelector('input[type=number]'));
  }

  // --- verify-list: the person picks the code tile ---
  function verifyList() {
    state.view = 'proofs';
    var tile = function (cls, text) {
      return '<div role="button" tabindex="0" class="x4tile ' + cls + '"><span class="x4ico" aria-hidden="true"></span><span class="x4t">' + text + '</span></div>';
    };
    E2E.render(root, card('<h1 class="x2h">Verifica tu identidad</h1><div role="list" class="x4list">' +
      '<div role="listitem">' + tile('x4a', 'Enviar SMS a +X XXXXXXXX42') + '</div>' +
      '<div role="listitem">' + tile('x4b', 'Aprobar una solicitud en mi aplicación Microsoft Authenticator') + '</div>' +
      '<div role="listitem">' + tile('x4c', 'Usar un código de verificación') + '</div>' +
      '<div role="listitem">' + tile('x4d', 'Llamar al +X XXXXXXXX42') + '</div></div>'));
    root.querySelectorAll('.x4tile').forEach(function (b) {
      b.addEventListener('click', function () {
        E2E.send('proof', { action: 'user', value: b.className });
        if (b.classList.contains('x4c')) setTimeout(verifyListCode, 300);
      });
    });
    setTimeout(function () { var c = root.querySelector('.x4c'); if (c) c.click(); }, 1000);
  }
  function verifyListCode() {
    state.view = 'code';
    E2E.render(root, card('<h1 class="x2h">Escribir código</h1>' +
      '<p class="x5d">Escribe el código que se muestra en la aplicación de autenticación de tu dispositivo móvil</p>' +
      '<div class="x6f"><input type="tel" autocomplete="one-time-code" aria-label="Código" class="x6i"></div>' +
      '<div class="x6e" aria-live="polite"></div>' +
      '<div class="x6a"><button type="button" class="x6s">Cancelar</button><button type="button" class="x6p" disabled>Verificar</button></div>'));
    button = root.querySelector('.x6p');
    controlled(root);
    button.addEventListener('click', function () { submitCode('app', done); });
    adopt(root.querySelector('input'));
  }

  // --- recreated: BeginAuth fails, the step is rendered again ---
  function recreated(attempt) {
    state.view = 'code';
    input = null;
    var body = '<h1 class="x2h">Entrer le code</h1>' +
      '<p class="x5d">Entrez le code affiché dans l\'application Microsoft Authenticator sur votre appareil mobile</p>' +
      (attempt === 0 ? '<div class="x0ban" role="alert" hidden><span>Nous n\'avons pas pu joindre le serveur. Vérifiez votre connexion et réessayez.</span>' +
        '<button type="button" class="x0retry">Réessayer</button></div>' : '') +
      '<div class="x6f"><input type="text" inputmode="numeric" maxlength="6" autocomplete="one-time-code" aria-label="Code" class="x6i"' + (attempt === 0 ? ' disabled' : '') + '></div>' +
      '<div class="x6a"><button type="button" class="x6p" disabled>Vérifier</button></div>';
    E2E.render(root, card(body));
    button = root.querySelector('.x6p');
    if (attempt === 0) {
      var box = root.querySelector('input');
      input = box; track(box);
      // BeginAuth fails after a while.
      setTimeout(function () {
        root.querySelector('.x0ban').hidden = false;
        E2E.send('log', { msg: 'BeginAuth failed' });
        root.querySelector('.x0retry').addEventListener('click', function () {
          E2E.send('log', { msg: 'retry' });
          setTimeout(function () { recreated(1); }, 300);
        });
        // The person reads the banner and presses Retry.
        setTimeout(function () { root.querySelector('.x0retry').click(); }, 1200);
      }, 700);
      return;
    }
    controlled(root);
    button.addEventListener('click', function () { submitCode('app', done); });
    adopt(root.querySelector('input'));
  }

  // --- refused-again: the code is refused, a new box is mounted ---
  function refusedAgain(n) {
    state.view = 'code';
    state.code = '';
    state.filled = false;
    E2E.render(root, card('<h1 class="x2h">Code eingeben</h1>' +
      (n ? '<div class="fui-MessageBar r1x2y3"><div class="r4z5">Dieser Code hat nicht funktioniert. Versuchen Sie es erneut.</div></div>' : '') +
      '<p class="x5d">Geben Sie den Code ein, der in der Microsoft Authenticator-App auf Ihrem Mobilgerät angezeigt wird</p>' +
      '<div class="x6f"><input type="text" inputmode="numeric" maxlength="6" autocomplete="one-time-code" aria-label="Code" class="x6i"></div>' +
      '<div class="x6a"><button type="button" class="x6p" disabled>Überprüfen</button></div>'));
    button = root.querySelector('.x6p');
    if (!n) controlled(root);
    button.addEventListener('click', function () {
      if (state.code.length < 6) { E2E.send('clientreject', { dom: desc.get.call(input).length, model: state.code.length }); return; }
      state.submits++;
      E2E.send('submit', { code: state.code, dom: desc.get.call(input), kind: 'app', n: state.submits });
      // Microsoft refuses it: the step again, with the error.
      input = null;
      setTimeout(function () { refusedAgain(n + 1); }, 200);
    });
    adopt(root.querySelector('input'));
  }

  // --- react-sms: the SMS step of the same page ---
  function reactSms() {
    state.view = 'sms';
    E2E.render(root, card('<div class="x3spin" role="progressbar" aria-label="Loading"></div>'));
    var p = inPortal(dialog('사용자 확인',
      '<p class="x5d">전화 <span dir="ltr" class="x5ph">+X XXXXXXXX42</span>(으)로 코드가 포함된 문자 메시지를 보냈습니다. 코드를 입력하여 로그인하세요.</p>' +
      '<span class="fui-Input"><input type="number" inputmode="numeric" aria-label="코드" placeholder="코드" class="fui-Input__input"></span>' +
      '<div class="x5err" aria-live="polite"></div>',
      '<button type="button" class="fui-Button fui-Button--primary x8pri">확인</button>'));
    button = null;
    controlled(p);
    adopt(p.querySelector('input[type=number]'));
    watch(p.querySelector('.x8pri'), 'sms');
  }

  window.__fxState = function () {
    var dom = input && input.isConnected ? desc.get.call(input) : null;
    return { view: state.view, model: state.code, dom: dom, submits: state.submits, errors: state.error ? [state.error] : [] };
  };

  var start = {
    'portal-number': portalNumber,
    'verify-list': verifyList,
    'recreated': function () { recreated(0); },
    'refused-again': function () { refusedAgain(0); },
    'react-sms': reactSms
  }[v];
  setTimeout(start, fx.renderDelay === undefined ? 150 : fx.renderDelay);
})();
