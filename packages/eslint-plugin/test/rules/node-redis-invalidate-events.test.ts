import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import invalidationRule from '../../src/rules/no-incomplete-invalidation.js';
import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';

// node-redis 5's `emitInvalidate: true` (RESP3): the client turns default-mode tracking on in every connection's
// handshake, reconnects included, and emits each invalidated key as an `invalidate` event (null after a flush)
// for the app's own cache. The replies the app keeps are judged as on a tracking connection, and the listener is
// an invalidation handler: one key per event, so deleting it whole is right, but a flush must clear everything.
const lines = (...source: string[]) => source.join('\n');
const directory = mkdtempSync(join(tmpdir(), 'vt-emit-invalidate-'));
const file = (name: string) => join(directory, name);
writeFileSync(
  file('redis.js'),
  lines(
    `import { createClient } from 'redis';`,
    `export const client = await createClient({ RESP: 3, emitInvalidate: true }).connect();`,
  ),
);
const setup = (options = `{ url: process.env.REDIS_URL, RESP: 3, emitInvalidate: true }`) => [
  `import { createClient } from 'redis';`,
  `const client = createClient(${options});`,
  `const local = new Map();`,
];

runRuleTests('no-uncovered-cached-read: node-redis emitInvalidate', rule, {
  valid: [
    {
      // A single key read kept beside the events that invalidate it.
      code: lines(
        ...setup(),
        `client.on('invalidate', (key) => (key === null ? local.clear() : local.delete(String(key))));`,
        `export async function profile(id) {`,
        `  if (!local.has(id)) local.set(id, await client.hGetAll(\`user:\${id}\`));`,
        `  return local.get(id);`,
        `}`,
      ),
    },
    {
      // Without it (or turned off) the client does not track: the KEYS reply kept is not judged by tracking.
      code: lines(
        ...setup(`{ RESP: 3, emitInvalidate: false }`),
        `export async function users() {`,
        `  local.set('users', await client.keys('user:*'));`,
        `}`,
      ),
    },
  ],
  invalid: [
    {
      // KEYS remembers no key: a new user never sends an invalidation for the kept list.
      code: lines(
        ...setup(),
        `client.on('invalidate', (key) => (key === null ? local.clear() : local.delete(String(key))));`,
        `export async function users() {`,
        `  if (!local.has('users')) local.set('users', await client.keys('user:*'));`,
        `  return local.get('users');`,
        `}`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 6 }],
    },
    {
      // A duplicate copies the option, and tracks the same way.
      code: lines(
        ...setup(),
        `const reader = client.duplicate();`,
        `export async function sessions() {`,
        `  local.set('sessions', await reader.keys('session:*'));`,
        `}`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 6 }],
    },
    {
      // The client made in another module, with the option: imported, it tracks as its module made it.
      code: lines(
        `import { client } from './redis.js';`,
        `const pages = new Map();`,
        `export async function page(cursor) {`,
        `  if (!pages.has(cursor)) pages.set(cursor, await client.scan(cursor, { MATCH: 'post:*' }));`,
        `  return pages.get(cursor);`,
        `}`,
      ),
      filename: file('posts.js'),
      errors: [{ messageId: 'uncoveredRead', line: 4 }],
    },
    {
      // A duplicate of that imported client copies the option too (a background refresher's connection).
      code: lines(
        `import { client } from './redis.js';`,
        `const refresher = client.duplicate();`,
        `export const index = { ids: [] };`,
        `export async function refresh() {`,
        `  const ids = [];`,
        `  for await (const keys of refresher.scanIterator({ MATCH: 'product:*' })) ids.push(...keys);`,
        `  index.ids = ids;`,
        `}`,
      ),
      filename: file('refresher.js'),
      errors: [{ messageId: 'uncoveredRead', line: 6 }],
    },
  ],
});

runRuleTests('no-incomplete-invalidation: node-redis invalidate events', invalidationRule, {
  valid: [
    {
      // One key per event: deleting it whole is right, and the null of a flush clears the cache.
      code: lines(
        ...setup(),
        `client.on('invalidate', (key) => {`,
        `  if (key === null) return local.clear();`,
        `  local.delete(key.toString());`,
        `});`,
      ),
    },
  ],
  invalid: [
    {
      // A flush emits null: the handler deletes `null` and keeps every entry.
      code: lines(...setup(), `client.on('invalidate', (key) => {`, `  local.delete(String(key));`, `});`),
      errors: [{ messageId: 'flushIgnored', line: 4 }],
    },
    {
      // node-redis refuses the option on a RESP2 connection when the client is created.
      code: lines(...setup(`{ url: process.env.REDIS_URL, emitInvalidate: true }`)),
      errors: [
        {
          messageId: 'cacheNeedsResp3',
          line: 2,
          data: {
            feature: 'emits `invalidate` events',
            error: 'emitInvalidate is only supported with RESP3',
            consequence: 'no tracking is turned on',
          },
        },
      ],
    },
  ],
});
