import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cachedRead from '../../src/rules/no-uncovered-cached-read.js';
import invalidation from '../../src/rules/no-incomplete-invalidation.js';
import { runRuleTests } from '../rule-tester.js';

// Constants kept in a module of their own: channel names, key prefixes, command arrays, Lua sources.
const lines = (...source: string[]) => source.join('\n');
const directory = mkdtempSync(join(tmpdir(), 'vt-constants-'));
writeFileSync(
  join(directory, 'keys.cjs'),
  lines(
    `const PREFIX = 'user:';`,
    `module.exports = { PREFIX, CHANNEL: '__redis__:invalidate' };`,
    `module.exports.TRACKING = ['CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', PREFIX];`,
  ),
);
writeFileSync(
  join(directory, 'scripts.mjs'),
  lines(
    `export const IDLE = "return redis.call('OBJECT', 'IDLETIME', KEYS[1])";`,
    `export const NAME = "return redis.call('HGET', KEYS[1], 'name')";`,
  ),
);
writeFileSync(join(directory, 'index.mjs'), `export * from './scripts.mjs';\n`);
writeFileSync(
  join(directory, 'cache-settings.mjs'),
  lines(
    `export const CACHE = {`,
    `  profiles: { maxCacheKb: 1024, entryTtlMs: 30_000, enableMetrics: true },`,
    `  lobby: { maxCacheKb: 4096, entryTtlMs: 0, serverAssisted: true },`,
    `};`,
  ),
);
writeFileSync(
  join(directory, 'tenants.mjs'),
  lines(`export const TENANTS = ['acme', 'globex'];`, `export const SHARED = ['plan:'];`),
);
// Options typed with glide's own enum, and one whose assistance is decided at run time.
writeFileSync(
  join(directory, 'glide-settings.ts'),
  lines(
    `import { type ClientSideCacheOptions, EvictionPolicy } from '@valkey/valkey-glide';`,
    `export const AUDIT_CACHE: ClientSideCacheOptions = { evictionPolicy: EvictionPolicy.LFU };`,
    `export const FEED_CACHE: ClientSideCacheOptions = { enableMetrics: true, serverAssisted: process.env.ASSIST === '1' };`,
  ),
);
// A settings object whose prefixes and key patterns are built from another module's constants.
writeFileSync(
  join(directory, 'key-layout.mjs'),
  lines(`export const PRODUCT = 'product:';`, `export const PRICE = 'price:';`),
);
writeFileSync(
  join(directory, 'settings.mjs'),
  lines(
    `import { PRICE, PRODUCT } from './key-layout.mjs';`,
    `export const settings = {`,
    `  port: Number(process.env.PORT ?? 3000),`,
    `  tracking: { prefixes: [PRODUCT, 'category:'] },`,
    `  hot: \`\${PRODUCT}hot:\`,`,
    `  legacyPrices: PRICE + 'legacy:',`,
    `};`,
  ),
);
// A config object declared first and exported by name, and a JSON file an ES module loads with `createRequire`.
writeFileSync(
  join(directory, 'redis-config.ts'),
  lines(
    `const env = (name: string, fallback: string) => process.env[name] ?? fallback;`,
    `const redisConfig = {`,
    `  connections: { catalog: { host: env('HOST', '127.0.0.1'), trackingPrefixes: ['product:', 'price:'] } },`,
    `} as const;`,
    `export default redisConfig;`,
  ),
);
writeFileSync(join(directory, 'features.json'), JSON.stringify({ flags: { prefixes: ['flag:'] } }));
const file = (name: string) => join(directory, name);

/** A client tracking in BCAST under `product:` (an imported constant) and a module Map, then `body`. */
const productKeys = (...body: string[]) =>
  lines(
    `import Valkey from 'iovalkey';`,
    `import { PRODUCT } from './key-layout.mjs';`,
    `const valkey = new Valkey();`,
    `valkey.on('ready', () => valkey.call('CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', PRODUCT));`,
    `const kept = new Map();`,
    ...body,
  );

runRuleTests('no-uncovered-cached-read: imported constants', cachedRead, {
  valid: [
    // Whether the feed's cache is assisted is decided at run time: nothing to say.
    {
      code: lines(
        `import { ClientSideCache, GlideClient } from '@valkey/valkey-glide';`,
        `import { FEED_CACHE } from './glide-settings';`,
        `export const feed = await GlideClient.createClient({`,
        `  addresses: [{ host: 'localhost' }],`,
        `  clientSideCache: ClientSideCache.create(512, 10_000, FEED_CACHE),`,
        `});`,
      ),
      filename: file('feed.ts'),
    },
    // The BCAST prefix and the tracking words come from a CommonJS module, destructured.
    {
      code: lines(
        `const Redis = require('ioredis');`,
        `const { TRACKING, PREFIX } = require('./keys.cjs');`,
        `const redis = new Redis();`,
        `redis.on('ready', () => redis.call(...TRACKING));`,
        `const sizes = new Map();`,
        `exports.size = async (id) => { sizes.set(id, await redis.scard(PREFIX + id)); };`,
        `exports.names = async () => { sizes.set('names', await redis.keys(\`\${PREFIX}*\`)); };`,
      ),
      filename: file('sizes.cjs'),
    },
    // A script imported through a re-export that reads a key under the prefix: covered.
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `import keys from './keys.cjs';`,
        `import { NAME } from './index.mjs';`,
        `const redis = new Redis();`,
        `redis.on('ready', () => redis.call(...keys.TRACKING));`,
        `const names = new Map();`,
        `export async function name(id) { names.set(id, await redis.eval(NAME, 1, keys.PREFIX + id)); }`,
      ),
      filename: file('names.mjs'),
    },
    // An array that a function grows at run time: its prefixes are not known, so nothing is judged by them.
    {
      code: lines(
        `import Valkey from 'iovalkey';`,
        `import { PRICE } from './key-layout.mjs';`,
        `const PREFIXES = [PRICE];`,
        `export function trackAlso(prefix) { PREFIXES.push(prefix); }`,
        `const valkey = new Valkey();`,
        `valkey.on('ready', () => valkey.call('CLIENT', 'TRACKING', 'ON', 'BCAST', ...PREFIXES.flatMap((p) => ['PREFIX', p])));`,
        `const kept = new Map();`,
        `export async function promo(id) { kept.set(id, await valkey.get(\`promo:\${id}\`)); }`,
      ),
      filename: file('grown-later.mjs'),
    },
    // glide cache options from a settings module, asking for server assistance.
    {
      code: lines(
        `import { ClientSideCache, GlideClient } from '@valkey/valkey-glide';`,
        `import { CACHE } from './cache-settings.mjs';`,
        `export const lobby = await GlideClient.createClient({`,
        `  addresses: [{ host: 'localhost' }],`,
        `  clientSideCache: new ClientSideCache(CACHE.lobby),`,
        `});`,
      ),
      filename: file('lobby.mjs'),
    },
  ],
  invalid: [
    // Prefixes spread from another module's array, and an array its own top level grows before any reconnect.
    {
      code: lines(
        `import Valkey from 'iovalkey';`,
        `import { PRICE, PRODUCT } from './key-layout.mjs';`,
        `import keys from './keys.cjs';`,
        `import { settings } from './settings.mjs';`,
        `const TRACKED = [...settings.tracking.prefixes, PRICE];`,
        `const EXTRA = [keys.PREFIX];`,
        `EXTRA.push(\`\${PRODUCT}reviews:\`);`,
        `const valkey = new Valkey();`,
        `const reviews = new Valkey();`,
        `valkey.on('ready', () => valkey.call('CLIENT', 'TRACKING', 'ON', 'BCAST', ...TRACKED.flatMap((p) => ['PREFIX', p])));`,
        `reviews.on('ready', async () => {`,
        `  const args = ['TRACKING', 'ON', 'BCAST'];`,
        `  for (const prefix of EXTRA) args.push('PREFIX', prefix);`,
        `  await reviews.call('CLIENT', ...args);`,
        `});`,
        `const kept = new Map();`,
        `export async function price(id) { kept.set(id, await valkey.get(PRICE + id)); }`,
        `export async function promo(id) { kept.set(id, await valkey.get(\`promo:\${id}\`)); }`,
        `export async function review(id) { kept.set(id, await reviews.hgetall(\`\${PRODUCT}reviews:\${id}\`)); }`,
        `export async function stock(id) { kept.set(id, await reviews.get(\`stock:\${id}\`)); }`,
      ),
      filename: file('tracked-prefixes.mjs'),
      errors: [
        { messageId: 'uncoveredRead', line: 18 },
        { messageId: 'uncoveredRead', line: 20 },
      ],
    },
    // One prefix per tenant, built in a top-level loop over another module's array (`t:acme:`, `t:globex:`), and
    // the shared ones: `billing:` lies outside all of them; `t:acme:` and `plan:` keys inside.
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `import { SHARED, TENANTS } from './tenants.mjs';`,
        `export const redis = new Redis();`,
        `const args = ['BCAST'];`,
        `for (const tenant of TENANTS) args.push('PREFIX', \`t:\${tenant}:\`);`,
        `for (const prefix of SHARED) args.push('PREFIX', prefix);`,
        `redis.on('ready', () => redis.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', '7', ...args));`,
        `const kept = new Map();`,
        `export async function due(id) { kept.set(id, await redis.get(\`billing:\${id}\`)); }`,
        `export async function profile() { kept.set('p', await redis.hgetall('t:acme:profile')); }`,
        `export async function plans() { kept.set('plans', await redis.keys('plan:*')); }`,
      ),
      filename: file('tenant-prefixes.mjs'),
      errors: [{ messageId: 'uncoveredRead', line: 9 }],
    },
    // The PREFIX words mapped into a const first and spread later (`...words`).
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `import { SHARED } from './tenants.mjs';`,
        `export const redis = new Redis();`,
        `redis.on('ready', () => {`,
        `  const words = SHARED.flatMap((prefix) => ['PREFIX', prefix]);`,
        `  return redis.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', '7', 'BCAST', ...words);`,
        `});`,
        `const kept = new Map();`,
        `export async function lock(id) { kept.set(id, await redis.get(\`lock:\${id}\`)); }`,
        `export async function plan(id) { kept.set(id, await redis.get(\`plan:\${id}\`)); }`,
      ),
      filename: file('mapped-words.mjs'),
      errors: [{ messageId: 'uncoveredRead', line: 9 }],
    },
    // Keys spread from a mapped array, all under one prefix: outside the BCAST prefixes (`stock:`), and inside them
    // (`product:`, line 9, not reported).
    {
      code: productKeys(
        `export async function stock(ids) {`,
        `  const counts = await valkey.mget(...ids.map((id) => \`stock:\${id}\`));`,
        `  ids.forEach((id, i) => kept.set('stock:' + id, counts[i]));`,
        `  const names = await valkey.mget(...ids.map((id) => PRODUCT + id));`,
        `  ids.forEach((id, i) => kept.set(id, names[i]));`,
        `}`,
      ),
      filename: file('mapped-keys.mjs'),
      errors: [{ messageId: 'uncoveredRead', line: 7 }],
    },
    // The same arrays handed over whole, which ioredis flattens (and node-redis's `mGet` takes): written in place,
    // or held in a `const`.
    {
      code: productKeys(
        `export async function stock(ids) {`,
        `  kept.set(ids.join(), await valkey.mget(ids.map((id) => \`stock:\${id}\`)));`,
        `  const names = ids.map((id) => PRODUCT + id);`,
        `  kept.set(names.join(), await valkey.mget(names));`,
        `  const holds = ids.map((id) => 'hold:' + id);`,
        `  kept.set(holds.join(), await valkey.mget(holds));`,
        `}`,
      ),
      filename: file('mapped-arrays.mjs'),
      errors: [
        { messageId: 'uncoveredRead', line: 7 },
        { messageId: 'uncoveredRead', line: 11 },
      ],
    },
    // The prefixes of a config object exported by its name: `promo:` lies outside them.
    {
      code: lines(
        `import Valkey from 'iovalkey';`,
        `import redisConfig from './redis-config';`,
        `const catalog = new Valkey();`,
        `catalog.on('ready', () => {`,
        `  const args: string[] = ['TRACKING', 'ON', 'BCAST'];`,
        `  for (const prefix of redisConfig.connections.catalog.trackingPrefixes) args.push('PREFIX', prefix);`,
        `  return catalog.call('CLIENT', ...args);`,
        `});`,
        `const kept = new Map<string, unknown>();`,
        `export async function product(id: string) { kept.set(id, await catalog.hgetall('product:' + id)); }`,
        `export async function promo(id: string) { kept.set(id, await catalog.hgetall('promo:' + id)); }`,
      ),
      filename: file('catalog.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 11 }],
    },
    // Prefixes from a JSON file read through the module's own `require`.
    {
      code: lines(
        `import { createRequire } from 'node:module';`,
        `import Valkey from 'iovalkey';`,
        `const require = createRequire(import.meta.url);`,
        `const features = require('./features.json');`,
        `const flags = new Valkey();`,
        `flags.on('ready', () => flags.client('TRACKING', 'ON', 'BCAST', ...features.flags.prefixes.flatMap((p) => ['PREFIX', p])));`,
        `const kept = new Map();`,
        `export async function flag(name) { kept.set(name, await flags.get('flag:' + name)); }`,
        `export async function plan(name) { kept.set(name, await flags.smembers('plan:' + name)); }`,
      ),
      filename: file('flags.mjs'),
      errors: [{ messageId: 'uncoveredRead', line: 9 }],
    },
    // The BCAST prefixes and the key patterns of a settings object built from a key-layout module: the hot
    // product keys lie under a prefix, the legacy prices outside both.
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `import { settings } from './settings.mjs';`,
        `const redis = new Redis();`,
        `const words = ['TRACKING', 'ON', 'BCAST', ...settings.tracking.prefixes.flatMap((p) => ['PREFIX', p])];`,
        `redis.on('ready', () => redis.client(...words));`,
        `const kept = new Map();`,
        `export async function hot() { kept.set('hot', await redis.keys(\`\${settings.hot}*\`)); }`,
        `export async function legacy() { kept.set('legacy', await redis.keys(\`\${settings.legacyPrices}*\`)); }`,
      ),
      filename: file('layout.mjs'),
      errors: [{ messageId: 'uncoveredRead', line: 8 }],
    },
    // The same prefixes spread straight into the call.
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `import { settings } from './settings.mjs';`,
        `const redis = new Redis();`,
        `redis.on('ready', () =>`,
        `  redis.client('TRACKING', 'ON', 'BCAST', ...settings.tracking.prefixes.flatMap((p) => ['PREFIX', p])),`,
        `);`,
        `const kept = new Map();`,
        `export async function hot() { kept.set('hot', await redis.keys(settings.hot + '*')); }`,
        `export async function legacy() { kept.set('legacy', await redis.keys(settings.legacyPrices + '*')); }`,
      ),
      filename: file('layout-inline.mjs'),
      errors: [{ messageId: 'uncoveredRead', line: 9 }],
    },
    // Options with glide's EvictionPolicy enum and no `serverAssisted`: the cache has no invalidation.
    {
      code: lines(
        `import { ClientSideCache, GlideClient } from '@valkey/valkey-glide';`,
        `import { AUDIT_CACHE } from './glide-settings';`,
        `export const audit = await GlideClient.createClient({`,
        `  addresses: [{ host: 'localhost' }],`,
        `  clientSideCache: ClientSideCache.create(256, 5_000, AUDIT_CACHE),`,
        `});`,
      ),
      filename: file('audit.ts'),
      errors: [{ messageId: 'cacheWithoutInvalidation', line: 5 }],
    },
    // The same settings module's other cache has no `serverAssisted`: TTL-bounded staleness only.
    {
      code: lines(
        `import { ClientSideCache, GlideClient } from '@valkey/valkey-glide';`,
        `import { CACHE } from './cache-settings.mjs';`,
        `export const profiles = await GlideClient.createClient({`,
        `  addresses: [{ host: 'localhost' }],`,
        `  clientSideCache: new ClientSideCache(CACHE.profiles),`,
        `});`,
      ),
      filename: file('profiles.mjs'),
      errors: [{ messageId: 'cacheWithoutInvalidation', line: 5 }],
    },
    // A key outside the imported prefix, and an imported script that reads the idle time.
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `import * as constants from './keys.cjs';`,
        `import { IDLE } from './index.mjs';`,
        `const redis = new Redis();`,
        `redis.on('ready', () => redis.call(...constants.TRACKING));`,
        `const kept = new Map();`,
        `export async function online() { kept.set('online', await redis.smembers('online')); }`,
        `export async function idle(id) { kept.set(id, await redis.eval(IDLE, 1, constants.PREFIX + id)); }`,
      ),
      filename: file('kept.mjs'),
      errors: [
        { messageId: 'uncoveredRead', line: 7 },
        { messageId: 'volatileReplyKept', line: 8 },
      ],
    },
  ],
});

runRuleTests('no-incomplete-invalidation: imported constants', invalidation, {
  valid: [],
  invalid: [
    // The invalidation channel is an imported constant: the listener is an invalidation handler.
    {
      code: lines(
        `const Redis = require('ioredis');`,
        `const keys = require('./keys.cjs');`,
        `const cache = new Map();`,
        `const redis = new Redis();`,
        `const subscriber = new Redis();`,
        `redis.on('ready', async () => {`,
        `  const id = await subscriber.client('ID');`,
        `  await redis.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', id);`,
        `});`,
        `subscriber.subscribe(keys.CHANNEL);`,
        `subscriber.on('message', (channel, message) => {`,
        `  if (channel === keys.CHANNEL) cache.delete(message);`,
        `});`,
      ),
      filename: file('handler.cjs'),
      errors: [
        { messageId: 'flushIgnored', line: 11 },
        { messageId: 'payloadAsOneKey', line: 12 },
      ],
    },
  ],
});
