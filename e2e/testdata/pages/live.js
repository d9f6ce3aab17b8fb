// Personal-account sign-in page (login.live.com), new React UI. Quirks:
// - the code box is a controlled input: React's value tracker is emulated
//   (an instance-level value property that records what scripts assign), so
//   only a value set through the native HTMLInputElement setter followed by a
//   bubbling input event reaches the component state;
// - the submit button stays disabled until the state holds a code, and the
//   click handler reads the state, not the DOM;
// - the same box serves e-mailed codes (kind=email).
// ui=today is the screen of 2026 (lead's research): the visible box is a
// Fluent floating-label text input with a generated id, no name, no
// maxlength, in form[name=OneTimeCodeViewForm]; a hidden input name=otc
// mirrors the state (a value put there does nothing); the identity banner is
// inside the form. kind=email6: an e-mailed code over six one-digit boxes.
// start=push: the personal push screen (data-testid=displaySign), its
// "Other ways to sign in" footer button, the list of method tiles
// (data-testid=tile, picker images), then the chosen method's view.
// Params: lang, account, kind (app|email|email6), ui, start, renderDelay.
(function () {
  'use strict';
  var fx = window.__fx;
  var T = {
    en: {
      title: 'Enter your code', app: 'Enter the code shown in your authenticator app.',
      email: 'Enter the code we sent to a*****@outlook.com', label: 'Enter code', next: 'Next',
      bad: "That code didn't work. Check the code and try again.", done: "You're signed in", other: 'Use another way to verify',
      push: 'Check your Authenticator app', pushDesc: 'Enter the number shown to sign in.', ways: 'Other ways to sign in',
      tEmail: 'Email a*****@outlook.com', tSms: 'Text *******12', tCode: 'Use a verification code', tPwd: 'Use your password'
    },
    de: {
      title: 'Code eingeben', app: 'Geben Sie den Code ein, der in Ihrer Authentifizierungs-App angezeigt wird.',
      email: 'Geben Sie den Code ein, den wir an a*****@outlook.com gesendet haben.', label: 'Code eingeben', next: 'Weiter',
      bad: 'Dieser Code hat nicht funktioniert. Überprüfen Sie den Code, und versuchen Sie es erneut.', done: 'Sie sind angemeldet',
      other: 'Andere Überprüfungsmethode verwenden'
    },
    ja: {
      title: 'コードを入力する', app: '認証アプリに表示されているコードを入力してください。',
      email: 'a*****@outlook.com に送信したコードを入力してください', label: 'コードを入力', next: '次へ',
      bad: 'そのコードは機能しませんでした。コードを確認して、もう一度お試しください。', done: 'サインインしました', other: '別の方法で確認する'
    }
  };
  var t = T[fx.lang || 'en'];
  var state = { code: '', submitting: false, error: '', done: false };
  var meta = { submits: 0, appeared: false };
  var root = document.getElementById('fx-root');
  var input, button, errEl, mirror, six;

  var desc = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
  // React's inputValueTracking: remember what scripts assign via .value.
  function track(node) {
    var current = '' + desc.get.call(node);
    Object.defineProperty(node, 'value', {
      configurable: true, enumerable: desc.enumerable,
      get: function () { return desc.get.call(this); },
      set: function (v) { current = '' + v; desc.set.call(this, v); }
    });
    node._valueTracker = {
      getValue: function () { return current; },
      setValue: function (v) { current = '' + v; }
    };
  }
  function updateValueIfChanged(node) {
    var tr = node._valueTracker;
    if (!tr) return true;
    var next = desc.get.call(node);
    if (next === tr.getValue()) return false;
    tr.setValue(next);
    return true;
  }

  function setState(patch) {
    for (var k in patch) state[k] = patch[k];
    commit();
  }

  // commit is the "re-render": controlled value and disabled state follow state.
  function commit() {
    if (state.done) {
      E2E.render(root, '<div id="root"><h1 data-testid="title">' + t.done + '</h1></div>');
      return;
    }
    if (desc.get.call(input) !== state.code) {
      desc.set.call(input, state.code);
      input._valueTracker.setValue(state.code);
    }
    if (mirror) mirror.value = state.code;
    button.disabled = state.code.length < 6 || state.submitting;
    errEl.textContent = state.error;
  }

  function onChange(v) {
    setState({ code: v.replace(/\D/g, '').slice(0, 8), error: '' });
    if (state.code.length >= 6 && !meta.filled) {
      meta.filled = true;
      E2E.send('filled', { ms: E2E.mark('filled') - E2E.mark('appear'), model: state.code.length });
    }
  }

  function submit() {
    if (state.code.length < 6 || state.submitting) return;
    meta.submits++;
    setState({ submitting: true });
    E2E.send('submit', { code: state.code, dom: desc.get.call(input), kind: fx.kind || 'app', n: meta.submits }).then(function (r) {
      if (r.ok) setState({ done: true, submitting: false });
      else setState({ submitting: false, error: t.bad, code: '' });
    });
  }

  function mount() {
    if (fx.kind === 'email6') { mountSix(); return; }
    if (fx.ui === 'today') { mountToday(); return; }
    E2E.render(root,
      '<div id="root" class="___1c8ilcn">' +
      '<div data-testid="identityBanner" class="identityBanner"><div class="fui-Persona"><span data-testid="identityBannerUsername">' +
      fx.account + '</span></div></div>' +
      '<form novalidate autocomplete="off">' +
      '<h1 id="oneTimeCodeTitle" data-testid="title">' + t.title + '</h1>' +
      '<div id="oneTimeCodeDescription" data-testid="description">' + (fx.kind === 'email' ? t.email : t.app) + '</div>' +
      '<div class="fui-Field"><span class="fui-Input"><input id="otc-confirmation-input" name="otc" type="tel" inputmode="numeric" ' +
      'maxlength="8" autocomplete="one-time-code" aria-label="' + t.label + '" placeholder="' + t.label + '" class="fui-Input__input"></span>' +
      '<div id="otc-error" role="alert" class="fui-Field__validationMessage"></div></div>' +
      '<button type="button" id="oneTimeCodePrimaryButton" class="fui-Button" data-testid="primaryButton">' + t.next + '</button>' +
      '<div><a href="#" id="idA_PWD_SwitchToProofs">' + t.other + '</a></div>' +
      '</form></div>');
    input = root.querySelector('#otc-confirmation-input');
    button = root.querySelector('#oneTimeCodePrimaryButton');
    errEl = root.querySelector('#otc-error');
    wire();
  }

  function mountToday() {
    var n = 3 + Math.floor(Math.random() * 40);
    E2E.render(root,
      '<div id="root" class="___1c8ilcn"><form name="OneTimeCodeViewForm" novalidate autocomplete="off">' +
      '<div data-testid="identityBanner" class="identityBanner"><div class="fui-Persona"><span data-testid="identityBannerUsername">' + fx.account + '</span></div></div>' +
      '<h1 data-testid="title">' + t.title + '</h1><div data-testid="description" id="description' + n + '">' + t.app + '</div>' +
      '<input type="hidden" name="otc" value="">' +
      '<div class="fui-Field"><span class="fui-Input"><label for="floatingLabelInput' + n + '">' + t.label + '</label>' +
      '<input id="floatingLabelInput' + n + '" type="text" class="fui-Input__input"></span>' +
      '<div id="error' + n + '" role="alert" class="fui-Field__validationMessage"></div></div>' +
      '<button type="submit" class="fui-Button" data-testid="primaryButton">' + t.next + '</button>' +
      '<div data-testid="viewFooter"><span role="button" tabindex="0">' + t.other + '</span></div>' +
      '</form></div>');
    input = root.querySelector('#floatingLabelInput' + n);
    button = root.querySelector('button[type=submit]');
    errEl = root.querySelector('[role=alert]');
    mirror = root.querySelector('input[name=otc]');
    wire();
  }

  // mountSix: the e-mailed code over six one-digit boxes; the model is
  // their digits together.
  function mountSix() {
    var cells = '';
    for (var i = 0; i < 6; i++) cells += '<div class="cell"><input type="text" inputmode="numeric" aria-label="' + t.label + ' ' + (i + 1) + '"></div>';
    E2E.render(root,
      '<div id="root"><form name="OneTimeCodeViewForm" novalidate autocomplete="off">' +
      '<div data-testid="identityBanner"><span data-testid="identityBannerUsername">' + fx.account + '</span></div>' +
      '<h1 data-testid="title">' + t.title + '</h1><div data-testid="description">' + t.email + '</div>' +
      '<div data-testid="codeEntry"><div data-testid="codeInputWrapper">' + cells + '</div></div>' +
      '<button type="submit" class="fui-Button" data-testid="primaryButton">' + t.next + '</button></form></div>');
    var boxes = root.querySelectorAll('[data-testid=codeEntry] input');
    input = boxes[0];
    var read = function () {
      state.code = Array.prototype.map.call(boxes, function (b) { return desc.get.call(b); }).join('');
    };
    root.querySelector('#root').addEventListener('input', read);
    root.querySelector('form').addEventListener('submit', function (e) {
      e.preventDefault();
      read();
      if (state.code.length === 6) { meta.submits++; E2E.send('submit', { code: state.code, dom: state.code, kind: 'email', n: meta.submits }); }
    });
    six = boxes;
    E2E.mark('appear');
  }

  // The personal push screen, "Other ways to sign in", and the method tiles.
  function mountPush() {
    E2E.render(root,
      '<div id="root"><div data-testid="identityBanner"><span data-testid="identityBannerUsername">' + fx.account + '</span></div>' +
      '<h1 data-testid="title">' + t.push + '</h1><div data-testid="displaySign">42</div><p>' + t.pushDesc + '</p>' +
      '<div data-testid="viewFooter"><span role="button" tabindex="0" id="ways">' + t.ways + '</span></div></div>');
    root.querySelector('#ways').addEventListener('click', function () {
      E2E.send('proof', { action: 'signInAnotherWay' });
      setTimeout(mountTiles, 250);
    });
  }
  function mountTiles() {
    var img = function (name) { return 'https://logincdn.msftauth.net/shared/5/images/' + name + '_7a9c8bd4b0a2c1d3.svg'; };
    var tile = function (v, image, text) {
      return '<div data-testid="tile" role="button" tabindex="0" data-m="' + v + '"><img role="presentation" src="' + img(image) + '"><span>' + text + '</span></div>';
    };
    E2E.render(root,
      '<div id="root"><div data-testid="identityBanner"><span data-testid="identityBannerUsername">' + fx.account + '</span></div>' +
      '<h1 data-testid="title">' + t.ways + '</h1><div role="list">' +
      tile('OneWayEmail', 'picker_verify_email', t.tEmail) + tile('OneWaySMS', 'picker_verify_sms', t.tSms) +
      tile('PhoneAppOTP', 'picker_verify_code', t.tCode) + tile('Password', 'picker_password', t.tPwd) + '</div></div>');
    root.querySelectorAll('[data-testid=tile]').forEach(function (el) {
      el.addEventListener('click', function () {
        var v = el.getAttribute('data-m');
        E2E.send('proof', { action: 'choose', value: v });
        setTimeout(function () {
          if (v === 'PhoneAppOTP') mountToday();
          else if (v === 'OneWayEmail') mountSix();
          else E2E.render(root, '<div id="root"><h1>' + v + '</h1></div>');
        }, 250);
      });
    });
  }

  function wire() {
    track(input);
    // React 17+ listens at the root container, for bubbling events only.
    var container = root.querySelector('#root');
    container.addEventListener('input', function (e) {
      if (e.target === input && updateValueIfChanged(input)) onChange(desc.get.call(input));
    });
    container.addEventListener('change', function (e) {
      if (e.target === input && updateValueIfChanged(input)) onChange(desc.get.call(input));
    });
    button.addEventListener('click', function (e) { e.preventDefault(); submit(); });
    root.querySelector('form').addEventListener('submit', function (e) { e.preventDefault(); submit(); });
    E2E.mark('appear');
    commit();
  }

  window.__fxState = function () {
    var box = input && input.isConnected ? input : null;
    var dom = six ? Array.prototype.map.call(six, function (b) { return desc.get.call(b); }).join('') : (box ? desc.get.call(box) : null);
    return { view: state.done ? 'done' : 'code', model: state.code, dom: dom,
      submits: meta.submits, errors: state.error ? [state.error] : [] };
  };

  setTimeout(fx.start === 'push' ? mountPush : mount, fx.renderDelay === undefined ? 200 : fx.renderDelay);
})();
