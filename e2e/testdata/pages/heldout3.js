// Held-out sign-in pages, round three (issue 10 check): written apart from
// classic.js, live.js, heldout.js and heldout2.js and unlike all of them.
// Most are pages with a code box that is NOT the authenticator step; each
// models what Microsoft's pages do; none uses an id the extension names.
// Params (window.__fx): v (variant), lang, account, renderDelay.
//   live-sms-ending   login.live.com SMS code (English): the phone is named
//                     without any mask character, "ending in" and the last two
//                     digits in their own <span dir=ltr>; the box has only
//                     autocomplete=one-time-code; hidden otc mirror; ServerData's
//                     default proof is SMS (3).
//   live-sms-switched login.live.com SMS code (French) after the user chose
//                     "Text ...86" in "other ways": ServerData still names the
//                     app (10, the account's default), the number is shown in
//                     full, unmasked, "+33 6 12 34 56 86" in its own <b>.
//   live-email-noaddr login.live.com "Verify your email" (German): a code went
//                     to the alternate address, which the page does not show;
//                     a type=tel maxlength=6 box; ServerData default proof
//                     e-mail (1).
//   live-refused-plain login.live.com authenticator code step as the server
//                     renders it after a refused code (Dutch): the error is
//                     plain text in a hashed-class <div> (no role, no error id,
//                     no aria-invalid); ServerData carries sErrTxt.
//   pwreset-code      passwordreset.microsoftonline.com "verify your phone":
//                     a 6-digit code box (not a sign-in host: never touched).
//   acct-verify-email account.live.com "Verify your email address" (an
//                     enrollment host): a code box with no secret on the page.
//   live-otc-pl       positive: login.live.com authenticator code step (Polish)
//                     whose box is known only by autocomplete=one-time-code,
//                     with a "don't ask again on this device" checkbox and a
//                     "Stay signed in?" interrupt after it.
//   live-userpick     positive: login.live.com served for the SMS default (3)
//                     opens on the SMS code (masked number); the person clicks
//                     "Other ways to sign in", then the app's tile (a <button>
//                     with no data-value) themselves; the app code view that
//                     follows must be filled although ServerData says SMS.
//   msft-tel-sv       positive: login.microsoft.com Entra code step (Swedish)
//                     in a <section> without id: type=tel maxlength=6, no name;
//                     $Config offers PhoneAppOTP (default) and SMS.
// The code boxes are controlled inputs (React's value tracker): the model
// follows only bubbling input events; submit reads the model.
(function () {
  'use strict';
  var fx = window.__fx;
  var v = fx.v;
  var root = document.getElementById('fx-root');
  var esc = function (s) { return String(s).replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; }); };
  var gid = function (p) { return (p || 'r') + Math.floor(Math.random() * 46656).toString(36); };
  var t = { bad: 'x' };

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


  // watched: a negative page; any submission is reported.
  function watched(form, kind) {
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      state.submits++;
      E2E.send('submit', { code: desc.get.call(input), dom: desc.get.call(input), kind: kind, n: state.submits });
    });
    controlled(form, function () {});
  }
  function shell(inner) {
    return '<div class="___shell"><div class="___logo" role="img" aria-label="Microsoft"></div>' + inner + '</div>';
  }

  // --- live-sms-ending: the phone named by its last digits, no mask ---
  function liveSmsEnding() {
    state.view = 'sms';
    var n = gid('i');
    E2E.render(root, shell(
      '<form name="f1" novalidate autocomplete="off" method="post" action="/ppsecure/post.srf">' + persona(fx.account) +
      '<h1 class="___t">Enter code</h1>' +
      '<div class="___d">We texted a code to your phone number ending in <span dir="ltr">86</span>. Enter the code to sign in.</div>' +
      '<input type="hidden" name="otc" value="">' +
      '<div class="___fld"><input id="' + n + '" autocomplete="one-time-code" aria-label="Code" placeholder="Code" class="___in"></div>' +
      '<div class="___e" aria-live="assertive"></div>' +
      '<div class="___acts"><button type="submit" class="___pri">Verify</button></div>' +
      '<a href="#" class="___lnk">Resend code</a></form>'));
    var form = root.querySelector('form');
    mirror = form.querySelector('input[name=otc]');
    watched(form, 'sms');
    adopt(form.querySelector('#' + n));
  }

  // --- live-sms-switched: full unmasked number, ServerData names the app ---
  function liveSmsSwitched() {
    state.view = 'sms';
    var n = gid('i');
    E2E.render(root, shell(
      '<div class="___head">' + persona(fx.account) + '<div role="heading" aria-level="1" class="___t">Entrez le code</div></div>' +
      '<form name="f1" novalidate autocomplete="off" method="post" action="/ppsecure/post.srf">' +
      '<div class="___d">Nous avons envoyé un code par SMS au <b dir="ltr">+33 6 12 34 56 86</b>.</div>' +
      '<input type="hidden" name="otc" value="">' +
      '<div class="___fld"><input id="' + n + '" type="tel" inputmode="numeric" aria-label="Code" class="___in"></div>' +
      '<div class="___acts"><button type="submit" class="___pri">Vérifier</button></div></form>'));
    var form = root.querySelector('form');
    mirror = form.querySelector('input[name=otc]');
    watched(form, 'sms');
    adopt(form.querySelector('#' + n));
  }

  // --- live-email-noaddr: a code e-mailed, the address not shown ---
  function liveEmailNoAddr() {
    state.view = 'email';
    var n = gid('i');
    E2E.render(root, shell(
      '<form name="f1" novalidate autocomplete="off" method="post" action="/ppsecure/post.srf">' + persona(fx.account) +
      '<h1 class="___t">E-Mail-Adresse bestätigen</h1>' +
      '<p class="___d">Wir haben einen Code an Ihre alternative E-Mail-Adresse gesendet. Geben Sie ihn ein, um fortzufahren.</p>' +
      '<div class="___fld"><input id="' + n + '" type="tel" maxlength="6" aria-label="Code" class="___in"></div>' +
      '<div class="___acts"><button type="submit" class="___pri">Überprüfen</button></div></form>'));
    var form = root.querySelector('form');
    watched(form, 'email');
    adopt(form.querySelector('#' + n));
  }

  // --- live-refused-plain: after a refused code, the error as plain text ---
  function liveRefusedPlain() {
    state.view = 'code';
    var n = gid('i');
    E2E.render(root, shell(
      '<form name="f1" novalidate autocomplete="off" method="post" action="/ppsecure/post.srf">' + persona(fx.account) +
      '<h1 class="___t">Code invoeren</h1>' +
      '<div class="___d">Voer de code in die wordt weergegeven in de authenticator-app op je mobiele apparaat.</div>' +
      '<input type="hidden" name="otc" value="">' +
      '<div class="___x9f" style="color:#e81123">Die code werkt niet. Controleer de code en probeer het opnieuw.</div>' +
      '<div class="___fld"><input id="' + n + '" type="text" maxlength="6" aria-label="Code" class="___in"></div>' +
      '<div class="___acts"><button type="submit" class="___pri">Verifiëren</button></div></form>'));
    var form = root.querySelector('form');
    mirror = form.querySelector('input[name=otc]');
    watched(form, 'app');
    adopt(form.querySelector('#' + n));
  }

  // --- pwreset-code: SSPR's phone verification step ---
  function pwresetCode() {
    state.view = 'sspr';
    E2E.render(root, shell(
      '<form method="post" action="/" novalidate><h2>Get back into your account</h2>' +
      '<div>verification step 1 &gt; choose a new password</div>' +
      '<p>We\'ve sent you a text message containing a verification code to your phone.</p>' +
      '<input type="text" maxlength="6" autocomplete="one-time-code" aria-label="Enter your verification code" class="___in">' +
      '<button type="submit" class="___pri">Next</button></form>'));
    var form = root.querySelector('form');
    watched(form, 'sspr');
    adopt(form.querySelector('input'));
  }

  // --- acct-verify-email: account.live.com's e-mail verification ---
  function acctVerifyEmail() {
    state.view = 'verify';
    E2E.render(root, shell(
      '<form method="post" action="/proofs/Verify" novalidate>' + persona(fx.account) +
      '<h1>Verify your email address</h1><p>Enter the code we sent. If you didn\'t get it, check your junk folder.</p>' +
      '<input type="text" name="iOttText" maxlength="7" autocomplete="one-time-code" aria-label="Code" class="___in">' +
      '<div class="___acts"><button type="submit" class="___pri" id="iNext">Next</button></div></form>'));
    var form = root.querySelector('form');
    watched(form, 'verify');
    adopt(form.querySelector('input'));
  }

  // --- live-otc-pl: positive, autocomplete=one-time-code only, then KMSI ---
  function liveOtcPl() {
    state.view = 'code';
    var n = gid('i');
    E2E.render(root, shell(
      '<form name="f1" novalidate autocomplete="off" method="post" action="/ppsecure/post.srf">' + persona(fx.account) +
      '<h1 class="___t">Wprowadź kod</h1>' +
      '<div class="___d">Wprowadź kod wyświetlany w aplikacji Authenticator na urządzeniu przenośnym.</div>' +
      '<input type="hidden" name="otc" value="">' +
      '<div class="___fld"><input id="' + n + '" autocomplete="one-time-code" aria-label="Kod" class="___in"></div>' +
      '<div class="___e"></div>' +
      '<label class="___chk"><input type="checkbox" name="DontAskAgain"><span>Nie pytaj ponownie na tym urządzeniu</span></label>' +
      '<div class="___acts"><button type="submit" class="___pri">Zweryfikuj</button></div></form>'));
    var form = root.querySelector('form');
    mirror = form.querySelector('input[name=otc]');
    button = form.querySelector('button[type=submit]');
    errEl = form.querySelector('.___e');
    controlled(form, function () { submitCode('app', kmsi); });
    adopt(form.querySelector('#' + n));
  }
  function kmsi() {
    state.view = 'kmsi';
    E2E.render(root, shell(
      '<form name="f1" novalidate method="post" action="/ppsecure/post.srf">' + persona(fx.account) +
      '<h1 class="___t">Nie wylogowywać?</h1><div class="___d">Zrób to, aby ograniczyć liczbę monitów logowania.</div>' +
      '<label class="___chk"><input type="checkbox" name="DontShowAgain"><span>Nie pokazuj ponownie</span></label>' +
      '<div class="___acts"><button type="button" class="___sec">Nie</button><button type="submit" class="___pri">Tak</button></div></form>'));
    var form = root.querySelector('form');
    var report = function (what) {
      state.submits++;
      E2E.send('submit', { code: 'kmsi:' + what, dom: '', kind: 'kmsi', n: state.submits });
    };
    form.addEventListener('submit', function (e) { e.preventDefault(); report('yes'); });
    form.querySelector('button[type=button]').addEventListener('click', function () { report('no'); });
  }

  // --- live-userpick: the person leaves the SMS default for the app ---
  function liveUserPick() {
    state.view = 'sms';
    var n = gid('i');
    E2E.render(root, shell(
      '<form name="f1" novalidate autocomplete="off" method="post" action="/ppsecure/post.srf">' + persona(fx.account) +
      '<h1 class="___t">Enter code</h1>' +
      '<div class="___d">We texted a code to <span dir="ltr">*******86</span>.</div>' +
      '<input type="hidden" name="otc" value="">' +
      '<div class="___fld"><input id="' + n + '" autocomplete="one-time-code" aria-label="Code" class="___in"></div>' +
      '<div class="___acts"><button type="submit" class="___pri">Verify</button></div></form>' +
      '<div class="___foot"><button type="button" class="___lnk ___other">Other ways to sign in</button></div>'));
    var form = root.querySelector('form');
    mirror = form.querySelector('input[name=otc]');
    watched(form, 'sms');
    adopt(form.querySelector('#' + n));
    // A person reads the page, then asks for another way.
    setTimeout(function () { root.querySelector('.___other').click(); }, 1200);
    root.querySelector('.___other').addEventListener('click', function () {
      input = null; mirror = null;
      state.view = 'proofs';
      var img = function (name) { return 'https://logincdn.msftauth.net/shared/5/images/' + name + '_9a8b7c6d.svg'; };
      var tile = function (cls, image, text) {
        return '<li><button type="button" class="___tile ' + cls + '"><img alt="" src="' + img(image) + '"><span>' + text + '</span></button></li>';
      };
      E2E.render(root, shell(persona(fx.account) + '<h1 class="___t">Verify your identity</h1><ul class="___list">' +
        tile('___a', 'picker_verify_sms', 'Text *******86') + tile('___b', 'picker_verify_call', 'Call *******86') +
        tile('___c', 'picker_verify_code', 'Use a verification code') + '</ul>'));
      root.querySelectorAll('.___tile').forEach(function (b) {
        b.addEventListener('click', function () {
          E2E.send('proof', { action: 'user', value: b.className });
          if (b.classList.contains('___c')) setTimeout(liveUserPickCode, 300);
        });
      });
      // The person picks the app's code.
      setTimeout(function () { root.querySelector('.___c').click(); }, 800);
    });
  }
  function liveUserPickCode() {
    state.view = 'code';
    var n = gid('i');
    E2E.render(root, shell(
      '<form name="f1" novalidate autocomplete="off" method="post" action="/ppsecure/post.srf">' + persona(fx.account) +
      '<h1 class="___t">Enter code</h1>' +
      '<div class="___d">Enter the code displayed in the authenticator app on your mobile device.</div>' +
      '<input type="hidden" name="otc" value="">' +
      '<div class="___fld"><input id="' + n + '" autocomplete="one-time-code" aria-label="Code" class="___in"></div>' +
      '<div class="___e"></div>' +
      '<div class="___acts"><button type="submit" class="___pri">Verify</button></div></form>'));
    var form = root.querySelector('form');
    mirror = form.querySelector('input[name=otc]');
    button = form.querySelector('button[type=submit]');
    errEl = form.querySelector('.___e');
    controlled(form, function () { submitCode('app', done); });
    adopt(form.querySelector('#' + n));
  }

  // --- msft-tel-sv: positive, Entra code step in a section ---
  function msftTelSv() {
    state.view = 'code';
    E2E.render(root,
      '<main class="___m"><section class="___card">' + persona(fx.account) +
      '<h2 class="___h">Ange kod</h2><p class="___p">Ange koden som visas i autentiseringsappen på din mobila enhet</p>' +
      '<div class="___row"><input type="tel" maxlength="6" inputmode="numeric" aria-label="Kod" placeholder="Kod" class="___box"></div>' +
      '<div class="___err" aria-live="polite"></div>' +
      '<div class="___acts"><a href="#" class="___lnk">Jag kan inte använda min Microsoft Authenticator-app just nu</a>' +
      '<button type="button" class="___btn ___btnPrimary" disabled>Verifiera</button></div></section></main>');
    var sec = root.querySelector('section');
    button = sec.querySelector('button');
    errEl = sec.querySelector('.___err');
    controlled(sec, function () {});
    button.addEventListener('click', function () { submitCode('app', done); });
    adopt(sec.querySelector('input'));
  }

  window.__fxState = function () {
    var dom = input && input.isConnected ? desc.get.call(input) : null;
    return { view: state.view, model: state.code, dom: dom, submits: state.submits, errors: state.error ? [state.error] : [] };
  };

  var start = {
    'live-sms-ending': liveSmsEnding,
    'live-sms-switched': liveSmsSwitched,
    'live-email-noaddr': liveEmailNoAddr,
    'live-refused-plain': liveRefusedPlain,
    'pwreset-code': pwresetCode,
    'acct-verify-email': acctVerifyEmail,
    'live-otc-pl': liveOtcPl,
    'live-userpick': liveUserPick,
    'msft-tel-sv': msftTelSv
  }[v];
  setTimeout(start, fx.renderDelay === undefined ? 150 : fx.renderDelay);
})();
