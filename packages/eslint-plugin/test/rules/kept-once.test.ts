import { readFileSync } from 'node:fs';
import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// A near cache of another module answers every method from one Map, so what a method returns may hold what
// another method kept (a TTL): that reply is reported once, where the cache keeps it, not again at every
// caller that keeps a value it computed from another method's answer.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-kept-once-');
write('package.json', JSON.stringify({ name: 'orders', private: true, type: 'module' }));
write(
  'src/near-cache.js',
  `export class NearCache {`,
  `  #data = new Map();`,
  `  constructor(client) { this.client = client; }`,
  `  #lookup(slot) { return this.#data.get(slot); }`,
  `  async ttl(key) {`,
  `    const hit = this.#lookup(\`ttl:\${key}\`);`,
  `    if (hit !== undefined) return hit;`,
  `    const seconds = await this.client.ttl(key);`,
  `    this.#data.set(\`ttl:\${key}\`, seconds);`,
  `    return seconds;`,
  `  }`,
  `  async keysMatching(pattern) {`,
  `    const hit = this.#lookup(\`keys:\${pattern}\`);`,
  `    if (hit !== undefined) return hit;`,
  `    const [, keys] = await this.client.scan('0', 'MATCH', pattern);`,
  `    this.#data.set(\`keys:\${pattern}\`, keys);`,
  `    return keys;`,
  `  }`,
  `}`,
);

// A client module that only counts what its helpers read (`stats.scanned += keys.length`): the count is its
// own to answer for, the listing it returns is its callers' to keep.
write(
  'src/tallied.js',
  `import Valkey from 'iovalkey';`,
  `const redis = new Valkey();`,
  `redis.on('ready', () => redis.call('CLIENT', 'TRACKING', 'ON'));`,
  `const stats = { scanned: 0, listed: 0 };`,
  `export async function keysMatching(pattern) {`,
  `  const found = [];`,
  `  let cursor = '0';`,
  `  do {`,
  `    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern);`,
  `    found.push(...keys);`,
  `    stats.scanned += keys.length;`,
  `    cursor = next;`,
  `  } while (cursor !== '0');`,
  `  return found;`,
  `}`,
  `export async function listKeys(client, pattern) {`,
  `  const keys = await client.keys(pattern);`,
  `  stats.listed += keys.length;`,
  `  return keys;`,
  `}`,
  `export const scanned = () => stats.scanned;`,
);

// An app factory that turns tracking on for the client it is given, and keeps a listing of that client: it
// knows the tracking itself, so it reports the listing; its caller, whose client tracks only by that call, does
// not report it again. A helper that keeps the listing but leaves tracking to its caller is the caller's to judge.
write(
  'src/make-app.js',
  `export function makeApp({ redis, sub }) {`,
  `  const app = { locals: {} };`,
  `  sub.on('ready', async () => {`,
  `    const id = await sub.client('ID');`,
  `    await redis.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', id);`,
  `  });`,
  `  const refresh = async () => {`,
  `    app.locals.coupons = await redis.keys('coupon:*');`,
  `  };`,
  `  setInterval(refresh, 60_000);`,
  `  return app;`,
  `}`,
  `export function makeDashboard({ redis }) {`,
  `  const board = { locals: {} };`,
  `  const refresh = async () => {`,
  `    board.locals.coupons = await redis.keys('coupon:*');`,
  `  };`,
  `  setInterval(refresh, 60_000);`,
  `  return board;`,
  `}`,
);

runRuleTests('no-uncovered-cached-read: a reply another module keeps is reported there once', rule, {
  valid: [
    {
      code: lines(
        `import Valkey from 'iovalkey';`,
        `import { makeApp } from './make-app.js';`,
        `const redis = new Valkey();`,
        `export const app = makeApp({ redis, sub: redis.duplicate() });`,
      ),
      filename: file('src/server.js'),
    },
    {
      code: lines(
        `import Valkey from 'iovalkey';`,
        `import { NearCache } from './near-cache.js';`,
        `const primary = new Valkey();`,
        `primary.on('ready', () => primary.call('CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'order:'));`,
        `const orders = new NearCache(primary);`,
        `const totals = new Map();`,
        `export async function openOrders(customer) {`,
        `  const keys = await orders.keysMatching(\`order:open:\${customer}:*\`);`,
        `  totals.set(customer, keys.map((k) => k.split(':')[3]));`,
        `}`,
      ),
      filename: file('src/routes.js'),
    },
  ],
  invalid: [
    // A caller keeping the listings of the helpers that only count them: on its own client and on the caller's.
    {
      code: lines(
        `import Valkey from 'iovalkey';`,
        `import { keysMatching, listKeys } from './tallied.js';`,
        `const promos = new Valkey();`,
        `promos.on('ready', () => promos.call('CLIENT', 'TRACKING', 'ON'));`,
        `let active = [];`,
        `const drafts = new Map();`,
        `export async function refresh() {`,
        `  active = await keysMatching('promo:active:*');`,
        `  drafts.set('all', await listKeys(promos, 'promo:draft:*'));`,
        `}`,
      ),
      filename: file('src/promos.js'),
      errors: [
        { messageId: 'uncoveredRead', line: 8 },
        { messageId: 'uncoveredRead', line: 9 },
      ],
    },
    // The factory reports what it keeps of the client it turns tracking on for.
    {
      code: readFileSync(file('src/make-app.js'), 'utf8'),
      filename: file('src/make-app.js'),
      errors: [{ messageId: 'uncoveredRead', line: 8 }],
    },
    // A caller whose client tracks on its own: the dashboard's listing is reported at the call.
    {
      code: lines(
        `import Valkey from 'iovalkey';`,
        `import { makeDashboard } from './make-app.js';`,
        `const redis = new Valkey();`,
        `redis.on('ready', () => redis.call('CLIENT', 'TRACKING', 'ON'));`,
        `export const board = makeDashboard({ redis });`,
      ),
      filename: file('src/admin.js'),
      errors: [{ messageId: 'uncoveredRead', line: 5 }],
    },
    // The cache module itself: the TTL it keeps.
    {
      code: lines(
        `export class NearCache {`,
        `  #data = new Map();`,
        `  /** @param {import('iovalkey').Redis} client */`,
        `  constructor(client) { this.client = client; }`,
        `  async ttl(key) {`,
        `    const seconds = await this.client.ttl(key);`,
        `    this.#data.set(key, seconds);`,
        `    return seconds;`,
        `  }`,
        `}`,
      ),
      filename: file('src/near-cache-copy.js'),
      errors: [{ messageId: 'volatileReplyKept', line: 6 }],
    },
  ],
});
