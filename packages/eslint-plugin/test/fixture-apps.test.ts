import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  compareFindings,
  describeFinding,
  lintApp,
  listApps,
  readExpected,
  requiredFindings,
} from './fixture-apps.js';

const test = suite('fixture apps');

test('every client API and tracking mode has an app', () => {
  assert.equal(listApps(), [
    'glide',
    'glide-profiles',
    'ioredis-feed-worker',
    'ioredis-inspector-react',
    'ioredis-legacy-catalog',
    'ioredis-sessions-ts',
    'iovalkey-bcast',
    'iovalkey-catalog-ts',
    'iovalkey-default',
    'iovalkey-inventory',
    'iovalkey-leaderboard-cluster',
    'iovalkey-optin',
    'iovalkey-orders-ts',
    'iovalkey-pricing-optin',
    'node-redis-6.2',
    'node-redis-6.2-dashboard',
    'node-redis-v5',
    'node-redis4-catalog',
    'node-redis5-flags',
  ]);
});

for (const app of listApps()) {
  test(`${app} produces exactly its expected findings`, () => {
    const expected = readExpected(app);
    const actual = lintApp(app, expected.settings);
    assert.equal(compareFindings(actual, requiredFindings(expected), expected.ambiguous), {
      missing: [],
      unexpected: [],
    });
  });

  test(`${app} reports nothing on the lines it must not`, () => {
    const expected = readExpected(app);
    const actual = lintApp(app, expected.settings);
    for (const clean of expected.mustNotReport) {
      const hits = actual.filter((f) => f.file === clean.file && f.line === clean.line);
      assert.equal(
        hits.map(describeFinding),
        [],
        `${clean.file}:${clean.line} must not be reported: ${clean.why}`,
      );
    }
  });

  for (const want of readExpected(app).withOptions ?? []) {
    test(`${app}: ${want.file}:${want.line} is reported with ${JSON.stringify(want.options)}`, () => {
      const expected = readExpected(app);
      const actual = lintApp(app, expected.settings, { [want.ruleId]: want.options ?? {} });
      const { missing } = compareFindings(actual, [want], expected.ambiguous);
      assert.equal(missing, []);
    });
  }
}

test.run();
