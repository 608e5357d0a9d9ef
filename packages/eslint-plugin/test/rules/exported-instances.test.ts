import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// A service exported as one instance, as Redis facades are written (`export default new RedisService()` with
// a getter per named connection): the importing module reaches the tracked connection through the getter, by a
// default import or a named one. An exported object of caches holds its members for the process.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-exported-instances-');
write('package.json', JSON.stringify({ name: 'facade-app', private: true, type: 'module' }));
write(
  'app/services/redis.ts',
  `import { Redis } from 'ioredis';`,
  `const main = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');`,
  `const analytics = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');`,
  `main.on('ready', async () => {`,
  `  await main.client('TRACKING', 'ON', 'BCAST', 'PREFIX', 'book:', 'PREFIX', 'loan:');`,
  `});`,
  `class RedisService {`,
  `  /** The tracked connection. */`,
  `  get main() {`,
  `    return main;`,
  `  }`,
  `  /** Reporting reads: no tracking. */`,
  `  get analytics() {`,
  `    return analytics;`,
  `  }`,
  `}`,
  `export const connections = new RedisService();`,
  `const redis = new RedisService();`,
  `export default redis;`,
);

// A read-through cache exported as its one instance (`module.exports = new CacheService()`): what the loader a
// caller gives `remember` returns is kept in the instance's Map.
write(
  'legacy/cache.js',
  `'use strict';`,
  `class CacheService {`,
  `  constructor() {`,
  `    this.local = new Map();`,
  `  }`,
  `  async remember(key, ttl, loader) {`,
  `    const entry = this.local.get(key);`,
  `    if (entry && entry.expiresAt > Date.now()) return entry.value;`,
  `    const value = await loader();`,
  `    this.local.set(key, { value, expiresAt: Date.now() + ttl * 1000 });`,
  `    return value;`,
  `  }`,
  `}`,
  `module.exports = new CacheService();`,
);
write('legacy/package.json', JSON.stringify({ name: 'legacy', private: true }));

// A class that makes its one instance itself (a private constructor, a static getter over a static async factory)
// and hands its connections out through getters of private fields: the getter gives the client the factory made.
write(
  'app/pricing/price-book.ts',
  `import { GlideClient } from '@valkey/valkey-glide';`,
  `const addresses = [{ host: '127.0.0.1', port: 6379 }];`,
  `export class PriceBook {`,
  `  static #shared: Promise<PriceBook> | undefined;`,
  `  static get instance(): Promise<PriceBook> {`,
  `    PriceBook.#shared ??= PriceBook.#open();`,
  `    return PriceBook.#shared;`,
  `  }`,
  `  static async #open(): Promise<PriceBook> {`,
  `    const quotes = await GlideClient.createClient({ addresses });`,
  `    await quotes.customCommand(['CLIENT', 'TRACKING', 'ON']);`,
  `    const catalog = await GlideClient.createClient({ addresses });`,
  `    await catalog.customCommand(['CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'price:']);`,
  `    return new PriceBook(quotes, catalog);`,
  `  }`,
  `  readonly #quotes: GlideClient;`,
  `  readonly #catalog: GlideClient;`,
  `  private constructor(quotes: GlideClient, catalog: GlideClient) {`,
  `    this.#quotes = quotes;`,
  `    this.#catalog = catalog;`,
  `  }`,
  `  get quotes(): GlideClient {`,
  `    return this.#quotes;`,
  `  }`,
  `  get catalog(): GlideClient {`,
  `    return this.#catalog;`,
  `  }`,
  `}`,
);
write(
  'app/pricing/banners.ts',
  `import type { GlideClient } from '@valkey/valkey-glide';`,
  `const banners = new Map<string, string | null>();`,
  `export async function bannerOf(client: GlideClient, campaign: string) {`,
  `  if (!banners.has(campaign)) banners.set(campaign, await client.get(\`campaign:\${campaign}:banner\`));`,
  `  return banners.get(campaign);`,
  `}`,
);

// An exported object of caches: instances of the module's own class beside a Set. What the class's `set` is
// given is kept in the instance, which the module-level object holds for the process.
write(
  'app/services/stores.ts',
  `export class Cached<T> {`,
  `  readonly #entries = new Map<string, T>();`,
  `  get(key: string): T | undefined {`,
  `    return this.#entries.get(key);`,
  `  }`,
  `  set(key: string, value: T): T {`,
  `    this.#entries.set(key, value);`,
  `    return value;`,
  `  }`,
  `}`,
  `export const stores = { listings: new Cached<string[]>(), missing: new Set<string>() };`,
);

// An SDK's client class, exported as one instance, with one memo for every method: `cached(name, ...args)` keeps
// what the command its caller names answers; `getJson` answers from the same memo. What `getJson` hands out of it
// is its own GET's reply (or the kept copy a `cached` call is judged for), not a PTTL a method sends.
write(
  'app/sdk/catalog-client.ts',
  `import { Redis } from 'ioredis';`,
  `export class CatalogClient {`,
  `  readonly #redis = new Redis();`,
  `  readonly #memo = new Map<string, unknown>();`,
  `  async getJson<T>(key: string): Promise<T | null> {`,
  `    if (this.#memo.has(key)) return this.#memo.get(key) as T;`,
  `    const raw = await this.#redis.get(key);`,
  `    const value = raw === null ? null : (JSON.parse(raw) as T);`,
  `    this.#memo.set(key, value);`,
  `    return value;`,
  `  }`,
  `  async cached<T>(name: string, ...args: string[]): Promise<T> {`,
  `    const memoKey = [name, ...args].join(' ');`,
  `    if (this.#memo.has(memoKey)) return this.#memo.get(memoKey) as T;`,
  `    const reply = (await this.#redis.call(name, ...args)) as T;`,
  `    this.#memo.set(memoKey, reply);`,
  `    return reply;`,
  `  }`,
  `  lockRemainingMs(name: string) {`,
  `    return this.cached<number>('PTTL', \`lock:\${name}\`);`,
  `  }`,
  `}`,
  `export const catalog = new CatalogClient();`,
);

runRuleTests('no-uncovered-cached-read: a service exported as one instance', rule, {
  valid: [
    // A key the BCAST prefixes cover, kept: full.
    {
      code: lines(
        `import redis from './redis.js';`,
        `const books = new Map<string, Record<string, string>>();`,
        `export async function book(isbn: string) {`,
        `  if (!books.has(isbn)) books.set(isbn, await redis.main.hgetall(\`book:\${isbn}\`));`,
        `  return books.get(isbn);`,
        `}`,
      ),
      filename: file('app/services/catalogue.ts'),
    },
    // The getter of the connection in the default mode: the server remembers the key.
    {
      code: lines(
        `import { PriceBook } from './price-book';`,
        `import { bannerOf } from './banners';`,
        `export async function quoteBanner(id: string) {`,
        `  const book = await PriceBook.instance;`,
        `  return bannerOf(book.quotes, id);`,
        `}`,
      ),
      filename: file('app/pricing/quote-routes.ts'),
    },
    // A pattern the BCAST prefixes cover, kept in a member of the exported object of caches.
    {
      code: lines(
        `import redis from './redis.js';`,
        `import { stores } from './stores.js';`,
        `export async function bookKeys() {`,
        `  return stores.listings.get('books') ?? stores.listings.set('books', await redis.main.keys('book:*'));`,
        `}`,
      ),
      filename: file('app/services/book-keys.ts'),
    },
    // A GET's reply out of the SDK's shared memo, kept again by the app.
    {
      code: lines(
        `import { catalog } from './sdk/catalog-client.js';`,
        `const products = new Map<string, unknown>();`,
        `export async function product(sku: string) {`,
        `  if (!products.has(sku)) products.set(sku, await catalog.getJson(\`product:\${sku}\`));`,
        `  return products.get(sku);`,
        `}`,
      ),
      filename: file('app/products.ts'),
    },
    // The untracked connection's KEYS kept: reported only with `untracked: true`.
    {
      code: lines(
        `import redis from './redis.js';`,
        `let visits: string[] = [];`,
        `export async function refreshVisits(day: string) { visits = await redis.analytics.keys(\`visit:\${day}:*\`); }`,
      ),
      filename: file('app/services/visits.ts'),
    },
  ],
  invalid: [
    // A default import of the ES module's default export: a key outside the prefixes, kept.
    {
      code: lines(
        `import redis from './redis.js';`,
        `const hours = new Map<string, string | null>();`,
        `export default class AvailabilityService {`,
        `  async openingHours(branch: string) {`,
        `    if (!hours.has(branch)) hours.set(branch, await redis.main.get(\`branch:\${branch}:hours\`));`,
        `    return hours.get(branch);`,
        `  }`,
        `}`,
      ),
      filename: file('app/services/availability_service.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 5 }],
    },
    // A named export of an instance: SCAN pages kept in a module variable.
    {
      code: lines(
        `import { connections } from './redis.js';`,
        `let overdue: string[] = [];`,
        `export async function refreshOverdue() {`,
        `  const found: string[] = [];`,
        `  let cursor = '0';`,
        `  do {`,
        `    const [next, keys] = await connections.main.scan(cursor, 'MATCH', 'member:*:overdue', 'COUNT', 300);`,
        `    found.push(...keys);`,
        `    cursor = next;`,
        `  } while (cursor !== '0');`,
        `  overdue = found;`,
        `}`,
      ),
      filename: file('app/services/member_directory.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 7 }],
    },
    // The getter of the BCAST connection: the helper keeps a key outside its prefix.
    {
      code: lines(
        `import { PriceBook } from './price-book';`,
        `import { bannerOf } from './banners';`,
        `export async function campaignBanner(id: string) {`,
        `  const book = await PriceBook.instance;`,
        `  return bannerOf(book.catalog, id);`,
        `}`,
      ),
      filename: file('app/pricing/campaign-routes.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 5 }],
    },
    // A pattern outside the prefixes, kept in a member of the exported object of caches.
    {
      code: lines(
        `import redis from './redis.js';`,
        `import { stores } from './stores.js';`,
        `export async function memberKeys() {`,
        `  return stores.listings.get('members') ?? stores.listings.set('members', await redis.main.keys('member:*'));`,
        `}`,
      ),
      filename: file('app/services/member-keys.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 4 }],
    },
    // The command the app names, kept in the SDK instance's memo for the process.
    {
      code: lines(
        `import { catalog } from './sdk/catalog-client.js';`,
        `export const featuredRefreshIn = () => catalog.cached<number>('TTL', 'catalog:featured');`,
      ),
      filename: file('app/featured.ts'),
      errors: [{ messageId: 'volatileReplyKept', line: 2 }],
    },
    // The CommonJS singleton keeps what each loader returns: a random sample, kept for five minutes.
    {
      code: lines(
        `'use strict';`,
        `const cache = require('./cache');`,
        `const Redis = require('ioredis');`,
        `const client = new Redis();`,
        `exports.related = (id) => cache.remember(\`related:\${id}\`, 300, () => client.srandmember(\`product:\${id}:related\`, 4));`,
      ),
      filename: file('legacy/routes.js'),
      errors: [{ messageId: 'volatileReplyKept', line: 5 }],
    },
  ],
});
