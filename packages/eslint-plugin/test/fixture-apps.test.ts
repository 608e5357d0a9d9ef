import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { byPosition, lintApp, listApps, readExpected } from './fixture-apps.js';

const test = suite('fixture apps');

const key = (f: { file: string; line: number; column: number; ruleId: string; messageId: string }) =>
  `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.messageId}`;

test('every client API and tracking mode has an app', () => {
  assert.equal(listApps(), [
    'glide',
    'iovalkey-bcast',
    'iovalkey-default',
    'iovalkey-optin',
    'node-redis-6.2',
    'node-redis-v5',
  ]);
});

for (const app of listApps()) {
  test(`${app} produces exactly its expected findings`, () => {
    const expected = readExpected(app);
    const actual = lintApp(app, expected.settings);
    assert.equal(actual.map(key), [...expected.findings].sort(byPosition).map(key));
  });

  test(`${app} reports nothing on the lines it must not`, () => {
    const expected = readExpected(app);
    const actual = lintApp(app, expected.settings);
    for (const clean of expected.mustNotReport) {
      const hits = actual.filter((f) => f.file === clean.file && f.line === clean.line);
      assert.equal(hits.map(key), [], `${clean.file}:${clean.line} must not be reported: ${clean.why}`);
    }
  });
}

test.run();
