// Held-out enrollment pages, round five (issue 10 check): written apart from
// testdata/pages/enroll.js, unseen.js and heldout{,2,4}.js and unlike them.
// Params: variant, lang, tenant, upn, secretShown (lower case, groups of 4),
// otpauth, pfCode.
//   ms-dropdown-en  mysignins (English, dark mode): "+ Add sign-in method"
//                   opens a Fluent dropdown (role=listbox/option); the user
//                   picks "Authenticator app", Add; the dialog first offers
//                   Microsoft Authenticator ("Download now") with "I want to
//                   use a different authenticator app"; then "Set up your
//                   account" (Next); then the QR drawn on a <canvas> ~1 s
//                   later; "Can't scan image?" shows "Account name:" with a
//                   tenant name with spaces and punctuation and the 32-char key.
//                   A help panel beside the dialog shows an example key for
//                   another account (must not be the one saved).
//   live-select-en  account.live.com/proofs/Add (English): the method is
//                   chosen from a <select>; the key is shown upper case in
//                   groups of 4 in a monospace <div> under a separate heading;
//                   the code box is on the same page below from the start;
//                   a confirmation page after the code.
//   proofup-table-de proofup.aspx (German): "Configure mobile app" shows
//                   the activation code and URL in a table; the checkbox
//                   "App ohne Benachrichtigungen konfigurieren" switches to
//                   the account name and key in the same table; "Verify now"
//                   ("Jetzt überprüfen") then shows the code box.
//   ms-activation-only-en mysignins where the tenant allows Microsoft
//                   Authenticator only (no "different app" link): the QR and,
//                   behind "Can't scan image?", the activation code and URL in
//                   two <input readonly> boxes with copy buttons. Nothing may
//                   be stored; the extension says why.
// The verification step posts the code to the server (kind submit).
(function () {
  'use strict';
  var fx = window.__fx;
  var root = document.getElementById('fx-root');
  var esc = function (s) { return String(s).replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; }); };
  var state = { view: '', submits: 0, model: '' };
  var box = null;
  window.__fxReveal = function () {};
  window.__fxNext = function () {};
  var later = function (ms, f) { return new Promise(function (r) { setTimeout(function () { f(); r(); }, ms); }); };

  function view(name) { state.view = name; E2E.send('view', { view: name }); }
  function enter(input, button, err, bad, done) {
    box = input;
    state.model = '';
    E2E.mark('appear');
    var read = function () {
      state.model = box.value.replace(/\s/g, '');
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
      E2E.send('submit', { code: state.model, dom: box.value, n: state.submits }).then(function (r) {
        if (r.ok) { view('done'); done(); return; }
        err.textContent = bad;
      });
    });
  }
  function canvasQR(c, text) {
    var img = new Image();
    img.onload = function () { c.getContext('2d').drawImage(img, 0, 0, c.width, c.height); };
    img.src = '/__e2e/qr?size=180&data=' + encodeURIComponent(text);
  }

  // --- ms-dropdown-en ---
  function msDropdown() {
    document.documentElement.style.colorScheme = 'dark';
    document.body.style.cssText = 'background:#1b1a19;color:#f3f2f1';
    E2E.render(root, '<header class="___hdr"><span>My Sign-Ins</span><button type="button" class="___persona" aria-label="Account manager for ' + esc(fx.upn) + '">' + esc(fx.upn.slice(0, 2).toUpperCase()) + '</button></header>' +
      '<div class="___wrap"><main class="___main"><h1>Security info</h1><p>These are the methods you use to sign into your account or reset your password.</p>' +
      '<button type="button" class="ms-Button ___add"><i class="ms-Icon ms-Icon--Add" aria-hidden="true"></i> Add sign-in method</button>' +
      '<div class="___list"><div class="___m">Phone <span>+1 425 555 0100</span></div></div></main>' +
      '<aside class="___help" aria-label="Help"><h2>How to set up an authenticator app</h2><article><p>In your app, add an account and choose "Other account". ' +
      'Type the account name and the secret key, for example:</p><p>Account name: Fabrikam:alex@fabrikam.com<br>Secret key: ' +
      'jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp</p></article></aside></div>');
    view('list');
    var layer = null;
    var dlg = function (title, body, acts) {
      if (layer) layer.remove();
      layer = E2E.make('div');
      layer.className = 'ms-Layer';
      layer.innerHTML = '<div role="dialog" aria-modal="true" aria-labelledby="dt5" class="ms-Dialog-main" style="background:#252423;color:#f3f2f1"><div id="dt5" role="heading" aria-level="2">' + esc(title) + '</div>' +
        '<div class="ms-Dialog-content">' + body + '</div><div class="ms-Dialog-actions">' + acts + '</div></div>';
      E2E.own(layer);
      document.body.appendChild(layer);
      return layer;
    };
    var pick = function () {
      var l = dlg('Add a method', '<p>Which method would you like to add?</p><div class="ms-Dropdown" role="combobox" tabindex="0" aria-expanded="false" aria-haspopup="listbox"><span class="ms-Dropdown-title">Choose a method</span></div><div class="___opts" hidden></div>',
        '<button type="button" class="ms-Button ___cx">Cancel</button><button type="button" class="ms-Button ms-Button--primary ___ad" disabled>Add</button>');
      var dd = l.querySelector('.ms-Dropdown');
      dd.addEventListener('click', function () {
        var o = l.querySelector('.___opts');
        o.innerHTML = '<div role="listbox">' + ['Authenticator app', 'Alternate phone', 'Office phone', 'Security key'].map(function (n, i) {
          return '<button type="button" role="option" aria-selected="false" class="ms-Dropdown-item" data-i="' + i + '">' + n + '</button>';
        }).join('') + '</div>';
        o.hidden = false;
        dd.setAttribute('aria-expanded', 'true');
      });
      return l;
    };
    var download = function () {
      return dlg('Microsoft Authenticator', '<div class="___s"><img alt="" width="64" height="64" src="https://mysignins.microsoft.com/images/authenticator.png"><h3>Start by getting the app</h3>' +
        '<p>On your phone, install the Microsoft Authenticator app. <a href="https://go.microsoft.com/fwlink/p/?linkid=2172705" target="_blank">Download now</a></p>' +
        '<p>After you install the Microsoft Authenticator app on your device, choose "Next".</p><p><a href="#" class="___other">I want to use a different authenticator app</a></p></div>',
        '<button type="button" class="ms-Button ___cx">Cancel</button><button type="button" class="ms-Button ms-Button--primary ___nx">Next</button>');
    };
    var setup = function () {
      return dlg('Authenticator app', '<h3>Set up your account</h3><p>In your app, add a new account.</p>',
        '<button type="button" class="ms-Button ___bk">Back</button><button type="button" class="ms-Button ms-Button--primary ___nx">Next</button>');
    };
    var qr = function () {
      var l = dlg('Authenticator app', '<h3>Scan the QR code</h3><p>Use the authenticator app to scan the QR code. This will connect your authenticator app with your account.</p>' +
        '<div class="___qr"><div class="ms-Spinner" role="progressbar" aria-label="Loading"></div></div>' +
        '<p>After you scan the QR code, choose "Next".</p><p><button type="button" class="ms-Link ___cant">Can\'t scan image?</button></p>' +
        '<div class="___man" hidden></div>',
        '<button type="button" class="ms-Button ___bk">Back</button><button type="button" class="ms-Button ms-Button--primary ___nx">Next</button>');
      setTimeout(function () {
        var q = l.querySelector('.___qr');
        q.innerHTML = '<canvas width="180" height="180" aria-label="QR code"></canvas>';
        E2E.own(q);
        canvasQR(q.querySelector('canvas'), fx.otpauth);
        view('qr');
      }, 1000);
      l.querySelector('.___cant').addEventListener('click', function () {
        var m = l.querySelector('.___man');
        m.innerHTML = '<p>Enter the following into your app:</p><p>Account name: ' + esc(fx.tenant + ':' + fx.upn) + '</p><p>Secret key: ' + esc(fx.secretShown) + '</p>';
        E2E.own(m);
        m.hidden = false;
      });
      // "Next" to the code step (window.__fxNext).
      window.__fxNext = function () { l.querySelector('.___nx').click(); };
      l.querySelector('.___nx').addEventListener('click', function () {
        window.__fxNext = function () {};
        var c = dlg('Authenticator app', '<h3>Enter code</h3><p>Enter the 6-digit code shown in the Authenticator app.</p>' +
          '<div class="ms-TextField"><input type="text" class="ms-TextField-field" placeholder="Enter code" autocomplete="off"></div><div role="alert" class="___e"></div>',
          '<button type="button" class="ms-Button ___bk">Back</button><button type="button" class="ms-Button ms-Button--primary ___nx">Next</button>');
        view('enter');
        enter(c.querySelector('input'), c.querySelector('.___nx'), c.querySelector('.___e'), 'Wrong code. Try again.', function () {
          layer.remove(); layer = null;
          root.querySelector('.___list').insertAdjacentHTML('beforeend', '<div class="___m">Authenticator app <span>TOTP</span></div>');
        });
      });
      return l;
    };
    // What a person does, click by click (window.__fxReveal).
    window.__fxReveal = function () {
      root.querySelector('.___add').click();
      later(300, function () { layer.querySelector('.ms-Dropdown').click(); })
        .then(function () { return later(300, function () { layer.querySelector('[role=option][data-i="0"]').click(); }); })
        .then(function () { return later(300, function () { layer.querySelector('.___ad').click(); }); })
        .then(function () { return later(600, function () { layer.querySelector('.___other').click(); }); })
        .then(function () { return later(600, function () { layer.querySelector('.___nx').click(); }); })
        .then(function () { return later(600, function () { layer.querySelector('.___nx').click(); }); })
        .then(function () { return later(1500, function () { layer.querySelector('.___cant').click(); }); });
    };
    root.querySelector('.___add').addEventListener('click', function () {
      var l = pick();
      l.addEventListener('click', function (e) {
        var o = e.target.closest('[role=option]');
        if (o) {
          o.setAttribute('aria-selected', 'true');
          l.querySelector('.ms-Dropdown-title').textContent = o.textContent;
          l.querySelector('.___opts').hidden = true;
          l.querySelector('.___ad').disabled = false;
          return;
        }
        if (e.target.closest('.___ad')) {
          var d = download();
          var toSetup = function (ev) {
            if (ev) ev.preventDefault();
            var s = setup();
            s.querySelector('.___nx').addEventListener('click', qr);
          };
          d.querySelector('.___other').addEventListener('click', function (ev) {
            ev.preventDefault();
            // The page swaps the dialog to "other app": the same "Next".
            d.querySelector('h3').textContent = 'Authenticator app';
            d.querySelector('.___s').innerHTML = '<h3>Authenticator app</h3><p>Set up an authenticator app of your choice.</p>';
            d.querySelector('.___nx').addEventListener('click', toSetup);
          });
        }
      });
    });
  }

  // --- live-select-en ---
  function liveSelect() {
    E2E.render(root, '<div class="___top"><span>Microsoft account</span><span class="___who">' + esc(fx.upn) + '</span></div>' +
      '<form class="___pg" novalidate><h1>Add security info</h1><p>Security info helps protect your account.</p>' +
      '<label for="pt">How would you like to get security codes?</label> <select id="pt" name="ProofType"><option value="">Choose an option</option>' +
      '<option value="Phone">A phone number</option><option value="Email">An alternate email address</option><option value="TOTP">An app</option></select>' +
      '<div class="___app" hidden></div></form>');
    view('choose');
    var sel = root.querySelector('#pt');
    sel.addEventListener('change', function () {
      if (sel.value !== 'TOTP') return;
      var a = root.querySelector('.___app');
      a.innerHTML = '<h2>Set up an authenticator app</h2><p>Scan this barcode with your app.</p>' +
        '<img alt="" width="160" height="160" src="/__e2e/qr?size=160&data=' + encodeURIComponent(fx.otpauth) + '">' +
        '<h3>Or enter this key</h3><div class="___key" style="font-family:Consolas,monospace;letter-spacing:2px">' + esc(fx.secretShown.toUpperCase()) + '</div>' +
        '<p>Then enter the code the app shows you.</p>' +
        '<div><input type="text" name="iOttText" id="ott" maxlength="6" aria-label="Code" autocomplete="off"></div><div class="___err" role="alert"></div>' +
        '<div><input type="submit" class="___ok" value="Next"> <a href="#">Cancel</a></div>';
      E2E.own(a);
      a.hidden = false;
      view('secret');
      enter(a.querySelector('#ott'), a.querySelector('.___ok'), a.querySelector('.___err'), 'That code is wrong. Try again.', function () {
        E2E.render(root, '<div class="___pg"><h1>You\'re all set</h1><p>Your app has been added to your security info.</p><a href="#">Go to security</a></div>');
      });
    });
    window.__fxReveal = function () { sel.value = 'TOTP'; sel.dispatchEvent(new Event('change', { bubbles: true })); };
  }

  // --- proofup-table-de ---
  function proofupTable() {
    var pf = String(fx.pfCode).replace(/(\d{3})(?=\d)/g, '$1 ');
    E2E.render(root, '<div id="ctl00_Content" class="___content"><h1>Zusätzliche Sicherheitsüberprüfung</h1>' +
      '<div class="___pop" role="dialog" aria-label="Mobile App konfigurieren"><h2>Mobile App konfigurieren</h2>' +
      '<p>Führen Sie die folgenden Schritte aus, um Ihre mobile App zu konfigurieren.</p><ol><li>Installieren Sie die Microsoft Authenticator-App.</li>' +
      '<li>Scannen Sie das Bild unten.</li></ol>' +
      '<img class="___bc" alt="" width="180" height="180" src="/__e2e/qr?size=180&data=' + encodeURIComponent('phonefactor://activate_account?code=' + fx.pfCode + '&url=https://mobileappcommunicator.auth.microsoft.com/mac/MobileAppCommunicator.svc/' + fx.pfCode) + '">' +
      '<p>Wenn Sie das Bild nicht scannen können, geben Sie die folgenden Informationen in Ihrer App ein.</p>' +
      '<table class="___t"><tbody><tr><th>Code:</th><td>' + pf + '</td></tr><tr><th>URL:</th><td>https://mobileappcommunicator.auth.microsoft.com/mac/MobileAppCommunicator.svc/' + fx.pfCode + '</td></tr></tbody></table>' +
      '<p><input type="checkbox" id="cbNoNotif"> <label for="cbNoNotif">App ohne Benachrichtigungen konfigurieren</label></p>' +
      '<p>Wenn in der App ein sechsstelliger Code angezeigt wird, wählen Sie „Weiter“ aus.</p>' +
      '<button type="button" class="___w">Weiter</button> <button type="button">Abbrechen</button></div>' +
      '<div class="___verify" hidden></div></div>');
    view('decoy');
    var cb = root.querySelector('#cbNoNotif');
    cb.addEventListener('change', function () {
      if (!cb.checked) return;
      E2E.send('proof', { action: 'without-notifications' });
      var bc = root.querySelector('.___bc');
      bc.src = '/__e2e/qr?size=180&data=' + encodeURIComponent(fx.otpauth);
      E2E.own(bc);
      var t = root.querySelector('.___t');
      t.innerHTML = '<tbody><tr><th>Kontoname:</th><td>' + esc(fx.tenant + ':' + fx.upn) + '</td></tr><tr><th>Geheimer Schlüssel:</th><td>' + esc(fx.secretShown) + '</td></tr></tbody>';
      E2E.own(t);
      state.view = 'secret';
    });
    var next = function () {
      root.querySelector('.___pop').hidden = true;
      var v = root.querySelector('.___verify');
      v.innerHTML = '<h2>Schritt 2: Bestätigungscode aus der mobilen App eingeben</h2><p>Geben Sie den Bestätigungscode ein, der in Ihrer App angezeigt wird.</p>' +
        '<input type="text" id="txtCode" maxlength="6" autocomplete="off"> <button type="button" class="___v">Jetzt überprüfen</button><span class="___err" role="alert"></span>';
      E2E.own(v);
      v.hidden = false;
      view('enter');
      window.__fxNext = function () {};
      enter(v.querySelector('#txtCode'), v.querySelector('.___v'), v.querySelector('.___err'), 'Falscher Code.', function () {
        v.innerHTML = '<p>Überprüfung erfolgreich.</p>';
      });
    };
    root.querySelector('.___w').addEventListener('click', next);
    window.__fxNext = next;
  }

  // --- ms-activation-only-en ---
  function msActivationOnly() {
    var pf = String(fx.pfCode);
    var url = 'https://mobileappcommunicator.auth.microsoft.com/mac/MobileAppCommunicator.svc/' + pf;
    E2E.render(root, '<header><span>My Sign-Ins</span><span>' + esc(fx.upn) + '</span></header><main><h1>Security info</h1></main>');
    var l = E2E.make('div');
    l.className = 'ms-Layer';
    l.innerHTML = '<div role="dialog" aria-modal="true" class="ms-Dialog-main"><div role="heading" aria-level="2">Microsoft Authenticator</div>' +
      '<h3>Scan the QR code</h3><p>Use the Microsoft Authenticator app to scan the QR code. This will connect the Microsoft Authenticator app with your account.</p>' +
      '<img alt="QR code" width="180" height="180" src="/__e2e/qr?size=180&data=' + encodeURIComponent('phonefactor://activate_account?code=' + pf + '&url=' + url) + '">' +
      '<p><button type="button" class="ms-Link ___cant">Can\'t scan image?</button></p><div class="___man" hidden>' +
      '<div class="ms-TextField"><label for="ac1">Code</label><input id="ac1" readonly value="' + pf + '"><button type="button" aria-label="Copy code">⧉</button></div>' +
      '<div class="ms-TextField"><label for="ac2">URL</label><input id="ac2" readonly value="' + url + '"><button type="button" aria-label="Copy URL">⧉</button></div></div>' +
      '<div class="ms-Dialog-actions"><button type="button">Back</button><button type="button" class="ms-Button--primary">Next</button></div></div>';
    E2E.own(l);
    document.body.appendChild(l);
    l.querySelector('.___cant').addEventListener('click', function () { l.querySelector('.___man').hidden = false; });
    view('decoy');
    setTimeout(function () { l.querySelector('.___cant').click(); }, 500);
  }

  window.__fxState = function () {
    return { view: state.view, model: state.model, dom: box && box.isConnected ? box.value : null, submits: state.submits, errors: [] };
  };

  setTimeout({ 'ms-dropdown-en': msDropdown, 'live-select-en': liveSelect, 'proofup-table-de': proofupTable, 'ms-activation-only-en': msActivationOnly }[fx.variant], 200);
})();
