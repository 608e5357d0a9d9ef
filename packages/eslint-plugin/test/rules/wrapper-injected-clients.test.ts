import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// A Nest wrapper library (`@nestjs-modules/ioredis`, `@liaoliaots/nestjs-redis`) makes the connection and injects
// it as `@InjectRedis()`; one service of the app turns tracking on for it (`onModuleInit`). Every other service the
// library injects the same connection into reads it with that tracking, with no settings.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-wrapper-injected-');
write('package.json', JSON.stringify({ name: 'catalog-api', private: true }));
write(
  'src/cache/near-cache.invalidator.ts',
  `import { Injectable, OnModuleInit } from '@nestjs/common';`,
  `import { InjectRedis } from '@nestjs-modules/ioredis';`,
  `import { Redis } from 'ioredis';`,
  `@Injectable()`,
  `export class NearCacheInvalidator implements OnModuleInit {`,
  `  private readonly listener: Redis;`,
  `  constructor(@InjectRedis() private readonly redis: Redis) {`,
  `    this.listener = redis.duplicate();`,
  `  }`,
  `  async onModuleInit() {`,
  `    const id = await this.listener.client('ID');`,
  `    await this.listener.subscribe('__redis__:invalidate');`,
  `    await this.redis.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', String(id), 'BCAST', 'PREFIX', 'product:');`,
  `  }`,
  `}`,
);
// `@liaoliaots/nestjs-redis` also hands a named connection out of its service: tracking turned on for the one
// `redisService.getOrThrow('stock')` gives reaches every service given that connection either way.
write(
  'src/stock/stock-tracker.ts',
  `import { Injectable, OnModuleInit } from '@nestjs/common';`,
  `import { RedisService } from '@liaoliaots/nestjs-redis';`,
  `import type { Redis } from 'ioredis';`,
  `@Injectable()`,
  `export class StockTracker implements OnModuleInit {`,
  `  private readonly redis: Redis;`,
  `  constructor(private readonly redisService: RedisService) {`,
  `    this.redis = this.redisService.getOrThrow('stock');`,
  `  }`,
  `  async onModuleInit() {`,
  `    await this.redis.client('TRACKING', 'ON', 'BCAST', 'PREFIX', 'stock:', 'REDIRECT', '12');`,
  `  }`,
  `}`,
);

const stockReader = (read: string) =>
  lines(
    `import { Injectable } from '@nestjs/common';`,
    `import { RedisService } from '@liaoliaots/nestjs-redis';`,
    `@Injectable()`,
    `export class Availability {`,
    `  private readonly levels = new Map<string, unknown>();`,
    `  constructor(private readonly redisService: RedisService) {}`,
    `  async level(sku: string) {`,
    `    this.levels.set(sku, await this.redisService.${read});`,
    `  }`,
    `}`,
  );

const service = (read: string) =>
  lines(
    `import { Injectable } from '@nestjs/common';`,
    `import { InjectRedis } from '@nestjs-modules/ioredis';`,
    `import type { Redis } from 'ioredis';`,
    `@Injectable()`,
    `export class ProductsService {`,
    `  private readonly memo = new Map<string, unknown>();`,
    `  constructor(@InjectRedis() private readonly redis: Redis) {}`,
    `  async find(id: string) {`,
    `    if (!this.memo.has(id)) this.memo.set(id, await ${read});`,
    `    return this.memo.get(id);`,
    `  }`,
    `}`,
  );

runRuleTests('no-uncovered-cached-read: clients a Nest wrapper library injects', rule, {
  valid: [
    // Under the tracker's prefix; and another connection of the service, which nobody tracks.
    { code: stockReader("getOrThrow('stock').get(`stock:${sku}`)"), filename: file('src/availability/a.ts') },
    {
      code: stockReader("getOrThrow('events').keys(`stock:${sku}:*`)"),
      filename: file('src/availability/b.ts'),
    },
    // A key under the prefix the invalidator's BCAST tracking registers.
    { code: service('this.redis.get(`product:${id}`)'), filename: file('src/products/products.service.ts') },
    // Another connection of the library (`@InjectRedis('sessions')`): nobody turns tracking on for it.
    {
      code: service('this.redis.keys(`price:${id}:*`)').replace('@InjectRedis()', "@InjectRedis('sessions')"),
      filename: file('src/products/products.service.ts'),
    },
  ],
  invalid: [
    // The connection the tracker gets from the service, got from it again: `hold:` is outside its prefix.
    {
      code: stockReader("getOrThrow('stock').get(`hold:${sku}`)"),
      filename: file('src/availability/availability.service.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 8 }],
    },
    // A module that is given the connection and names `tracking` (a field holding the tracker) is among the ones
    // that could register it, but turns no tracking on: the tracker's connection still reaches it.
    {
      code: lines(
        `import { Controller, Get } from '@nestjs/common';`,
        `import { RedisService } from '@liaoliaots/nestjs-redis';`,
        `import type { Redis } from 'ioredis';`,
        `import { StockTracker } from '../stock/stock-tracker';`,
        `@Controller('holds')`,
        `export class HoldsController {`,
        `  private readonly redis: Redis;`,
        `  private held: string[] = [];`,
        `  constructor(redisService: RedisService, private readonly tracking: StockTracker) {`,
        `    this.redis = redisService.getOrThrow('stock');`,
        `  }`,
        `  @Get()`,
        `  async all() {`,
        `    if (this.held.length === 0) this.held = await this.redis.smembers('holds:active');`,
        `    return this.held;`,
        `  }`,
        `}`,
      ),
      filename: file('src/stock/holds.controller.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 14 }],
    },
    // ... and injected by name.
    {
      code: service('this.redis.get(`hold:${id}`)').replace('@InjectRedis()', "@InjectRedis('stock')"),
      filename: file('src/products/products.service.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 9 }],
    },
    // A key outside the prefix: the invalidator's tracking never announces it.
    {
      code: service('this.redis.get(`price:${id}`)'),
      filename: file('src/products/products.service.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 9 }],
    },
    // The same connection named as the library's default.
    {
      code: service('this.redis.keys(`price:${id}:*`)').replace('@InjectRedis()', "@InjectRedis('default')"),
      filename: file('src/products/products.service.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 9 }],
    },
    // The module that turns tracking on reads with it too, and so does another service beside it.
    {
      code: lines(
        `import { Injectable, OnModuleInit } from '@nestjs/common';`,
        `import { InjectRedis } from '@nestjs-modules/ioredis';`,
        `import { Redis } from 'ioredis';`,
        `@Injectable()`,
        `export class Tracker implements OnModuleInit {`,
        `  tags: string[] = [];`,
        `  constructor(@InjectRedis() private readonly redis: Redis) {}`,
        `  async onModuleInit() {`,
        `    await this.redis.client('TRACKING', 'ON', 'BCAST', 'PREFIX', 'product:', 'REDIRECT', '9');`,
        `    this.tags = await this.redis.keys('tag:*');`,
        `  }`,
        `}`,
        `@Injectable()`,
        `export class Categories {`,
        `  names: string[] = [];`,
        `  constructor(@InjectRedis() private readonly client: Redis) {}`,
        `  async load() {`,
        `    this.names = await this.client.smembers('category:names');`,
        `    return this.names;`,
        `  }`,
        `}`,
      ),
      filename: file('src/catalog/tracker.ts'),
      errors: [
        { messageId: 'uncoveredRead', line: 10 },
        { messageId: 'uncoveredRead', line: 18 },
      ],
    },
  ],
});
