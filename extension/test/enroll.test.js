'use strict';
// Extraction tests of the enrollment capture (extension/lib/enroll-core.js)
// over fixture pages of the three flows (mysignins, legacy proofup.aspx,
// account.live.com/proofs/Add) in English, German, French and Japanese,
// with decoys: Microsoft Authenticator's 9-digit activation code and URL,
// its phonefactor:// QR, masked addresses, sentences of four-letter words.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const { parse, find } = require('./enroll-html.cjs');
const E = require('../lib/enroll-core.js');

const SECRET = 'K5ZX4MLQ3NRAGE2W'; // 16 chars, as mysignins shows
const SHOWN = 'k5zx 4mlq 3nra ge2w';
const LIVE_SECRET = 'PXJQ6GZ3HBNU4XYDVWQ2K7TRLE5FMSOA'; // 32 chars, personal accounts
const LIVE_SHOWN = 'pxjq 6gz3 hbnu 4xyd vwq2 k7tr le5f msoa';
const NOTDIGIT = 'ABCDEFGHIJKLMNOP'; // a secret without digits (3.6% of real ones)
const PF = '482913765';
const PF_URL = 'https://mobileappcommunicator.auth.microsoft.com/mac/MobileAppCommunicator.svc/' + PF;
const PF_QR = 'phonefactor://activate_account?code=' + PF + '&url=https%3A%2F%2Fmobileappcommunicator.auth.microsoft.com%2Factivate%2F' + PF + '%2FWEU';

const HOSTS = { mysignins: 'mysignins.microsoft.com', proofup: 'account.activedirectory.windowsazure.com', live: 'account.live.com' };

const T = {
  en: { account: 'Account name:', secret: 'Secret key:', cant: "Can't scan image?", different: 'I want to use a different authenticator app', next: 'Next', back: 'Back', code: 'Code:', url: 'URL:', enter: 'Enter the 6-digit code shown in the Authenticator app.', noNotif: 'Configure app without notifications', pfAcct: 'Account Name:', pfSecret: 'Secret Key:', liveCant: "I can't scan the bar code", sent: 'Enter the code we sent to ad*****@gmail.com', verify: 'Verify', sentence: 'with your work mail here' },
  de: { account: 'Kontoname:', secret: 'Geheimer Schlüssel:', cant: 'Bild kann nicht gescannt werden?', different: 'Ich möchte eine andere Authentifikator-App verwenden', next: 'Weiter', back: 'Zurück', code: 'Code:', url: 'URL:', enter: 'Geben Sie den 6-stelligen Code ein, der in der Authenticator-App angezeigt wird.', noNotif: 'App ohne Benachrichtigungen konfigurieren', pfAcct: 'Kontoname:', pfSecret: 'Geheimer Schlüssel:', liveCant: 'Ich kann den Barcode nicht scannen', sent: 'Geben Sie den Code ein, den wir an ad*****@gmail.com gesendet haben', verify: 'Überprüfen', sentence: 'oder eine neue wird' },
  fr: { account: 'Nom du compte :', secret: 'Clé secrète :', cant: "Vous ne pouvez pas scanner l'image ?", different: "Je souhaite utiliser une autre application d'authentification", next: 'Suivant', back: 'Précédent', code: 'Code :', url: 'URL :', enter: "Entrez le code à 6 chiffres affiché dans l'application Authenticator.", noNotif: "Configurer l'application sans notifications", pfAcct: 'Nom du compte :', pfSecret: 'Clé secrète :', liveCant: 'Je ne peux pas scanner le code-barres', sent: 'Entrez le code envoyé à ad*****@gmail.com', verify: 'Vérifier', sentence: 'avec deux pour cent' },
  ja: { account: 'アカウント名:', secret: '秘密鍵:', cant: 'イメージをスキャンできませんか?', different: '別の認証アプリを使用します', next: '次へ', back: '戻る', code: 'コード:', url: 'URL:', enter: 'Authenticator アプリに表示されている 6 桁のコードを入力してください。', noNotif: '通知なしでアプリを構成する', pfAcct: 'アカウント名:', pfSecret: 'シークレット キー:', liveCant: 'バーコードをスキャンできません', sent: 'ad*****@gmail.com に送信したコードを入力してください', verify: '確認', sentence: 'アプリ' }
};
const LANGS = Object.keys(T);

const page = (body) => '<!DOCTYPE html><html><head><title>x</title><script>var $Config={"x":"' + PF + '"};</script><style>.a{}</style></head><body>' + body + '</body></html>';
const header = (email) => '<header id="O365_HeaderRightRegion"><div id="mectrl_currentAccount_secondary">' + email + '</div></header>';
const nbsp = (s) => s.replace(/ /g, '&nbsp;');
const qrImg = (alt, src) => '<img class="qr" alt="' + alt + '" width="216" height="216" src="' + (src || 'data:image/png;base64,iVBORw0KGgo=') + '">';

// Pages per flow and state, in one language.
function mysignins(t, state, opts) {
  opts = opts || {};
  const head = header('ada@contoso.com');
  if (state === 'decoy') {
    return page(head + '<div role="dialog" class="ms-Dialog"><h2>Microsoft Authenticator</h2>' + qrImg('QR code') +
      '<button class="ms-Link" id="cantScan">' + t.cant + '</button><div>' + t.code + ' <span>482 913 765</span></div>' +
      '<div>' + t.url + ' <span>' + PF_URL + '</span></div><div><a href="#" class="ms-Link">' + t.different + '</a></div>' +
      '<button class="ms-Button">' + t.back + '</button><button class="ms-Button ms-Button--primary">' + t.next + '</button></div>');
  }
  if (state === 'secret') {
    const shown = opts.shown || SHOWN;
    const label = opts.tenant === '' ? 'ada@contoso.com' : (opts.tenant || 'Contoso') + ':ada@contoso.com';
    let rows;
    switch (opts.variant) {
      case 'inline': // label and value in one text node
        rows = '<div>' + t.account + ' ' + label + '</div><div>' + t.secret + ' ' + shown + '</div>';
        break;
      case 'dl': // definition list, no colons
        rows = '<dl><dt>' + t.account.replace(/\s?[:：]$/, '') + '</dt><dd>' + label + '</dd><dt>' + t.secret.replace(/\s?[:：]$/, '') + '</dt><dd>' + shown + '</dd></dl>';
        break;
      case 'input': // read-only copy fields
        rows = '<label>' + t.account + '<input readonly value="' + label + '"></label><label>' + t.secret + '<input readonly type="text" value="' + shown + '"></label>';
        break;
      case 'spans': // each group in its own span
        rows = '<div><span>' + t.account + '</span> <span>' + label + '</span></div><div><span>' + t.secret + '</span> <span class="key">' + shown.split(' ').map((g) => '<span>' + g + '</span>').join(' ') + '</span></div>';
        break;
      default:
        rows = '<div class="row"><span>' + t.account + '</span> <span>' + label + '</span><button aria-label="Copy">⧉</button></div>' +
          '<div class="row"><span>' + t.secret + '</span> <span>' + nbsp(shown) + '</span><button aria-label="Copy">⧉</button></div>';
    }
    return page(head + '<div role="dialog" class="ms-Dialog"><h2>Authenticator app</h2><p>' + t.sentence + '</p>' + qrImg('QR code') +
      '<button class="ms-Link">' + t.cant + '</button><div>' + rows + '</div>' +
      '<button class="ms-Button">' + t.back + '</button><button class="ms-Button ms-Button--primary">' + t.next + '</button></div>');
  }
  if (state === 'qr') {
    return page(head + '<div role="dialog" class="ms-Dialog"><h2>Authenticator app</h2>' + qrImg('QR code') +
      '<button class="ms-Link">' + t.cant + '</button><div hidden><span>' + t.secret + '</span> <span>' + SHOWN + '</span></div>' +
      '<button class="ms-Button ms-Button--primary">' + t.next + '</button></div>');
  }
  // enter
  return page(head + '<div role="dialog" class="ms-Dialog"><h2>Authenticator app</h2><p>' + t.enter + '</p>' +
    '<input id="mfa-code-input" type="text" inputmode="numeric" maxlength="6" autocomplete="off"><div role="alert"></div>' +
    '<button class="ms-Button" id="back">' + t.back + '</button><button class="ms-Button ms-Button--primary" id="next">' + t.next + '</button></div>');
}

function proofup(t, state) {
  const shell = (inner) => page('<div id="header"><span class="user">ada@contoso.com</span></div><div id="content"><h1>Additional security verification</h1>' + inner + '</div>');
  if (state === 'decoy') {
    return shell('<div class="modal" id="mobileAppModal">' + qrImg('barcode') +
      '<p>If you are unable to scan the image, enter the following information in your app.<br>' + t.code + ' ' + PF + '<br>Url: ' + PF_URL + '</p>' +
      '<p><a href="#" id="configureWithoutNotifications">' + t.noNotif + '</a></p>' +
      '<div style="display: none"><p>' + t.pfAcct + ' Contoso:ada@contoso.com</p><p>' + t.pfSecret + ' ' + SHOWN + '</p></div><button id="nextBtn">' + t.next + '</button></div>');
  }
  if (state === 'secret') {
    return shell('<div class="modal" id="mobileAppModal">' + qrImg('barcode') +
      '<p style="display:none">' + t.code + ' ' + PF + '<br>Url: ' + PF_URL + '</p>' +
      '<p><a href="#" id="configureWithoutNotifications">' + t.noNotif + '</a></p>' +
      '<div><p>' + t.pfAcct + ' <span id="accountName">Contoso:ada@contoso.com</span></p><p>' + t.pfSecret + ' <span id="secretKey">' + SHOWN + '</span></p></div>' +
      '<button id="nextBtn">' + t.next + '</button></div>');
  }
  return shell('<h2>Step 2</h2><p>' + t.enter + '</p><input type="text" id="VerificationCode" name="VerificationCode" maxlength="6"><div id="err" role="alert"></div><button type="button" id="verifyBtn">' + t.verify + '</button>');
}

function live(t, state) {
  const shell = (inner) => page(header('ada@outlook.com') + '<div id="pageContent">' + inner + '<footer><a href="mailto:privacy@microsoft.com">privacy@microsoft.com</a></footer></div>');
  if (state === 'secret') {
    return shell('<h1>Set up</h1><p>Security notices also go to <span>ada.backup@gmail.com</span></p>' + qrImg('QR code') + '<a href="#" id="iShowKey">' + t.liveCant + '</a>' +
      '<div id="iManualKey"><p>' + t.secret + '</p><p><span id="iSecretKey" class="secretKey">' + nbsp(LIVE_SHOWN) + '</span></p></div><button id="iNext">' + t.next + '</button>');
  }
  if (state === 'mailcode') {
    return shell('<h1>Verify</h1><label for="iOttText">' + t.sent + '</label><input type="tel" id="iOttText" maxlength="6"><button id="iVerify">' + t.verify + '</button>');
  }
  return shell('<h1>Set up</h1><label for="iOttText">' + t.enter + '</label><input type="tel" id="iOttText" name="iOttText" maxlength="6"><div role="alert"></div><button id="iVerify">' + t.verify + '</button>');
}

function run(flow, html) {
  return E.analyze(parse(html), { host: HOSTS[flow], path: '/' });
}

// Nothing of Microsoft Authenticator's activation ever leaves the analysis.
function assertNoDecoy(res) {
  const s = JSON.stringify({ secret: res.secret, shown: res.shown, account: res.account, tenant: res.tenant, issuer: res.issuer, uri: res.uri, masked: res.masked });
  assert.ok(!s.includes(PF) && !s.includes('482 913 765') && !/phonefactor|mobileappcommunicator/i.test(s), s);
}

for (const lang of LANGS) {
  const t = T[lang];
  test(`mysignins ${lang}: secret and Tenant:UPN, every markup variant`, () => {
    for (const variant of ['default', 'inline', 'dl', 'input', 'spans']) {
      const res = run('mysignins', mysignins(t, 'secret', { variant }));
      assert.strictEqual(res.secret, SECRET, variant);
      assert.strictEqual(res.account, 'ada@contoso.com', variant);
      assert.strictEqual(res.tenant, 'Contoso', variant);
        assert.deepStrictEqual(res.texts, [res.shown], variant);
      assert.strictEqual(E.cleanSecret(res.shown), SECRET, variant);
      assert.strictEqual(res.codeInput, null);
      assertNoDecoy(res);
    }
  });

  test(`mysignins ${lang}: tenant names with spaces, no tenant, secrets without digits`, () => {
    let res = run('mysignins', mysignins(t, 'secret', { tenant: 'Contoso Ltd' }));
    assert.strictEqual(res.tenant, 'Contoso Ltd');
    res = run('mysignins', mysignins(t, 'secret', { tenant: '' }));
    assert.strictEqual(res.account, 'ada@contoso.com');
    assert.strictEqual(res.tenant, '');
    for (const variant of ['default', 'inline', 'dl']) {
      res = run('mysignins', mysignins(t, 'secret', { variant, shown: 'abcd efgh ijkl mnop' }));
      assert.strictEqual(res.secret, NOTDIGIT, variant);
    }
  });

  test(`mysignins ${lang}: Authenticator-only view is a decoy with a switch link`, () => {
    const res = run('mysignins', mysignins(t, 'decoy'));
    assert.strictEqual(res.secret, '');
    assert.ok(res.decoy);
    assert.ok(res.switchLink, 'switch link');
    assert.strictEqual(res.switchLink.tag, 'a');
    assertNoDecoy(res);
    // A QR code and no text at all: the host decides from the pixels; the
    // switch link is ready in case it says Authenticator-only.
    const bare = page('<div role="dialog">' + qrImg('QR') + '<a href="#" id="x1">' + t.different + '</a></div>');
    const r2 = run('mysignins', bare);
    assert.strictEqual(r2.secret, '');
    assert.strictEqual(r2.qr.length, 1);
    assert.ok(r2.switchLink);
    assertNoDecoy(r2);
  });

  test(`mysignins ${lang}: QR only (secret hidden): the QR node goes to the host, no text secret`, () => {
    const none = run('mysignins', mysignins(t, 'qr'));
    assert.strictEqual(none.secret, '', 'hidden secret must not be read');
    assert.deepStrictEqual(none.texts, []);
    assert.strictEqual(none.qr.length, 1);
  });

  test(`mysignins ${lang}: Enter code step`, () => {
    const res = run('mysignins', mysignins(t, 'enter'));
    assert.ok(res.codeInput);
    assert.strictEqual(res.codeInput.attrs.id, 'mfa-code-input');
    assert.strictEqual(res.submit.attrs.id, 'next');
    assert.strictEqual(res.secret, '');
  });

  test(`proofup ${lang}: default view is a decoy; without notifications gives the secret`, () => {
    const d = run('proofup', proofup(t, 'decoy'));
    assert.strictEqual(d.secret, '', 'hidden secret and activation code are not secrets');
    assert.ok(d.decoy);
    assert.strictEqual(d.switchLink && d.switchLink.attrs.id, 'configureWithoutNotifications');
    assertNoDecoy(d);
    const s = run('proofup', proofup(t, 'secret'));
    assert.deepStrictEqual([s.secret, s.account, s.tenant], [SECRET, 'ada@contoso.com', 'Contoso']);
    assertNoDecoy(s);
    const e = run('proofup', proofup(t, 'enter'));
    assert.strictEqual(e.codeInput.attrs.id, 'VerificationCode');
    assert.strictEqual(e.submit.attrs.id, 'verifyBtn');
  });

  test(`live ${lang}: 32-char secret with &nbsp;, the signed-in address, no tenant`, () => {
    const res = run('live', live(t, 'secret'));
    assert.strictEqual(res.secret, LIVE_SECRET);
    assert.strictEqual(res.account, 'ada@outlook.com');
    assert.strictEqual(res.tenant, '');
    // A QR code alone: the page's signed-in address goes with it.
    const q = run('live', page(header('ada@outlook.com') + qrImg('QR')));
    assert.deepStrictEqual([q.secret, q.account, q.tenant, q.qr.length], ['', 'ada@outlook.com', '', 1]);
    const e = run('live', live(t, 'enter'));
    assert.strictEqual(e.codeInput.attrs.id, 'iOttText');
    assert.strictEqual(e.submit.attrs.id, 'iVerify');
    assert.strictEqual(e.pageAccount, 'ada@outlook.com');
    // An e-mailed code (masked address next to the box) is not ours.
    const m = run('live', live(t, 'mailcode'));
    assert.strictEqual(m.codeInput, null);
  });
}

test('sentences, activation codes and URLs are never secrets', () => {
  const html = page('<div><p>with your work mail here</p><p>code sent back when done</p><p>Code: 482 913 765</p><p>234 567 234</p>' +
    '<p>2345 6723 4234</p><p>Use Code Here With Care Too</p><a href="' + PF_URL + '">' + PF_URL + '</a><p>' + PF_QR + '</p>' +
    '<p>https://aka.ms/abcd2efghijklmno</p><span>ada@contoso.com</span></div>');
  const res = run('mysignins', html);
  assert.strictEqual(res.secret, '');
  assert.ok(res.decoy);
  assertNoDecoy(res);
});

test('two different unlabelled secrets: no guess', () => {
  const html = page('<div><span>k5zx 4mlq 3nra ge2w</span><span>ab2d efgh ijkl mnop</span><span>Contoso:ada@contoso.com</span></div>');
  assert.strictEqual(run('mysignins', html).secret, '');
  // A labelled one among them wins.
  const html2 = page('<div><span>k5zx 4mlq 3nra ge2w</span><p>Secret key: <span>ab2d efgh ijkl mnop</span></p><span>Contoso:ada@contoso.com</span></div>');
  assert.strictEqual(run('mysignins', html2).secret, 'AB2DEFGHIJKLMNOP');
});

test('the labelled Tenant:UPN beats other addresses; masked ones never count', () => {
  const html = page(header('someone.else@contoso.com') + '<div><p>notices go to a*****@gmail.com</p><div>Account name: Fabrikam:ada@fabrikam.com</div><div>Secret key: k5zx 4mlq 3nra ge2w</div></div>');
  const res = run('mysignins', html);
  assert.deepStrictEqual([res.account, res.tenant], ['ada@fabrikam.com', 'Fabrikam']);
});

test('hand-written fixture pages', () => {
  const dir = path.join(__dirname, 'enroll-fixtures');
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.html'))) {
    const html = fs.readFileSync(path.join(dir, f), 'utf8');
    const want = JSON.parse(/<!--\s*expect\s*({[\s\S]*?})\s*-->/.exec(html)[1]);
    const res = E.analyze(parse(html), { host: want.host, path: '/' });
    for (const k of ['secret', 'account', 'tenant', 'decoy']) {
      if (k in want) assert.deepStrictEqual(res[k], want[k], f + ': ' + k);
    }
    if ('switchLink' in want) assert.strictEqual(res.switchLink ? (res.switchLink.attrs.id || res.switchLink.tag) : null, want.switchLink, f + ': switchLink');
    if ('codeInput' in want) assert.strictEqual(res.codeInput ? res.codeInput.attrs.id : null, want.codeInput, f + ': codeInput');
    if ('submit' in want) assert.strictEqual(res.submit ? res.submit.attrs.id : null, want.submit, f + ': submit');
    assertNoDecoy(res);
  }
});

test('cleanSecret', () => {
  assert.strictEqual(E.cleanSecret('k5zx\u00a04mlq 3nra-ge2w'), SECRET);
  assert.strictEqual(E.cleanSecret('k5zx 4mlq 3nra'), '', 'under 80 bits');
  assert.strictEqual(E.cleanSecret('k5zx 4mlq 3nra ge2w 1'), '', 'not base32');
  assert.strictEqual(E.cleanSecret('k5zx 4mlq 3nra ge2wa'), '', 'impossible length');
});

test('garbage trees do not throw', () => {
  for (const t of [null, 'text', { tag: 'div' }, { tag: 'div', attrs: null, children: [null, 5, 'x'] }]) {
    assert.doesNotThrow(() => E.analyze(t, {}));
  }
  let deep = { tag: 'div', attrs: {}, children: [] };
  for (let i = 0; i < 500; i++) deep = { tag: 'div', attrs: {}, children: [deep] };
  assert.doesNotThrow(() => E.analyze(deep, {}));
});

// Held-out page ms-failonce (e2e/testdata/enroll/heldout.js): the page refused
// the code and mounted the step again.
test('enrollment verification: a step mounted again with a new box is a refusal, not an acceptance', () => {
  assert.strictEqual(E.verifyOutcome({ gone: true, goneMs: 0, boxNow: true, value: '', ms: 300 }), 'refused');
  assert.strictEqual(E.verifyOutcome({ gone: true, goneMs: 200, boxNow: false, value: '', ms: 300 }), 'wait');
  assert.strictEqual(E.verifyOutcome({ gone: true, goneMs: 1200, boxNow: false, value: '', ms: 1500 }), 'accepted');
  assert.strictEqual(E.verifyOutcome({ gone: false, boxNow: true, value: '123456', ms: 5000 }), 'wait');
  assert.strictEqual(E.verifyOutcome({ gone: false, boxNow: true, value: '', ms: 3100 }), 'refused');
  assert.strictEqual(E.verifyOutcome({ gone: false, boxNow: true, value: '123456', ms: 15100 }), 'refused');
});

test('a Fluent field named only by its <label for> (the word for code, any language) is the verification box; other labels are not', () => {
  const field = (lbl, extra) => page('<div role="dialog"><p>인증 앱에 표시된 6자리 코드를 입력하세요.</p><div class="fui-Field"><label for="cf1">' + lbl + '</label>' +
    '<span class="fui-Input"><input id="cf1" type="text" aria-describedby="cf1-hint"' + (extra || '') + '></span><div id="cf1-hint">6자리</div></div>' +
    '<button type="button" class="ms-Button--primary">다음</button></div>');
  for (const lbl of ['코드', 'Code', 'コード', '验证码', 'Kód']) {
    assert.ok(run('mysignins', field(lbl)).codeInput, lbl);
    assert.ok(run('mysignins', field(lbl)).codeInputWeak, lbl);
  }
  assert.strictEqual(run('mysignins', field('이름')).codeInput, null);
  assert.strictEqual(run('mysignins', field('Code', ' name="displayName"')).codeInput, null);
  assert.strictEqual(run('mysignins', field('Code', ' maxlength="3"')).codeInput, null);
});
