import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Linter } from 'eslint';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';

// Reads another module sends on a client its caller passes, as data-loader modules write them: loaders that
// take a deps object or a client and return the reply (through `.then`, destructuring, `await`), a CommonJS
// repository, a barrel re-exporting both, a repository class holding the client its constructor is given,
// and a helper that memoizes the reply in its own module. The app module makes the clients and decides
// whether the reply is kept; the finding goes on its call of the loader.
const lines = (...source: string[]) => source.join('\n');
const directory = mkdtempSync(join(tmpdir(), 'vt-imported-reads-'));
const file = (name: string) => join(directory, name);

writeFileSync(
  file('loaders.js'),
  lines(
    `export const listUsers = ({ valkey }) => valkey.scan('0', 'MATCH', 'user:*', 'COUNT', 100).then(([, keys]) => keys);`,
    `export async function pauseLeft(client, queue) {`,
    `  return client.pttl(\`queue:\${queue}:paused\`);`,
    `}`,
    `export async function profile(deps, id) {`,
    `  const fields = await deps.redis.hgetall(\`user:\${id}\`);`,
    `  return { name: fields.name, email: fields.email };`,
    `}`,
    `export async function countOnline(deps) {`,
    `  const keys = await deps.redis.keys('online:*');`,
    `  return keys.length;`,
    `}`,
    `export function rememberedLookup(cache, key) {`,
    `  return cache.get(key);`,
    `}`,
    `export const menuService = {`,
    `  special(ctx, restaurant) { return ctx.redis.srandmember(\`menu:\${restaurant}:dishes\`); },`,
    `  dishes: (ctx, restaurant) => ctx.redis.smembers(\`menu:\${restaurant}:dishes\`),`,
    `};`,
    `export async function seatStats(client, show) {`,
    `  const [left, pick] = await Promise.all([client.ttl(\`hold:\${show}\`), client.srandmember(\`seats:\${show}\`)]);`,
    `  return { left, pick };`,
    `}`,
    `export async function scanOptions({ redis, cursor = '0', pattern, count = 1000 }) {`,
    `  const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', count);`,
    `  return { next, keys };`,
    `}`,
    `export async function keysUnder(redis, prefix) {`,
    `  const keys = await redis.keys(\`\${prefix}*\`);`,
    `  return keys.sort();`,
    `}`,
    `export const keysOf = (redis, opts) => redis.keys(\`\${opts.namespace}:\${opts.kind}:*\`);`,
    `export async function scoredMembers(redis, key) {`,
    `  const out = [];`,
    `  const [, flat] = await redis.zscan(key, '0', 'COUNT', 500);`,
    `  for (let i = 0; i < flat.length; i += 2) out.push({ member: flat[i], score: Number(flat[i + 1]) });`,
    `  return out;`,
    `}`,
    `export async function scanPage({ redis }, pattern, cursor = '0') {`,
    `  const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);`,
    `  return { next, keys };`,
    `}`,
  ),
);
// The shared clients of a process, made by a factory of a third module: a repository returns what it reads on
// one of them.
writeFileSync(
  file('factory.cjs'),
  lines(
    `const Redis = require('ioredis');`,
    `exports.createRedis = (opts) => {`,
    `  const client = new Redis(opts.url);`,
    `  if (opts.tracking) client.on('ready', () => client.call('CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', opts.prefix));`,
    `  return client;`,
    `};`,
  ),
);
writeFileSync(
  file('shared-clients.cjs'),
  lines(
    `const { createRedis } = require('./factory.cjs');`,
    `exports.content = createRedis({ url: process.env.URL, tracking: true, prefix: 'tag:' });`,
  ),
);
// A factory whose tracking words come from a nested options object, the mode pushed only when given.
writeFileSync(
  file('valkey-factory.ts'),
  lines(
    `import Valkey from 'iovalkey';`,
    `export interface TrackingOptions { mode?: 'OPTIN' | 'BCAST'; prefixes?: readonly string[] }`,
    `export function createValkey(options: { name: string; tracking?: TrackingOptions }): Valkey {`,
    `  const client = new Valkey();`,
    `  if (options.tracking) {`,
    `    const tracking = options.tracking;`,
    `    client.on('ready', async () => {`,
    `      const args: (string | number)[] = ['TRACKING', 'ON', 'REDIRECT', 7];`,
    `      if (tracking.mode) args.push(tracking.mode);`,
    `      for (const prefix of tracking.prefixes ?? []) args.push('PREFIX', prefix);`,
    `      await client.call('CLIENT', ...args);`,
    `    });`,
    `  }`,
    `  return client;`,
    `}`,
    `const shared = new Map<string, Valkey>();`,
    `export function connect(options: { name: string; tracking?: TrackingOptions }): Valkey {`,
    `  const existing = shared.get(options.name);`,
    `  if (existing) return existing;`,
    `  const client = createValkey(options);`,
    `  shared.set(options.name, client);`,
    `  return client;`,
    `}`,
  ),
);
// A factory that turns tracking on only when its options say so: `tracking: false` makes a plain client.
writeFileSync(
  file('redis-module.ts'),
  lines(
    `import Redis from 'ioredis';`,
    `export class RedisModule {`,
    `  static create(options: { name: string; tracking?: boolean }): Redis {`,
    `    const client = new Redis();`,
    `    if (options.tracking) {`,
    `      client.on('ready', () => client.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', 7));`,
    `    }`,
    `    return client;`,
    `  }`,
    `}`,
  ),
);
writeFileSync(
  file('cache-config.ts'),
  lines(`export const cacheConfig = { sessions: { tracking: { mode: 'OPTIN' as const } } };`),
);
writeFileSync(
  file('valkey-clients.ts'),
  lines(
    `import { connect, createValkey } from './valkey-factory.js';`,
    `import { cacheConfig } from './cache-config.js';`,
    `export const catalog = createValkey({ name: 'catalog', tracking: { mode: 'BCAST', prefixes: ['product:'] } });`,
    `export const sessions = createValkey({ name: 'sessions', tracking: cacheConfig.sessions.tracking });`,
    `export const orders = connect({ name: 'orders', tracking: { mode: 'BCAST', prefixes: ['order:'] } });`,
  ),
);
writeFileSync(
  file('tag-repo.cjs'),
  lines(
    `const { content } = require('./shared-clients.cjs');`,
    `exports.tagTtl = (tag) => content.ttl('tag:' + tag);`,
    `exports.related = (tag) => content.smembers('related:' + tag);`,
    `exports.members = (tag) => content.smembers('tag:' + tag);`,
  ),
);
writeFileSync(
  file('retry.ts'),
  lines(
    `export async function withRetry<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {`,
    `  let lastError: unknown;`,
    `  for (let attempt = 0; attempt < attempts; attempt++) {`,
    `    try {`,
    `      return await fn();`,
    `    } catch (error) {`,
    `      lastError = error;`,
    `    }`,
    `  }`,
    `  throw lastError;`,
    `}`,
  ),
);
writeFileSync(
  file('session-repo.cjs'),
  lines(
    `'use strict';`,
    `function sampleSessions(redis, count) {`,
    `  return redis.srandmember('sessions', count);`,
    `}`,
    `exports.sessionTtl = async (redis, id) => redis.ttl('session:' + id);`,
    `module.exports.sampleSessions = sampleSessions;`,
  ),
);
// An ES module barrel that imports a helper and exports the binding again (`import { x }; export { x }`).
writeFileSync(
  file('helpers.js'),
  lines(`import { seatStats, scanPage } from './loaders.js';`, `export { seatStats, scanPage as pageOf };`),
);
writeFileSync(
  file('index.js'),
  lines(`export { pauseLeft, profile } from './loaders.js';`, `export * from './repositories.js';`),
);
writeFileSync(
  file('repositories.ts'),
  lines(
    `import type Redis from 'ioredis';`,
    `export class TeamRepository {`,
    `  constructor(private readonly redis: Redis) {}`,
    `  async recent(): Promise<string[]> {`,
    `    const [, keys] = await this.redis.scan(0, 'MATCH', 'team:*');`,
    `    return keys;`,
    `  }`,
    `  static async idleSeconds(redis: Redis, key: string): Promise<number> {`,
    `    return redis.object('IDLETIME', key) as Promise<number>;`,
    `  }`,
    `}`,
  ),
);
writeFileSync(
  file('flags.js'),
  lines(
    `let sample;`,
    `export async function featureSample(redis) {`,
    `  if (!sample) sample = await redis.hrandfield('flags', 3);`,
    `  return sample;`,
    `}`,
  ),
);
writeFileSync(
  file('inspector.js'),
  lines(
    `export function Inspector(redis) {`,
    `  this.redis = redis;`,
    `  this.expiresIn = {};`,
    `}`,
    `Inspector.prototype.trackExpiry = function (key) {`,
    `  var self = this;`,
    `  return this.redis.pttl(key).then(function (ms) {`,
    `    self.expiresIn[key] = ms;`,
    `    return ms;`,
    `  });`,
    `};`,
  ),
);
writeFileSync(
  file('optin-reads.ts'),
  lines(
    `import type Redis from 'ioredis';`,
    `export function cachedPrice(redis: Redis, sku: string) {`,
    `  redis.client('CACHING', 'yes');`,
    `  return redis.get(\`price:\${sku}\`);`,
    `}`,
    `export function price(redis: Redis, sku: string) {`,
    `  return redis.get(\`price:\${sku}\`);`,
    `}`,
  ),
);
writeFileSync(
  file('keys.js'),
  lines(
    `export function scanKeys(redis, pattern) {`,
    `  return redis.scan(0, 'MATCH', pattern, 'COUNT', 500).then(([, keys]) => keys);`,
    `}`,
  ),
);
writeFileSync(
  file('teams.js'),
  lines(
    `import { scanKeys } from './keys.js';`,
    `export const listTeams = (deps) => scanKeys(deps.redis, 'team:*');`,
  ),
);

// Helpers beside their module's own clients, as a `cache.js` or a repository module writes them: a default-mode
// client, a BCAST client for `feed:`, a client that does not track, and a node-redis client whose own cache
// keeps every reply (reported in its module, wherever the reply goes).
writeFileSync(
  file('sessions.js'),
  lines(
    `import Redis from 'ioredis';`,
    `import { createClient } from 'redis';`,
    `const redis = new Redis();`,
    `redis.on('ready', () => redis.client('TRACKING', 'ON'));`,
    `const feed = new Redis();`,
    `feed.on('ready', () => feed.call('CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'feed:'));`,
    `const reports = new Redis();`,
    `const cached = createClient({ RESP: 3, clientSideCache: { maxEntries: 500 } });`,
    `export const sessionKeys = () => redis.keys('session:*');`,
    `export async function sessionTtl(id) { return redis.ttl(\`session:\${id}\`); }`,
    `export const profile = (id) => redis.hgetall(\`user:\${id}\`);`,
    `export const story = (id) => feed.get(\`feed:\${id}\`);`,
    `export const headline = (id) => feed.get(\`headline:\${id}\`);`,
    `export const reportKeys = () => reports.keys('report:*');`,
    `export const pendingCount = (stream) => cached.xPending(stream, 'workers');`,
    `export const luckyPlayer = () => cached.sRandMember('players:online');`,
    `export class SessionStore {`,
    `  async idle(id) { return redis.object('IDLETIME', \`session:\${id}\`); }`,
    `  async stats(id) {`,
    `    const [ttl, fields] = await Promise.all([redis.ttl(\`session:\${id}\`), redis.hlen(\`session:\${id}\`)]);`,
    `    return { ttl, fields };`,
    `  }`,
    `}`,
  ),
);

// The layout of a Next.js or Express app: the clients in one module (`lib/redis.js`: a node-redis client with its
// own cache, kept on `globalThis` across hot reloads, and an ioredis client tracking in default mode), the
// helpers that read on them in another (`lib/catalog.js`), the routes that keep the replies in a third.
writeFileSync(
  file('lib-redis.js'),
  lines(
    `import { createClient } from 'redis';`,
    `import Redis from 'ioredis';`,
    `const connect = () => createClient({ RESP: 3, clientSideCache: { ttl: 0, maxEntries: 10_000 } });`,
    `export const redis = (globalThis.__storefrontRedis ??= connect());`,
    `export const sessions = new Redis();`,
    `sessions.on('ready', () => sessions.client('TRACKING', 'ON'));`,
  ),
);
writeFileSync(
  file('lib-catalog.js'),
  lines(
    `import { redis, sessions } from './lib-redis.js';`,
    `export const warehouseKeys = () => redis.keys('warehouse:*');`,
    `export const warehouseStock = (id) => redis.hGetAll(\`warehouse:\${id}\`);`,
    `export const sessionLeft = (id) => sessions.ttl(\`session:\${id}\`);`,
    `export const sessionUser = (id) => sessions.get(\`session:\${id}\`);`,
  ),
);

/** The app's clients: one tracking in default mode, one in BCAST for `user:`, one that does not track. */
// Factories that return an object of methods: on the factory's own client (a Nitro `useKv(namespace)`), and on
// the client a deps object hands the factory (`createLeaderService({ redis })`, a closure of its methods).
writeFileSync(
  file('factories.js'),
  lines(
    `import Valkey from 'iovalkey';`,
    `const kv = new Valkey();`,
    `const listener = new Valkey();`,
    `void listener.subscribe('__redis__:invalidate');`,
    `kv.on('ready', async () => kv.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', String(await listener.client('ID'))));`,
    `export function useKv(namespace) {`,
    `  return {`,
    `    async getKeys() { return kv.keys(\`\${namespace}:*\`); },`,
    `    getItem: (key) => kv.get(\`\${namespace}:\${key}\`),`,
    `  };`,
    `}`,
    `export const createLeaderService = ({ redis }) => ({`,
    `  sample() { return redis.srandmember('leaders', 3); },`,
    `  size: () => redis.scard('leaders'),`,
    `});`,
  ),
);

const clients = [
  `import Redis from 'ioredis';`,
  `const tracked = new Redis();`,
  `tracked.on('ready', () => tracked.client('TRACKING', 'ON'));`,
  `const users = new Redis();`,
  `users.on('ready', () => users.call('CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'user:'));`,
  `const plain = new Redis();`,
  `const optin = new Redis();`,
  `optin.on('ready', () => optin.client('TRACKING', 'ON', 'OPTIN'));`,
];

runRuleTests('no-uncovered-cached-read: reads of other modules on the caller’s client', rule, {
  valid: [
    // A member of the returned object used for one response only.
    {
      code: lines(
        ...clients,
        `import { seatStats } from './loaders.js';`,
        `export async function pick(show) { const { pick } = await seatStats(tracked, show); return pick; }`,
      ),
      filename: file('pick-route.js'),
    },
    // The helper keeps the reply in its own module: its own module reports the read there (a helper with a
    // fixed command is reported where it reads), not every call that passes a client.
    {
      code: lines(
        ...clients,
        `import { featureSample } from './flags.js';`,
        `export async function flagsRoute(req, res) {`,
        `  res.json(await featureSample(tracked));`,
        `}`,
      ),
      filename: file('flags-route.js'),
    },
    // The loader's reply answers one request and is not kept.
    {
      code: lines(
        ...clients,
        `import { listUsers } from './loaders.js';`,
        `export async function usersRoute(req, res) {`,
        `  res.json(await listUsers({ valkey: tracked }));`,
        `}`,
      ),
      filename: file('per-request.js'),
    },
    // Kept, but from a client that does not track: nothing invalidates it, and SCAN does not change by itself.
    {
      code: lines(
        ...clients,
        `import { listUsers } from './loaders.js';`,
        `const known = new Map();`,
        `export async function allUsers() {`,
        `  if (!known.has('all')) known.set('all', await listUsers({ valkey: plain }));`,
        `  return known.get('all');`,
        `}`,
      ),
      filename: file('untracked.js'),
    },
    // HGETALL user:... under BCAST PREFIX user: is covered.
    {
      code: lines(
        ...clients,
        `import { profile } from './index.js';`,
        `const profiles = new Map();`,
        `export async function cachedProfile(id) {`,
        `  if (!profiles.has(id)) profiles.set(id, await profile({ redis: users }, id));`,
        `  return profiles.get(id);`,
        `}`,
      ),
      filename: file('covered.js'),
    },
    // Objects that only look like clients: a test double with the methods, and a Map.
    {
      code: lines(
        ...clients,
        `import { pauseLeft, rememberedLookup } from './loaders.js';`,
        `const stub = { pttl: async () => 1000 };`,
        `const left = new Map();`,
        `const seen = new Map([['a', 1]]);`,
        `export async function pause(queue) {`,
        `  left.set(queue, await pauseLeft(stub, queue));`,
        `  left.set('seen', rememberedLookup(seen, 'a'));`,
        `}`,
      ),
      filename: file('lookalikes.js'),
    },
    // OPTIN: the function sends `CLIENT CACHING yes` right before its read, so the server remembers the key.
    {
      code: lines(
        ...clients,
        `import { cachedPrice } from './optin-reads';`,
        `const prices = new Map();`,
        `export async function priceOf(sku) {`,
        `  if (!prices.has(sku)) prices.set(sku, await cachedPrice(optin, sku));`,
        `  return prices.get(sku);`,
        `}`,
      ),
      filename: file('optin-covered.js'),
    },
    // A constructor function whose prototype method keeps a reply in its instance: making one sends nothing.
    {
      code: lines(
        ...clients,
        `import { Inspector } from './inspector.js';`,
        `export const inspector = new Inspector(tracked);`,
      ),
      filename: file('inspect.js'),
    },
  ],
  invalid: [
    // A client the module imports from one that made it with a third module's factory tracks as made there.
    {
      code: lines(
        `const tags = require('./tag-repo.cjs');`,
        `const kept = new Map();`,
        `exports.route = async (tag) => {`,
        `  if (!kept.has(tag)) kept.set(tag, await tags.tagTtl(tag));`,
        `  kept.set(tag + ':related', await tags.related(tag));`,
        `  kept.set(tag + ':members', await tags.members(tag));`,
        `};`,
      ),
      filename: file('tag-route.cjs'),
      errors: [
        { messageId: 'volatileReplyKept', line: 4 },
        { messageId: 'uncoveredRead', line: 5 },
      ],
    },
    // The factory's mode and prefixes from each call's nested options (a literal, a constant of a third module).
    {
      code: lines(
        `import { catalog, sessions, orders } from './valkey-clients.js';`,
        `const kept = new Map<string, unknown>();`,
        `export async function load(id: string) {`,
        `  kept.set('p' + id, await catalog.hgetall('product:' + id));`,
        `  kept.set('b' + id, await catalog.hgetall('brand:' + id));`,
        `  kept.set('s' + id, await sessions.hgetall('session:' + id));`,
        `  kept.set('o' + id, await orders.hgetall('order:' + id));`,
        `  kept.set('c' + id, await orders.hgetall('customer:' + id));`,
        `}`,
      ),
      filename: file('catalog-loader.ts'),
      errors: [
        { messageId: 'uncoveredRead', line: 5 },
        { messageId: 'optInWithoutCaching', line: 6 },
        // `connect` hands its options to the factory of its own module: the same words reach the caller.
        { messageId: 'uncoveredRead', line: 8 },
      ],
    },
    {
      code: lines(
        `import { RedisModule } from './redis-module.js';`,
        `const sessions = RedisModule.create({ name: 'sessions', tracking: true });`,
        `const jobs = RedisModule.create({ name: 'jobs', tracking: false });`,
        `const audit = RedisModule.create({ name: 'audit' });`,
        `const counts: Record<string, number> = {};`,
        `export async function refresh() {`,
        `  counts.sessions = (await sessions.keys('session:*')).length;`,
        `  counts.jobs = (await jobs.keys('job:*')).length;`,
        `  counts.audit = (await audit.keys('audit:*')).length;`,
        `}`,
      ),
      filename: file('key-counts.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 7 }],
    },
    // A pattern the helper builds from its parameters (`${prefix}*`) is the caller's: `user:*` lies under the
    // BCAST prefix, `dlq:*` does not; a namespace the caller does not show leaves the pattern unknown.
    {
      code: lines(
        ...clients,
        `import { keysUnder, keysOf, scoredMembers } from './loaders.js';`,
        `export class Dashboard {`,
        `  async refresh(namespace) {`,
        `    this.users = await keysUnder(users, 'user:');`,
        `    this.dead = await keysUnder(users, 'dlq:');`,
        `    this.userKinds = await keysOf(users, { namespace: 'user', kind: 'admin' });`,
        `    this.kinds = await keysOf(users, { namespace, kind: 'admin' });`,
        `    this.bands = await scoredMembers(tracked, 'price:bands');`,
        `  }`,
        `}`,
      ),
      filename: file('dashboard.js'),
      // The ZSCAN page comes back as objects built from its elements, kept all the same.
      errors: [
        { messageId: 'uncoveredRead', line: 13 },
        { messageId: 'uncoveredRead', line: 16 },
      ],
    },
    // A helper of another module that returns what its callback returns (a retry wrapper): the TTL it hands
    // back is kept by the caller.
    {
      code: lines(
        ...clients,
        `import { withRetry } from './retry';`,
        `const trials = new Map();`,
        `export async function trialLeft(t) { trials.set(t, await withRetry(() => tracked.ttl(\`trial:\${t}\`))); }`,
      ),
      filename: file('trials.js'),
      errors: [{ messageId: 'volatileReplyKept', line: 11 }],
    },
    // Methods of an exported service object: the random pick kept in a module variable is reported; the set of
    // dishes, returned per request, is not.
    {
      code: lines(
        ...clients,
        `import { menuService } from './loaders.js';`,
        `const ctx = { redis: tracked };`,
        `let special = null;`,
        `export async function todays(r) { special ??= await menuService.special(ctx, r); return special; }`,
        `export async function dishes(r) { return menuService.dishes(ctx, r); }`,
      ),
      filename: file('menu-routes.js'),
      errors: [{ messageId: 'volatileReplyKept', line: 12 }],
    },
    // Replies handed back as members of an object (`return { left, pick }`): the member kept is reported.
    {
      code: lines(
        ...clients,
        `import { seatStats } from './loaders.js';`,
        `const holds = new Map();`,
        `export async function hold(show) { const { left } = await seatStats(tracked, show); holds.set(show, left); }`,
      ),
      filename: file('holds.js'),
      errors: [{ messageId: 'volatileReplyKept', line: 11 }],
    },
    // Through a barrel that imports the helper and exports it again under another name.
    {
      code: lines(
        ...clients,
        `import { pageOf } from './helpers.js';`,
        `const index = new Map();`,
        `export async function indexTopics() { const { keys } = await pageOf({ redis: users }, 'topic:*'); index.set('all', keys); }`,
      ),
      filename: file('topics-index.js'),
      errors: [{ messageId: 'uncoveredRead', line: 11 }],
    },
    // A reply destructured into several members (`const [next, keys] = await redis.scan(...)`): each holds it,
    // not only the first.
    {
      code: lines(
        ...clients,
        `import { scanPage } from './loaders.js';`,
        `const index = new Map();`,
        `export async function indexHooks() { const { keys } = await scanPage({ redis: users }, 'hook:*'); index.set('all', keys); }`,
      ),
      filename: file('hooks-index.js'),
      errors: [{ messageId: 'uncoveredRead', line: 11 }],
    },
    // The example of the issue: a deps object and a client argument, each reply kept in a module map.
    {
      code: lines(
        ...clients,
        `import { listUsers, pauseLeft } from './loaders.js';`,
        `const known = new Map();`,
        `const left = new Map();`,
        `export async function allUsers() {`,
        `  if (!known.has('all')) known.set('all', await listUsers({ valkey: tracked }));`,
        `  return known.get('all');`,
        `}`,
        `export async function pause(queue) {`,
        `  const ms = await pauseLeft(tracked, queue);`,
        `  left.set(queue, ms);`,
        `}`,
      ),
      filename: file('routes.js'),
      errors: [
        { messageId: 'uncoveredRead', line: 13 },
        { messageId: 'volatileReplyKept', line: 17 },
      ],
    },
    // A value computed from the reply (`keys.length`) kept in a module variable; the client passed through a
    // function of the importing module.
    {
      code: lines(
        ...clients,
        `import { countOnline } from './loaders.js';`,
        `let online = 0;`,
        `async function refresh(redis) {`,
        `  online = await countOnline({ redis });`,
        `}`,
        `setInterval(() => refresh(tracked), 60_000);`,
        `export const onlineCount = () => online;`,
      ),
      filename: file('online.js'),
      errors: [{ messageId: 'uncoveredRead', line: 12 }],
    },
    // CommonJS: `exports.x =` and `module.exports.x =`, required by destructuring.
    {
      code: lines(
        `'use strict';`,
        `const Redis = require('ioredis');`,
        `const { sessionTtl, sampleSessions } = require('./session-repo.cjs');`,
        `const redis = new Redis();`,
        `redis.on('ready', () => redis.call('CLIENT', 'TRACKING', 'ON'));`,
        `const cache = {};`,
        `module.exports.warm = async function warm(id) {`,
        `  cache[id] = await sessionTtl(redis, id);`,
        `  cache.sample = await sampleSessions(redis, 5);`,
        `};`,
      ),
      filename: file('sessions.cjs'),
      errors: [
        { messageId: 'volatileReplyKept', line: 8 },
        { messageId: 'volatileReplyKept', line: 9 },
      ],
    },
    // Through a barrel: a repository instance holding the client its constructor is given, and a static method.
    {
      code: lines(
        ...clients,
        `import { TeamRepository } from './index.js';`,
        `const teams = new TeamRepository(tracked);`,
        `const memo = new Map();`,
        `export class TeamDirectory {`,
        `  async recentTeams() {`,
        `    if (!memo.has('recent')) memo.set('recent', await teams.recent());`,
        `    return memo.get('recent');`,
        `  }`,
        `  async idle(key) {`,
        `    memo.set(key, await TeamRepository.idleSeconds(tracked, key));`,
        `  }`,
        `}`,
      ),
      filename: file('team-directory.js'),
      errors: [
        { messageId: 'uncoveredRead', line: 14 },
        { messageId: 'volatileReplyKept', line: 18 },
      ],
    },
    // A loader that hands the client on to a function of a third module, which sends the command.
    {
      code: lines(
        ...clients,
        `import { listTeams } from './teams.js';`,
        `let teams = [];`,
        `export async function refreshTeams() {`,
        `  teams = await listTeams({ redis: tracked });`,
        `}`,
      ),
      filename: file('teams-cache.js'),
      errors: [{ messageId: 'uncoveredRead', line: 12 }],
    },
    // Replies an imported helper reads on its own module's clients, kept here: KEYS and a TTL of the default-mode
    // client, GET outside the BCAST prefix, OBJECT IDLETIME from a method and the TTL member of a returned object.
    // Not reported: HGETALL (covered), GET under the prefix, KEYS of a client that does not track, HLEN of the
    // returned object, and XPENDING of a client-side-cached client (its module reports it where it is sent); a
    // random member of that client, which its cache does not keep, is the caller's copy: reported.
    {
      code: lines(
        `import { sessionKeys, sessionTtl, profile, story, headline, reportKeys, pendingCount, luckyPlayer, SessionStore } from './sessions.js';`,
        `const kept = new Map();`,
        `const store = new SessionStore();`,
        `export async function warm(id) {`,
        `  kept.set('sessions', await sessionKeys());`,
        `  kept.set(\`ttl:\${id}\`, await sessionTtl(id));`,
        `  kept.set(\`profile:\${id}\`, await profile(id));`,
        `  kept.set(\`story:\${id}\`, await story(id));`,
        `  kept.set(\`headline:\${id}\`, await headline(id));`,
        `  kept.set('reports', await reportKeys());`,
        `  kept.set('pending', await pendingCount('jobs'));`,
        `  kept.set('lucky', await luckyPlayer());`,
        `  kept.set(\`idle:\${id}\`, await store.idle(id));`,
        `  const { ttl, fields } = await store.stats(id);`,
        `  kept.set(\`left:\${id}\`, ttl);`,
        `  kept.set(\`fields:\${id}\`, fields);`,
        `}`,
        `export const fresh = async (id) => ({ keys: await sessionKeys(), ttl: await sessionTtl(id) });`,
      ),
      filename: file('warm.js'),
      errors: [
        { messageId: 'uncoveredRead', line: 5 },
        { messageId: 'volatileReplyKept', line: 6 },
        { messageId: 'uncoveredRead', line: 9 },
        { messageId: 'volatileReplyKept', line: 12 },
        { messageId: 'volatileReplyKept', line: 13 },
        { messageId: 'volatileReplyKept', line: 14 },
      ],
    },
    // Helpers reading on clients their module imports from a third: a KEYS copy of the client-side-cached
    // client and a TTL of the tracking one are reported here; HGETALL, which that client's own cache keeps, is
    // its helper module's to report, and a covered GET is no finding.
    {
      code: lines(
        `import { warehouseKeys, warehouseStock, sessionLeft, sessionUser } from './lib-catalog.js';`,
        `let knownWarehouses = [];`,
        `const stock = new Map();`,
        `const users = new Map();`,
        `export async function GET(id) {`,
        `  if (knownWarehouses.length === 0) knownWarehouses = await warehouseKeys();`,
        `  if (!stock.has(id)) stock.set(id, await warehouseStock(id));`,
        `  users.set(id, { user: await sessionUser(id), left: await sessionLeft(id) });`,
        `  return knownWarehouses;`,
        `}`,
      ),
      filename: file('warehouses-route.js'),
      errors: [
        { messageId: 'uncoveredRead', line: 6 },
        { messageId: 'volatileReplyKept', line: 8 },
      ],
    },
    // An options object destructured by the loader: its members are the words (`pattern`), its defaults stand in
    // for members the call leaves out (`cursor = '0'`). Under the BCAST prefix `user:` a `user:*` match is covered,
    // a `legacy:*` one is not.
    {
      code: lines(
        ...clients,
        `import { scanOptions } from './loaders.js';`,
        `let userKeys = [];`,
        `let legacyKeys = [];`,
        `export async function refresh() {`,
        `  ({ keys: userKeys } = await scanOptions({ redis: users, pattern: 'user:*' }));`,
        `  const page = await scanOptions({ redis: users, pattern: 'legacy:*', count: 500 });`,
        `  legacyKeys = page.keys;`,
        `}`,
      ),
      filename: file('options-scan.js'),
      errors: [{ messageId: 'uncoveredRead', line: 14 }],
    },
    // OPTIN without `CLIENT CACHING yes` before the function's read: the server remembers nothing.
    {
      code: lines(
        ...clients,
        `import { price } from './optin-reads';`,
        `const prices = new Map();`,
        `export async function priceOf(sku) {`,
        `  if (!prices.has(sku)) prices.set(sku, await price(optin, sku));`,
        `  return prices.get(sku);`,
        `}`,
      ),
      filename: file('optin-missing.js'),
      errors: [{ messageId: 'optInWithoutCaching', line: 12 }],
    },
    // Methods of objects other modules' factories return: KEYS on the factory's tracked client, a random sample
    // on the caller's client; a declared key (GET, SCARD) is covered.
    {
      code: lines(
        ...clients,
        `import { createLeaderService, useKv } from './factories';`,
        `const views = useKv('views');`,
        `const leaders = createLeaderService({ redis: tracked });`,
        `const index = {};`,
        `export async function refresh() {`,
        `  index.keys = await views.getKeys();`,
        `  index.home = await views.getItem('home');`,
        `  index.sample = await leaders.sample();`,
        `  index.size = await leaders.size();`,
        `}`,
      ),
      filename: file('factory-methods.js'),
      errors: [
        { messageId: 'uncoveredRead', line: 14 },
        { messageId: 'volatileReplyKept', line: 16 },
      ],
    },
  ],
});

const messages = suite('no-uncovered-cached-read: a finding about another module’s read names it');

/** The one finding of the rule on `code`, linted as `name` in the test directory. */
function onlyFinding(code: string, name: string, sourceType: 'module' | 'commonjs' = 'module') {
  const linter = new Linter({ configType: 'flat', cwd: directory });
  const [finding, ...rest] = linter.verify(
    code,
    [
      {
        files: ['**/*.js'],
        languageOptions: { sourceType },
        plugins: { vt: { rules: { 'no-uncovered-cached-read': rule } } as never },
        rules: { 'vt/no-uncovered-cached-read': 'error' },
      },
    ],
    { filename: file(name) },
  );
  assert.equal(rest, []);
  assert.ok(finding, 'no finding');
  return finding!;
}

messages('the message names the imported function, its command and where the reply is kept', () => {
  const finding = onlyFinding(
    lines(
      ...clients,
      `import { listUsers } from './loaders.js';`,
      `const known = new Map();`,
      `export async function allUsers() {`,
      `  known.set('all', await listUsers({ valkey: tracked }));`,
      `}`,
    ),
    'message.js',
  );
  assert.match(
    finding.message,
    /^The `SCAN` reply from `listUsers\(\)` \(loaders\.js, line 1\) is kept in `known` \(line 12\), but `SCAN 0 MATCH user:\* COUNT 100` is not covered/,
  );
  assert.equal([finding.line, finding.column], [12, 26]);
});

messages("a subcommand a helper sends on its own module's client is named whole", () => {
  const finding = onlyFinding(
    lines(
      `import { SessionStore } from './sessions.js';`,
      `const idle = new Map();`,
      `export async function pin(id) { idle.set(id, await new SessionStore().idle(id)); }`,
    ),
    'pin.js',
  );
  assert.match(
    finding.message,
    /^The `OBJECT IDLETIME` reply from `idle\(\)` \(sessions\.js, line 18\) is kept in `idle` \(line 3\)/,
  );
});

// An escape hatch sending its rest arguments: the command is the caller's first word, and its subcommand.
writeFileSync(
  file('raw.js'),
  lines(`export function raw(redis, ...args) {`, `  return redis.call(...args);`, `}`),
);

messages("a subcommand a caller gives a helper's rest arguments is named whole", () => {
  const finding = onlyFinding(
    lines(
      ...clients,
      `import { raw } from './raw.js';`,
      `const idle = new Map();`,
      `export async function pin(id) { idle.set(id, await raw(plain, 'OBJECT', 'IDLETIME', \`session:\${id}\`)); }`,
    ),
    'raw-caller.js',
  );
  assert.match(
    finding.message,
    /^The `OBJECT IDLETIME` reply from `raw\(\)` \(raw\.js, line 2\) is kept in `idle`/,
  );
});

// A route handler imported by name, behind a response cache: the message names the handler, not the route method.
writeFileSync(
  file('holds.js'),
  lines(
    `import Redis from 'ioredis';`,
    `const redis = new Redis();`,
    `export async function holdLeft(req, res) {`,
    `  res.json({ ms: await redis.pttl(\`hold:\${req.params.id}\`) });`,
    `}`,
  ),
);

messages('a route handler imported by name is named in the message', () => {
  const finding = onlyFinding(
    lines(
      `import express from 'express';`,
      `import apicache from 'apicache';`,
      `import { holdLeft } from './holds.js';`,
      `const app = express();`,
      `app.get('/holds/:id', apicache.middleware('1 minute'), holdLeft);`,
    ),
    'holds-app.js',
  );
  assert.match(
    finding.message,
    /^The `PTTL` reply from `holdLeft\(\)` \(holds\.js, line 4\) is kept in the response apicache keeps/,
  );
});

// A cursor loop collecting the pages in an array it returns: what its caller keeps holds the replies, not is one.
writeFileSync(
  file('scan-keys.js'),
  lines(
    `export async function scanKeys(redis, pattern) {`,
    `  const found = [];`,
    `  let cursor = '0';`,
    `  do {`,
    `    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern);`,
    `    cursor = next;`,
    `    found.push(...batch);`,
    `  } while (cursor !== '0');`,
    `  return found;`,
    `}`,
  ),
);

messages(
  'a reply a service schema keeps on `this` is named there, not as the schema module.exports declares',
  () => {
    const finding = onlyFinding(
      lines(
        `const Redis = require('ioredis');`,
        `const { scanKeys } = require('./scan-keys.js');`,
        `module.exports = {`,
        `  name: 'directory',`,
        `  created() {`,
        `    this.valkey = new Redis();`,
        `    this.valkey.on('ready', () => this.valkey.client('TRACKING', 'ON'));`,
        `  },`,
        `  actions: {`,
        `    async refresh() {`,
        `      this.users = await scanKeys(this.valkey, 'user:*');`,
        `      return this.users.length;`,
        `    },`,
        `  },`,
        `};`,
      ),
      'schema.js',
      'commonjs',
    );
    assert.match(
      finding.message,
      /^The `SCAN` reply from `scanKeys\(\)` \(scan-keys\.js, line 5\) is kept in `this\.users` \(line 11\)/,
    );
  },
);

messages.run();
