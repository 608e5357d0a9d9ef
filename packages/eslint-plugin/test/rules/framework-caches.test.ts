import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// Caches a framework keeps a function's results in: Next.js `'use cache'` and `unstable_cache`, a Nest GET
// handler under CacheInterceptor, a method under a memoizing decorator, the cache-manager store Nest injects, and
// a per-request DataLoader whose `cacheMap` is shared by every request.
const lines = (...source: string[]) => source.join('\n');

// Two interceptors of the project's own: one that keeps responses in Redis, one that extends Nest's CacheInterceptor.
const { file, write } = tempProject('vt-framework-caches-');
write('package.json', JSON.stringify({ name: 'vans', private: true }));
write(
  'src/interceptors/redis-cache.interceptor.ts',
  `import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';`,
  `import type { Redis } from 'ioredis';`,
  `/** Keeps serialized GET responses in Redis for every replica; nothing in process memory. */`,
  `@Injectable()`,
  `export class RedisCacheInterceptor implements NestInterceptor {`,
  `  constructor(private readonly redis: Redis) {}`,
  `  intercept(context: ExecutionContext, next: CallHandler) { return next.handle(); }`,
  `}`,
);
write(
  'src/interceptors/tenant-cache.interceptor.ts',
  `import { CacheInterceptor } from '@nestjs/cache-manager';`,
  `import { ExecutionContext, Injectable } from '@nestjs/common';`,
  `@Injectable()`,
  `export class TenantCacheInterceptor extends CacheInterceptor {`,
  `  trackBy(context: ExecutionContext) { return context.switchToHttp().getRequest().headers['x-tenant']; }`,
  `}`,
);

const trackedValkey = [
  `import Valkey from 'iovalkey';`,
  `const valkey = new Valkey();`,
  `valkey.on('ready', () => valkey.client('TRACKING', 'ON'));`,
];

// A Nest service that turns tracking on for the client the container injects (`onModuleInit`): its reads track so
// whatever the container gives it, and a controller's cached GET route keeps what they return.
write(
  'src/products/products.service.ts',
  `import { Injectable, OnModuleInit } from '@nestjs/common';`,
  `import { InjectRedis } from '@nestjs-modules/ioredis';`,
  `import { Redis } from 'ioredis';`,
  `@Injectable()`,
  `export class ProductsService implements OnModuleInit {`,
  `  constructor(@InjectRedis() private readonly redis: Redis) {}`,
  `  async onModuleInit() {`,
  `    const subscriber = this.redis.duplicate();`,
  `    const id = await subscriber.client('ID');`,
  `    await subscriber.subscribe('__redis__:invalidate');`,
  `    subscriber.on('message', () => undefined);`,
  `    await this.redis.client('TRACKING', 'ON', 'REDIRECT', id);`,
  `  }`,
  `  async searchKeys(term: string) {`,
  `    const [, keys] = await this.redis.scan('0', 'MATCH', \`product:\${term}*\`, 'COUNT', 500);`,
  `    return keys;`,
  `  }`,
  `  product(id: string) {`,
  `    return this.redis.hgetall(\`product:\${id}\`);`,
  `  }`,
  `}`,
);

runRuleTests('no-uncovered-cached-read: caches a framework keeps', rule, {
  valid: [
    // No directive: the countdown answers this request only.
    {
      code: lines(
        ...trackedValkey,
        `export async function holdCountdown(id: string) {`,
        `  return valkey.pttl(\`hold:\${id}\`);`,
        `}`,
      ),
    },
    // A file-level 'use cache' applies to what the file exports; a helper it does not export is called per use.
    {
      code: lines(
        `'use cache';`,
        ...trackedValkey,
        `async function remaining(id: string) {`,
        `  return valkey.ttl(\`promo:\${id}\`);`,
        `}`,
        `export async function promoBanner(id: string) {`,
        `  const name = await valkey.get(\`promo:\${id}:name\`);`,
        `  return { name };`,
        `}`,
        `export async function track(id: string) {`,
        `  await remaining(id);`,
        `}`,
      ),
    },
    // CacheInterceptor caches GET responses only: a POST handler's reply is not kept.
    {
      code: lines(
        `import { Controller, Post, UseInterceptors } from '@nestjs/common';`,
        `import { CacheInterceptor } from '@nestjs/cache-manager';`,
        `import Redis from 'ioredis';`,
        `@Controller('locks')`,
        `@UseInterceptors(CacheInterceptor)`,
        `export class LocksController {`,
        `  constructor(private readonly redis: Redis) {}`,
        `  @Post(':id/extend')`,
        `  extend() {`,
        `    return this.redis.pttl('lock:report');`,
        `  }`,
        `}`,
      ),
    },
    // A DataLoader made per request, with its own cache: nothing outlives the request.
    {
      code: lines(
        `import DataLoader from 'dataloader';`,
        ...trackedValkey,
        `export function requestLoaders() {`,
        `  return {`,
        `    leases: new DataLoader((ids: readonly string[]) => Promise.all(ids.map((id) => valkey.pttl(\`lease:\${id}\`)))),`,
        `  };`,
        `}`,
      ),
    },
    // A decorator that only logs keeps nothing; a memoized method whose reply tracking covers stays fresh.
    {
      code: lines(
        `import { Injectable } from '@nestjs/common';`,
        `import { Memoize } from 'typescript-memoize';`,
        `import { Traced } from './telemetry';`,
        ...trackedValkey,
        `@Injectable()`,
        `export class PlanService {`,
        `  @Traced('plan.expiry')`,
        `  async expiry(plan: string) {`,
        `    return valkey.ttl(\`plan:\${plan}\`);`,
        `  }`,
        `  @Memoize()`,
        `  async limits(plan: string) {`,
        `    return valkey.hgetall(\`plan:\${plan}:limits\`);`,
        `  }`,
        `}`,
      ),
    },
    // The injected service's covered read, kept by CacheInterceptor.
    {
      code: lines(
        `import { Controller, Get, Param, UseInterceptors } from '@nestjs/common';`,
        `import { CacheInterceptor } from '@nestjs/cache-manager';`,
        `import { ProductsService } from './products.service';`,
        `@Controller('products')`,
        `@UseInterceptors(CacheInterceptor)`,
        `export class ProductController {`,
        `  constructor(private readonly products: ProductsService) {}`,
        `  @Get(':id')`,
        `  one(@Param('id') id: string) { return this.products.product(id); }`,
        `}`,
      ),
      filename: file('src/products/product.controller.ts'),
    },
  ],
  invalid: [
    // Its SCAN, on the client it turned tracking on for, kept by CacheInterceptor.
    {
      code: lines(
        `import { Controller, Get, Query, UseInterceptors } from '@nestjs/common';`,
        `import { CacheInterceptor } from '@nestjs/cache-manager';`,
        `import { ProductsService } from './products.service';`,
        `@Controller('search')`,
        `export class SearchController {`,
        `  constructor(private readonly products: ProductsService) {}`,
        `  @Get()`,
        `  @UseInterceptors(CacheInterceptor)`,
        `  search(@Query('q') q: string) { return this.products.searchKeys(q); }`,
        `}`,
      ),
      filename: file('src/products/search.controller.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 9 }],
    },
    // Memoizing decorators keep each result on the (singleton) service: a TTL, a random member.
    {
      code: lines(
        `import { Injectable } from '@nestjs/common';`,
        `import { MemoizeExpiring } from 'typescript-memoize';`,
        `import pMemoize, { pMemoizeDecorator } from 'p-memoize';`,
        `import Redis from 'ioredis';`,
        `@Injectable()`,
        `export class RaffleService {`,
        `  constructor(private readonly redis: Redis) {}`,
        `  @MemoizeExpiring(60_000)`,
        `  async drawClosesIn(raffle: string): Promise<number> {`,
        `    const seconds = await this.redis.ttl(\`raffle:\${raffle}\`);`,
        `    return seconds;`,
        `  }`,
        `  @pMemoizeDecorator()`,
        `  async featuredEntry(raffle: string) {`,
        `    return this.redis.srandmember(\`raffle:\${raffle}:entries\`);`,
        `  }`,
        `}`,
      ),
      errors: [
        { messageId: 'volatileReplyKept', line: 10 },
        { messageId: 'volatileReplyKept', line: 15 },
      ],
    },
    // A 'use cache' function keeps what it returns across requests: a TTL there is stale a second later.
    {
      code: lines(
        `import { cacheLife } from 'next/cache';`,
        `import { createClient } from 'redis';`,
        `const redis = createClient();`,
        `export async function happyHourEndsIn(venue: string) {`,
        `  'use cache';`,
        `  cacheLife('minutes');`,
        `  const seconds = await redis.ttl(\`happy-hour:\${venue}\`);`,
        `  return { seconds };`,
        `}`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 7 }],
    },
    // A file-level 'use cache' and unstable_cache: the KEYS listings are kept, and no key invalidates them.
    {
      code: lines(
        `'use cache';`,
        `import { unstable_cache } from 'next/cache';`,
        ...trackedValkey,
        `export async function tables(venue: string) {`,
        `  return valkey.keys(\`table:\${venue}:*\`);`,
        `}`,
        `export const sections = unstable_cache(async () => valkey.keys('section:*'), ['sections'], {`,
        `  revalidate: 120,`,
        `  tags: ['sections'],`,
        `});`,
      ),
      errors: [
        { messageId: 'uncoveredRead', line: 7 },
        { messageId: 'uncoveredRead', line: 9 },
      ],
    },
    // CacheInterceptor on the controller keeps each GET handler's response for its TTL.
    {
      code: lines(
        `import { Controller, Get, Param, UseInterceptors } from '@nestjs/common';`,
        `import { CacheInterceptor, CacheTTL } from '@nestjs/cache-manager';`,
        `import Redis from 'ioredis';`,
        `@Controller('vans')`,
        `@UseInterceptors(CacheInterceptor)`,
        `export class VansController {`,
        `  constructor(private readonly redis: Redis) {}`,
        `  @Get(':id/eta')`,
        `  @CacheTTL(15_000)`,
        `  async eta(@Param('id') id: string) {`,
        `    return { seconds: await this.redis.ttl(\`eta:\${id}\`) };`,
        `  }`,
        `}`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 11 }],
    },
    // The project's interceptors: the one extending CacheInterceptor keeps responses in process, the Redis one does
    // not (a local class that extends nothing is judged the same way).
    {
      code: lines(
        `import { Controller, Get, Param, UseInterceptors } from '@nestjs/common';`,
        `import Redis from 'ioredis';`,
        `import { RedisCacheInterceptor } from '../interceptors/redis-cache.interceptor';`,
        `import { TenantCacheInterceptor } from '../interceptors/tenant-cache.interceptor';`,
        `class AuditCacheInterceptor { intercept(context: unknown, next: { handle(): unknown }) { return next.handle(); } }`,
        `@Controller('vans')`,
        `export class VansController {`,
        `  constructor(private readonly redis: Redis) {}`,
        `  @Get(':id/hold')`,
        `  @UseInterceptors(RedisCacheInterceptor)`,
        `  async hold(@Param('id') id: string) { return { ttl: await this.redis.ttl(\`hold:\${id}\`) }; }`,
        `  @Get(':id/audit')`,
        `  @UseInterceptors(AuditCacheInterceptor)`,
        `  async audit(@Param('id') id: string) { return { ttl: await this.redis.pttl(\`audit:\${id}\`) }; }`,
        `  @Get(':id/eta')`,
        `  @UseInterceptors(TenantCacheInterceptor)`,
        `  async eta(@Param('id') id: string) { return { seconds: await this.redis.ttl(\`eta:\${id}\`) }; }`,
        `}`,
      ),
      filename: file('src/vans/vans.controller.ts'),
      errors: [{ messageId: 'volatileReplyKept', line: 17 }],
    },
    // hapi server methods: one with a cache keeps what it returns for every caller (either form); one without
    // keeps nothing.
    {
      code: lines(
        `'use strict';`,
        `const Redis = require('ioredis');`,
        `const redis = new Redis();`,
        `exports.plugin = {`,
        `  name: 'stock',`,
        `  register(server) {`,
        `    server.method('stock.expiresIn', (sku) => redis.ttl(\`sku:\${sku}\`), {`,
        `      cache: { expiresIn: 30_000, generateTimeout: 2000 },`,
        `    });`,
        `    server.method('stock.sample', (sku) => redis.srandmember(\`sku:\${sku}:bins\`, 3));`,
        `    server.method({`,
        `      name: 'stock.holdMs',`,
        `      method: async (sku) => redis.pttl(\`hold:\${sku}\`),`,
        `      options: { cache: { expiresIn: 5000, generateTimeout: 500 } },`,
        `    });`,
        `  },`,
        `};`,
      ),
      filename: file('hapi/stock.js'),
      errors: [
        { messageId: 'volatileReplyKept', line: 7 },
        { messageId: 'volatileReplyKept', line: 13 },
      ],
    },
    // ... also a function the plugin declares and names there (a declaration, a const arrow), in either form.
    {
      code: lines(
        `'use strict';`,
        `const Redis = require('ioredis');`,
        `const redis = new Redis();`,
        `async function register(server) {`,
        `  async function expiresIn(sku) {`,
        `    return redis.ttl(\`sku:\${sku}\`);`,
        `  }`,
        `  const holdMs = (sku) => redis.pttl(\`hold:\${sku}\`);`,
        `  const sample = (sku) => redis.srandmember(\`sku:\${sku}:bins\`, 3);`,
        `  server.method('stock.expiresIn', expiresIn, { cache: { expiresIn: 30_000, generateTimeout: 2000 } });`,
        `  server.method({ name: 'stock.holdMs', method: holdMs, options: { cache: { expiresIn: 5000 } } });`,
        `  server.method('stock.sample', sample);`,
        `}`,
        `exports.plugin = { name: 'stock', register };`,
      ),
      filename: file('hapi/named-methods.js'),
      errors: [
        { messageId: 'volatileReplyKept', line: 6 },
        { messageId: 'volatileReplyKept', line: 8 },
      ],
    },
    // ... also several registered at once, `server.method([{ name, method, options }, ...])`: only those with a cache.
    {
      code: lines(
        `'use strict';`,
        `const Redis = require('ioredis');`,
        `const redis = new Redis();`,
        `async function register(server) {`,
        `  const holdMs = (sku) => redis.pttl(\`hold:\${sku}\`);`,
        `  const sample = (sku) => redis.srandmember(\`sku:\${sku}:bins\`, 3);`,
        `  server.method([`,
        `    { name: 'stock.holdMs', method: holdMs, options: { cache: { expiresIn: 5000 } } },`,
        `    { name: 'stock.sample', method: sample },`,
        `  ]);`,
        `}`,
        `exports.plugin = { name: 'stock', register };`,
      ),
      filename: file('hapi/method-array.js'),
      errors: [{ messageId: 'volatileReplyKept', line: 5 }],
    },
    // Nitro (Nuxt): a cached event handler's response and a cached function's result, auto-imported or imported;
    // a plain event handler keeps nothing.
    {
      code: lines(
        `import { createClient } from 'redis';`,
        `import { cachedFunction } from 'nitropack/runtime';`,
        `const valkey = await createClient().connect();`,
        `export const spotlight = defineCachedEventHandler(async () => {`,
        `  return { pick: await valkey.hRandField('promo:spotlight') };`,
        `}, { maxAge: 30 });`,
        `export const keyTtl = defineCachedFunction((key: string) => valkey.ttl(key), { maxAge: 15 });`,
        `export const idle = cachedFunction((key: string) => valkey.objectIdleTime(key), { maxAge: 15 });`,
        `export const live = defineEventHandler(async () => ({ ttl: await valkey.ttl('promo:spotlight') }));`,
      ),
      filename: file('server/api/promos.get.ts'),
      errors: [
        { messageId: 'volatileReplyKept', line: 5 },
        { messageId: 'volatileReplyKept', line: 7 },
        { messageId: 'volatileReplyKept', line: 8 },
      ],
    },
    // Moleculer actions with `cache` (the broker's cacher keeps what the handler returns); one with `cache: false`
    // and one without keep nothing.
    {
      code: lines(
        `'use strict';`,
        `const Redis = require('ioredis');`,
        `module.exports = {`,
        `  name: 'inventory',`,
        `  created() { this.redis = new Redis(); },`,
        `  actions: {`,
        `    listSkus: {`,
        `      cache: true,`,
        `      async handler() { return this.redis.srandmember('sku:all', 10); },`,
        `    },`,
        `    holdRemaining: {`,
        `      cache: { keys: ['orderId'], ttl: 5 },`,
        `      handler(ctx) { return this.redis.pttl(\`hold:\${ctx.params.orderId}\`); },`,
        `    },`,
        `    sample: {`,
        `      cache: false,`,
        `      handler() { return this.redis.srandmember('sku:all', 3); },`,
        `    },`,
        `    async idle(ctx) { return this.redis.object('IDLETIME', \`sku:\${ctx.params.sku}\`); },`,
        `  },`,
        `};`,
      ),
      filename: file('moleculer/inventory.service.js'),
      errors: [
        { messageId: 'volatileReplyKept', line: 9 },
        { messageId: 'volatileReplyKept', line: 13 },
      ],
    },
    // The store Nest injects as CACHE_MANAGER, known by its type.
    {
      code: lines(
        `import { Inject, Injectable } from '@nestjs/common';`,
        `import { CACHE_MANAGER } from '@nestjs/cache-manager';`,
        `import type { Cache } from 'cache-manager';`,
        `import Redis from 'ioredis';`,
        `@Injectable()`,
        `export class QuotaService {`,
        `  constructor(`,
        `    @Inject(CACHE_MANAGER) private readonly cache: Cache,`,
        `    private readonly redis: Redis,`,
        `  ) {}`,
        `  async resetsIn(tenant: string) {`,
        `    const ms = await this.redis.pttl(\`quota:\${tenant}\`);`,
        `    await this.cache.set(\`quota-reset:\${tenant}\`, ms, 10_000);`,
        `    return ms;`,
        `  }`,
        `}`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 12 }],
    },
    // A per-request DataLoader whose cacheMap is one LRU every request shares.
    {
      code: lines(
        `import DataLoader from 'dataloader';`,
        `import { LRUCache } from 'lru-cache';`,
        ...trackedValkey,
        `const leaseCache = new LRUCache<string, Promise<number>>({ max: 10_000, ttl: 30_000 });`,
        `export function requestLoaders() {`,
        `  return {`,
        `    leases: new DataLoader((ids: readonly string[]) => Promise.all(ids.map((id) => valkey.pttl(\`lease:\${id}\`))), {`,
        `      cacheMap: leaseCache,`,
        `    }),`,
        `  };`,
        `}`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 9 }],
    },
  ],
});
