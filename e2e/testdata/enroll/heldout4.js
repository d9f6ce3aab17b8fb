// Held-out enrollment pages, round four (issue 10 check): written apart from
// testdata/pages/enroll.js, unseen.js, heldout.js and heldout2.js and unlike
// them.
// Params: variant, lang, tenant, upn, secretShown (lower case, groups of 4),
// otpauth, qrSVG (one <path> per QR row), qrPNG (a data: URL).
//   ms-svgrows-ja   mysignins (Japanese): the QR is an inline <svg> with one
//                   <path> per row of modules; "Can't scan image?" shows the
//                   account as "Contoso：ada@…" (full-width colon, U+FF1A) and
//                   the key upper case in an <input readonly> beside a copy
//                   button; "Next" replaces the dialog with the code step.
//   ms-code-zh      mysignins (Simplified Chinese): the QR comes from the CDN
//                   (its pixels cannot be read); "Can't scan image?" shows
//                   "帐户名称：Contoso：ada@…" (full-width colons) and the key
//                   lower case in a <code>, its groups of four separated by
//                   thin spaces (U+2009); the code box appears in the same
//                   dialog after "Next".
//   ms-readonly-ko  mysignins (Korean): the QR comes from the CDN; the key is
//                   only in an <input readonly> (lower case, groups of four
//                   separated by no-break spaces), the account as
//                   "Contoso：ada@…" (full-width colon) in a
//                   definition list above the QR; the code step is a new
//                   dialog whose box is a Fluent Field (aria-describedby its
//                   hint).
//   live-datapng-en account.live.com/proofs/Add (English): the QR is a data:
//                   PNG <img>; the key is behind "Can't scan the barcode?"
//                   (a link that reveals it); the account is named only in the
//                   page header; "Next" shows the code box.
// The verification step posts the code to the server (kind submit).
(function () {
  'use strict';
  var fx = window.__fx;
  var root = document.getElementById('fx-root');
  var esc = function (s) { return String(s).replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; }); };
  var groups = String(fx.secretShown).split(' ');
  var state = { view: '', submits: 0, model: '' };
  var box = null;
  window.__fxReveal = function () {};
  window.__fxNext = function () {};

  function view(name) { state.view = name; E2E.send('view', { view: name }); }
  function header() {
    return '<header class="___hdr"><div class="___brand">Microsoft</div><button type="button" class="___me" aria-label="Account manager">' +
      '<span class="___ini" aria-hidden="true">' + esc(fx.upn.slice(0, 2).toUpperCase()) + '</span><span class="___mail">' + esc(fx.upn) + '</span></button></header>';
  }
  function enter(input, button, err, bad) {
    box = input;
    state.model = '';
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
        if (r.ok) { view('done'); E2E.render(root, header() + '<main><div role="status">\u2714</div></main>'); return; }
        err.textContent = bad;
      });
    });
  }
  var layer = null;
  function dialog(title, body, acts) {
    if (layer) layer.remove();
    layer = E2E.make('div');
    layer.className = 'ms-Layer ms-Layer--fixed';
    layer.innerHTML = '<div role="dialog" aria-modal="true" class="ms-Dialog-main"><div class="ms-Dialog-header"><div role="heading" aria-level="1" class="ms-Dialog-title">' + esc(title) + '</div></div>' +
      '<div class="ms-Dialog-inner"><div class="ms-Dialog-content">' + body + '</div><div class="ms-Dialog-actions">' + acts + '</div></div></div>';
    E2E.own(layer);
    document.body.appendChild(layer);
    return layer;
  }
  function page(title) {
    E2E.render(root, header() + '<main class="___main"><h1>' + esc(title) + '</h1></main>');
  }

  // --- ms-svgrows-ja ---
  function msSvgRows() {
    page('セキュリティ情報');
    var label = fx.tenant + '\uff1a' + fx.upn;
    var d = dialog('認証アプリ',
      '<p>認証アプリで QR コードをスキャンします。これにより、認証アプリとアカウントがリンクされます。</p>' +
      '<div class="___qr">' + fx.qrSVG + '</div>' +
      '<p>QR コードをスキャンした後、[次へ] を選択します。</p>' +
      '<p><button type="button" class="ms-Link ___cant">画像をスキャンできませんか?</button></p>' +
      '<div class="___man" hidden><div>アカウント名: <span class="___acct">' + esc(label) + '</span></div>' +
      '<div class="___row"><label for="sk1">秘密鍵:</label> <input id="sk1" type="text" readonly class="ms-TextField-field" value="' + esc(groups.join('').toUpperCase()) + '">' +
      '<button type="button" class="ms-Button ms-Button--icon" aria-label="秘密鍵をクリップボードにコピー"><i class="ms-Icon ms-Icon--Copy" aria-hidden="true"></i></button></div></div>',
      '<button type="button" class="ms-Button ___bk">戻る</button><button type="button" class="ms-Button ms-Button--primary ___nx">次へ</button>');
    view('qr');
    d.querySelector('.___cant').addEventListener('click', function () { d.querySelector('.___man').hidden = false; });
    window.__fxReveal = function () { d.querySelector('.___cant').click(); };
    var code = function () {
      var c = dialog('認証アプリ', '<p>認証アプリに表示されている 6 桁のコードを入力してください。</p>' +
        '<div class="ms-TextField"><input type="text" inputmode="numeric" autocomplete="off" aria-label="コードを入力" class="ms-TextField-field"></div>' +
        '<div role="alert" class="___e"></div>',
        '<button type="button" class="ms-Button ___bk">戻る</button><button type="button" class="ms-Button ms-Button--primary ___nx" disabled>次へ</button>');
      view('enter');
      window.__fxNext = function () {};
      enter(c.querySelector('input'), c.querySelector('.___nx'), c.querySelector('.___e'), 'コードが正しくありません。');
    };
    d.querySelector('.___nx').addEventListener('click', code);
    window.__fxNext = code;
  }

  // --- ms-code-zh ---
  function msCode() {
    page('安全信息');
    var label = fx.tenant + '\uff1a' + fx.upn;
    var d = dialog('验证器应用',
      '<p>使用验证器应用扫描 QR 码。这会将验证器应用与你的帐户关联。</p>' +
      '<img alt="QR 码" width="180" height="180" src="https://aadcdn.msftauth.net/ests/2.1/content/cdnbundles/qr_' + Math.floor(Math.random() * 1e6) + '.png">' +
      '<p>扫描 QR 码后，选择“下一步”。</p>' +
      '<p><button type="button" class="ms-Link ___cant">无法扫描图像?</button></p>' +
      '<div class="___man" hidden><p>在应用中输入以下信息:</p><p>帐户名称：' + esc(label) + '</p>' +
      '<p>密钥：<code class="___k">' + esc(groups.join('\u2009')) + '</code></p></div>' +
      '<div class="___step2"></div>',
      '<button type="button" class="ms-Button ___bk">上一步</button><button type="button" class="ms-Button ms-Button--primary ___nx">下一步</button>');
    view('qr');
    d.querySelector('.___cant').addEventListener('click', function () { d.querySelector('.___man').hidden = false; });
    window.__fxReveal = function () { d.querySelector('.___cant').click(); };
    var code = function () {
      var s = d.querySelector('.___step2');
      s.innerHTML = '<p>输入验证器应用中显示的 6 位代码。</p><input type="text" maxlength="6" inputmode="numeric" aria-label="输入代码"><div role="alert" class="___e"></div>' +
        '<button type="button" class="ms-Button ms-Button--primary ___ok" disabled>验证</button>';
      E2E.own(s);
      d.querySelector('.___nx').remove();
      view('enter');
      window.__fxNext = function () {};
      enter(s.querySelector('input'), s.querySelector('.___ok'), s.querySelector('.___e'), '代码不正确。');
    };
    d.querySelector('.___nx').addEventListener('click', code);
    window.__fxNext = code;
  }

  // --- ms-readonly-ko ---
  function msReadonly() {
    page('보안 정보');
    var d = dialog('인증 앱',
      '<dl class="___dl"><dt>계정 이름</dt><dd>' + esc(fx.tenant + '\uff1a' + fx.upn) + '</dd></dl>' +
      '<p>인증 앱으로 QR 코드를 스캔하세요.</p>' +
      '<img alt="QR 코드" width="176" height="176" src="https://aadcdn.msftauth.net/ests/2.1/content/cdnbundles/qr_' + Math.floor(Math.random() * 1e6) + '.png">' +
      '<p><button type="button" class="ms-Link ___cant">이미지를 스캔할 수 없나요?</button></p>' +
      '<div class="___man" hidden><label for="sk2">비밀 키</label><input id="sk2" type="text" readonly class="ms-TextField-field" value="' + esc(groups.join('\u00a0')) + '">' +
      '<button type="button" class="ms-Button ms-Button--icon" aria-label="복사"><i class="ms-Icon ms-Icon--Copy" aria-hidden="true"></i></button></div>',
      '<button type="button" class="ms-Button ___bk">뒤로</button><button type="button" class="ms-Button ms-Button--primary ___nx">다음</button>');
    view('qr');
    d.querySelector('.___cant').addEventListener('click', function () { d.querySelector('.___man').hidden = false; });
    window.__fxReveal = function () { d.querySelector('.___cant').click(); };
    var code = function () {
      var c = dialog('인증 앱', '<p>인증 앱에 표시된 6자리 코드를 입력하세요.</p>' +
        '<div class="fui-Field"><label for="cf1" class="fui-Label">코드</label><span class="fui-Input"><input id="cf1" type="text" aria-describedby="cf1-hint" class="fui-Input__input"></span>' +
        '<div id="cf1-hint" class="fui-Field__hint">6자리</div><div role="alert" class="___e"></div></div>',
        '<button type="button" class="ms-Button ___bk">뒤로</button><button type="button" class="ms-Button ms-Button--primary ___nx" disabled>다음</button>');
      view('enter');
      window.__fxNext = function () {};
      enter(c.querySelector('input'), c.querySelector('.___nx'), c.querySelector('.___e'), '코드가 잘못되었습니다.');
    };
    d.querySelector('.___nx').addEventListener('click', code);
    window.__fxNext = code;
  }

  // --- live-datapng-en ---
  function liveDataPng() {
    E2E.render(root, header() + '<div class="___page"><h1>Set up an authenticator app</h1>' +
      '<p>Scan this barcode with your authenticator app.</p>' +
      '<img alt="Barcode" width="170" height="170" class="___bc" src="' + fx.qrPNG + '">' +
      '<p><a href="#" class="___cant">Can\'t scan the barcode?</a></p>' +
      '<div class="___man" style="display:none"><p>Enter this secret key in your app. Spaces don\'t matter.</p><p class="___key"><b>' + esc(fx.secretShown.toUpperCase()) + '</b></p></div>' +
      '<div class="___step2"></div><p><input type="button" class="___n" value="Next"></p></div>');
    view('qr');
    root.querySelector('.___cant').addEventListener('click', function (e) { e.preventDefault(); root.querySelector('.___man').style.display = ''; });
    window.__fxReveal = function () { root.querySelector('.___cant').click(); };
    var next = function () {
      var s = root.querySelector('.___step2');
      s.innerHTML = '<p>Enter the code your app shows.</p><input type="text" name="totpcode" maxlength="6" aria-label="Code">' +
        '<div class="___err" role="alert"></div><input type="submit" class="___ok" value="Verify" disabled>';
      E2E.own(s);
      root.querySelector('.___n').remove();
      view('enter');
      window.__fxNext = function () {};
      enter(s.querySelector('input[name=totpcode]'), s.querySelector('.___ok'), s.querySelector('.___err'), 'That code is not right.');
    };
    root.querySelector('.___n').addEventListener('click', next);
    window.__fxNext = next;
  }

  window.__fxState = function () {
    return { view: state.view, model: state.model, dom: box && box.isConnected ? box.value : null, submits: state.submits, errors: [] };
  };

  setTimeout({ 'ms-svgrows-ja': msSvgRows, 'ms-code-zh': msCode, 'ms-readonly-ko': msReadonly, 'live-datapng-en': liveDataPng }[fx.variant], 200);
})();
