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
  assert.ok(O.pageVerbAllowed('list', signin));
  assert.ok(!O.pageVerbAllowed('add', signin));
  assert.ok(O.pageVerbAllowed('add', enroll));
  assert.ok(O.pageVerbAllowed('decode_qr', enroll));
  for (const v of ['unlock', 'lock', 'remove', 'toString', '__proto__', 'constructor']) assert.ok(!O.pageVerbAllowed(v, signin), v);
  for (const v of ['code', 'list', 'hello', 'add']) assert.ok(!O.pageVerbAllowed(v, other), v);
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

test('extension pages', () => {
  const base = 'chrome-extension://oldaboobdkknjdokgfaboekphimhbnkh/';
  assert.ok(O.isExtensionURL(base + 'popup/popup.html', base));
  assert.ok(!O.isExtensionURL('https://login.live.com/' + base, base));
  assert.ok(!O.isExtensionURL(base, ''));
});
