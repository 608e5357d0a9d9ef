import { Linter } from 'eslint';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';

// Shapes the blind rounds of public-style code brought up: a page offset computed from a parameter, a Map
// copied entry by entry into the kept one, a cursor helper of the module reported where it reads, and a reply
// kept both beside its read and by a helper named where it is kept beside it.
const lines = (...source: string[]) => source.join('\n');

/** An ioredis client broadcasting the listing and price namespaces. */
const broadcast = (...body: string[]) =>
  lines(
    `import Redis from 'ioredis';`,
    `const client = new Redis();`,
    `const events = new Redis();`,
    `events.subscribe('__redis__:invalidate');`,
    `client.on('ready', async () => {`,
    `  const id = await events.client('ID');`,
    `  await client.client('TRACKING', 'ON', 'REDIRECT', id, 'BCAST', 'PREFIX', 'mkt:listing:', 'PREFIX', 'mkt:price:');`,
    `});`,
    ...body,
  );

/** A cursor helper of the module: it collects every page into an array it returns. */
const collectKeys = [
  `async function collectKeys(redis, match) {`,
  `  const found = [];`,
  `  let cursor = '0';`,
  `  do {`,
  `    const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 250);`,
  `    found.push(...keys);`,
  `    cursor = next;`,
  `  } while (cursor !== '0');`,
  `  return found;`,
  `}`,
];

runRuleTests('no-uncovered-cached-read: shapes of public code', rule, {
  valid: [
    // A Lambda authorizer's scratch keyed by the invocation's event: one invocation only.
    {
      code: broadcast(
        `import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';`,
        `const scratch = new WeakMap();`,
        `export const handler = async (event: APIGatewayRequestAuthorizerEvent) => {`,
        `  scratch.set(event, { sessionTtl: await client.ttl('session:' + event.methodArn) });`,
        `  return { principalId: 'user', context: { ttl: scratch.get(event)?.sessionTtl ?? 0 } };`,
        `};`,
      ),
      filename: 'authorizer.ts',
    },
    // Every key and pattern under the prefixes: covered, whatever page the offset asks for.
    {
      code: broadcast(
        `const pages = new Map();`,
        `export async function cheapest(page = 0, size = 24) {`,
        `  if (!pages.has(page)) pages.set(page, await client.sort('mkt:listing:index', 'BY', 'mkt:price:*', 'LIMIT', page * size, size));`,
        `  return pages.get(page);`,
        `}`,
      ),
    },
  ],
  invalid: [
    // A computed LIMIT offset is a number: it cannot turn the SORT into a STORE, so the category key outside the
    // prefixes decides.
    {
      code: broadcast(
        `const pages = new Map();`,
        `export async function categoryPage(slug, page = 0) {`,
        `  const ids = await client.sort('mkt:cat:' + slug, 'BY', 'mkt:price:*', 'GET', '#', 'LIMIT', page * 24, 24);`,
        `  pages.set(\`\${slug}:\${page}\`, ids);`,
        `  return ids;`,
        `}`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 11 }],
    },
    // A refresh builds the next Map and copies it entry by entry into the one every request reads.
    {
      code: broadcast(
        `const flags = new Map();`,
        `export async function refresh() {`,
        `  const next = new Map();`,
        `  for (const [name, value] of Object.entries(await client.hgetall('flags:overrides'))) next.set(name, { value });`,
        `  flags.clear();`,
        `  for (const [name, state] of next) flags.set(name, state);`,
        `}`,
        `export async function refreshSeen() {`,
        `  const next = new Map();`,
        `  next.set('seen', await client.smembers('flags:seen'));`,
        `  for (const [name, state] of next.entries()) flags.set(name, state);`,
        `}`,
      ),
      errors: [
        { messageId: 'uncoveredRead', line: 12 },
        { messageId: 'uncoveredRead', line: 18 },
      ],
    },
    // A cursor helper of the module with a fixed command: reported once, where it reads, naming where the caller
    // keeps its pages (not the helper's own array); the untracked client's call adds nothing.
    {
      code: broadcast(
        `const plain = new Redis();`,
        ...collectKeys,
        `let sessions = [];`,
        `export async function refreshSessions() { sessions = await collectKeys(client, 'session:*'); }`,
        `export const warehouse = (id) => collectKeys(plain, \`wms:\${id}:*\`);`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 14 }],
    },
  ],
});

/** What the rule reports on a module, as `sessions.js`. */
const lint = (code: string) =>
  new Linter({ configType: 'flat' }).verify(
    code,
    [
      {
        files: ['**/*.js'],
        plugins: { vt: { rules: { 'no-uncovered-cached-read': rule } } as never },
        rules: { 'vt/no-uncovered-cached-read': 'error' },
      },
    ],
    { filename: 'sessions.js' },
  );

test('a cursor helper of the module names where its caller keeps the pages, not its own array', () => {
  const messages = lint(
    broadcast(
      ...collectKeys,
      `let sessions = [];`,
      `export async function refreshSessions() { sessions = await collectKeys(client, 'session:*'); }`,
    ),
  );
  assert.equal(
    messages.map((m) => `${m.line}: ${m.message.split(', but')[0]}`),
    ['13: This reply is kept in `sessions` (line 20)'],
  );
});

test('a reply kept beside its read and by a helper is named where it is kept beside it', () => {
  const messages = lint(
    broadcast(
      `const history = new Map();`,
      `function remember(keys) { history.set('last', keys); }`,
      `const sessions = new Map();`,
      `export async function refresh(pattern) {`,
      `  const keys = await client.keys('session:*');`,
      `  sessions.set(pattern, keys);`,
      `  remember(keys);`,
      `}`,
    ),
  );
  assert.equal(
    messages.map((m) => `${m.line}: ${m.message.split(', but')[0]}`),
    ['13: This reply is kept in `sessions` (line 14)'],
  );
});

test.run();
