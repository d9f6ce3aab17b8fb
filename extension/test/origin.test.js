'use strict';
const test = require('node:test');
const assert = require('node:assert');
require('../lib/origin.js');
const O = globalThis.OtpfillOrigin;

test('sign-in hosts: exact https hosts only', () => {
  for (const u of ['https://login.microsoftonline.com/common/oauth2/v2.0/authorize?x=1', 'https://login.live.com/ppsecure/post.srf',
    'https://LOGIN.MICROSOFT.COM/x', 'https://login.windows.net/', 'https://login.microsoftonline.us/a', 'https://login.partner.microsoftonline.cn/b']) {
    assert.ok(O.isSignin(u), u);
  }
  for (const u of ['http://login.microsoftonline.com/', 'https://login.microsoftonline.com.evil.example/', 'https://evil.example/login.microsoftonline.com',
    'https://xn--lgin-t0a.microsoftonline.com/', 'https://lоgin.microsoftonline.com/', 'https://login.microsoftonline.com:8443/',
    'https://user@login.microsoftonline.com/', 'https://sub.login.microsoftonline.com/', 'https://login.microsoftonline.com./',
    'https://mysignins.microsoft.com/', '', null, 'not a url', 'javascript:alert(1)', 'file:///login.microsoftonline.com']) {
    assert.ok(!O.isSignin(u), String(u));
  }
});

test('enrollment hosts', () => {
  assert.ok(O.isEnroll('https://mysignins.microsoft.com/security-info'));
  assert.ok(O.isEnroll('https://account.live.com/proofs/Add'));
  assert.ok(O.isEnroll('https://account.activedirectory.windowsazure.com/proofup.aspx'));
  assert.ok(!O.isEnroll('https://login.live.com/'));
  assert.ok(!O.isEnroll('https://account.live.com.evil.example/'));
});

test('verbs per page kind', () => {
  const signin = 'https://login.microsoftonline.com/x', enroll = 'https://mysignins.microsoft.com/', other = 'https://example.com/';
  assert.ok(O.pageVerbAllowed('code', signin));
  assert.ok(O.pageVerbAllowed('code', enroll));
  assert.ok(O.pageVerbAllowed('match', signin));
  assert.ok(!O.pageVerbAllowed('match', enroll));
  assert.ok(!O.pageVerbAllowed('add', signin));
  assert.ok(!O.pageVerbAllowed('capture', signin));
  assert.ok(O.pageVerbAllowed('add', enroll));
  assert.ok(O.pageVerbAllowed('capture', enroll));
  // Pages never list the vault (the push screen asks `match`), nor decode
  // a QR code apart from a capture.
  for (const v of ['list', 'decode_qr', 'unlock', 'lock', 'remove', 'rename', 'qr', 'toString', '__proto__', 'constructor']) {
    assert.ok(!O.pageVerbAllowed(v, signin), v);
    assert.ok(!O.pageVerbAllowed(v, enroll), v);
  }
  for (const v of ['code', 'match', 'hello', 'add', 'capture']) assert.ok(!O.pageVerbAllowed(v, other), v);
});

test('pageRequest keeps only the verb fields and the browser url', () => {
  const r = O.pageRequest({ otpfill: 'code', account: 'ada@contoso.com', entry: 'ab12cd34', url: 'https://evil.example/', display: true, passphrase: 'x', id: 7, type: 'unlock' },
    'https://login.microsoftonline.com/common/');
  assert.deepStrictEqual(r, { type: 'code', account: 'ada@contoso.com', entry: 'ab12cd34', url: 'https://login.microsoftonline.com/common/' });
  assert.strictEqual(O.pageRequest({ otpfill: 'code', account: { toString() { return 'x'; } } }, 'https://login.live.com/').account, undefined);
  assert.strictEqual(O.pageRequest({ otpfill: 'code', account: 'a@b.c' }, 'https://login.microsoftonline.com.evil.example/'), null);
  assert.strictEqual(O.pageRequest({ otpfill: 'unlock', passphrase: 'p' }, 'https://login.live.com/'), null);
  assert.strictEqual(O.pageRequest(null, 'https://login.live.com/'), null);
});

test('capture and add from an enrollment page carry no secret fields', () => {
  const url = 'https://mysignins.microsoft.com/security-info';
  const long = 'a'.repeat(513);
  const texts = Array.from({ length: 40 }, (_, i) => 'abcd efgh ijkl mn' + i);
  const r = O.pageRequest({ otpfill: 'capture', image: 'data:image/png;base64,AAAA', texts: [...texts, long, 7, { x: 1 }], account: 'ada@contoso.com', tenant: 'Contoso', secret: 'JBSWY3DPEHPK3PXP' }, url);
  assert.strictEqual(r.texts.length, 32);
  assert.ok(r.texts.every((t) => typeof t === 'string' && t.length <= 512));
  assert.strictEqual(r.secret, undefined);
  assert.deepStrictEqual(Object.keys(r).sort(), ['account', 'image', 'tenant', 'texts', 'type', 'url']);
  const a = O.pageRequest({ otpfill: 'add', capture: 'c_1', replace: true, secret: 'JBSWY3DPEHPK3PXP', uri: 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP', account: 'a@b.c' }, url);
  assert.deepStrictEqual(a, { type: 'add', capture: 'c_1', replace: true, url });
  assert.strictEqual(O.pageRequest({ otpfill: 'code', account: ['a@b.c'] }, url).account, undefined);
});

test('extension pages', () => {
  const base = 'chrome-extension://oldaboobdkknjdokgfaboekphimhbnkh/';
  assert.ok(O.isExtensionURL(base + 'popup/popup.html', base));
  assert.ok(!O.isExtensionURL('https://login.live.com/' + base, base));
  assert.ok(!O.isExtensionURL(base, ''));
});
