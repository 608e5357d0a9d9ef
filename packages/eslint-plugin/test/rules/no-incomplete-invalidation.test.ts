import rule from '../../src/rules/no-incomplete-invalidation.js';
import { runRuleTests } from '../rule-tester.js';

const lines = (...source: string[]) => source.join('\n');

const subscriber = (...body: string[]) =>
  lines(
    `import Valkey from 'iovalkey';`,
    `const sub = new Valkey();`,
    `const cache = new Map();`,
    `await sub.subscribe('__redis__:invalidate');`,
    ...body,
  );

runRuleTests('no-incomplete-invalidation', rule, {
  valid: [
    // Sent once at start and again from the client's own `ready` listener, in a service's start-up method.
    lines(
      `import Redis from 'ioredis';`,
      `export class StockTracking {`,
      `  private readonly redis = new Redis();`,
      `  private readonly subscriber = this.redis.duplicate();`,
      `  async onModuleInit() {`,
      `    const id = await this.subscriber.client('ID');`,
      `    await this.subscriber.subscribe('__redis__:invalidate');`,
      `    this.redis.on('ready', () => void this.redis.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', id));`,
      `    await this.redis.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', id);`,
      `  }`,
      `}`,
    ),
    // RESP2 with REDIRECT to a subscriber, and node-redis on RESP3 with `invalidate` events to take its pushes.
    lines(
      `import Redis from 'ioredis';`,
      `import { applyInvalidation } from './local-cache';`,
      `const redis = new Redis();`,
      `const subscriber = new Redis();`,
      `void subscriber.subscribe('__redis__:invalidate');`,
      `subscriber.on('message', applyInvalidation);`,
      `redis.on('ready', async () => {`,
      `  const id = await subscriber.client('ID');`,
      `  await redis.client('TRACKING', 'ON', 'REDIRECT', id);`,
      `});`,
    ),
    lines(
      `import { createClient } from 'redis';`,
      `const client = createClient({ RESP: 3, emitInvalidate: true });`,
      `const near = new Map();`,
      `client.on('invalidate', (key) => (key === null ? near.clear() : near.delete(key)));`,
    ),
    // The same guard that clears on the flush before it leaves.
    subscriber(
      `sub.on('message', (channel, message) => {`,
      `  if (channel !== '__redis__:invalidate' || !message) return message ? undefined : cache.clear();`,
      `  for (const key of message.split(',')) cache.delete(key);`,
      `});`,
    ),
    // Splits the comma-joined payload and clears everything on a flush.
    subscriber(
      `sub.on('message', (channel, message) => {`,
      `  if (!message) return cache.clear();`,
      `  for (const key of message.split(',')) cache.delete(key);`,
      `});`,
    ),
    // A subscriber with other channels too: only handlers that look at the invalidation channel are checked.
    lines(
      `import Redis from 'ioredis';`,
      `const sub = new Redis(); const cache = new Map();`,
      `await sub.subscribe('news', '__redis__:invalidate');`,
      `sub.on('message', (channel, message) => { cache.delete(message); });`,
    ),
    // A flush check on a value derived from the payload, and a local helper that does the work.
    subscriber(
      `sub.on('message', (channel, message) => {`,
      `  const keys = message.split(',');`,
      `  if (keys[0] === '') return cache.clear();`,
      `  keys.forEach((key) => cache.delete(key));`,
      `});`,
    ),
    subscriber(
      `const store = { invalidate(payload) { if (!payload) cache.clear(); else for (const k of payload.split(',')) cache.delete(k); } };`,
      `sub.on('message', (channel, message) => store.invalidate(message));`,
    ),
    // A non-invalidation channel is someone else's business.
    lines(
      `import Redis from 'ioredis';`,
      `const sub = new Redis(); const cache = new Map();`,
      `await sub.subscribe('news');`,
      `sub.on('message', (c, m) => cache.delete(m));`,
    ),
    // node-redis hands an invalidation listener the keys as an array, or null after a flush: handled.
    lines(
      `import { createClient } from 'redis';`,
      `const sub = createClient(); const cache = new Map();`,
      `await sub.subscribe('__redis__:invalidate', (keys) => {`,
      `  if (keys === null) return cache.clear();`,
      `  for (const key of keys) cache.delete(key);`,
      `});`,
    ),
    // Tracking turned on in a ready listener, directly or through a method it calls.
    lines(
      `import Valkey from 'iovalkey';`,
      `const redis = new Valkey();`,
      `redis.on('ready', () => redis.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', subscriberId, 'BCAST'));`,
    ),
    lines(
      `import Valkey from 'iovalkey';`,
      `class Tracked {`,
      `  #redis = new Valkey();`,
      `  constructor() { this.#redis.on('connect', () => this.#track()); }`,
      `  async #track() { await this.#redis.client('TRACKING', 'on', 'OPTIN', 'redirect', this.#subscriberId); }`,
      `}`,
    ),
    {
      code: lines(
        `import Valkey from 'iovalkey';`,
        `const redis = new Valkey();`,
        `await redis.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', subscriberId);`,
      ),
      options: [{ checkReconnect: false }],
    },
    // Turning tracking off needs no restoring.
    lines(
      `import Valkey from 'iovalkey';`,
      `const redis = new Valkey();`,
      `await redis.call('CLIENT', 'TRACKING', 'OFF');`,
    ),
    // Tracking sent again from the listeners of both connections (the REDIRECT id changes when the subscriber
    // reconnects; the tracking is lost when the client does).
    lines(
      `import Valkey from 'iovalkey';`,
      `const client = new Valkey();`,
      `const subscriber = new Valkey();`,
      `void subscriber.subscribe('__redis__:invalidate');`,
      `async function enableTracking() {`,
      `  await client.client('TRACKING', 'ON', 'REDIRECT', String(await subscriber.client('ID')));`,
      `}`,
      `for (const connection of [client, subscriber]) connection.on('ready', enableTracking);`,
    ),
    // A target another module may subscribe (exported, or handed to a function): not judged here.
    lines(
      `import Valkey from 'iovalkey';`,
      `import { listenForInvalidations } from './invalidations';`,
      `const valkey = new Valkey();`,
      `const target = new Valkey();`,
      `export const subscriber = new Valkey();`,
      `listenForInvalidations(target);`,
      `valkey.on('ready', async () => {`,
      `  await valkey.client('TRACKING', 'ON', 'REDIRECT', String(await target.client('ID')));`,
      `  await valkey.client('TRACKING', 'ON', 'REDIRECT', String(await subscriber.client('ID')), 'BCAST');`,
      `});`,
    ),
  ],
  invalid: [
    // REDIRECT to a connection that never subscribes (RESP2: sent invalidations only while subscribed), its
    // id taken in a promise chain; and a node-redis target without `RESP: 3`.
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `const redis = new Redis(process.env.REDIS_URL);`,
        `const invalidations = new Redis(process.env.REDIS_URL, { connectionName: 'invalidations' });`,
        `const profiles = new Map<string, string | null>();`,
        `redis.on('ready', () => {`,
        `  invalidations.client('ID').then((id) => redis.client('TRACKING', 'ON', 'REDIRECT', id)).catch(console.error);`,
        `});`,
        `invalidations.on('error', console.error);`,
        `export async function profile(id: string) {`,
        `  if (!profiles.has(id)) profiles.set(id, await redis.get(\`profile:\${id}\`));`,
        `  return profiles.get(id);`,
        `}`,
      ),
      errors: [{ messageId: 'redirectUnheard', line: 6 }],
    },
    {
      code: lines(
        `import { createClient } from 'redis';`,
        `const listener = createClient({ url: process.env.REDIS_URL });`,
        `const client = createClient({ url: process.env.REDIS_URL, RESP: 3 });`,
        `client.on('ready', async () => {`,
        `  const id = await listener.sendCommand(['CLIENT', 'ID']);`,
        `  await client.sendCommand(['CLIENT', 'TRACKING', 'ON', 'REDIRECT', String(id)]);`,
        `});`,
        `await Promise.all([listener.connect(), client.connect()]);`,
      ),
      errors: [{ messageId: 'redirectUnheard', line: 6 }],
    },
    // Tracking sent again only when the subscriber reconnects: the client's own reconnect loses it.
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `export class PriceBook {`,
        `  constructor(redis) {`,
        `    this.redis = redis;`,
        `    this.watcher = new Redis(process.env.REDIS_URL);`,
        `    void this.watcher.subscribe('__redis__:invalidate');`,
        `    this.watcher.on('ready', async () => {`,
        `      const id = await this.watcher.client('ID');`,
        `      await this.redis.client('TRACKING', 'ON', 'REDIRECT', id, 'BCAST', 'PREFIX', 'fx:');`,
        `    });`,
        `  }`,
        `}`,
        `export const book = new PriceBook(new Redis(process.env.REDIS_URL));`,
      ),
      errors: [{ messageId: 'trackingRestoredElsewhere', line: 9 }],
    },
    // ioredis and iovalkey have no RESP3: with no REDIRECT the server sends this connection's invalidations
    // nowhere, on every reconnect alike.
    {
      code: lines(
        `import Valkey from 'iovalkey';`,
        `export class ProfileCache {`,
        `  #local = new Map<string, string | null>();`,
        `  #redis = new Valkey();`,
        `  constructor() {`,
        `    this.#redis.on('ready', () => this.#redis.client('TRACKING', 'ON', 'OPTIN'));`,
        `  }`,
        `}`,
      ),
      errors: [{ messageId: 'trackingUnheard', line: 6, column: 35 }],
    },
    // node-redis refuses its own cache on RESP2 when the client is created (public code forgets `RESP: 3`);
    // a pool's options, and options that name `RESP: 3`, are not judged here.
    {
      code: lines(
        `import { createClient, createClientPool } from 'redis';`,
        `export const cache = createClient({`,
        `  socket: { host: process.env.CACHE_HOST },`,
        `  clientSideCache: { ttl: 0, maxEntries: 0, evictPolicy: 'LRU' },`,
        `});`,
        `export const fine = createClient({ RESP: 3, clientSideCache: { ttl: 0 } });`,
        `export const pool = createClientPool({ RESP: 3 }, { clientSideCache: { ttl: 0 } });`,
        `export const plain = createClient({ url: process.env.REDIS_URL, clientSideCache: undefined });`,
        `export const sessions = cache.duplicate();`,
        `await cache.connect();`,
        `export const session = (id: string) => cache.hGetAll('session:' + id);`,
      ),
      errors: [{ messageId: 'cacheNeedsResp3', line: 4 }],
    },
    // node-redis speaks RESP2 unless its options say `RESP: 3`.
    {
      code: lines(
        `import { createClient } from 'redis';`,
        `const client = createClient({ url: process.env.REDIS_URL });`,
        `client.on('ready', () => client.sendCommand(['CLIENT', 'TRACKING', 'ON', 'BCAST']));`,
      ),
      errors: [{ messageId: 'trackingUnheard', line: 3 }],
    },
    // node-redis: the array of keys deleted as one key, and the null of a flush never handled
    // (@redis/client lib/client/pub-sub.ts: `message === null ? null : message.map(x => x.toString())`).
    {
      code: lines(
        `import { createClient } from 'redis';`,
        `const sub = createClient(); const cache = new Map();`,
        `await sub.subscribe('__redis__:invalidate', (m) => cache.delete(m));`,
      ),
      errors: [
        { messageId: 'flushIgnored', line: 3, column: 46 },
        { messageId: 'payloadAsOneKey', line: 3, column: 52 },
      ],
    },
    // The payload used as one key: a multi-key invalidation is `a,b`, and a flush is ignored.
    {
      code: subscriber(`sub.on('message', (channel, message) => {`, `  cache.delete(message);`, `});`),
      errors: [
        { messageId: 'flushIgnored', line: 5, column: 29 },
        { messageId: 'payloadAsOneKey', line: 6, column: 3 },
      ],
    },
    // The flush guard joined to the channel test: at a flush `!message` makes the whole test true, and it returns.
    {
      code: subscriber(
        `sub.on('message', (channel, message) => {`,
        `  if (channel !== '__redis__:invalidate' || !message) return;`,
        `  for (const key of message.split(',')) cache.delete(key);`,
        `});`,
      ),
      errors: [{ messageId: 'flushIgnored', line: 5 }],
    },
    // Splitting is not enough: ''.split(',') is [''], so a flush deletes nothing.
    {
      code: subscriber(
        `sub.on('message', (_channel, keys) => {`,
        `  for (const key of keys.split(',')) cache.delete(key);`,
        `});`,
      ),
      errors: [{ messageId: 'flushIgnored', line: 5, column: 30 }],
    },
    // A plain-object cache and a named handler.
    {
      code: lines(
        `import Valkey from 'iovalkey';`,
        `const sub = new Valkey(); const memo = {};`,
        `function onInvalidate(channel, key) { delete memo[key]; }`,
        `sub.subscribe('__valkey__:invalidate');`,
        `sub.on('message', onInvalidate);`,
      ),
      errors: [
        { messageId: 'flushIgnored', line: 3, column: 32 },
        { messageId: 'payloadAsOneKey', line: 3, column: 39 },
      ],
    },
    // psubscribe + pmessage, and a handler that compares the channel on a shared subscriber.
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `const sub = new Redis(); const cache = new Map();`,
        `sub.psubscribe('__redis__:*');`,
        `sub.on('pmessage', (pattern, channel, key) => cache.delete(key));`,
        `const shared = new Redis();`,
        `shared.subscribe('orders', '__redis__:invalidate');`,
        `shared.on('message', (channel, key) => { if (channel === '__redis__:invalidate') cache.delete(key); });`,
      ),
      errors: [
        { messageId: 'payloadAsOneKey', line: 4, column: 47 },
        { messageId: 'flushIgnored', line: 7, column: 32 },
        { messageId: 'payloadAsOneKey', line: 7, column: 82 },
      ],
    },
    // Tracking turned on once: at top level, in a `once('ready')` listener, and with node-redis clientTracking.
    {
      code: lines(
        `import Valkey from 'iovalkey';`,
        `const redis = new Valkey();`,
        `await redis.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', 7);`,
        `redis.once('ready', () => redis.client('TRACKING', 'ON', 'BCAST', 'REDIRECT', 7));`,
      ),
      errors: [
        { messageId: 'trackingNotRestored', line: 3, column: 7 },
        { messageId: 'trackingNotRestored', line: 4, column: 27 },
      ],
    },
    {
      code: lines(
        `import { createClient } from 'redis';`,
        `const client = await createClient({ RESP: 3 }).connect();`,
        `await client.clientTracking(true, { OPTIN: true });`,
      ),
      // And with neither a cache nor `invalidate` events, node-redis drops the pushes it is sent.
      errors: [
        { messageId: 'trackingPushesDropped', line: 3, column: 7 },
        { messageId: 'trackingNotRestored', line: 3, column: 7 },
      ],
    },
  ],
});
