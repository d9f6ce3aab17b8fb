'use strict';
const test = require('node:test');
const assert = require('node:assert');
require('../lib/detect.js');
const D = globalThis.OtpfillDetect;

const img = (n) => `https://aadcdn.msftauth.net/shared/1.0/content/images/${n}_4c5b2b6e1e7d5a0a3f4b2a7c0d8e9f10.svg`.match(/[\w-]*(?:picker|verify)[\w-]*/g);
const cfg = (...p) => ({ arrUserProofs: p.map((x) => ({ authMethodId: x })) });

test('classic: app code by image, in any language', () => {
  for (const desc of ['Enter the code displayed in the Microsoft Authenticator app on your mobile device',
    'Geben Sie den Code ein, der in der Microsoft Authenticator-App auf Ihrem Mobilgerät angezeigt wird.',
    'モバイル デバイスの Microsoft Authenticator アプリに表示されているコードを入力してください']) {
    assert.strictEqual(D.classifyClassic({ images: img('picker_verify_code'), description: desc, config: cfg('PhoneAppOTP', 'OneWaySMS') }).kind, 'app', desc);
  }
});

test('classic: SMS is never app', () => {
  for (const desc of ['We texted your phone +X XXXXXXXX42. Please enter the code to sign in.',
    'Wir haben eine SMS an Ihr Telefon +X XXXXXXXX42 gesendet.', '+X XXXXXXXX42 に SMS を送信しました。']) {
    assert.strictEqual(D.classifyClassic({ images: img('picker_verify_sms'), description: desc, config: cfg('OneWaySMS', 'PhoneAppOTP') }).kind, 'sms');
    // The image missing: the masked number still says SMS.
    assert.strictEqual(D.classifyClassic({ images: [], description: desc, config: cfg('OneWaySMS', 'PhoneAppOTP') }).kind, 'sms');
    // A wrong image with a masked number: no fill.
    assert.notStrictEqual(D.classifyClassic({ images: img('picker_verify_code'), description: desc, config: null }).kind, 'app');
  }
  assert.strictEqual(D.classifyClassic({ images: [], description: 'Code', config: cfg('OneWaySMS') }).kind, 'sms');
  assert.strictEqual(D.classifyClassic({ images: img('picker_verify_call'), description: '', config: null }).kind, 'voice');
});

test('classic: late description / image', () => {
  assert.strictEqual(D.classifyClassic({ images: [], description: null, config: cfg('PhoneAppOTP', 'OneWaySMS') }).kind, 'pending');
  assert.strictEqual(D.classifyClassic({ images: [], description: null, config: null }).kind, 'pending');
  assert.strictEqual(D.classifyClassic({ images: [], description: null, config: cfg('PhoneAppNotification', 'PhoneAppOTP') }).kind, 'app');
});

test('live: app vs e-mailed vs SMS code', () => {
  const app = ['Enter the code shown in your authenticator app.', 'Geben Sie den Code ein, der in Ihrer Authentifizierungs-App angezeigt wird.', '認証アプリに表示されているコードを入力してください。'];
  for (const d of app) assert.strictEqual(D.classifyLive({ description: d, proofType: 10 }).kind, 'app', d);
  const mail = ['Enter the code we sent to a*****@outlook.com', 'Geben Sie den Code ein, den wir an a*****@outlook.com gesendet haben.', 'ad*****@contoso.com に送信したコードを入力してください'];
  for (const d of mail) assert.strictEqual(D.classifyLive({ description: d, proofType: 10 }).kind, 'email', d);
  assert.strictEqual(D.classifyLive({ description: 'Enter the code we sent to *******42', proofType: null }).kind, 'sms');
  assert.strictEqual(D.classifyLive({ description: null, descriptionMissing: false, proofType: null }).kind, 'pending');
  assert.strictEqual(D.classifyLive({ description: null, descriptionMissing: true, proofType: 1 }).kind, 'email');
  assert.strictEqual(D.classifyLive({ description: null, descriptionMissing: true, proofType: 14 }).kind, 'app');
});

test('push screen and proof tiles', () => {
  assert.ok(D.classifyPush({ anotherWay: true, pushMarkers: true, config: cfg('PhoneAppNotification', 'PhoneAppOTP') }));
  assert.ok(!D.classifyPush({ anotherWay: true, pushMarkers: true, config: cfg('PhoneAppNotification', 'OneWaySMS') }));
  assert.ok(!D.classifyPush({ anotherWay: true, pushMarkers: false, config: null }));
  assert.ok(!D.classifyPush({ anotherWay: true, codeInput: true, pushMarkers: true, config: null }));
  assert.strictEqual(D.pickTile(['PhoneAppNotification', 'PhoneAppOTP', 'OneWaySMS', 'TwoWayVoiceMobile']), 'PhoneAppOTP');
  assert.strictEqual(D.pickTile(['OneWaySMS', 'TwoWayVoiceMobile']), '');
});

test('device-code pages', () => {
  for (const p of ['/common/oauth2/deviceauth', '/organizations/oauth2/v2.0/devicelogin', '/devicelogin']) assert.ok(D.isDevicePage(p), p);
  for (const p of ['/common/oauth2/v2.0/authorize', '/common/SAS/ProcessAuth']) assert.ok(!D.isDevicePage(p), p);
});

test('account from the page', () => {
  assert.strictEqual(D.pickAccount([null, ' ada@contoso.com ']), 'ada@contoso.com');
  assert.strictEqual(D.pickAccount(['a*****@outlook.com', 'finn@outlook.com']), 'finn@outlook.com');
  assert.strictEqual(D.pickAccount(['Signed in as guest@fabrikam.com']), 'guest@fabrikam.com');
  assert.strictEqual(D.pickAccount(['', 'no account']), '');
});

test('config extraction from inline script text', () => {
  const t = '//<![CDATA[\n$Config={"arrUserProofs":[{"authMethodId":"PhoneAppOTP","display":"a}b\\"c"}],"sPOST_Username":"ada@contoso.com"};\n//]]>';
  const c = D.extractObject(t, ['$Config']);
  assert.deepStrictEqual(D.configProofs(c), ['PhoneAppOTP']);
  assert.strictEqual(c.sPOST_Username, 'ada@contoso.com');
  assert.strictEqual(D.extractObject('var ServerData = {"iDefaultProofType":10};', ['ServerData']).iDefaultProofType, 10);
  assert.strictEqual(D.extractObject('$Config={broken', ['$Config']), null);
  assert.strictEqual(D.liveProofType(null, 'var ServerData = {iDefaultProofType:1, x: function(){}};'), 1);
});

test('fill timing: current step now, future step waits', () => {
  const now = 56_666_667 * 30000 + 10000; // 10 s into a step
  const step = Math.floor(now / 30000);
  assert.strictEqual(D.fillTiming({ step, period: 30, expires_at: (step + 1) * 30000 }, now).wait, 0);
  const t = D.fillTiming({ step: step + 1, period: 30, valid_from: (step + 1) * 30000, expires_at: (step + 2) * 30000 }, now);
  assert.strictEqual(t.wait, 20000);
  assert.strictEqual(D.fillTiming({ step: step + 1, period: 30 }, now).wait, 20000);
});

test('classic: the proof chosen on the page and the default proof', () => {
  const both = { arrUserProofs: [{ authMethodId: 'OneWaySMS', isDefault: true }, { authMethodId: 'PhoneAppOTP', isDefault: false }] };
  const appDefault = { arrUserProofs: [{ authMethodId: 'PhoneAppOTP', isDefault: true }, { authMethodId: 'OneWaySMS', isDefault: false }] };
  assert.strictEqual(D.classifyClassic({ images: [], description: 'x', config: both, chosen: 'PhoneAppOTP' }).kind, 'app');
  assert.strictEqual(D.classifyClassic({ images: img('picker_verify_code'), description: 'x', config: both, chosen: 'OneWaySMS' }).kind, 'sms');
  assert.strictEqual(D.classifyClassic({ images: [], description: 'x', config: both, chosen: '' }).kind, 'pending');
  assert.strictEqual(D.classifyClassic({ images: [], description: 'Enter code', config: appDefault, chosen: '' }).kind, 'app');
  assert.strictEqual(D.classifyClassic({ images: [], description: 'Code: +X XXXXXXXX42', config: appDefault, chosen: '' }).kind, 'sms');
});

test('classic box on a personal-account page: ServerData decides when nothing else does', () => {
  assert.strictEqual(D.classifyClassic({ images: [], description: 'Enter the code', config: null, chosen: '', proofType: 10 }).kind, 'app');
  assert.strictEqual(D.classifyClassic({ images: [], description: 'Enter the code', config: null, chosen: '', proofType: 1 }).kind, 'email');
  assert.strictEqual(D.classifyClassic({ images: [], description: 'Enter the code sent to *******42', config: null, chosen: '', proofType: 10 }).kind, 'sms');
  assert.strictEqual(D.classifyClassic({ images: [], description: 'Enter the code', config: null, chosen: '', proofType: null }).kind, 'pending');
});
