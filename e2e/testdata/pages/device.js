// Device-code page (login.microsoftonline.com/common/oauth2/deviceauth): the
// user types the code a CLI printed. It looks like a code step but must never
// be filled. Params: lang.
(function () {
  'use strict';
  var fx = window.__fx;
  var T = {
    en: { title: 'Enter code', desc: 'Enter the code displayed on your app or device.', next: 'Next', ph: 'Code' },
    de: { title: 'Code eingeben', desc: 'Geben Sie den Code ein, der in Ihrer App oder auf Ihrem Gerät angezeigt wird.', next: 'Weiter', ph: 'Code' },
    ja: { title: 'コードを入力してください', desc: 'アプリまたはデバイスに表示されているコードを入力します。', next: '次へ', ph: 'コード' }
  };
  var t = T[fx.lang || 'en'];
  var model = '';
  var submits = 0;
  var root = document.getElementById('fx-root');
  setTimeout(function () {
    E2E.render(root,
      '<div id="lightbox"><form name="f1" method="post" action="/common/oauth2/deviceauth">' +
      '<div id="idDiv_DeviceAuth_Title" role="heading" aria-level="1" class="row title">' + t.title + '</div>' +
      '<div id="idDiv_DeviceAuth_Description" class="row text-body">' + t.desc + '</div>' +
      '<div class="form-group"><input type="text" name="otc" id="otc" class="form-control" maxlength="30" placeholder="' + t.ph + '" aria-label="' + t.ph + '" autocomplete="off"></div>' +
      '<input type="submit" id="idSIButton9" class="button primary" value="' + t.next + '">' +
      '</form></div>');
    var box = root.querySelector('#otc');
    E2E.mark('appear');
    box.addEventListener('input', function () { model = box.value; });
    root.querySelector('form').addEventListener('submit', function (e) {
      e.preventDefault();
      submits++;
      E2E.send('submit', { code: box.value, model: model, n: submits });
    });
  }, 150);
  window.__fxState = function () {
    var box = document.getElementById('otc');
    return { view: 'devicecode', model: model, dom: box ? box.value : null, submits: submits, errors: [] };
  };
})();
