import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// Base classes of another module that are given their client by the constructor (`constructor(protected readonly
// client: Valkey)`): a subclass the linted module declares without a constructor of its own, made with `new
// Sub(cache)`, reads on the client that call passes, with its tracking (OPTIN here); the base's `cachedRead`
// sends `CLIENT CACHING yes` right before running the callback, its `cachedList` awaits it first. A two-level cache
// module whose L2 writes the loader's JSON back to Redis keeps in process only what its L1 keeps. A subclass
// another module exports reads on the client the linting module's `new` passes, through the base's constructor;
// an instance a composition root makes and exports reads on the client that `new` passed, for its importers.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-constructed-bases-');
write('package.json', JSON.stringify({ name: 'catalog-api', private: true, type: 'module' }));
write(
  'src/valkey.ts',
  `import { Valkey } from 'iovalkey';`,
  `export const cache = new Valkey();`,
  `const subscriber = new Valkey();`,
  `subscriber.on('ready', async () => {`,
  `  const id = await subscriber.client('ID');`,
  `  await subscriber.subscribe('__redis__:invalidate');`,
  `  await cache.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', id, 'OPTIN');`,
  `});`,
  `subscriber.on('message', () => {});`,
);
write(
  'src/cached-source.ts',
  `import type { Valkey } from 'iovalkey';`,
  `export abstract class CachedSource {`,
  `  protected readonly memo = new Map<string, unknown>();`,
  `  constructor(protected readonly client: Valkey) {}`,
  `  protected async cachedRead<T>(key: string, read: () => Promise<T>): Promise<T> {`,
  `    if (this.memo.has(key)) return this.memo.get(key) as T;`,
  `    const [, value] = await Promise.all([this.client.client('CACHING', 'YES'), read()]);`,
  `    this.memo.set(key, value);`,
  `    return value;`,
  `  }`,
  `  protected async cachedList<T>(key: string, read: () => Promise<T[]>): Promise<T[]> {`,
  `    await this.client.client('CACHING', 'YES');`,
  `    const rows = await read();`,
  `    this.memo.set(key, rows);`,
  `    return rows;`,
  `  }`,
  `}`,
);
// Subclasses another module exports: one declaring no constructor, one passing its first argument to `super`.
write(
  'src/product-source.ts',
  `import type { Valkey } from 'iovalkey';`,
  `import { CachedSource } from './cached-source.js';`,
  `export class ProductSource extends CachedSource {`,
  `  byId(id: string) { return this.cachedRead(\`product:\${id}\`, () => this.client.hgetall(\`product:\${id}\`)); }`,
  `  categories() { return this.cachedRead('categories', () => this.client.keys('category:*')); }`,
  `  related(id: string) { return this.cachedList(\`related:\${id}\`, () => this.client.zrevrange(\`related:\${id}\`, 0, 9)); }`,
  `}`,
  `export class PriceSource extends CachedSource {`,
  `  constructor(client: Valkey, readonly currency: string) {`,
  `    super(client);`,
  `  }`,
  `  async price(id: string) {`,
  `    const price = await this.client.hget(\`price:\${id}\`, this.currency);`,
  `    this.memo.set(id, price);`,
  `    return price;`,
  `  }`,
  `}`,
);
// A composition root: the repository class in one module, its instance made at module level with the BCAST client
// in another, and used by a third.
write(
  'src/listing-repository.ts',
  `import type { Redis } from 'ioredis';`,
  `export class ListingRepository {`,
  `  readonly #memo = new Map<string, unknown>();`,
  `  constructor(private readonly redis: Redis) {}`,
  `  async featured() {`,
  `    if (!this.#memo.has('featured')) this.#memo.set('featured', await this.redis.smembers('listings:featured'));`,
  `    return this.#memo.get('featured');`,
  `  }`,
  `  async listing(id: string) {`,
  `    if (!this.#memo.has(id)) this.#memo.set(id, await this.redis.hgetall(\`listing:\${id}\`));`,
  `    return this.#memo.get(id);`,
  `  }`,
  `}`,
);
/** A composition root: a BCAST client under `prefix`, redirected to a subscriber, and an instance made on it. */
const compositionRoot = (imported: string, prefix: string, made: string) => [
  `import { Redis } from 'ioredis';`,
  imported,
  `const redis = new Redis();`,
  `const events = new Redis();`,
  `events.subscribe('__redis__:invalidate');`,
  `events.on('message', () => {});`,
  `redis.on('ready', async () => redis.client('TRACKING', 'ON', 'REDIRECT', await events.client('ID'), 'BCAST', 'PREFIX', '${prefix}'));`,
  made,
];
write(
  'src/container.ts',
  ...compositionRoot(
    `import { ListingRepository } from './listing-repository.js';`,
    'listing:',
    `export const listings = new ListingRepository(redis);`,
  ),
);
// A class chain through three modules: a base with `remember`, a read-through layer extending it, and a repository
// extending that with no constructor of its own; the composition root makes it on its BCAST client.
write(
  'src/chain/base-repository.ts',
  `import type { Redis } from 'ioredis';`,
  `export abstract class BaseRepository {`,
  `  protected readonly memo = new Map<string, unknown>();`,
  `  constructor(protected readonly redis: Redis, protected readonly prefix: string) {}`,
  `  protected async remember<R>(key: string, load: () => Promise<R>): Promise<R> {`,
  `    if (!this.memo.has(key)) this.memo.set(key, await load());`,
  `    return this.memo.get(key) as R;`,
  `  }`,
  `}`,
);
write(
  'src/chain/read-through.ts',
  `import { BaseRepository } from './base-repository.js';`,
  `export abstract class ReadThroughRepository extends BaseRepository {`,
  `  findOne(id: string) { return this.remember(\`\${this.prefix}\${id}\`, () => this.redis.hgetall(\`\${this.prefix}\${id}\`)); }`,
  `}`,
);
write(
  'src/chain/offer-repository.ts',
  `import { ReadThroughRepository } from './read-through.js';`,
  `export class OfferRepository extends ReadThroughRepository {`,
  `  featured() { return this.remember('featured', () => this.redis.smembers('offers:featured')); }`,
  `}`,
);
write(
  'src/chain/container.ts',
  ...compositionRoot(
    `import { OfferRepository } from './offer-repository.js';`,
    'offer:',
    `export const offers = new OfferRepository(redis, 'offer:');`,
  ),
);
write(
  'src/two-level.ts',
  `import { Redis } from 'ioredis';`,
  `export const plain = new Redis();`,
  `class RedisCache {`,
  `  constructor(readonly client: Redis) {}`,
  `  async getOrSet<T>(key: string, ttl: number, loader: () => Promise<T>): Promise<T> {`,
  `    const raw = await this.client.get(\`cache:\${key}\`);`,
  `    if (raw !== null) return JSON.parse(raw) as T;`,
  `    const fresh = await loader();`,
  `    await this.client.set(\`cache:\${key}\`, JSON.stringify(fresh), 'EX', ttl);`,
  `    return fresh;`,
  `  }`,
  `}`,
  `class TwoLevelCache {`,
  `  readonly #l1 = new Map<string, unknown>();`,
  `  constructor(private readonly l2: RedisCache) {}`,
  `  async get<T>(key: string, ttl: number, loader: () => Promise<T>): Promise<T> {`,
  `    if (this.#l1.has(key)) return this.#l1.get(key) as T;`,
  `    const value = await this.l2.getOrSet(key, ttl, loader);`,
  `    this.#l1.set(key, value);`,
  `    return value;`,
  `  }`,
  `}`,
  `export const l2 = new RedisCache(plain);`,
  `export const cache = new TwoLevelCache(l2);`,
);

// A template-method base (`get` keeps what the abstract `load` returns), a subclass overriding the hook in a module
// of its own, and a composition root that only makes the instance: the instance keeps what `load` reads on the
// client the `new` passes, whoever calls `get` later.
write(
  'src/cached-repository.ts',
  `import type { Valkey } from 'iovalkey';`,
  `export abstract class CachedRepository<T> {`,
  `  protected readonly entities = new Map<string, T>();`,
  `  constructor(protected readonly client: Valkey) {}`,
  `  protected abstract load(id: string): Promise<T>;`,
  `  async get(id: string): Promise<T> {`,
  `    if (!this.entities.has(id)) this.entities.set(id, await this.load(id));`,
  `    return this.entities.get(id)!;`,
  `  }`,
  `}`,
);
write(
  'src/coupon-repository.ts',
  `import { CachedRepository } from './cached-repository.js';`,
  `export class CouponRepository extends CachedRepository<string[]> {`,
  `  protected load(campaign: string) { return this.client.keys(\`coupon:\${campaign}:*\`); }`,
  `}`,
);

runRuleTests('no-uncovered-cached-read: bases given their client by the constructor', rule, {
  valid: [
    // The read the base runs right after its CLIENT CACHING yes is remembered.
    {
      code: lines(
        `import { cache } from './valkey.js';`,
        `import { CachedSource } from './cached-source.js';`,
        `class ReviewSource extends CachedSource {`,
        `  forProduct(id: string) { return this.cachedRead(\`reviews:\${id}\`, () => this.client.lrange(\`reviews:\${id}\`, 0, 49)); }`,
        `}`,
        `export const reviews = new ReviewSource(cache);`,
      ),
      filename: file('src/reviews-read.ts'),
    },
    // Another module's subclass, made here on the OPTIN client: its base sends CLIENT CACHING yes right before.
    {
      code: lines(
        `import { cache } from './valkey.js';`,
        `import { ProductSource } from './product-source.js';`,
        `const showcase = new ProductSource(cache);`,
        `export const product = (id: string) => showcase.byId(id);`,
      ),
      filename: file('src/showcase-product.ts'),
    },
    // The composition root's instance: a key under its BCAST prefix, kept in the instance.
    {
      code: lines(
        `import { listings } from './container.js';`,
        `export const listing = (id: string) => listings.listing(id);`,
      ),
      filename: file('src/listing-routes.ts'),
    },
    // Only written back to Redis (L2): the random pick is the response's, not kept in process.
    {
      code: lines(
        `import { l2, plain } from './two-level.js';`,
        `export const featured = () => l2.getOrSet('home:featured', 600, () => plain.srandmember('catalog:featured', 4));`,
      ),
      filename: file('src/featured.ts'),
    },
  ],
  invalid: [
    // Only made here: the KEYS the hook reads is kept by the instance, judged at the `new` with this client (OPTIN,
    // and no CLIENT CACHING yes before it).
    {
      code: lines(
        `import { cache } from './valkey.js';`,
        `import { CouponRepository } from './coupon-repository.js';`,
        `export const coupons = new CouponRepository(cache);`,
      ),
      filename: file('src/container-coupons.ts'),
      errors: [{ messageId: 'optInWithoutCaching', line: 3 }],
    },
    // On the OPTIN client the module-level instance was given: a read with no CLIENT CACHING yes kept in the
    // inherited memo, and one the base awaits the directive for.
    {
      code: lines(
        `import { cache } from './valkey.js';`,
        `import { CachedSource } from './cached-source.js';`,
        `class ReviewSource extends CachedSource {`,
        `  async stars(id: string) {`,
        `    const stars = await this.client.hgetall(\`stars:\${id}\`);`,
        `    this.memo.set(id, stars);`,
        `    return stars;`,
        `  }`,
        `  recent(id: string) { return this.cachedList(\`recent:\${id}\`, () => this.client.zrevrange(\`recent:\${id}\`, 0, 9)); }`,
        `}`,
        `export const reviews = new ReviewSource(cache);`,
      ),
      filename: file('src/reviews.ts'),
      errors: [
        { messageId: 'optInWithoutCaching', line: 5 },
        { messageId: 'optInRaced', line: 9 },
      ],
    },
    // The same subclasses on the client this module's `new` passes them: KEYS kept in the inherited memo, a list
    // read after an awaited directive, a read with no directive through a constructor that calls `super(client)`.
    {
      code: lines(
        `import { cache } from './valkey.js';`,
        `import { PriceSource, ProductSource } from './product-source.js';`,
        `const showcase = new ProductSource(cache);`,
        `const prices = new PriceSource(cache, 'EUR');`,
        `export const categories = () => showcase.categories();`,
        `export const related = (id: string) => showcase.related(id);`,
        `export const price = (id: string) => prices.price(id);`,
      ),
      filename: file('src/showcase.ts'),
      errors: [
        { messageId: 'uncoveredRead', line: 5 },
        { messageId: 'optInRaced', line: 6 },
        { messageId: 'optInWithoutCaching', line: 7 },
      ],
    },
    // The same through a class chain of three modules: the base's `remember` keeps what the repository's method
    // reads, a key outside the prefix (`offers:`, not `offer:`); a read under it stays clean.
    {
      code: lines(
        `import { offers } from './container.js';`,
        `export const featured = () => offers.featured();`,
        `export const offer = (id: string) => offers.findOne(id);`,
      ),
      filename: file('src/chain/routes.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 2 }],
    },
    // A key outside the BCAST prefix the composition root's client tracks, kept in the instance it made.
    {
      code: lines(
        `import { listings } from './container.js';`,
        `export const featured = () => listings.featured();`,
      ),
      filename: file('src/featured-routes.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 2 }],
    },
    // Kept in process by the L1 in front of the L2.
    {
      code: lines(
        `import { cache, plain } from './two-level.js';`,
        `export const sample = () => cache.get('home:sample', 60, () => plain.srandmember('catalog:featured', 4));`,
      ),
      filename: file('src/sample.ts'),
      errors: [{ messageId: 'volatileReplyKept', line: 2 }],
    },
  ],
});
