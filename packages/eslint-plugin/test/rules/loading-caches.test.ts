import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';

// Caches that call a loader for what they miss: cachified's `getFreshValue`, the functions an async-cache-dedupe
// cache `define`s (kept only with a ttl; without one it only shares in-flight calls), cacheable's `getOrSet` and
// `wrap`.
const lines = (...source: string[]) => source.join('\n');

runRuleTests('no-uncovered-cached-read: caches that load what they miss', rule, {
  valid: [
    // No ttl: async-cache-dedupe shares one in-flight call among concurrent callers and keeps nothing.
    {
      code: lines(
        `import { createCache } from 'async-cache-dedupe';`,
        `import Redis from 'ioredis';`,
        `const redis = new Redis();`,
        `const cache = createCache({ storage: { type: 'memory' } });`,
        `cache.define('holdExpiry', async (id: string) => redis.pttl(\`hold:\${id}\`));`,
        `export const holdExpiry = (id: string) => cache.holdExpiry(id);`,
      ),
    },
    // cachified around a read tracking covers, on a tracking connection: invalidation keeps it fresh.
    {
      code: lines(
        `import { cachified } from '@epic-web/cachified';`,
        `import { LRUCache } from 'lru-cache';`,
        `import Valkey from 'iovalkey';`,
        `const valkey = new Valkey();`,
        `valkey.on('ready', () => valkey.client('TRACKING', 'ON'));`,
        `const lru = new LRUCache<string, any>({ max: 500 });`,
        `export function profile(id: string) {`,
        `  return cachified({ key: \`profile:\${id}\`, cache: lru, getFreshValue: () => valkey.hgetall(\`user:\${id}\`) });`,
        `}`,
      ),
    },
  ],
  invalid: [
    // cachified keeps what getFreshValue returns, a method or an arrow alike.
    {
      code: lines(
        `import { cachified, totalTtl } from '@epic-web/cachified';`,
        `import { LRUCache } from 'lru-cache';`,
        `import Valkey from 'iovalkey';`,
        `const valkey = new Valkey();`,
        `valkey.on('ready', () => valkey.client('TRACKING', 'ON'));`,
        `const lru = new LRUCache<string, any>({ max: 500 });`,
        `export class LeaderboardService {`,
        `  async sample(board: string) {`,
        `    return cachified({`,
        `      key: \`sample:\${board}\`,`,
        `      cache: lru,`,
        `      ttl: 60_000,`,
        `      async getFreshValue() {`,
        `        return valkey.zrandmember(\`board:\${board}\`, 5);`,
        `      },`,
        `    });`,
        `  }`,
        `  async members(prefix: string) {`,
        `    const keys = await cachified({ key: prefix, cache: lru, getFreshValue: () => valkey.keys(\`\${prefix}*\`) });`,
        `    return keys.length;`,
        `  }`,
        `}`,
      ),
      errors: [
        { messageId: 'volatileReplyKept', line: 14 },
        { messageId: 'uncoveredRead', line: 19 },
      ],
    },
    // cacheable: `getOrSet(key, load)` keeps what load returns; `wrap(fn)` memoizes fn.
    {
      code: lines(
        `import { Cacheable } from 'cacheable';`,
        `import { createClient } from 'redis';`,
        `const redis = await createClient().connect();`,
        `const cache = new Cacheable({ ttl: '5m' });`,
        `export const lockExpiry = (lock: string) =>`,
        `  cache.getOrSet(\`lock:\${lock}\`, () => redis.pTTL(\`lock:\${lock}\`));`,
        `export const randomTip = cache.wrap(async (topic: string) => redis.sRandMember(\`tips:\${topic}\`), { ttl: '1h' });`,
      ),
      errors: [
        { messageId: 'volatileReplyKept', line: 6 },
        { messageId: 'volatileReplyKept', line: 7 },
      ],
    },
    // A ttl on the cache or on the definition keeps each result that long.
    {
      code: lines(
        `import { createCache } from 'async-cache-dedupe';`,
        `import Redis from 'ioredis';`,
        `const redis = new Redis();`,
        `const cache = createCache({ ttl: 5, storage: { type: 'memory' } })`,
        `  .define('idleFor', async (key: string) => redis.object('IDLETIME', key))`,
        `  .define('seatsLeft', { ttl: 30 }, (show: string) => redis.ttl(\`show:\${show}:hold\`));`,
        `export async function report(key: string, show: string) {`,
        `  return { idle: await cache.idleFor(key), seats: await cache.seatsLeft(show) };`,
        `}`,
      ),
      errors: [
        { messageId: 'volatileReplyKept', line: 5 },
        { messageId: 'volatileReplyKept', line: 6 },
      ],
    },
  ],
});
