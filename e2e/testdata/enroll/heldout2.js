// Held-out enrollment pages, round two (issue 10 check): written apart from
// testdata/pages/enroll.js, unseen.js and heldout.js and unlike them. The QR
// images come from Microsoft's CDN (another origin: their pixels cannot be
// read), so the key as the page writes it is all the extension can use.
// Params: variant, lang, tenant, upn, secretShown (lower case, groups of 4),
// otpauth, pfCode.
//   ms-farcopy-da   mysignins (Danish): "Account name" (Tenant:UPN) at the top
//                   of the dialog, the key at the bottom, far from it, after
//                   "Can't scan image?": lower case, its groups of four
//                   separated by narrow no-break spaces (U+202F), beside a
//                   copy button with an icon; "Next" opens the code step.
//   ms-download-fi  mysignins (Finnish): first the Microsoft Authenticator
//                   "Download now" step; "I want to use a different
//                   authenticator app" -> "Set up your account" -> Next -> QR
//                   and "Can't scan image?" -> the key in one block (no
//                   groups), the account name beside it; the code step is a
//                   NEW dialog (the old one removed) that shows no account:
//                   only the page header's persona names the user.
//   live-nbsp-sk    account.live.com/proofs/Add (Slovak): the key upper case
//                   in groups separated by &nbsp; inside a <span> per group,
//                   the account only in the page header; the code box is a
//                   type=tel box with autocomplete=one-time-code that appears
//                   under the key after "Next".
//   ms-twice-nb     mysignins (Norwegian), one page session: add the
//                   authenticator (QR, "Can't scan image?" -> a table of
//                   account name and key), verify; then (window.__fxAgain)
//                   the user deletes the method, confirms, adds it again and
//                   gets a new key (secretShown2) in the same kind of dialog.
// The verification step posts the code to the server (kind submit).
(function () {
  'use strict';
  var fx = window.__fx;
  var root = document.getElementById('fx-root');
  var esc = function (s) { return String(s).replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; }); };
  var label = fx.tenant ? fx.tenant + ':' + fx.upn : fx.upn;
  var gid = function () { return 'id__' + Math.floor(Math.random() * 46656); };
  var cdnQR = function (w) { return '<img alt="QR" width="' + w + '" height="' + w + '" src="https://aadcdn.msftauth.net/ests/2.1/content/cdnbundles/qrcode_' + fx.pfCode + '.png">'; };
  var groups = String(fx.secretShown).split(' ');
  var state = { view: '', submits: 0, model: '' };
  var box = null;
  window.__fxReveal = function () {};
  window.__fxNext = function () {};

  function view(name, html, into) {
    state.view = name;
    E2E.render(into || root, html);
    E2E.send('view', { view: name });
  }
  function header() {
    return '<header class="___hdr"><div class="___brand">Microsoft</div><button type="button" class="___me" aria-label="Account manager">' +
      '<span class="___ini" aria-hidden="true">' + esc(fx.upn.slice(0, 2).toUpperCase()) + '</span><span class="___mail">' + esc(fx.upn) + '</span></button></header>';
  }
  // enter wires the code box the React way (model from input events).
  function enter(input, button, err, bad) {
    box = input;
    E2E.mark('appear');
    var read = function () {
      state.model = box.value.replace(/\s/g, '');
      button.disabled = !/^\d{6}$/.test(state.model);
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
        if (r.ok) { view('done', header() + '<main><div role="status">\u2714</div></main>'); return; }
        err.textContent = bad;
      });
    });
  }

  // --- ms-farcopy-da -------------------------------------------------------------
  function msFar() {
    var dlg = function (title, body, acts) {
      return header() + '<main class="___main"><h1>Sikkerhedsoplysninger</h1></main>' +
        '<div class="ms-Layer"><div role="dialog" aria-modal="true" class="ms-Modal ___dlg"><div class="___in"><h2>' + esc(title) + '</h2>' + body +
        '<div class="___acts">' + acts + '</div></div></div></div>';
    };
    view('qr', dlg('Godkendelsesapp',
      '<div class="___acct"><div class="___lbl">Kontonavn:</div><div class="___val">' + esc(label) + '</div></div>' +
      '<p>Scan QR-koden med godkendelsesappen. Dette forbinder appen med din konto.</p>' + cdnQR(172) +
      '<p>Når du har scannet QR-koden, skal du vælge "Næste".</p>' +
      '<p><button type="button" class="ms-Link ___l">Kan du ikke scanne billedet?</button></p>' +
      '<div class="___man" hidden><p>Indtast følgende i din app:</p>' +
      '<div class="___row"><span class="___k">Hemmelig nøgle:</span> <span class="___sec" dir="ltr">' + groups.join('\u202f') + '</span>' +
      '<button type="button" class="ms-Button ms-Button--icon ___cp" aria-label="Kopiér hemmelig nøgle til Udklipsholder"><i class="ms-Icon ms-Icon--Copy" aria-hidden="true"></i></button></div></div>',
      '<button type="button" class="ms-Button ___b">Tilbage</button><button type="button" class="ms-Button ms-Button--primary ___n">Næste</button>'));
    root.querySelector('.___l').addEventListener('click', function () { root.querySelector('.___man').hidden = false; });
    window.__fxReveal = function () { root.querySelector('.___l').click(); };
    var next = function () {
      var n = gid();
      view('enter', dlg('Godkendelsesapp',
        '<p>Indtast den 6-cifrede kode, der vises i godkendelsesappen.</p>' +
        '<div class="ms-TextField"><div class="ms-TextField-fieldGroup"><input id="' + n + '" type="text" inputmode="numeric" autocomplete="off" aria-label="Angiv kode" class="ms-TextField-field"></div></div>' +
        '<div role="alert" class="___e"></div>',
        '<button type="button" class="ms-Button ___b">Tilbage</button><button type="button" class="ms-Button ms-Button--primary ___n" disabled>Næste</button>'));
      window.__fxNext = function () {};
      enter(root.querySelector('#' + n), root.querySelector('.___n'), root.querySelector('.___e'), 'Forkert kode.');
    };
    root.querySelector('.___n').addEventListener('click', next);
    window.__fxNext = next;
  }

  // --- ms-download-fi ------------------------------------------------------------
  function msDownload() {
    root.innerHTML = '';
    var page = E2E.make('div');
    page.innerHTML = header() + '<main class="___main"><h1>Suojaustiedot</h1><p>Näitä tapoja käytetään kirjautumiseen tiliisi.</p></main>';
    E2E.own(page);
    root.appendChild(page);
    var layer = null;
    var dialog = function (title, body, acts) {
      if (layer) layer.remove();
      layer = E2E.make('div');
      layer.className = 'fui-Portal';
      layer.innerHTML = '<div role="dialog" aria-modal="true" class="fui-DialogSurface"><div class="fui-DialogBody"><h2 class="fui-DialogTitle">' + esc(title) + '</h2>' +
        '<div class="fui-DialogContent">' + body + '</div><div class="fui-DialogActions">' + acts + '</div></div></div>';
      E2E.own(layer);
      document.body.appendChild(layer);
      return layer;
    };
    state.view = 'download';
    E2E.send('view', { view: 'download' });
    var l = dialog('Microsoft Authenticator',
      '<img alt="" width="64" height="64" src="https://aadcdn.msftauth.net/ests/2.1/content/images/authenticator_app_icon.svg">' +
      '<p><b>Aloita hankkimalla sovellus</b></p><p>Asenna Microsoft Authenticator -sovellus puhelimeesi. <a href="https://go.microsoft.com/fwlink/p/?linkid=2168850">Lataa nyt</a></p>' +
      '<p>Kun olet asentanut Microsoft Authenticator -sovelluksen laitteeseesi, valitse Seuraava.</p>' +
      '<p><a href="#" class="fui-Link ___other">Haluan käyttää toista todennussovellusta</a></p>',
      '<button type="button" class="fui-Button ___cx">Peruuta</button><button type="button" class="fui-Button ___nx">Seuraava</button>');
    var setup = function (e) {
      if (e) e.preventDefault();
      E2E.send('proof', { action: 'different-app' });
      state.view = 'setup';
      var s = dialog('Todennussovellus', '<p><b>Määritä tilisi</b></p><p>Lisää sovellukseen uusi tili.</p>',
        '<button type="button" class="fui-Button ___bk">Takaisin</button><button type="button" class="fui-Button ___nx">Seuraava</button>');
      s.querySelector('.___nx').addEventListener('click', qr);
    };
    var qr = function () {
      state.view = 'qr';
      var q = dialog('Todennussovellus',
        '<p><b>Skannaa QR-koodi</b></p><p>Skannaa QR-koodi todennussovelluksella.</p>' + cdnQR(180) +
        '<p><button type="button" class="fui-Link ___cant">Etkö voi skannata kuvaa?</button></p>' +
        '<div class="___man" hidden><p>Tilin nimi: ' + esc(label) + '</p><p>Salainen avain: ' + esc(groups.join('').toUpperCase()) + '</p></div>',
        '<button type="button" class="fui-Button ___bk">Takaisin</button><button type="button" class="fui-Button ___nx">Seuraava</button>');
      q.querySelector('.___cant').addEventListener('click', function () { q.querySelector('.___man').hidden = false; });
      q.querySelector('.___nx').addEventListener('click', code);
      window.__fxNext = code;
    };
    var code = function () {
      state.view = 'enter';
      var n = gid();
      var c = dialog('Todennussovellus',
        '<p><b>Anna koodi</b></p><p>Anna todennussovelluksessa näkyvä 6-numeroinen koodi.</p>' +
        '<div class="fui-Field"><span class="fui-Input"><input id="' + n + '" type="text" maxlength="6" autocomplete="off" class="fui-Input__input" placeholder="Anna koodi"></span>' +
        '<div role="alert" class="fui-Field__validationMessage"></div></div>',
        '<button type="button" class="fui-Button ___bk">Takaisin</button><button type="button" class="fui-Button ___nx" disabled>Seuraava</button>');
      window.__fxNext = function () {};
      enter(c.querySelector('#' + n), c.querySelector('.___nx'), c.querySelector('[role=alert]'), 'Väärä koodi.');
    };
    l.querySelector('.___other').addEventListener('click', setup);
    // What a person does: the other app, Next, then "Can't scan image?".
    window.__fxReveal = function () {
      layer.querySelector('.___other').click();
      setTimeout(function () {
        layer.querySelector('.___nx').click();
        setTimeout(function () { layer.querySelector('.___cant').click(); }, 400);
      }, 400);
    };
  }

  // --- live-nbsp-sk ---------------------------------------------------------------
  function liveNbsp() {
    var key = groups.map(function (g) { return '<span class="___g">' + esc(g.toUpperCase()) + '</span>'; }).join('&nbsp;');
    view('qr', header() + '<div class="___page"><h1>Nastavenie overovacej aplikácie</h1>' +
      '<p>Naskenujte tento kód QR pomocou overovacej aplikácie.</p>' + cdnQR(160) +
      '<p>Ak nemôžete naskenovať kód QR, zadajte do aplikácie tento kód:</p><p class="___key" dir="ltr">' + key + '</p>' +
      '<div class="___step2"></div><p><button type="button" class="___n">Ďalej</button></p></div>');
    var next = function () {
      var s = root.querySelector('.___step2');
      var n = gid();
      s.innerHTML = '<p>Zadajte kód, ktorý zobrazuje aplikácia.</p><input id="' + n + '" type="tel" autocomplete="one-time-code" aria-label="Kód">' +
        '<div class="___err" role="alert"></div><button type="button" class="___ok" disabled>Overiť</button>';
      E2E.own(s);
      root.querySelector('.___n').remove();
      state.view = 'enter';
      window.__fxNext = function () {};
      enter(s.querySelector('#' + n), s.querySelector('.___ok'), s.querySelector('.___err'), 'Kód je nesprávny.');
    };
    root.querySelector('.___n').addEventListener('click', next);
    window.__fxNext = next;
  }

  // --- ms-twice-nb ------------------------------------------------------------------
  function msTwice() {
    var secret = fx.secretShown;
    var list = function (has) {
      view('list', header() + '<main class="___main"><h1>Sikkerhetsinformasjon</h1>' +
        '<button type="button" class="ms-Button ___add">+ Legg til påloggingsmetode</button>' +
        '<div role="table" class="___methods">' + (has ? '<div role="row"><span role="cell">Godkjenningsapp</span><span role="cell">Tidsbasert engangspassord (TOTP)</span>' +
        '<span role="cell"><button type="button" class="ms-Link ___del">Slett</button></span></div>' : '') + '</div></main>');
      root.querySelector('.___add').addEventListener('click', add);
      var del = root.querySelector('.___del');
      if (del) del.addEventListener('click', confirmDelete);
    };
    var dlg = function (title, body, acts) {
      var l = E2E.make('div');
      l.className = 'ms-Layer ___layer';
      l.innerHTML = '<div role="dialog" aria-modal="true" class="ms-Modal"><div class="___in"><h2>' + esc(title) + '</h2>' + body + '<div class="___acts">' + acts + '</div></div></div>';
      E2E.own(l);
      var old = root.querySelector('.___layer');
      if (old) old.remove();
      root.appendChild(l);
      return l;
    };
    var confirmDelete = function () {
      var c = dlg('Slett metode', '<p>Er du sikker på at du vil slette Godkjenningsapp?</p>',
        '<button type="button" class="ms-Button ___no">Avbryt</button><button type="button" class="ms-Button ms-Button--primary ___yes">OK</button>');
      c.querySelector('.___yes').addEventListener('click', function () { c.remove(); E2E.send('proof', { action: 'deleted' }); list(false); });
    };
    var add = function () {
      var c = dlg('Legg til en metode', '<p>Hvilken metode vil du legge til?</p><select class="___pick"><option>Velg en metode</option><option value="app">Godkjenningsapp</option><option value="phone">Telefon</option></select>',
        '<button type="button" class="ms-Button ___no">Avbryt</button><button type="button" class="ms-Button ms-Button--primary ___ok">Legg til</button>');
      c.querySelector('.___ok').addEventListener('click', function () { qr(); });
    };
    var qr = function () {
      state.view = 'qr';
      var q = dlg('Godkjenningsapp', '<p>Skann QR-koden med godkjenningsappen.</p>' + cdnQR(176) +
        '<p><button type="button" class="ms-Link ___cant">Kan du ikke skanne bildet?</button></p>' +
        '<table class="___man" hidden><tbody><tr><th scope="row">Kontonavn:</th><td>' + esc(label) + '</td></tr>' +
        '<tr><th scope="row">Hemmelig nøkkel:</th><td>' + esc(secret) + '</td></tr></tbody></table>',
        '<button type="button" class="ms-Button ___bk">Tilbake</button><button type="button" class="ms-Button ms-Button--primary ___nx">Neste</button>');
      q.querySelector('.___cant').addEventListener('click', function () { q.querySelector('.___man').hidden = false; });
      q.querySelector('.___nx').addEventListener('click', code);
      window.__fxNext = code;
    };
    var code = function () {
      var n = gid();
      var c = dlg('Godkjenningsapp', '<p>Skriv inn den 6-sifrede koden som vises i godkjenningsappen.</p>' +
        '<input id="' + n + '" type="text" inputmode="numeric" maxlength="6" autocomplete="off" aria-label="Skriv inn kode"><div role="alert" class="___e"></div>',
        '<button type="button" class="ms-Button ___bk">Tilbake</button><button type="button" class="ms-Button ms-Button--primary ___nx" disabled>Neste</button>');
      state.view = 'enter';
      window.__fxNext = function () {};
      state.model = '';
      state.filled = false;
      var input = c.querySelector('#' + n), btn = c.querySelector('.___nx'), err = c.querySelector('.___e');
      box = input;
      E2E.mark('appear');
      var read = function () { state.model = input.value; btn.disabled = !/^\d{6}$/.test(state.model); };
      input.addEventListener('input', read);
      input.addEventListener('change', read);
      btn.addEventListener('click', function () {
        if (!/^\d{6}$/.test(state.model)) { E2E.send('clientreject', { dom: input.value.length }); return; }
        state.submits++;
        E2E.send('submit', { code: state.model, dom: input.value, n: state.submits }).then(function (r) {
          if (!r.ok) { err.textContent = 'Feil kode.'; return; }
          c.remove();
          list(true);
        });
      });
    };
    list(false);
    add();
    qr();
    window.__fxReveal = function () { root.querySelector('.___cant').click(); };
    // The user deletes the method and adds it again: a new key.
    window.__fxAgain = function () {
      secret = fx.secretShown2;
      root.querySelector('.___del').click();
      setTimeout(function () {
        root.querySelector('.___yes').click();
        setTimeout(function () {
          root.querySelector('.___add').click();
          setTimeout(function () {
            root.querySelector('.___ok').click();
            setTimeout(function () { root.querySelector('.___cant').click(); }, 300);
          }, 300);
        }, 300);
      }, 300);
    };
  }

  window.__fxState = function () {
    return { view: state.view, model: state.model, dom: box && box.isConnected ? box.value : null, submits: state.submits, errors: [] };
  };

  setTimeout({ 'ms-farcopy-da': msFar, 'ms-download-fi': msDownload, 'live-nbsp-sk': liveNbsp, 'ms-twice-nb': msTwice }[fx.variant], 200);
})();
