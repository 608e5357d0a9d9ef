import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { messagesOf } from '../rule-messages.js';

// What a finding says of BCAST tracking: the prefixes it names when the module shows them, and no claim about
// them when it does not (prefixes read from configuration).
const lines = (...source: string[]) => source.join('\n');
const test = suite('no-uncovered-cached-read: what a finding says of BCAST prefixes');

const tracked = (...tracking: string[]) => [
  `import Valkey from 'iovalkey';`,
  `const redis = new Valkey();`,
  `const events = new Valkey();`,
  `redis.on('ready', async () => redis.client('TRACKING', 'ON', 'REDIRECT', await events.client('ID'), 'BCAST', ${tracking.join(', ')}));`,
  `const memo = new Map();`,
];

test('prefixes the module does not show: the TTL is stale whatever they are, and none is claimed', () => {
  const [message, ...rest] = messagesOf(
    lines(
      ...tracked('...settings.prefixArgs'),
      `export const left = async () => memo.set('t', await redis.ttl('user:1'));`,
    ),
  );
  assert.equal(rest, []);
  assert.match(message!, 'The key is remembered, but the remaining time shrinks every second');
  assert.not.match(message!, 'under a registered prefix');
});

test('prefixes it shows: named, and the key said to be under them', () => {
  const [message, ...rest] = messagesOf(
    lines(
      ...tracked(`'PREFIX'`, `'user:'`),
      `export const left = async () => memo.set('t', await redis.ttl('user:1'));`,
    ),
  );
  assert.equal(rest, []);
  assert.match(message!, 'in BCAST mode (prefixes `user:`): Every key it reads is under a registered prefix');
});

test.run();
