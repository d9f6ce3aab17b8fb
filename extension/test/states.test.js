'use strict';
// The state tables in extension/README.md are the ones the scripts run
// (lib/detect.js SIGNIN_STATES, lib/enroll-core.js ENROLL_STATES), and the
// runtime's machine moves only along them.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const R = require('../lib/runtime.js');
require('../lib/page.js');
require('../lib/detect.js');
const E = require('../lib/enroll-core.js');
const D = globalThis.OtpfillDetect;

// readmeTable reads the | state | means | moves to | table under heading.
function readmeTable(heading) {
  const md = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const at = md.indexOf(heading);
  assert.ok(at >= 0, 'README has ' + heading);
  const out = {};
  for (const line of md.slice(at).split('\n').slice(1)) {
    if (!line.startsWith('|')) { if (Object.keys(out).length) break; continue; }
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (cells[0] === 'state' || /^-+$/.test(cells[0])) continue;
    out[cells[0]] = cells[2] ? cells[2].split(/,\s*/) : [];
  }
  return out;
}

test('README state tables are the code tables', () => {
  assert.deepStrictEqual(readmeTable('### Sign-in states'), D.SIGNIN_STATES);
  assert.deepStrictEqual(readmeTable('### Enrollment states'), E.ENROLL_STATES);
});

test('every move names a state of its table', () => {
  for (const table of [D.SIGNIN_STATES, E.ENROLL_STATES]) {
    for (const [from, tos] of Object.entries(table)) for (const to of tos) assert.ok(to in table, from + ' -> ' + to);
  }
});

test('machine moves only along the table', () => {
  const m = R.machine('init', D.SIGNIN_STATES);
  assert.ok(!m.go('submitted'), 'init -> submitted refused');
  assert.strictEqual(m.state, 'init');
  assert.ok(m.go('idle') && m.go('asking') && m.go('submitted') && m.go('rejected'));
  assert.ok(!m.go('idle'), 'rejected is final');
  assert.ok(m.is('rejected', 'stopped') && !m.is('idle'));
  const e = R.machine('looking', E.ENROLL_STATES);
  assert.ok(!e.go('verifying') || e.state === 'verifying');
  const f = R.machine('offered', E.ENROLL_STATES);
  assert.ok(!f.go('verifying'), 'no verification fill before the save');
  assert.ok(f.go('saving') && f.go('saved') && f.go('verifying'));
});
