// Personal-account sign-in page (login.live.com), new React UI. Quirks:
// - the code box is a controlled input: React's value tracker is emulated
//   (an instance-level value property that records what scripts assign), so
//   only a value set through the native HTMLInputElement setter followed by a
//   bubbling input event reaches the component state;
// - the submit button stays disabled until the state holds a code, and the
//   click handler reads the state, not the DOM;
// - the same box serves e-mailed codes (kind=email).
// Params: lang, account, kind (app|email), renderDelay.
(function () {
  'use strict';
  var fx = window.__fx;
  var T = {
    en: {
      title: 'Enter your code', app: 'Enter the code shown in your authenticator app.',
      email: 'Enter the code we sent to a*****@outlook.com', label: 'Enter code', next: 'Next',
      bad: "That code didn't work. Check the code and try again.", done: "You're signed in", other: 'Use another way to verify'
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
  var input, button, errEl;

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
    var box = document.getElementById('otc-confirmation-input');
    return { view: state.done ? 'done' : 'code', model: state.code, dom: box ? desc.get.call(box) : null,
      submits: meta.submits, errors: state.error ? [state.error] : [] };
  };

  setTimeout(mount, fx.renderDelay === undefined ? 200 : fx.renderDelay);
})();
