import incompleteInvalidation from '../../src/rules/no-incomplete-invalidation.js';
import uncoveredRead from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// A helper of another module that turns CLIENT TRACKING on for the client its caller passes, as apps with a
// hand-written near cache do (`enableTracking(client, 'settings:')` beside the subscriber it returns): the
// caller's client tracks as the helper's words say, with the caller's prefix. What the helper does wrong (sent
// once, never restored) is reported in the helper, once, not again at every call.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-tracking-helpers-');
write('package.json', JSON.stringify({ name: 'settings-service', private: true }));
write(
  'lib/redis.js',
  `const Redis = require('ioredis');`,
  `const client = new Redis(process.env.REDIS_URL);`,
  `module.exports = { client };`,
);
write(
  'lib/tracking.js',
  `async function enableTracking(client, prefix) {`,
  `  const sub = client.duplicate();`,
  `  await sub.subscribe('__redis__:invalidate');`,
  `  const id = await sub.client('id');`,
  `  await client.client('TRACKING', 'ON', 'REDIRECT', id, 'BCAST', 'PREFIX', prefix);`,
  `  return sub;`,
  `}`,
  `module.exports = { enableTracking };`,
);

// The near-cache library's form: the prefixes in an options object, pushed one by one in a loop of an inner
// function its `ready` listener calls; the caller's array is a constant of a third module.
write(
  'lib/near-cache-tracking.js',
  `async function enableNearCache(client, { prefixes = [], name = 'near-cache' } = {}) {`,
  `  const subscriber = client.duplicate({ connectionName: name + ':invalidations' });`,
  `  async function redirect(id) {`,
  `    const args = ['TRACKING', 'ON', 'REDIRECT', String(id), 'BCAST'];`,
  `    for (const prefix of prefixes) args.push('PREFIX', prefix);`,
  `    await client.call('CLIENT', ...args);`,
  `  }`,
  `  const id = await subscriber.client('ID');`,
  `  await subscriber.subscribe('__redis__:invalidate');`,
  `  client.on('ready', () => redirect(id));`,
  `  return subscriber;`,
  `}`,
  `module.exports = { enableNearCache };`,
);
// Older code reads its options object member by member (`opts.prefixes`), in a `.then` chain.
write(
  'lib/quota-tracking.js',
  `function trackQuotas(client, opts) {`,
  `  const args = ['TRACKING', 'ON', 'BCAST'];`,
  `  for (const prefix of opts.prefixes) args.push('PREFIX', prefix);`,
  `  return client.client('ID').then(() => client.call('CLIENT', ...args));`,
  `}`,
  `module.exports = { trackQuotas };`,
);
write(
  'lib/plan-tracking.js',
  `exports.trackPlans = function (client, options) {`,
  `  const { prefixes } = options;`,
  `  const args = ['TRACKING', 'ON', 'BCAST'];`,
  `  (prefixes || []).forEach(function () {});`,
  `  for (const prefix of prefixes || []) args.push('PREFIX', prefix);`,
  `  return client.call('CLIENT', ...args);`,
  `};`,
);
// A near-cache class (the shape of public ioredis client-side-cache packages): the prefixes it is constructed
// with are kept in a private field and pushed one by one when `init()` turns tracking on.
write(
  'lib/prefix-cache.js',
  `class PrefixCache {`,
  `  #entries = new Map();`,
  `  #prefixes;`,
  `  constructor(client, options = {}) {`,
  `    this.client = client;`,
  `    this.#prefixes = options.prefixes ?? [];`,
  `  }`,
  `  static create(client, prefixes, ttlMs = 30000) {`,
  `    return new PrefixCache(client, { prefixes, ttlMs });`,
  `  }`,
  `  async init() {`,
  `    const args = ['TRACKING', 'ON', 'BCAST'];`,
  `    this.#prefixes.forEach((prefix) => {`,
  `      if (prefix) {`,
  `        args.push('PREFIX');`,
  `        args.push(prefix);`,
  `      }`,
  `    });`,
  `    await this.client.call('CLIENT', ...args, 'NOLOOP');`,
  `  }`,
  `  async get(key) {`,
  `    if (!this.#entries.has(key)) this.#entries.set(key, await this.client.get(key));`,
  `    return this.#entries.get(key);`,
  `  }`,
  `}`,
  `class TagCache {`,
  `  #tags = new Map();`,
  `  constructor(client, prefixes) { this.client = client; this.prefixes = prefixes; }`,
  `  start() {`,
  `    return this.client.call('CLIENT', 'TRACKING', 'ON', 'BCAST', ...this.prefixes.flatMap((p) => ['PREFIX', p]));`,
  `  }`,
  `  async members(key) {`,
  `    if (!this.#tags.has(key)) this.#tags.set(key, await this.client.smembers(key));`,
  `    return this.#tags.get(key);`,
  `  }`,
  `}`,
  `class BroadcastCache {`,
  `  #main;`,
  `  #prefixes;`,
  `  #entries = {};`,
  `  constructor(client, prefixes) { this.#main = client; this.#prefixes = prefixes; }`,
  `  static async open(client, prefixes) {`,
  `    const cache = new BroadcastCache(client, prefixes);`,
  `    await cache.#start();`,
  `    return cache;`,
  `  }`,
  `  async #start() {`,
  `    const words = ['ON', 'REDIRECT', '7', 'BCAST'];`,
  `    for (const p of this.#prefixes) { words.push('PREFIX'); words.push(p); }`,
  `    await this.#main.call('CLIENT', 'TRACKING', ...words);`,
  `  }`,
  `  async read(key) {`,
  `    if (!(key in this.#entries)) this.#entries[key] = await this.#main.get(key);`,
  `    return this.#entries[key];`,
  `  }`,
  `}`,
  `module.exports = { PrefixCache, TagCache, BroadcastCache };`,
);
write(
  'lib/config.js',
  `const TRACKED_PREFIXES = ['order:', 'cart:'];`,
  `module.exports = { TRACKED_PREFIXES };`,
);

// A cache class whose `init()` turns tracking on with prefixes from its own options, unknown at the caller.
write(
  'lib/near-cache.js',
  `const { enableNearCache } = require('./near-cache-tracking');`,
  `class NearCache {`,
  `  #data = new Map();`,
  `  constructor(client, options = {}) { this.client = client; this.options = options; }`,
  `  async init() { this.tracking = await enableNearCache(this.client, this.options); }`,
  `  async keysMatching(pattern) {`,
  `    if (!this.#data.has(pattern)) this.#data.set(pattern, (await this.client.scan('0', 'MATCH', pattern))[1]);`,
  `    return this.#data.get(pattern);`,
  `  }`,
  `}`,
  `module.exports = { NearCache };`,
);

// The TypeScript form: parameter properties keep the client and the options, a `ready` listener calls the
// method that pushes `this.options.prefixes`, and a static `create` starts the cache it makes without awaiting it.
write(
  'src/edge-cache.ts',
  `import type Redis from 'ioredis';`,
  `export interface EdgeCacheOptions { prefixes: string[]; maxEntries?: number }`,
  `export class EdgeCache {`,
  `  private subscriber: Redis | null = null;`,
  `  constructor(private readonly client: Redis, private readonly options: EdgeCacheOptions) {}`,
  `  static create(client: Redis, prefixes: string[]): EdgeCache {`,
  `    const cache = new EdgeCache(client, { prefixes });`,
  `    void cache.init();`,
  `    return cache;`,
  `  }`,
  `  async init(): Promise<void> {`,
  `    this.subscriber = this.client.duplicate();`,
  `    await this.subscriber.subscribe('__redis__:invalidate');`,
  `    this.client.on('ready', () => void this.enableTracking());`,
  `  }`,
  `  private async enableTracking(): Promise<void> {`,
  `    const id = await this.subscriber!.client('ID');`,
  `    const args: Array<string | number> = ['TRACKING', 'ON', 'REDIRECT', id as number, 'BCAST'];`,
  `    for (const prefix of this.options.prefixes) args.push('PREFIX', prefix);`,
  `    await this.client.call('CLIENT', ...args);`,
  `  }`,
  `}`,
);
write(
  'src/clients.ts',
  `import Redis from 'ioredis';`,
  `import { EdgeCache } from './edge-cache';`,
  `export const catalogRedis = new Redis();`,
  `export const profileRedis = new Redis();`,
  `export const catalogCache = EdgeCache.create(catalogRedis, ['catalog:', 'price:']);`,
  `export const profileCache = new EdgeCache(profileRedis, { prefixes: ['user:'] });`,
  `export const connectAll = () => profileCache.init();`,
);

const settings = lines(
  `const { client } = require('./redis');`,
  `const { enableTracking } = require('./tracking');`,
  `const cache = new Map();`,
  `async function start() {`,
  `  const sub = await enableTracking(client, 'settings:');`,
  `  sub.on('message', (_channel, keys) => { if (!keys) cache.clear(); else for (const k of [].concat(keys)) cache.delete(k); });`,
  `}`,
  `async function names() {`,
  `  if (!cache.has('settings')) cache.set('settings', await client.keys('settings:*'));`,
  `  if (!cache.has('config')) cache.set('config', await client.keys('config:*'));`,
  `  return cache;`,
  `}`,
  `module.exports = { start, names };`,
);

runRuleTests('no-uncovered-cached-read: tracking a helper of another module turns on', uncoveredRead, {
  valid: [],
  invalid: [
    // BCAST with the caller's prefix: `settings:*` is covered, `config:*` lies outside.
    { code: settings, filename: file('lib/settings.js'), errors: [{ messageId: 'uncoveredRead', line: 10 }] },
  ],
});

runRuleTests('no-uncovered-cached-read: prefixes a tracking helper pushes from its options', uncoveredRead, {
  valid: [],
  invalid: [
    {
      code: lines(
        `const { client } = require('./redis');`,
        `const { enableNearCache } = require('./near-cache-tracking');`,
        `const { TRACKED_PREFIXES } = require('./config');`,
        `const tracking = enableNearCache(client, { prefixes: TRACKED_PREFIXES, name: 'orders' });`,
        `const kept = new Map();`,
        `async function order(id) { kept.set(id, await client.get('order:' + id)); }`,
        `async function promo(id) { kept.set(id, await client.get('promo:' + id)); }`,
        `module.exports = { tracking, order, promo };`,
      ),
      filename: file('lib/orders.js'),
      errors: [{ messageId: 'uncoveredRead', line: 7 }],
    },
    // `opts.prefixes` of an options parameter unrolls as `{ prefixes }` does: `plan:` is covered, `quota:` not.
    {
      code: lines(
        `const { client } = require('./redis');`,
        `const { trackQuotas } = require('./quota-tracking');`,
        `const plans = {};`,
        `trackQuotas(client, { prefixes: ['plan:'] });`,
        `exports.plan = async (id) => (plans[id] = plans[id] || (await client.hgetall('plan:' + id)));`,
        `exports.quota = async (id) => (plans[id] = plans[id] || (await client.hgetall('quota:' + id)));`,
      ),
      filename: file('lib/quotas.js'),
      errors: [{ messageId: 'uncoveredRead', line: 6 }],
    },
    // The same with `const { prefixes } = options` in the helper's body.
    {
      code: lines(
        `const { client } = require('./redis');`,
        `const { trackPlans } = require('./plan-tracking');`,
        `const plans = {};`,
        `trackPlans(client, { prefixes: ['plan:'] });`,
        `exports.plan = async (id) => (plans[id] = plans[id] || (await client.hgetall('plan:' + id)));`,
        `exports.quota = async (id) => (plans[id] = plans[id] || (await client.hgetall('quota:' + id)));`,
      ),
      filename: file('lib/plans.js'),
      errors: [{ messageId: 'uncoveredRead', line: 6 }],
    },
    // The prefixes a class is constructed with, turned on by its `init()`/`start()`: `user:` is covered, the
    // session's and the tag's outside keys are not.
    {
      code: lines(
        `const Redis = require('ioredis');`,
        `const { PrefixCache, TagCache } = require('./prefix-cache');`,
        `const redis = new Redis();`,
        `const users = new PrefixCache(redis, { prefixes: ['user:', 'org:'] });`,
        `const tags = new TagCache(redis.duplicate(), ['tag:']);`,
        `const ready = Promise.all([users.init(), tags.start()]);`,
        `const user = (id) => users.get('user:' + id);`,
        `const session = (id) => users.get('session:' + id);`,
        `const tag = (id) => tags.members('tag:' + id);`,
        `const topic = (id) => tags.members('topic:' + id);`,
        `module.exports = { ready, user, session, tag, topic };`,
      ),
      filename: file('lib/caches.js'),
      errors: [
        { messageId: 'uncoveredRead', line: 8 },
        { messageId: 'uncoveredRead', line: 10 },
      ],
    },
    // A static factory wrapping its arguments in the constructor's options object.
    {
      code: lines(
        `const Redis = require('ioredis');`,
        `const { PrefixCache } = require('./prefix-cache');`,
        `const redis = new Redis();`,
        `const products = PrefixCache.create(redis, ['product:']);`,
        `const ready = products.init();`,
        `const product = (id) => products.get('product:' + id);`,
        `const promo = (id) => products.get('promo:' + id);`,
        `module.exports = { ready, product, promo };`,
      ),
      filename: file('lib/products.js'),
      errors: [{ messageId: 'uncoveredRead', line: 7 }],
    },
    // A static factory constructing the instance with its own arguments, in the constructor's order.
    {
      code: lines(
        `const Redis = require('ioredis');`,
        `const { BroadcastCache } = require('./prefix-cache');`,
        `const redis = new Redis();`,
        `let cache;`,
        `BroadcastCache.open(redis, ['user:', 'product:']).then((opened) => { cache = opened; });`,
        `const user = (id) => cache.read('user:' + id);`,
        `const session = (id) => cache.read('session:' + id);`,
        `module.exports = { user, session };`,
      ),
      filename: file('lib/broadcast.js'),
      errors: [{ messageId: 'uncoveredRead', line: 7 }],
    },
    // The class hands its own options to the helper in `init()`: the `new`'s prefixes are the tracked ones.
    {
      code: lines(
        `const Redis = require('ioredis');`,
        `const { NearCache } = require('./near-cache');`,
        `const primary = new Redis();`,
        `const orders = new NearCache(primary, { prefixes: ['order:'] });`,
        `const ready = orders.init();`,
        `const shipments = (id) => orders.keysMatching('shipment:' + id + ':*');`,
        `const lines = (id) => orders.keysMatching('order:' + id + ':*');`,
        `module.exports = { ready, shipments, lines };`,
      ),
      filename: file('lib/order-lines.js'),
      errors: [{ messageId: 'uncoveredRead', line: 6 }],
    },
    // A repository reading the clients the edge caches track: the BCAST prefixes are those of the `create`
    // call and of the `new`, through the options the class keeps as parameter properties.
    {
      code: lines(
        `import { catalogRedis, profileRedis } from './clients';`,
        `export class CatalogRepository {`,
        `  private readonly memo = new Map<string, unknown>();`,
        `  async product(sku: string) {`,
        `    if (!this.memo.has(sku)) this.memo.set(sku, await catalogRedis.hgetall('catalog:' + sku));`,
        `    return this.memo.get(sku);`,
        `  }`,
        `  async stock(sku: string) {`,
        `    if (!this.memo.has(sku)) this.memo.set(sku, await catalogRedis.get('inventory:' + sku));`,
        `    return this.memo.get(sku);`,
        `  }`,
        `  async user(id: string) {`,
        `    if (!this.memo.has(id)) this.memo.set(id, await profileRedis.hgetall('user:' + id));`,
        `    return this.memo.get(id);`,
        `  }`,
        `  async flag(id: string) {`,
        `    if (!this.memo.has(id)) this.memo.set(id, await profileRedis.get('flag:' + id));`,
        `    return this.memo.get(id);`,
        `  }`,
        `}`,
      ),
      filename: file('src/catalog-repository.ts'),
      errors: [
        { messageId: 'uncoveredRead', line: 9 },
        { messageId: 'uncoveredRead', line: 17 },
      ],
    },
    // The caller's own BCAST `order:` still decides: the class's tracking words are not known here.
    {
      code: lines(
        `const Redis = require('ioredis');`,
        `const { NearCache } = require('./near-cache');`,
        `const primary = new Redis();`,
        `primary.on('ready', () => primary.call('CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'order:'));`,
        `const orders = new NearCache(primary, { name: 'orders' });`,
        `const ready = orders.init();`,
        `const shipments = (id) => orders.keysMatching('shipment:' + id + ':*');`,
        `const lines = (id) => orders.keysMatching('order:' + id + ':*');`,
        `module.exports = { ready, shipments, lines };`,
      ),
      filename: file('lib/order-cache.js'),
      errors: [{ messageId: 'uncoveredRead', line: 7 }],
    },
  ],
});

runRuleTests(
  'no-incomplete-invalidation: tracking a helper of another module turns on',
  incompleteInvalidation,
  {
    // The helper's CLIENT TRACKING is judged in the helper's module, not at each call.
    valid: [{ code: settings, filename: file('lib/settings.js') }],
    invalid: [],
  },
);
