// Work-account sign-in page (login.microsoftonline.com), "classic" Knockout
// flavour. Quirks reproduced on purpose:
// - the view model only learns the code from input/change/blur/keyup events
//   on the box (Knockout's textInput binding); a bare .value is not seen and
//   the submit handler reads the model, not the DOM;
// - views render late (setTimeout), and can re-render, replacing the input
//   node with a fresh one bound to the same model;
// - the push screen leads to the proof list and from there to the code view;
// - the same code box is used for SMS codes (picker_verify_sms image).
// Variants from the lead's research of today's screens: noIds (Entra
// without the SAOTCC ids: the box is name=otc only), brand (company
// branding: a banner text with digits and "code" words), lang=ar (right to
// left), reprompt (re-authentication: the account only in #displayName).
// Params (window.__fx): lang, account, view (code|sms|push|proofs),
// renderDelay, rerenderAfter, proofDelay, noIds, brand, reprompt.
(function () {
  'use strict';
  var fx = window.__fx;
  var T = {
    en: {
      title: 'Enter code',
      descCode: 'Enter the code displayed in the Microsoft Authenticator app on your mobile device',
      descSms: 'We texted your phone +X XXXXXXXX42. Please enter the code to sign in.',
      placeholder: 'Code', verify: 'Verify', td: "Don't ask again for 90 days",
      pushTitle: 'Approve sign in request',
      pushDesc: 'Open your Authenticator app, and enter the number shown to sign in.',
      another: "I can't use my Microsoft Authenticator app right now",
      proofsTitle: 'Verify your identity',
      tNotif: 'Approve a request on my Microsoft Authenticator app',
      tOtp: 'Use a verification code', tSms: 'Text +X XXXXXXXX42', tVoice: 'Call +X XXXXXXXX42',
      errBad: "You didn't enter the expected verification code. Please try again.",
      errEmpty: 'Please enter the code.', calling: 'We\'re calling your phone.',
      kmsiTitle: 'Stay signed in?', kmsiDesc: 'Do this to reduce the number of times you are asked to sign in.',
      yes: 'Yes', no: 'No', more: 'More information'
    },
    de: {
      title: 'Code eingeben',
      descCode: 'Geben Sie den Code ein, der in der Microsoft Authenticator-App auf Ihrem Mobilgerät angezeigt wird.',
      descSms: 'Wir haben eine SMS an Ihr Telefon +X XXXXXXXX42 gesendet. Geben Sie den Code ein, um sich anzumelden.',
      placeholder: 'Code', verify: 'Überprüfen', td: 'Nicht mehr für 90 Tage fragen',
      pushTitle: 'Anmeldeanforderung genehmigen',
      pushDesc: 'Öffnen Sie Ihre Authenticator-App, und geben Sie die angezeigte Nummer ein, um sich anzumelden.',
      another: 'Ich kann meine Microsoft Authenticator-App zurzeit nicht verwenden.',
      proofsTitle: 'Identität überprüfen',
      tNotif: 'Anforderung in meiner Microsoft Authenticator-App genehmigen',
      tOtp: 'Prüfcode verwenden', tSms: 'SMS an +X XXXXXXXX42 senden', tVoice: '+X XXXXXXXX42 anrufen',
      errBad: 'Sie haben nicht den erwarteten Prüfcode eingegeben. Versuchen Sie es erneut.',
      errEmpty: 'Geben Sie den Code ein.', calling: 'Wir rufen Ihr Telefon an.',
      kmsiTitle: 'Angemeldet bleiben?', kmsiDesc: 'So müssen Sie sich seltener anmelden.',
      yes: 'Ja', no: 'Nein', more: 'Weitere Informationen'
    },
    ja: {
      title: 'コードの入力',
      descCode: 'モバイル デバイスの Microsoft Authenticator アプリに表示されているコードを入力してください',
      descSms: '+X XXXXXXXX42 に SMS を送信しました。コードを入力してサインインしてください。',
      placeholder: 'コード', verify: '検証', td: '今後 90 日間はこのメッセージを表示しない',
      pushTitle: 'サインイン要求を承認',
      pushDesc: 'Authenticator アプリを開き、表示されている番号を入力してサインインします。',
      another: '現在、Microsoft Authenticator アプリを使用できません',
      proofsTitle: 'ID を確認する',
      tNotif: 'Microsoft Authenticator アプリで要求を承認する',
      tOtp: '確認コードを使用する', tSms: '+X XXXXXXXX42 に SMS を送信', tVoice: '+X XXXXXXXX42 に電話をかける',
      errBad: '予期された確認コードが入力されませんでした。もう一度やり直してください。',
      errEmpty: 'コードを入力してください。', calling: 'お使いの電話に発信しています。',
      kmsiTitle: 'サインインの状態を維持しますか?', kmsiDesc: 'これにより、サインインを求められる回数を減らすことができます。',
      yes: 'はい', no: 'いいえ', more: '詳細情報'
    },
    ar: {
      title: 'إدخال الرمز',
      descCode: 'أدخل الرمز المعروض في تطبيق Microsoft Authenticator على جهازك المحمول',
      descSms: 'لقد أرسلنا رسالة نصية إلى هاتفك +X XXXXXXXX42. الرجاء إدخال الرمز لتسجيل الدخول.',
      placeholder: 'الرمز', verify: 'تحقق', td: 'عدم السؤال مرة أخرى لمدة 90 يوماً',
      pushTitle: 'الموافقة على طلب تسجيل الدخول', pushDesc: 'افتح تطبيق Authenticator وأدخل الرقم المعروض لتسجيل الدخول.',
      another: 'لا يمكنني استخدام تطبيق Microsoft Authenticator الآن', proofsTitle: 'التحقق من هويتك',
      tNotif: 'الموافقة على طلب في تطبيق Microsoft Authenticator', tOtp: 'استخدام رمز التحقق', tSms: 'إرسال رسالة نصية إلى +X XXXXXXXX42', tVoice: 'الاتصال بـ +X XXXXXXXX42',
      errBad: 'لم تدخل رمز التحقق المتوقع. الرجاء المحاولة مرة أخرى.', errEmpty: 'الرجاء إدخال الرمز.', calling: 'نحن نتصل بهاتفك.',
      kmsiTitle: 'هل تريد البقاء مسجلاً للدخول؟', kmsiDesc: 'قم بذلك لتقليل عدد مرات مطالبتك بتسجيل الدخول.',
      yes: 'نعم', no: 'لا', more: 'مزيد من المعلومات'
    }
  };
  if (fx.lang === 'ar') document.documentElement.dir = 'rtl';
  var id = function (name) { return fx.noIds ? '' : ' id="' + name + '"'; };
  var boxSel = fx.noIds ? 'input[name=otc]' : '#idTxtBx_SAOTCC_OTC';
  var t = T[fx.lang || 'en'];
  var img = function (name) {
    return 'https://aadcdn.msftauth.net/shared/1.0/content/images/' + name + '_4c5b2b6e1e7d5a0a3f4b2a7c0d8e9f10.svg';
  };
  var esc = function (s) {
    return String(s).replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; });
  };

  // The Knockout-like view model. Only event handlers write vm.otc.
  var vm = { otc: '', view: '', submits: 0, valueWithoutEvent: false, errors: [] };

  var root = document.getElementById('fx-root');
  E2E.render(root,
    '<div id="lightbox" class="sign-in-box ext-sign-in-box fade-in-lightbox">' +
    '<div class="logo"><img class="logo" role="img" alt="Microsoft" src="' + img('microsoft_logo') + '"></div>' +
    (fx.brand ? '<div class="ext-banner-logo">Contoso</div><div class="ext-boilerplate-text">Contoso IT: help desk 555 123456, code of conduct 2024-118. Ref 482913.</div>' : '') +
    '<form name="f1" id="i0281" method="post" novalidate autocomplete="off" action="/common/SAS/ProcessAuth">' +
    '<div id="view" data-bind="component: { name: currentViewId }"></div>' +
    (fx.reprompt ? '' : '<input type="hidden" name="login" value="' + esc(fx.account || '') + '">') +
    '<input type="hidden" name="type" value="19">' +
    '<input type="hidden" name="flowToken" value="AQABAAEAAAD--DLA3VO7QrddgJg7WevrAgAAA">' +
    '</form></div>');
  var form = root.querySelector('form');
  var viewEl = root.querySelector('#view');

  function identity() {
    return '<div class="identityBanner"><div id="displayName" class="identity" title="' + esc(fx.account) + '">' +
      esc(fx.account) + '</div></div>';
  }

  function codeView(sms) {
    vm.view = sms ? 'sms' : 'code';
    E2E.render(viewEl, identity() +
      '<div id="idDiv_SAOTCC_Title" role="heading" aria-level="1" class="row title ext-title">' + esc(t.title) + '</div>' +
      '<div class="row"><div class="form-group col-md-24"><div class="row tile"><div class="table-cell tile-img">' +
      '<img class="tile-img" role="presentation" src="' + img(sms ? 'picker_verify_sms' : 'picker_verify_code') + '"></div>' +
      '<div' + id('idDiv_SAOTCC_Description') + ' class="row text-body">' + esc(sms ? t.descSms : t.descCode) + '</div></div></div></div>' +
      '<div class="row"><div class="form-group col-md-24">' +
      '<div role="alert" aria-live="assertive"><div' + id('idSpan_SAOTCC_Error_OTC') + ' class="error ext-error"></div></div>' +
      '<div class="placeholderContainer"><input name="otc" type="tel"' + id('idTxtBx_SAOTCC_OTC') + ' maxlength="6" ' +
      'class="form-control input ext-input text-box ext-text-box" aria-required="true" autocomplete="off" ' +
      'placeholder="' + esc(t.placeholder) + '" aria-labelledby="idDiv_SAOTCC_Description" data-bind="textInput: otc"></div>' +
      '</div></div>' +
      '<div class="row"><div class="checkbox"><label><input type="checkbox" id="idChkBx_SAOTCC_TD" name="rememberMFA"><span>' + esc(t.td) + '</span></label></div></div>' +
      '<div class="row"><div class="col-xs-24 inline-block"><input type="submit"' + id('idSubmit_SAOTCC_Continue') + ' ' +
      'class="win-button button_primary button ext-button primary ext-primary" value="' + esc(t.verify) + '"></div></div>');
    bindInput(viewEl.querySelector(boxSel));
  }

  // bindInput emulates ko's textInput binding on a (possibly new) node.
  function bindInput(el) {
    el.value = vm.otc;
    E2E.mark('appear');
    var read = function () {
      vm.otc = el.value;
      if (/^\d{6}$/.test(vm.otc) && E2E.mark('filled')) {
        if (!vm.reportedFill) {
          vm.reportedFill = true;
          E2E.send('filled', { ms: E2E.mark('filled') - E2E.mark('appear'), model: vm.otc.length });
        }
      }
    };
    ['input', 'change', 'blur', 'keyup', 'paste'].forEach(function (ev) { el.addEventListener(ev, read); });
  }

  function pushView() {
    vm.view = 'push';
    E2E.render(viewEl, identity() +
      '<div id="idDiv_SAOTCAS_Title" role="heading" aria-level="1" class="row title ext-title">' + esc(t.pushTitle) + '</div>' +
      '<div class="row"><img class="tile-img" role="presentation" src="' + img('picker_verify_fluent_authenticator') + '"></div>' +
      '<div id="idRichContext_DisplaySign" class="displaySign">42</div>' +
      '<div id="idDiv_SAOTCAS_Description" class="row text-body">' + esc(t.pushDesc) + '</div>' +
      '<div class="row"><div id="idDiv_SAOTCAS_HavingTrouble"><a id="signInAnotherWay" href="#" role="link">' + esc(t.another) + '</a></div></div>');
    viewEl.querySelector('#signInAnotherWay').addEventListener('click', function (e) {
      e.preventDefault();
      E2E.send('proof', { action: 'signInAnotherWay' });
      setTimeout(proofsView, fx.proofDelay || 250);
    });
  }

  function tile(value, image, text) {
    return '<div class="tile-container"><div class="row tile"><div class="table" role="button" tabindex="0" ' +
      'data-value="' + value + '" data-bind="click: selectProof"><div class="table-row">' +
      '<div class="table-cell tile-img medium"><img class="tile-img medium" role="presentation" src="' + img(image) + '"></div>' +
      '<div class="table-cell text-left content"><div>' + esc(text) + '</div></div></div></div></div></div>';
  }

  function proofsView() {
    vm.view = 'proofs';
    E2E.render(viewEl, identity() +
      '<div id="idDiv_SAOTCS_Title" role="heading" aria-level="1" class="row title ext-title">' + esc(t.proofsTitle) + '</div>' +
      '<div id="idDiv_SAOTCS_Proofs" class="tile-container" role="list">' +
      tile('PhoneAppNotification', 'picker_verify_fluent_authenticator', t.tNotif) +
      tile('PhoneAppOTP', 'picker_verify_code', t.tOtp) +
      tile('OneWaySMS', 'picker_verify_sms', t.tSms) +
      tile('TwoWayVoiceMobile', 'picker_verify_call', t.tVoice) +
      '</div>');
    viewEl.querySelectorAll('div[role=button][data-value]').forEach(function (el) {
      var choose = function (e) {
        if (e.type === 'keydown' && e.key !== 'Enter' && e.key !== ' ') return;
        var v = el.getAttribute('data-value');
        E2E.send('proof', { action: 'choose', value: v });
        setTimeout(function () {
          if (v === 'PhoneAppOTP') codeView(false);
          else if (v === 'OneWaySMS') codeView(true);
          else if (v === 'PhoneAppNotification') pushView();
          else E2E.render(viewEl, identity() + '<div class="row text-title">' + esc(t.calling) + '</div>');
        }, fx.proofDelay || 250);
      };
      el.addEventListener('click', choose);
      el.addEventListener('keydown', choose);
    });
  }

  function kmsiView() {
    vm.view = 'kmsi';
    E2E.render(viewEl, identity() +
      '<div class="row title" role="heading" aria-level="1">' + esc(t.kmsiTitle) + '</div>' +
      '<div class="row text-body" id="KmsiDescription">' + esc(t.kmsiDesc) + '</div>' +
      '<div class="row"><input type="checkbox" id="KmsiCheckboxField" name="DontShowAgain"></div>' +
      '<div class="row"><input type="button" id="idBtn_Back" class="button secondary" value="' + esc(t.no) + '">' +
      '<input type="submit" id="idSIButton9" class="button primary" value="' + esc(t.yes) + '"></div>');
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    if (vm.view !== 'code' && vm.view !== 'sms') return;
    var box = viewEl.querySelector(boxSel);
    var err = viewEl.querySelector('.error');
    var dom = box ? box.value : '';
    if (vm.otc === '') {
      // Client-side check on the model: a value set without an event lands here.
      vm.valueWithoutEvent = dom !== '';
      vm.errors.push('empty');
      err.textContent = t.errEmpty;
      E2E.send('clientreject', { dom: dom.length, model: 0 });
      return;
    }
    vm.submits++;
    E2E.send('submit', { code: vm.otc, dom: dom, view: vm.view, n: vm.submits }).then(function (r) {
      if (r.ok) { kmsiView(); return; }
      vm.errors.push('bad');
      err.textContent = t.errBad;
      vm.otc = '';
      var b = viewEl.querySelector(boxSel);
      if (b) b.value = '';
    });
  });

  window.__fxState = function () {
    var box = document.querySelector(boxSel);
    return { view: vm.view, model: vm.otc, dom: box ? box.value : null, submits: vm.submits,
      valueWithoutEvent: vm.valueWithoutEvent, errors: vm.errors };
  };

  var first = { code: function () { codeView(false); }, sms: function () { codeView(true); },
    push: pushView, proofs: proofsView }[fx.view || 'code'];
  setTimeout(function () {
    first();
    if (fx.rerenderAfter) {
      setTimeout(function () {
        if (vm.view === 'code' || vm.view === 'sms') {
          E2E.send('log', { msg: 'rerender: replacing input node' });
          codeView(vm.view === 'sms');
        }
      }, fx.rerenderAfter);
    }
  }, fx.renderDelay === undefined ? 150 : fx.renderDelay);
})();
