import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';

// Classes of other modules, as dependency-injection code writes them: a connection pool injected by its type,
// and a generic base class (another module) whose getter returns the pool's connection and whose method
// memoizes what a callback returns; the subclass only calls what it inherits.
const lines = (...source: string[]) => source.join('\n');
const directory = mkdtempSync(join(tmpdir(), 'vt-imported-classes-'));
const file = (name: string) => join(directory, name);

writeFileSync(
  file('pool.ts'),
  lines(
    `import Valkey from 'iovalkey';`,
    `export class ConnectionPool {`,
    `  readonly primary: Valkey;`,
    `  constructor() {`,
    `    this.primary = new Valkey({ lazyConnect: true });`,
    `    this.primary.on('ready', () => this.track());`,
    `  }`,
    `  private async track() {`,
    `    await this.primary.call('CLIENT', 'TRACKING', 'ON');`,
    `  }`,
    `}`,
  ),
);
writeFileSync(file('index.ts'), `export { ConnectionPool } from './pool';\n`);
writeFileSync(
  file('base-cache.ts'),
  lines(
    `import type Valkey from 'iovalkey';`,
    `import { ConnectionPool } from './index';`,
    `export abstract class BaseCache<V> {`,
    `  private readonly memo = new Map<string, V>();`,
    `  constructor(protected readonly pool: ConnectionPool) {}`,
    `  protected get client(): Valkey {`,
    `    return this.pool.primary;`,
    `  }`,
    `  protected async cached(key: string, fetch: () => Promise<V>): Promise<V> {`,
    `    if (!this.memo.has(key)) this.memo.set(key, await fetch());`,
    `    return this.memo.get(key)!;`,
    `  }`,
    `}`,
  ),
);

const inventory = lines(
  `import { BaseCache } from './base-cache';`,
  `import { ConnectionPool } from './index';`,
  `export class InventoryCache extends BaseCache<{ stock: number; expiresIn?: number }> {`,
  `  private static warehouses: string[] = [];`,
  `  private readonly reserved = new Map<string, string[]>();`,
  `  constructor(pool: ConnectionPool) {`,
  `    super(pool);`,
  `  }`,
  `  item(sku: string) {`,
  `    return this.cached(\`item:\${sku}\`, async () => {`,
  `      const [stock, ttl] = await Promise.all([this.client.get(\`stock:\${sku}\`), this.client.ttl(\`hold:\${sku}\`)]);`,
  `      return { stock: Number(stock), expiresIn: ttl };`,
  `    });`,
  `  }`,
  `  async loadWarehouses() {`,
  `    const [, keys] = await this.client.scan('0', 'MATCH', 'warehouse:*');`,
  `    InventoryCache.warehouses = keys;`,
  `  }`,
  `  async holds(sku: string) {`,
  `    if (!this.reserved.has(sku)) this.reserved.set(sku, await this.client.hkeys(\`holds:\${sku}\`));`,
  `    return this.reserved.get(sku);`,
  `  }`,
  `}`,
);

const injected = lines(
  `import { ConnectionPool } from './index';`,
  `export class ReportService {`,
  `  private readonly sizes = new Map<string, number>();`,
  `  constructor(private readonly pool: ConnectionPool) {}`,
  `  async size(name: string) {`,
  `    if (!this.sizes.has(name)) this.sizes.set(name, (await this.pool.primary.keys(\`\${name}:*\`)).length);`,
  `    return this.sizes.get(name);`,
  `  }`,
  `  async count(name: string) {`,
  `    if (!this.sizes.has(name)) this.sizes.set(name, await this.pool.primary.scard(name));`,
  `    return this.sizes.get(name);`,
  `  }`,
  `}`,
);

// Mixins: a base repository holding a tracked client, and a mixin that memoizes what a callback returns, in a
// CommonJS module of their own (applied in another module), and the same pair written in one module.
writeFileSync(
  file('repositories.js'),
  lines(
    `'use strict';`,
    `const { createClient } = require('redis');`,
    `const client = createClient();`,
    `client.on('ready', () => client.sendCommand(['CLIENT', 'TRACKING', 'ON']));`,
    `class BaseRepository {`,
    `  constructor(namespace) { this.namespace = namespace; this._redis = client; }`,
    `  key(...parts) { return [this.namespace, ...parts].join(':'); }`,
    `}`,
    `const Memoizing = (Base) =>`,
    `  class extends Base {`,
    `    #memo = new Map();`,
    `    async remember(key, load) {`,
    `      if (!this.#memo.has(key)) this.#memo.set(key, await load());`,
    `      return this.#memo.get(key);`,
    `    }`,
    `  };`,
    `module.exports = { BaseRepository, Memoizing };`,
  ),
);

// A TypeScript mixin applied to a generic base (`Cacheable(Repository<Product>)`), each in a module of its own,
// the subclass made by a composition root: the base's client reaches the subclass's methods through the mixin.
writeFileSync(
  file('mixin-base.ts'),
  lines(
    `import type Redis from 'ioredis';`,
    `export abstract class Repository<T> {`,
    `  constructor(protected readonly client: Redis) {}`,
    `}`,
    `type Ctor<I> = abstract new (...args: any[]) => I;`,
    `export function Cacheable<B extends Ctor<Repository<any>>>(Base: B) {`,
    `  abstract class Memoized extends Base {`,
    `    readonly memo = new Map<string, unknown>();`,
    `  }`,
    `  return Memoized;`,
    `}`,
  ),
);
writeFileSync(
  file('mixin-repos.ts'),
  lines(
    `import { Cacheable, Repository } from './mixin-base';`,
    `export interface Product { sku: string }`,
    `export class ProductRepo extends Cacheable(Repository<Product>) {`,
    `  suggestions(count: number) { return this.client.srandmember('product:suggestable', count); }`,
    `}`,
  ),
);
writeFileSync(
  file('mixin-root.ts'),
  lines(
    `import Redis from 'ioredis';`,
    `import { ProductRepo } from './mixin-repos';`,
    `const valkey = new Redis();`,
    `export const products = new ProductRepo(valkey);`,
  ),
);

// A singleton (`static getInstance()`) whose tracking words come from a config module: an `as const` object
// with one member read from the environment, and a string enum of key prefixes.
writeFileSync(
  file('hub-config.ts'),
  lines(
    `export enum KeyPrefix { Tenant = 'tenant:', Usage = 'usage:' }`,
    `export const cacheConfig = {`,
    `  mode: process.env.CACHE_MODE === 'bcast' ? 'bcast' : 'default',`,
    `  trackedPrefixes: ['tenant:', 'plan:'],`,
    `} as const;`,
  ),
);
writeFileSync(
  file('hub.ts'),
  lines(
    `import Valkey from 'iovalkey';`,
    `import { cacheConfig } from './hub-config';`,
    `export class ValkeyHub {`,
    `  static #instance: ValkeyHub | undefined;`,
    `  readonly data = new Valkey();`,
    `  static getInstance(): ValkeyHub {`,
    `    return (ValkeyHub.#instance ??= new ValkeyHub());`,
    `  }`,
    `  constructor() {`,
    `    this.data.on('ready', () => {`,
    `      const args: string[] = ['TRACKING', 'ON'];`,
    `      if (cacheConfig.mode === 'bcast') {`,
    `        args.push('BCAST');`,
    `        for (const prefix of cacheConfig.trackedPrefixes) args.push('PREFIX', prefix);`,
    `      }`,
    `      return this.data.call('CLIENT', ...args);`,
    `    });`,
    `  }`,
    `}`,
  ),
);

// A singleton near cache whose `remember` keeps what its loader returns, reached through `getInstance()` inside
// each function, beside a factory that makes a new one at each call.
writeFileSync(
  file('near-cache.ts'),
  lines(
    `import Redis from 'ioredis';`,
    `export class NearCache {`,
    `  private static instance?: NearCache;`,
    `  static getInstance(): NearCache {`,
    `    if (!NearCache.instance) NearCache.instance = new NearCache();`,
    `    return NearCache.instance;`,
    `  }`,
    `  static fresh(): NearCache {`,
    `    return new NearCache();`,
    `  }`,
    `  readonly client = new Redis();`,
    `  private readonly memory = new Map<string, unknown>();`,
    `  private constructor() {`,
    `    this.client.on('ready', () => this.client.client('TRACKING', 'ON', 'REDIRECT', process.env.SUB_ID!));`,
    `  }`,
    `  async remember<T>(key: string, load: () => Promise<T>): Promise<T> {`,
    `    if (!this.memory.has(key)) this.memory.set(key, await load());`,
    `    return this.memory.get(key) as T;`,
    `  }`,
    `}`,
  ),
);

// Shared connections on a class's statics: a CommonJS provider whose static getter makes a tracking client on
// first use, and an ES module whose static field holds one tracking in BCAST under `feed:`.
writeFileSync(
  file('provider.js'),
  lines(
    `'use strict';`,
    `const Redis = require('ioredis');`,
    `class RedisProvider {`,
    `  static #client;`,
    `  static get client() {`,
    `    if (!RedisProvider.#client) {`,
    `      const client = new Redis(process.env.REDIS_URL);`,
    `      client.on('ready', () => client.client('TRACKING', 'on'));`,
    `      RedisProvider.#client = client;`,
    `    }`,
    `    return RedisProvider.#client;`,
    `  }`,
    `}`,
    `module.exports = { RedisProvider };`,
  ),
);
writeFileSync(
  file('connections.ts'),
  lines(
    `import Valkey from 'iovalkey';`,
    `export class Connections {`,
    `  static readonly feed = Connections.open();`,
    `  private static open(): Valkey {`,
    `    const client = new Valkey();`,
    `    client.on('ready', () => client.call('CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'feed:'));`,
    `    return client;`,
    `  }`,
    `}`,
  ),
);

// A CommonJS base repository whose getter hands out an OPTIN connection, and a batcher class (another module)
// whose constructor stores the load function and keeps what it returns, per id, until told to forget.
writeFileSync(
  file('optin-base.js'),
  lines(
    `'use strict';`,
    `const Valkey = require('iovalkey');`,
    `const shared = new Valkey();`,
    `shared.on('ready', () => shared.client('TRACKING', 'ON', 'OPTIN'));`,
    `class OptInRepository {`,
    `  #memo = new Map();`,
    `  get db() { return shared; }`,
    `  async remember(key, load) {`,
    `    if (!this.#memo.has(key)) this.#memo.set(key, await load(key));`,
    `    return this.#memo.get(key);`,
    `  }`,
    `}`,
    `module.exports = { OptInRepository };`,
  ),
);
writeFileSync(
  file('tick-loader.js'),
  lines(
    `export class TickLoader {`,
    `  #load;`,
    `  #done = new Map();`,
    `  #queue = [];`,
    `  constructor(load) {`,
    `    this.#load = load;`,
    `  }`,
    `  get(id) {`,
    `    if (this.#done.has(id)) return Promise.resolve(this.#done.get(id));`,
    `    return new Promise((resolve) => {`,
    `      this.#queue.push({ id, resolve });`,
    `      if (this.#queue.length === 1) process.nextTick(() => this.#flush());`,
    `    });`,
    `  }`,
    `  async #flush() {`,
    `    const batch = this.#queue.splice(0);`,
    `    const values = await this.#load(batch.map((entry) => entry.id));`,
    `    batch.forEach((entry, index) => {`,
    `      this.#done.set(entry.id, values[index]);`,
    `      entry.resolve(values[index]);`,
    `    });`,
    `  }`,
    `}`,
  ),
);

runRuleTests('no-uncovered-cached-read: classes of other modules', rule, {
  valid: [
    // The same imported batcher made for each request (in what the request carries): what its constructor keeps
    // lives in that instance, which the request drops.
    {
      code: lines(
        `import { createClient } from 'redis';`,
        `import { TickLoader } from './tick-loader.js';`,
        `const client = createClient({ RESP: 3, clientSideCache: { maxEntries: 1000 } });`,
        `export function attachLoaders(req, _res, next) {`,
        `  req.loaders = {`,
        `    holds: new TickLoader((ids) => Promise.all(ids.map((id) => client.pTTL(\`hold:\${id}\`)))),`,
        `  };`,
        `  next();`,
        `}`,
        `export async function holdOf(id) {`,
        `  const perCall = new TickLoader((ids) => Promise.all(ids.map((i) => client.pTTL(\`hold:\${i}\`))));`,
        `  return perCall.get(id);`,
        `}`,
      ),
      filename: file('request-loaders.js'),
    },
    // OPTIN: CACHING yes and the read in one Promise.all, both on the base class's getter (one connection).
    {
      code: lines(
        `'use strict';`,
        `const { OptInRepository } = require('./optin-base');`,
        `class BadgeRepository extends OptInRepository {`,
        `  badges(user) {`,
        `    return super.remember(\`badges:\${user}\`, async (key) => {`,
        `      const [, ids] = await Promise.all([this.db.client('CACHING', 'YES'), this.db.smembers(key)]);`,
        `      return ids;`,
        `    });`,
        `  }`,
        `}`,
        `module.exports = { BadgeRepository };`,
      ),
      filename: file('badge-repository.js'),
    },
    // A per-request context class, made in the module for each request and passed by its type.
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `const redis = new Redis();`,
        `redis.on('ready', () => redis.client('TRACKING', 'ON'));`,
        `class RequestScope {`,
        `  readonly seen = new Map<string, number>();`,
        `}`,
        `async function remaining(scope: RequestScope, key: string) {`,
        `  scope.seen.set(key, await redis.pttl(key));`,
        `  return scope.seen.get(key);`,
        `}`,
        `export async function handle(keys: string[]) {`,
        `  const scope = new RequestScope();`,
        `  return Promise.all(keys.map((key) => remaining(scope, key)));`,
        `}`,
      ),
      filename: file('request-scope.ts'),
    },
    // A read the inherited memoizer keeps that tracking covers, on the inherited connection.
    {
      code: lines(
        `import { BaseCache } from './base-cache';`,
        `export class PriceCache extends BaseCache<string | null> {`,
        `  price(sku: string) {`,
        `    return this.cached(sku, () => this.client.get(\`price:\${sku}\`));`,
        `  }`,
        `}`,
      ),
      filename: file('price-cache.ts'),
    },
    // A member the subclass declares itself is its own, not the base's: its own memo keeps nothing.
    {
      code: lines(
        `import { BaseCache } from './base-cache';`,
        `export class TtlView extends BaseCache<number> {`,
        `  protected async cached(_key: string, fetch: () => Promise<number>) {`,
        `    return fetch();`,
        `  }`,
        `  remaining(key: string) {`,
        `    return this.cached(key, () => this.client.pttl(key));`,
        `  }`,
        `}`,
      ),
      filename: file('ttl-view.ts'),
    },
  ],
  invalid: [
    // The same base without CACHING yes: the read is not tracked, and the memo keeps it.
    {
      code: lines(
        `'use strict';`,
        `const { OptInRepository } = require('./optin-base');`,
        `class StreakRepository extends OptInRepository {`,
        `  streak(user) {`,
        `    return super.remember(\`streak:\${user}\`, (key) => this.db.get(key));`,
        `  }`,
        `}`,
        `module.exports = { StreakRepository };`,
      ),
      filename: file('streak-repository.js'),
      errors: [{ messageId: 'optInWithoutCaching', line: 5 }],
    },
    // A tracking client from another module's static getter: KEYS kept in a prototype-style policy object (a
    // full read, SMEMBERS, kept beside it); from a static field tracking in BCAST: GET outside `feed:` kept.
    {
      code: lines(
        `'use strict';`,
        `const { RedisProvider } = require('./provider');`,
        `function Retention() { this.archives = []; this.members = []; }`,
        `Retention.prototype.refresh = async function refresh() {`,
        `  this.archives = await RedisProvider.client.keys('archive:*');`,
        `  this.members = await RedisProvider.client.smembers('archive:index');`,
        `};`,
        `module.exports = { retention: new Retention() };`,
      ),
      filename: file('retention.js'),
      errors: [{ messageId: 'uncoveredRead', line: 5 }],
    },
    {
      code: lines(
        `import { Connections } from './connections';`,
        `const latest = new Map<string, string | null>();`,
        `export async function remember(id: string) {`,
        `  latest.set(id, await Connections.feed.get(\`feed:\${id}\`));`,
        `  latest.set(\`title:\${id}\`, await Connections.feed.get(\`title:\${id}\`));`,
        `}`,
      ),
      filename: file('latest.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 5 }],
    },
    // An imported batcher keeps what the function given to its constructor returns: PTTLs, kept per id.
    {
      code: lines(
        `import { createClient } from 'redis';`,
        `import { TickLoader } from './tick-loader.js';`,
        `const client = createClient({ RESP: 3, clientSideCache: { maxEntries: 1000 } });`,
        `export const holds = new TickLoader((ids) => Promise.all(ids.map((id) => client.pTTL(\`hold:\${id}\`))));`,
        `export const names = new TickLoader((ids) => client.mGet(ids.map((id) => \`name:\${id}\`)));`,
      ),
      filename: file('loaders.js'),
      errors: [{ messageId: 'volatileReplyKept', line: 4 }],
    },
    // The singleton's memory outlives the call that reached it; a near cache made for one call dies with it.
    {
      code: lines(
        `import { NearCache } from './near-cache';`,
        `export async function online() {`,
        `  const cache = NearCache.getInstance();`,
        `  return cache.remember('online', () => cache.client.keys('session:*'));`,
        `}`,
        `export async function scratch() {`,
        `  const cache = NearCache.fresh();`,
        `  return cache.remember('online', () => cache.client.keys('session:*'));`,
        `}`,
      ),
      filename: file('online.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 4 }],
    },
    // KEYS outside the prefixes is uncovered in both modes the config can choose; under `tenant:` it is covered
    // in BCAST only, so no verdict.
    {
      code: lines(
        `import { KeyPrefix } from './hub-config';`,
        `import { ValkeyHub } from './hub';`,
        `const hub = ValkeyHub.getInstance();`,
        `let active: string[] = [];`,
        `let tenants: string[] = [];`,
        `export async function refresh() { active = await hub.data.keys(\`\${KeyPrefix.Usage}*:active\`); }`,
        `export async function all() { tenants = await hub.data.keys(\`\${KeyPrefix.Tenant}*\`); }`,
      ),
      filename: file('tenants.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 6 }],
    },
    // A class extending an imported mixin applied to an imported base: the base's client, the mixin's memo.
    {
      code: lines(
        `'use strict';`,
        `const { BaseRepository, Memoizing } = require('./repositories');`,
        `class Leaderboards extends Memoizing(BaseRepository) {`,
        `  constructor() { super('lb'); }`,
        `  endsIn(board) { return this.remember(this.key(board, 'ttl'), () => this._redis.ttl(this.key(board))); }`,
        `  top(board) { return this.remember(this.key(board), () => this._redis.zRange(this.key(board), 0, 9)); }`,
        `  async boards() { this.all ??= await this._redis.keys('lb:*'); return this.all; }`,
        `}`,
        `module.exports = new Leaderboards();`,
      ),
      filename: file('leaderboards.js'),
      errors: [
        { messageId: 'volatileReplyKept', line: 5 },
        { messageId: 'uncoveredRead', line: 7 },
      ],
    },
    // A route keeping what a method of the mixed-in subclass returns, on the client the composition root passed.
    {
      code: lines(
        `import { products } from './mixin-root';`,
        `const homepage = { picks: [] as string[] };`,
        `export async function refreshHomepage() {`,
        `  homepage.picks = await products.suggestions(6);`,
        `}`,
      ),
      filename: file('mixin-routes.ts'),
      errors: [{ messageId: 'volatileReplyKept', line: 4 }],
    },
    // The same, all in one module.
    {
      code: lines(
        `import { createClient } from 'redis';`,
        `const client = createClient();`,
        `client.on('ready', () => client.sendCommand(['CLIENT', 'TRACKING', 'ON']));`,
        `class Repository { constructor() { this.redis = client; } }`,
        `function Memoizing(Base) {`,
        `  return class extends Base {`,
        `    memo = new Map();`,
        `    async remember(key, load) { if (!this.memo.has(key)) this.memo.set(key, await load()); return this.memo.get(key); }`,
        `  };`,
        `}`,
        `export class Sessions extends Memoizing(Repository) {`,
        `  left(id) { return this.remember(id, () => this.redis.pttl(\`session:\${id}\`)); }`,
        `  async all() { this.ids ??= await this.redis.keys('session:*'); return this.ids; }`,
        `}`,
      ),
      filename: file('sessions.js'),
      errors: [
        { messageId: 'volatileReplyKept', line: 12 },
        { messageId: 'uncoveredRead', line: 13 },
      ],
    },
    // A mixin that declares its class and returns it by name, with a typed helper that keeps the value it is
    // given: the random members kept, the sorted range (one key, default tracking) not.
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `const shared = new Redis();`,
        `const invalidations = new Redis();`,
        `void invalidations.subscribe('__redis__:invalidate');`,
        `shared.on('ready', async () => shared.client('TRACKING', 'ON', 'REDIRECT', String(await invalidations.client('ID'))));`,
        `type Constructor<T = object> = abstract new (...args: any[]) => T;`,
        `abstract class Repository { protected get client(): Redis { return shared; } }`,
        `const Remembering = <TBase extends Constructor>(Base: TBase) => {`,
        `  abstract class RememberingRepository extends Base {`,
        `    protected readonly kept = new Map<string, unknown>();`,
        `    protected remember<V>(key: string, value: V): V { this.kept.set(key, value); return value; }`,
        `  }`,
        `  return RememberingRepository;`,
        `};`,
        `export class Boards extends Remembering(Repository) {`,
        `  async top(board: string) { return this.remember(\`top:\${board}\`, await this.client.zrange(\`lb:\${board}\`, 0, 9)); }`,
        `  async spotlight(board: string) { return this.remember(\`spot:\${board}\`, await this.client.zrandmember(\`lb:\${board}\`, 2)); }`,
        `}`,
      ),
      filename: file('boards.ts'),
      errors: [{ messageId: 'volatileReplyKept', line: 17 }],
    },
    // A class of the same module injected by its type (never constructed here): the same instance.
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `export class Connections {`,
        `  readonly main = new Redis({ lazyConnect: true });`,
        `  constructor() {`,
        `    this.main.on('ready', () => this.main.client('TRACKING', 'ON'));`,
        `  }`,
        `}`,
        `export class TagService {`,
        `  private readonly counts = new Map<string, number>();`,
        `  constructor(private readonly connections: Connections) {}`,
        `  async count(tag: string) {`,
        `    const keys = await this.connections.main.keys(\`tag:\${tag}:*\`);`,
        `    this.counts.set(tag, keys.length);`,
        `  }`,
        `}`,
      ),
      filename: file('tags.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 12 }],
    },
    {
      code: inventory,
      filename: file('inventory-cache.ts'),
      errors: [
        { messageId: 'volatileReplyKept', line: 11 },
        { messageId: 'uncoveredRead', line: 16 },
      ],
    },
    // The pool injected by its type into a service of another module: its tracking state is known.
    {
      code: injected,
      filename: file('report-service.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 6 }],
    },
  ],
});
