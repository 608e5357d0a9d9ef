import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { messagesOf } from '../rule-messages.js';

// Where a finding says a memoizer keeps the reply: by the name the memoized function is given, whether it is a
// variable, a class field or what the constructor assigns it to; a memoized function with no name is its memoizer's
// cache (not "the memoized memoize").
const lines = (...source: string[]) => source.join('\n');
const test = suite('no-uncovered-cached-read: the memoized function a finding names');

const tracked = [
  `import Valkey from 'iovalkey';`,
  `import memoize from 'memoizee';`,
  `const valkey = new Valkey();`,
  `valkey.on('ready', () => valkey.client('TRACKING', 'ON'));`,
];

test('assigned in the constructor: the member it is assigned to', () => {
  const messages = messagesOf(
    lines(
      ...tracked,
      `export class Expiry {`,
      `  constructor() {`,
      `    this.frequency = memoize((key) => valkey.object('FREQ', key), { promise: true });`,
      `  }`,
      `}`,
    ),
  );
  assert.equal(messages.length, 1);
  assert.match(messages[0]!, 'is kept in the memoized `this.frequency` (line 7)');
});

test('a class field: its name', () => {
  const messages = messagesOf(
    lines(
      ...tracked,
      `export class Idle {`,
      `  seconds = memoize((key) => valkey.object('IDLETIME', key));`,
      `}`,
    ),
  );
  assert.equal(messages.length, 1);
  assert.match(messages[0]!, 'is kept in the memoized `seconds` (line 6)');
});

test('no name: the memoizer call', () => {
  const messages = messagesOf(lines(...tracked, `export default memoize((key) => valkey.ttl(key));`));
  assert.equal(messages.length, 1);
  assert.match(messages[0]!, 'is kept in the cache of `memoize()` (line 5)');
});

test.run();
