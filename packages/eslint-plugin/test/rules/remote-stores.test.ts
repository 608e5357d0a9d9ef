import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// Caches whose entries live in another server: keyv on a Redis adapter (or a URI), cache-manager on a Redis
// store, and the `Cache` Nest injects when the project registers CacheModule on one. What is put there is a copy
// in Redis, not in the process, as a value written back to Redis is; an in-memory layer among the stores keeps it.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-remote-stores-');
write('package.json', JSON.stringify({ name: 'quota-api', private: true }));
write(
  'src/app.module.ts',
  `import { Module } from '@nestjs/common';`,
  `import { CacheModule } from '@nestjs/cache-manager';`,
  `import { redisStore } from 'cache-manager-redis-yet';`,
  `@Module({`,
  `  imports: [CacheModule.registerAsync({ isGlobal: true, useFactory: async () => ({ store: await redisStore({ url: process.env.REDIS_URL }) }) })],`,
  `})`,
  `export class AppModule {}`,
);
const client = [`import Redis from 'ioredis';`, `const redis = new Redis();`];

runRuleTests('no-uncovered-cached-read: caches in another server', rule, {
  valid: [
    // Nest's injected Cache, registered on Redis in the app module.
    {
      code: lines(
        `import { Inject, Injectable } from '@nestjs/common';`,
        `import { CACHE_MANAGER } from '@nestjs/cache-manager';`,
        `import type { Cache } from 'cache-manager';`,
        `import Redis from 'ioredis';`,
        `@Injectable()`,
        `export class QuotaService {`,
        `  constructor(@Inject(CACHE_MANAGER) private readonly cache: Cache, private readonly redis: Redis) {}`,
        `  async resetsIn(tenant: string) {`,
        `    const ms = await this.redis.pttl(\`quota:\${tenant}\`);`,
        `    await this.cache.set(\`quota-reset:\${tenant}\`, ms, 10_000);`,
        `    return ms;`,
        `  }`,
        `}`,
      ),
      filename: file('src/quota.service.ts'),
    },
    // CacheInterceptor keeps GET responses in that same Redis store.
    {
      code: lines(
        `import { Controller, Get, Param, UseInterceptors } from '@nestjs/common';`,
        `import { CacheInterceptor } from '@nestjs/cache-manager';`,
        `import Redis from 'ioredis';`,
        `const redis = new Redis();`,
        `@Controller('holds')`,
        `@UseInterceptors(CacheInterceptor)`,
        `export class HoldsController {`,
        `  @Get(':id')`,
        `  left(@Param('id') id: string) {`,
        `    return redis.pttl(\`hold:\${id}\`);`,
        `  }`,
        `}`,
      ),
      filename: file('src/holds.controller.ts'),
    },
    // keyv on a Redis adapter, given directly, as a variable, or by URI; cache-manager 5 on a Redis store.
    {
      code: lines(
        ...client,
        `import Keyv from 'keyv';`,
        `import KeyvRedis from '@keyv/redis';`,
        `import { caching } from 'cache-manager';`,
        `import { redisStore } from 'cache-manager-ioredis-yet';`,
        `const direct = new Keyv(new KeyvRedis('redis://localhost:6379'));`,
        `const adapter = new KeyvRedis('redis://localhost:6379');`,
        `const named = new Keyv({ store: adapter, namespace: 'holds' });`,
        `const byUri = new Keyv(\`redis://\${process.env.REDIS_HOST}:6379\`);`,
        `const shared = await caching(redisStore, { host: 'localhost' });`,
        `export async function holdLeft(id: string) {`,
        `  const ms = await redis.pttl(\`hold:\${id}\`);`,
        `  await Promise.all([direct.set(id, ms), named.set(id, ms), byUri.set(id, ms), shared.set(id, ms)]);`,
        `  return ms;`,
        `}`,
      ),
      filename: file('src/holds.ts'),
    },
    // CommonJS: the adapter read off the required module (`require('@keyv/redis').default`).
    {
      code: lines(
        `const { Keyv } = require('keyv');`,
        `const KeyvRedis = require('@keyv/redis').default;`,
        `const Redis = require('ioredis');`,
        `const redis = new Redis();`,
        `const stats = new Keyv(new KeyvRedis(process.env.REDIS_URL), { namespace: 'analytics' });`,
        `exports.weeklyResetTtl = async () => {`,
        `  const ttl = await redis.ttl('leaderboard:weekly');`,
        `  await stats.set('leaderboard:weekly:ttl', ttl, 60_000);`,
        `  return ttl;`,
        `};`,
      ),
      filename: file('legacy/analytics.js'),
    },
  ],
  invalid: [
    // In memory: keyv with no adapter, cache-manager's memory store, and a createCache whose stores begin in memory.
    {
      code: lines(
        ...client,
        `import Keyv from 'keyv';`,
        `import KeyvRedis from '@keyv/redis';`,
        `import { caching, createCache } from 'cache-manager';`,
        `const local = new Keyv();`,
        `const memory = await caching('memory', { max: 100 });`,
        `const layered = createCache({ stores: [new Keyv(), new Keyv({ store: new KeyvRedis('redis://localhost') })] });`,
        `export async function holdLeft(id: string) {`,
        `  const ms = await redis.pttl(\`hold:\${id}\`);`,
        `  await local.set(id, ms);`,
        `  return ms;`,
        `}`,
        `export async function leaseLeft(id: string) {`,
        `  const ms = await redis.pttl(\`lease:\${id}\`);`,
        `  await memory.set(id, ms);`,
        `  await layered.set(id, ms);`,
        `  return ms;`,
        `}`,
      ),
      filename: file('src/memory-holds.ts'),
      errors: [
        { messageId: 'volatileReplyKept', line: 10 },
        { messageId: 'volatileReplyKept', line: 15 },
      ],
    },
  ],
});
