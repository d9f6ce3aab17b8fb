'use strict';
const test = require('node:test');
const assert = require('node:assert');
require('../lib/format.js');
const F = globalThis.OtpfillFormat;

test('format helpers', () => {
  assert.strictEqual(F.groupCode('123456'), '123 456');
  assert.strictEqual(F.groupCode('12345678'), '1234 5678');
  assert.deepStrictEqual(F.remaining(1000 + 15000, 30, 1000), { ms: 15000, fraction: 0.5 });
  assert.ok(F.matches({ account: 'ada@contoso.com', tenant: 'Contoso' }, 'CONTOSO ada'));
  assert.ok(!F.matches({ account: 'ada@contoso.com', tenant: 'Contoso' }, 'fabrikam'));
  assert.deepStrictEqual(F.sortEntries([{ tenant: 'b', account: 'x' }, { tenant: 'A', account: 'y' }]).map((e) => e.tenant), ['A', 'b']);
  assert.match(F.stateText('host_missing'), /otpfill install/);
  assert.match(F.stateText('no_vault'), /otpfill init/);
});

test('rows name the tenant first, then the account; a label wins', () => {
  const guest = { account: 'ada@contoso.com', tenant: 'Fabrikam', issuer: 'Microsoft' };
  const home = { account: 'ada@contoso.com', tenant: 'Contoso', issuer: 'Microsoft' };
  assert.strictEqual(F.rowTitle(home), 'Contoso \u2014 ada@contoso.com');
  assert.notStrictEqual(F.rowTitle(home), F.rowTitle(guest));
  assert.strictEqual(F.rowDetail(home), '');
  assert.strictEqual(F.rowTitle({ account: 'ada@outlook.com', issuer: 'Microsoft' }), 'Microsoft \u2014 ada@outlook.com');
  assert.strictEqual(F.rowTitle({ account: 'ada@outlook.com' }), 'ada@outlook.com');
  const named = Object.assign({ label: 'Fabrikam guest' }, guest);
  assert.strictEqual(F.rowTitle(named), 'Fabrikam guest');
  assert.strictEqual(F.rowDetail(named), 'Fabrikam \u2014 ada@contoso.com');
  assert.ok(F.matches(named, 'guest'));
  // Rows are sorted as they read.
  const outlook = { account: 'ada@outlook.com', issuer: 'Microsoft' };
  assert.deepStrictEqual(F.sortEntries([outlook, guest, home]).map(F.rowTitle),
    ['Contoso \u2014 ada@contoso.com', 'Fabrikam \u2014 ada@contoso.com', 'Microsoft \u2014 ada@outlook.com']);
  assert.strictEqual(F.sortEntries([home, Object.assign({ label: 'Alpha' }, guest)])[0].label, 'Alpha');
});

test('menu keys wrap around; other keys do not move', () => {
  assert.strictEqual(F.menuMove('ArrowDown', 0, 3), 1);
  assert.strictEqual(F.menuMove('ArrowDown', 2, 3), 0);
  assert.strictEqual(F.menuMove('ArrowUp', 0, 3), 2);
  assert.strictEqual(F.menuMove('ArrowUp', -1, 3), 2);
  assert.strictEqual(F.menuMove('ArrowDown', -1, 3), 0);
  assert.strictEqual(F.menuMove('Home', 2, 3), 0);
  assert.strictEqual(F.menuMove('End', 0, 3), 2);
  assert.strictEqual(F.menuMove('Enter', 1, 3), -1);
  assert.strictEqual(F.menuMove('ArrowDown', 0, 0), -1);
});
