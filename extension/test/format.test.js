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
