import type { Linter } from 'eslint';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { toFinding } from '../src/code-audit/to-finding.js';

const message = (
  messageId: string,
  ruleId = '@valkey-track/no-uncovered-cached-read',
): Linter.LintMessage => ({
  ruleId,
  messageId,
  message: 'text of the message',
  line: 3,
  column: 7,
  severity: 2,
});
const captured = (messageId: string, data: Record<string, unknown>) => [
  { ruleId: '@valkey-track/no-uncovered-cached-read', messageId, line: 3, column: 7, data },
];

const finding = suite('toFinding');

finding('takes command, category and reasons from the data the rule reported', () => {
  const f = toFinding(
    'src/a.js',
    message('uncoveredRead'),
    captured('uncoveredRead', { command: 'KEYS', category: 'none', reasons: ['pattern', 'no-keys'] }),
  );
  assert.equal(f, {
    file: 'src/a.js',
    line: 3,
    column: 7,
    command: 'keys',
    category: 'none',
    reasons: ['pattern', 'no-keys'],
    rule: '@valkey-track/no-uncovered-cached-read',
    message: 'text of the message',
  });
});

finding('reads reasons given as one comma-separated string, as message data often is', () => {
  const f = toFinding('a.js', message('uncoveredRead'), captured('uncoveredRead', { reasons: 'ttl, clock' }));
  assert.equal(f.reasons, ['ttl', 'clock']);
});

finding('uses only the report at the same place with the same message id', () => {
  const elsewhere = [{ ...captured('uncoveredRead', { command: 'TTL', category: 'none' })[0]!, line: 4 }];
  const f = toFinding('a.js', message('uncoveredRead'), elsewhere);
  assert.is(f.command, '');
  assert.is(f.category, 'partial');
});

finding(
  'without data, a cache that nothing invalidates is `none` and a lost reconnect names CLIENT TRACKING',
  () => {
    assert.is(toFinding('a.js', message('cacheWithoutInvalidation'), []).category, 'none');
    const reconnect = toFinding(
      'a.js',
      message('trackingNotRestored', '@valkey-track/no-incomplete-invalidation'),
      [],
    );
    assert.is(reconnect.command, 'client|tracking');
    assert.is(reconnect.category, 'partial');
  },
);

finding.run();
