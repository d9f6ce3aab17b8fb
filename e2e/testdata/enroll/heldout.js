// Held-out enrollment pages (issue 10 check), written apart from
// testdata/pages/enroll.js and unseen.js: other markup, other languages, no
// id the extension names. Each models what Microsoft's pages do today.
// Params: variant, lang, tenant, upn, secretShown, otpauth, pfCode.
//   ms-v9-pl          mysignins, Fluent UI v9 (Polish): the secret shows only
//                     after "Can't scan image?" (window.__fxReveal), in
//                     read-only fields named by <label for>; "Enter code" is a
//                     dialog whose action row is a sibling of the content that
//                     holds the box; the box has a generated id, no maxlength,
//                     no aria-label; "Next" is enabled by the model.
//   live-qronly-nl    account.live.com (Dutch): the QR code only, no key in
//                     text; an <img> sized by CSS alone.
//   proofup-boxfirst-it  proofup.aspx as aka.ms/mfasetup opens it (Italian):
//                     Microsoft Authenticator's activation QR first, the
//                     "Step 2" code box on the page from the start; "without
//                     notifications" swaps in the standard QR and the key.
//   ms-failonce-ko    mysignins (Korean): the first code is refused ("wrong
//                     code"); the step is mounted again with a new box and an
//                     error. The extension must not try again and again.
//   ms-onepage-sv     mysignins one-page Fluent dialog (Swedish): QR, "Can't
//                     scan image?" and the code box in one dialog, the code
//                     box there before the key is revealed; actions beside
//                     the content.
//   ms-cdnqr-tr       mysignins (Turkish): the QR image comes from another
//                     origin (its pixels cannot be read), so the key exists
//                     for the extension only after "Can't scan image?";
//                     label and value in a <dl>.
// The verification step posts the code to the server (kind submit).
(function () {
  'use strict';
  var fx = window.__fx;
  var root = document.getElementById('fx-root');
  var esc = function (s) { return String(s).replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; }); };
  var label = fx.tenant ? fx.tenant + ':' + fx.upn : fx.upn;
  var gid = function () { return '_r_' + Math.floor(Math.random() * 1296).toString(36) + '_'; };
  var qrImg = function (text, extra) { return '<img ' + (extra || '') + ' alt="" src="/__e2e/qr?size=220&data=' + encodeURIComponent(text) + '">'; };
  var pf = 'phonefactor://activate_account?code=' + fx.pfCode + '&url=https%3A%2F%2Fmobileappcommunicator.auth.microsoft.com%2Fmac%2FMobileAppCommunicator.svc%2F' + fx.pfCode;
  var state = { view: '', submits: 0, model: '', refusals: 0 };
  var box = null;
  window.__fxReveal = function () {};
  window.__fxNext = function () {};

  function view(name, html) {
    state.view = name;
    E2E.render(root, html);
    E2E.send('view', { view: name });
  }

  // enter wires a code box the React way (model from input events), its
  // button (enabled by the model when enable is set) and the error line.
  function enter(input, button, err, bad, opts) {
    opts = opts || {};
    box = input;
    E2E.mark('appear');
    var read = function () {
      state.model = box.value;
      if (opts.enable) button.disabled = !/^\d{6}$/.test(state.model);
      if (/^\d{6}$/.test(state.model) && !state.filled) {
        state.filled = true;
        E2E.send('filled', { ms: E2E.mark('filled') - E2E.mark('appear'), model: 6 });
      }
    };
    ['input', 'change'].forEach(function (ev) { box.addEventListener(ev, read); });
    button.addEventListener('click', function (e) {
      e.preventDefault();
      if (!/^\d{6}$/.test(state.model)) { err.textContent = bad; E2E.send('clientreject', { dom: box.value.length }); return; }
      state.submits++;
      var code = state.model;
      E2E.send('submit', { code: code, dom: box.value, n: state.submits }).then(function (r) {
        if (r.ok && !(opts.refuseFirst && state.refusals === 0)) { view('done', '<div role="status">\u2714</div>'); return; }
        state.refusals++;
        if (opts.onRefused) opts.onRefused(); else err.textContent = bad;
      });
    });
  }

  // --- ms-v9-pl --------------------------------------------------------------
  function v9Dialog(title, content, actions) {
    return '<div class="fui-FluentProvider"><div role="dialog" aria-modal="true" aria-labelledby="dlgT" class="fui-DialogSurface ___s1">' +
      '<div class="fui-DialogBody ___b1"><h2 id="dlgT" class="fui-DialogTitle ___t1">' + esc(title) +
      '<button type="button" aria-label="Zamknij" class="fui-Button ___x1">\u2715</button></h2>' +
      '<div class="fui-DialogContent ___c1">' + content + '</div>' +
      '<div class="fui-DialogActions ___a1">' + actions + '</div></div></div></div>';
  }
  function msV9() {
    var a = gid(), s = gid();
    view('qr', '<header class="___top"><span class="___who">' + esc(fx.upn) + '</span></header>' +
      v9Dialog('Aplikacja uwierzytelniająca',
        '<p>Zeskanuj kod QR za pomocą aplikacji uwierzytelniającej.</p>' + qrImg(fx.otpauth, 'width="180" height="180"') +
        '<p><button type="button" class="fui-Link ___l1">Nie możesz zeskanować obrazu?</button></p>' +
        '<div class="___manual" hidden>' +
        '<div class="fui-Field"><label for="' + a + '" class="fui-Label">Nazwa konta</label><span class="fui-Input"><input id="' + a + '" readonly class="fui-Input__input" value="' + esc(label) + '"></span></div>' +
        '<div class="fui-Field"><label for="' + s + '" class="fui-Label">Klucz tajny</label><span class="fui-Input"><input id="' + s + '" readonly class="fui-Input__input" value="' + esc(fx.secretShown) + '"></span></div></div>',
        '<button type="button" class="fui-Button ___b2">Wstecz</button><button type="button" class="fui-Button ___b3">Dalej</button>'));
    var reveal = function () { root.querySelector('.___manual').hidden = false; };
    root.querySelector('.___l1').addEventListener('click', reveal);
    window.__fxReveal = function () { root.querySelector('.___l1').click(); };
    root.querySelector('.___b3').addEventListener('click', msV9Enter);
    window.__fxNext = msV9Enter;
  }
  function msV9Enter() {
    var n = gid();
    view('enter', v9Dialog('Aplikacja uwierzytelniająca',
      '<p>Wprowadź 6-cyfrowy kod wyświetlany w aplikacji uwierzytelniającej.</p>' +
      '<div class="fui-Field"><label for="' + n + '" class="fui-Label">Wprowadź kod</label><span class="fui-Input"><input id="' + n + '" type="text" inputmode="numeric" autocomplete="off" class="fui-Input__input"></span>' +
      '<div role="alert" class="fui-Field__validationMessage"></div></div>',
      '<button type="button" class="fui-Button ___b2">Wstecz</button><button type="button" class="fui-Button ___b3" disabled>Dalej</button>'));
    window.__fxNext = function () {};
    enter(root.querySelector('#' + n), root.querySelector('.___b3'), root.querySelector('[role=alert]'), 'Nieprawidłowy kod.', { enable: true });
  }

  // --- live-qronly-nl ----------------------------------------------------------
  function liveQR() {
    view('qr', '<div class="___page"><div class="___id">' + esc(fx.upn) + '</div><h1>Een verificatie-app instellen</h1>' +
      '<p>Scan de QR-code met uw verificatie-app.</p><div class="___qr">' + qrImg(fx.otpauth, 'style="width:180px;height:180px"') + '</div>' +
      '<p><button type="button" class="___n">Volgende</button></p></div>');
    root.querySelector('.___n').addEventListener('click', liveEnter);
    window.__fxNext = liveEnter;
  }
  function liveEnter() {
    view('enter', '<div class="___page"><h1>Een verificatie-app instellen</h1><form class="___f" novalidate>' +
      '<p>Voer de code in die door uw app is gegenereerd.</p><input type="text" inputmode="numeric" maxlength="6" aria-label="Code" autocomplete="off" class="___c">' +
      '<div class="___err" role="alert"></div><button type="button" class="___cancel">Annuleren</button><button type="submit" class="___ok">Volgende</button></form></div>');
    window.__fxNext = function () {};
    enter(root.querySelector('.___c'), root.querySelector('.___ok'), root.querySelector('.___err'), 'Deze code werkt niet.');
  }

  // --- proofup-boxfirst-it -----------------------------------------------------
  function proofup() {
    view('decoy', '<div class="___content"><h1>Verifica di sicurezza aggiuntiva</h1>' +
      '<div class="___step"><h2>Passaggio 1: configurare l\'app per dispositivi mobili</h2>' +
      '<div class="___bc">' + qrImg(pf, 'width="200" height="200"') + '</div>' +
      '<p class="___pf">Se non è possibile eseguire la scansione dell\'immagine, immettere le informazioni seguenti nell\'app.<br>Codice: ' +
      fx.pfCode.replace(/(\d{3})(?=\d)/g, '$1 ') + '<br>URL: https://mobileappcommunicator.auth.microsoft.com/mac/MobileAppCommunicator.svc/' + fx.pfCode + '</p>' +
      '<p><a href="#" class="___sw">Configura l\'app senza notifiche</a></p><div class="___key" hidden></div></div>' +
      '<div class="___step"><h2>Passaggio 2: immettere il codice di verifica dall\'app per dispositivi mobili</h2>' +
      '<input type="text" class="___c" maxlength="6" autocomplete="off"><span class="___err" role="alert"></span>' +
      '<button type="button" class="___v">Verifica</button></div>' +
      '<div class="___nav"><button type="button" class="___cx">Annulla</button></div></div>');
    root.querySelector('.___sw').addEventListener('click', function (e) {
      e.preventDefault();
      E2E.send('proof', { action: 'without-notifications' });
      var bc = root.querySelector('.___bc');
      bc.innerHTML = qrImg(fx.otpauth, 'width="200" height="200"');
      E2E.own(bc);
      root.querySelector('.___pf').hidden = true;
      var k = root.querySelector('.___key');
      k.innerHTML = '<p>Nome account: ' + esc(label) + '</p><p>Chiave privata: ' + esc(fx.secretShown) + '</p>';
      E2E.own(k);
      k.hidden = false;
      state.view = 'secret';
    });
    enter(root.querySelector('.___c'), root.querySelector('.___v'), root.querySelector('.___err'), 'Codice non corretto.');
  }

  // --- ms-failonce-ko ----------------------------------------------------------
  function msKo() {
    view('qr', '<div class="ms-Layer"><div role="dialog" class="ms-Modal"><div class="___w"><h2>인증 앱</h2>' +
      '<p>인증 앱을 사용하여 QR 코드를 스캔합니다.</p>' + qrImg(fx.otpauth, 'width="180" height="180"') +
      '<dl><dt>계정 이름:</dt><dd>' + esc(label) + '</dd><dt>비밀 키:</dt><dd>' + esc(fx.secretShown) + '</dd></dl>' +
      '<div><button type="button" class="___b">뒤로</button><button type="button" class="___n">다음</button></div></div></div></div>');
    root.querySelector('.___n').addEventListener('click', msKoEnter);
    window.__fxNext = msKoEnter;
  }
  function msKoEnter(errText) {
    var n = gid();
    view('enter', '<div class="ms-Layer"><div role="dialog" class="ms-Modal"><div class="___w"><h2>코드 입력</h2>' +
      '<p>인증 앱에 표시된 6자리 코드를 입력하세요.</p>' +
      '<input id="' + n + '" type="text" inputmode="numeric" maxlength="6" autocomplete="off" aria-label="코드 입력">' +
      '<div role="alert" class="___e">' + (typeof errText === 'string' ? esc(errText) : '') + '</div>' +
      '<div><button type="button" class="___b">뒤로</button><button type="button" class="___n">다음</button></div></div></div></div>');
    window.__fxNext = function () {};
    state.model = '';
    enter(root.querySelector('#' + n), root.querySelector('.___n'), root.querySelector('.___e'), '잘못된 코드를 입력했습니다.', {
      refuseFirst: true,
      // The wizard mounts the step again: a new box, the error above it.
      onRefused: function () { msKoEnter('잘못된 코드를 입력했습니다. 다시 시도하세요.'); }
    });
  }

  // --- ms-onepage-sv -----------------------------------------------------------
  function msOnePage() {
    var n = gid();
    view('qr', '<div class="ms-Modal is-open"><div role="dialog" class="ms-Dialog-main ___m">' +
      '<div class="ms-Dialog-header"><h2 class="ms-Dialog-title">Autentiseringsapp</h2></div>' +
      '<div class="ms-Dialog-inner"><div class="ms-Dialog-content ___cnt">' +
      '<p>Skanna QR-koden med autentiseringsappen.</p>' + qrImg(fx.otpauth, 'width="176" height="176"') +
      '<p><button type="button" class="ms-Link ___l">Kan du inte skanna bilden?</button></p>' +
      '<div class="___man" hidden><p>Kontonamn: ' + esc(label) + '</p><p>Hemlig nyckel: ' + esc(fx.secretShown) + '</p></div>' +
      '<div class="ms-TextField"><label for="' + n + '" class="ms-Label">Ange koden från appen</label><div class="ms-TextField-fieldGroup">' +
      '<input id="' + n + '" type="text" inputmode="numeric" maxlength="6" class="ms-TextField-field" autocomplete="off"></div></div>' +
      '<div role="alert" class="___e"></div></div>' +
      '<div class="ms-Dialog-actions"><div class="ms-Dialog-actionsRight">' +
      '<span class="ms-Dialog-action"><button type="button" class="ms-Button ms-Button--default"><span class="ms-Button-label">Avbryt</span></button></span>' +
      '<span class="ms-Dialog-action"><button type="button" class="ms-Button ms-Button--primary" disabled><span class="ms-Button-label">Nästa</span></button></span>' +
      '</div></div></div></div></div>');
    root.querySelector('.___l').addEventListener('click', function () { root.querySelector('.___man').hidden = false; });
    window.__fxReveal = function () { root.querySelector('.___l').click(); };
    enter(root.querySelector('#' + n), root.querySelector('.ms-Button--primary'), root.querySelector('.___e'), 'Fel kod.', { enable: true });
  }

  // --- ms-cdnqr-tr --------------------------------------------------------------
  function msCdn() {
    view('qr', '<div class="ms-Layer"><div role="dialog" aria-modal="true" class="ms-Modal"><div class="___w"><h2>Kimlik doğrulayıcı uygulama</h2>' +
      '<p>QR kodunu kimlik doğrulayıcı uygulamayla tarayın.</p>' +
      '<img alt="QR kodu" width="180" height="180" src="https://aadcdn.msftauth.net/ests/2.1/content/cdnbundles/qr_' + fx.pfCode + '.png">' +
      '<p><button type="button" class="ms-Link ___l">Görüntüyü tarayamıyor musunuz?</button></p>' +
      '<dl class="___m" hidden><dt>Hesap adı:</dt><dd>' + esc(label) + '</dd><dt>Gizli anahtar:</dt><dd>' + esc(fx.secretShown) + '</dd></dl>' +
      '<div><button type="button" class="ms-Button">Geri</button><button type="button" class="ms-Button ms-Button--primary ___n">İleri</button></div></div></div></div>');
    root.querySelector('.___l').addEventListener('click', function () { root.querySelector('.___m').hidden = false; });
    window.__fxReveal = function () { setTimeout(function () { root.querySelector('.___l').click(); }, 600); };
    var next = function () {
      var n = gid();
      view('enter', '<div class="ms-Layer"><div role="dialog" aria-modal="true" class="ms-Modal"><div class="___w"><h2>Kodu girin</h2>' +
        '<p>Uygulamada gösterilen 6 basamaklı kodu girin.</p><input id="' + n + '" type="text" inputmode="numeric" maxlength="6" autocomplete="off" aria-label="Kodu girin">' +
        '<div role="alert" class="___e"></div><div><button type="button" class="ms-Button">Geri</button><button type="button" class="ms-Button ms-Button--primary ___n">İleri</button></div></div></div></div>');
      window.__fxNext = function () {};
      enter(root.querySelector('#' + n), root.querySelector('.___n'), root.querySelector('.___e'), 'Yanlış kod.');
    };
    root.querySelector('.___n').addEventListener('click', next);
    window.__fxNext = next;
  }

  window.__fxState = function () {
    return { view: state.view, model: state.model, dom: box && box.isConnected ? box.value : null, submits: state.submits, errors: [] };
  };

  setTimeout({ 'ms-v9-pl': msV9, 'live-qronly-nl': liveQR, 'proofup-boxfirst-it': proofup, 'ms-failonce-ko': msKo, 'ms-onepage-sv': msOnePage, 'ms-cdnqr-tr': msCdn }[fx.variant], 200);
})();
