// Enrollment pages written unlike testdata/pages/enroll.js and unlike
// anything the extension's code names: no Microsoft ids or test ids, other
// languages, other markup. They check that the capture works from structure.
// Params: variant, lang, tenant, upn, secretShown, pfCode, otpauth.
//   inline-es   label and value in one <p>, two lines split by <br>;
//               verification box known only as one-time-code, no maxlength
//   samepage-it personal account: the key in a read-only field named by
//               aria-label, upper case without spaces, and the code box on
//               the same page (no "Next" in between)
//   decoy-pt    Authenticator-only view whose activation code, URL and link
//               wording are not the ones the extension lists; its switch
//               link leads to a table with the key; verification box known
//               only as numeric (inputmode + pattern) in a <form>
// The verification step posts the code to the server (kind submit).
(function () {
  'use strict';
  var fx = window.__fx;
  var root = document.getElementById('fx-root');
  var esc = function (s) { return String(s).replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; }); };
  var label = fx.tenant ? fx.tenant + ':' + fx.upn : fx.upn;
  var state = { view: '', submits: 0, model: '' };
  var box = null;

  function view(name, html, next) {
    state.view = name;
    E2E.render(root, html);
    window.__fxNext = next || function () {};
    E2E.send('view', { view: name });
  }

  // enter wires a code box and its button like a React form: the model
  // follows input events; the button submits the model.
  function enter(input, button, bad) {
    box = input;
    E2E.mark('appear');
    var read = function () {
      state.model = box.value;
      if (/^\d{6}$/.test(state.model) && !state.filled) {
        state.filled = true;
        E2E.send('filled', { ms: E2E.mark('filled') - E2E.mark('appear'), model: 6 });
      }
    };
    ['input', 'change'].forEach(function (ev) { box.addEventListener(ev, read); });
    var submit = function (e) {
      if (e) e.preventDefault();
      if (!/^\d{6}$/.test(state.model)) { E2E.send('clientreject', { dom: box.value.length }); return; }
      state.submits++;
      E2E.send('submit', { code: state.model, dom: box.value, n: state.submits }).then(function (r) {
        if (r.ok) view('done', '<div role="status">\u2714</div>');
        else root.querySelector('.err').textContent = bad;
      });
    };
    if (button.form) button.form.addEventListener('submit', submit);
    else button.addEventListener('click', submit);
  }

  function inlineES() {
    view('secret', '<section class="wiz"><header class="top"><span class="who">' + esc(fx.upn) + '</span></header>' +
      '<div class="card" role="dialog"><h2>Aplicación de autenticación</h2><p>Escanee el código QR con la aplicación.</p>' +
      '<p class="manual">Nombre de la cuenta: ' + esc(label) + '<br>Clave secreta: ' + esc(fx.secretShown) + '</p>' +
      '<div class="acts"><button type="button" class="b1">Atrás</button><button type="button" class="b2">Siguiente</button></div></div></section>', enterES);
    root.querySelector('.b2').addEventListener('click', enterES);
  }
  function enterES() {
    view('enter', '<section class="wiz"><div class="card" role="dialog"><h2>Escriba el código</h2>' +
      '<p>Escriba el código de 6 dígitos que se muestra en la aplicación.</p>' +
      '<input type="text" class="f" autocomplete="one-time-code"><div class="err" role="alert"></div>' +
      '<div class="acts"><button type="button" class="b1">Atrás</button><button type="button" class="b2">Siguiente</button></div></div></section>');
    enter(root.querySelector('.f'), root.querySelector('.b2'), 'Código incorrecto');
  }

  function samePageIT() {
    view('secret', '<div class="page"><div class="bar"><span class="me">' + esc(fx.upn) + '</span></div>' +
      '<h1>Configura un\'app di autenticazione</h1><p>Non riesci a scansionare il codice? Immetti questa chiave nell\'app.</p>' +
      '<input readonly class="k" aria-label="Chiave segreta" value="' + esc(fx.secretShown.replace(/ /g, '').toUpperCase()) + '">' +
      '<p>Poi immetti il codice generato dall\'app.</p>' +
      '<input type="tel" class="c" maxlength="6" aria-label="Codice"><div class="err" role="alert"></div>' +
      '<button type="button" class="n">Avanti</button></div>');
    enter(root.querySelector('.c'), root.querySelector('.n'), 'Codice errato');
  }

  function decoyPT() {
    var code = fx.pfCode.replace(/(\d{3})(?=\d)/g, '$1 ');
    view('decoy', '<div class="shell"><div class="dlg" role="dialog"><h2>Microsoft Authenticator</h2>' +
      '<p>Se não conseguir ler a imagem, insira estes dados no aplicativo.</p>' +
      '<dl><dt>Código</dt><dd>' + code + '</dd><dt>URL</dt><dd>https://mfa-activation.example.net/a/' + fx.pfCode + '/BRA</dd></dl>' +
      '<p><button type="button" class="lnk">Quero usar outro aplicativo autenticador</button></p>' +
      '<div class="acts"><button type="button">Voltar</button><button type="button">Próximo</button></div></div></div>');
    root.querySelector('.lnk').addEventListener('click', function () {
      E2E.send('proof', { action: 'other-app' });
      setTimeout(tablePT, 150);
    });
  }
  function tablePT() {
    view('secret', '<div class="shell"><div class="dlg" role="dialog"><h2>Aplicativo autenticador</h2>' +
      '<table><tr><th>Nome da conta</th><td>' + esc(label) + '</td></tr><tr><th>Chave secreta</th><td>' + esc(fx.secretShown) + '</td></tr></table>' +
      '<div class="acts"><button type="button">Voltar</button><button type="button" class="nx">Próximo</button></div></div></div>', enterPT);
    root.querySelector('.nx').addEventListener('click', enterPT);
  }
  function enterPT() {
    view('enter', '<div class="shell"><div class="dlg" role="dialog"><h2>Insira o código</h2>' +
      '<form class="frm"><input type="text" class="f" inputmode="numeric" pattern="[0-9]*"><div class="err" role="alert"></div>' +
      '<button type="button">Voltar</button><input type="submit" value="Próximo"></form></div></div>');
    enter(root.querySelector('.f'), root.querySelector('input[type=submit]'), 'Código incorreto');
  }

  window.__fxState = function () {
    return { view: state.view, model: state.model, dom: box ? box.value : null, submits: state.submits, errors: [] };
  };

  setTimeout({ 'inline-es': inlineES, 'samepage-it': samePageIT, 'decoy-pt': decoyPT }[fx.variant], 200);
})();
