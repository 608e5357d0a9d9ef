import rule from '../../src/rules/no-incomplete-invalidation.js';
import { runRuleTests } from '../rule-tester.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { tempProject } from '../temp-project.js';

// ioredis 6 speaks RESP3 unless created with `protocol: 2` (RedisOptions `protocol`, default 3), and its
// DataHandler passes on only pub/sub pushes: the server's `invalidate` pushes, which a RESP3 connection gets for
// its own tracking and for a REDIRECT to it, are dropped (ioredis 6.1.0 built/DataHandler.js returnPush).
const lines = (...source: string[]) => source.join('\n');
const project = (name: string, dependencies: Record<string, string>) => {
  const { file, write } = tempProject(`vt-${name}-`);
  write('package.json', JSON.stringify({ name, private: true, dependencies }));
  return file;
};
const ioredis6 = project('ioredis6-app', { ioredis: '^6.1.0' });
// Connection options kept in a config module of that project.
mkdirSync(dirname(ioredis6('src/config.js')), { recursive: true });
writeFileSync(
  ioredis6('src/config.js'),
  lines(
    `export const CACHE_CONNECTION = { host: 'cache.internal', port: 6379, protocol: 2 };`,
    `export const STATS_CONNECTION = { host: 'stats.internal', port: 6380, connectionName: 'stats' };`,
  ),
);
const ioredis5 = project('ioredis5-app', { ioredis: '^5.11.1' });
// node-redis 6 speaks RESP3 unless told `RESP: 2` (`DEFAULT_RESP = 3`, @redis/client 6.0.0); 5 RESP2 unless `RESP: 3`.
const nodeRedis6 = project('node-redis6-app', { redis: '^6.3.1' });
const nodeRedis5 = project('node-redis5-app', { redis: '^5.12.1' });

/** The RESP2 recipe: a subscriber, and tracking redirected to it; `options` are both connections'. */
const redirectRecipe = (options: string, ...more: string[]) =>
  lines(
    `import Redis from 'ioredis';`,
    `const base = { host: process.env.REDIS_HOST, port: 6379 };`,
    `const near = new Map<string, string>();`,
    `export const redis = new Redis(${options});`,
    `const sub = new Redis(${options});`,
    `sub.on('message', (channel: string, message: string) => {`,
    `  if (!message) return near.clear();`,
    `  for (const key of message.split(',')) near.delete(key);`,
    `});`,
    `redis.on('ready', async () => {`,
    `  await sub.subscribe('__redis__:invalidate');`,
    `  const id = await sub.client('ID');`,
    `  await redis.client('TRACKING', 'ON', 'REDIRECT', String(id));`,
    `});`,
    ...more,
  );

runRuleTests('no-incomplete-invalidation: RESP3 by default (ioredis 6, node-redis 6)', rule, {
  valid: [
    // node-redis 6 with no `RESP` option: RESP3, so its cache is allowed, and `invalidate` events hear the pushes.
    {
      code: lines(
        `import { createClient } from 'redis';`,
        `export const cached = createClient({ url: process.env.REDIS_URL, clientSideCache: { ttl: 0 } });`,
        `const near = new Map<string, string>();`,
        `export const events = createClient({ emitInvalidate: true });`,
        `events.on('invalidate', (key: string | null) => (key === null ? near.clear() : near.delete(key)));`,
      ),
      filename: nodeRedis6('src/clients.ts'),
    },
    // The RESP2 recipe on node-redis 6 told `RESP: 2`, and on node-redis 5 as it comes.
    ...[nodeRedis6, nodeRedis5].map((project) => ({
      code: lines(
        `import { createClient } from 'redis';`,
        `const options = ${project === nodeRedis6 ? '{ RESP: 2 as const }' : '{}'};`,
        `const near = new Map<string, string>();`,
        `const sub = createClient(${project === nodeRedis6 ? '{ RESP: 2 }' : ''});`,
        `await sub.connect();`,
        `await sub.subscribe('__redis__:invalidate', (keys: string[] | null) => {`,
        `  if (keys === null) return near.clear();`,
        `  for (const key of keys) near.delete(key);`,
        `});`,
        `export const app = createClient(options);`,
      ),
      filename: project('src/recipe.ts'),
    })),
    // Both connections made with `protocol: 2`, through the spread of a shared options object.
    {
      code: redirectRecipe(`{ ...base, protocol: 2 as const }`),
      filename: ioredis6('src/cache.ts'),
    },
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `const options = { host: '127.0.0.1', protocol: 2 as const };`,
        `const sub = new Redis(6380, options);`,
        `sub.subscribe('__redis__:invalidate');`,
        `sub.on('message', (channel: string, message: string) => console.log(channel, message));`,
      ),
      filename: ioredis6('src/options-object.ts'),
    },
    // ioredis 5 speaks RESP2 only: the recipe as written.
    { code: redirectRecipe(`base`), filename: ioredis5('src/cache.ts') },
    // A `duplicate()` copies `protocol: 2`.
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `export const redis = new Redis({ protocol: 2 });`,
        `const sub = redis.duplicate();`,
        `sub.subscribe('__redis__:invalidate');`,
        `sub.on('message', (channel: string, message: string) => console.log(channel, message));`,
      ),
      filename: ioredis6('src/duplicate.ts'),
    },
    // iovalkey is RESP2 whatever the project's ioredis.
    {
      code: lines(
        `import Valkey from 'iovalkey';`,
        `const sub = new Valkey();`,
        `sub.subscribe('__redis__:invalidate');`,
        `sub.on('message', (channel: string, message: string) => console.log(channel, message));`,
      ),
      filename: ioredis6('src/iovalkey.ts'),
    },
  ],
  invalid: [
    // Options from the config module: the stats connection says no `protocol`, so it speaks RESP3.
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `import { CACHE_CONNECTION, STATS_CONNECTION } from './config.js';`,
        `const cacheSubscriber = new Redis(CACHE_CONNECTION);`,
        `cacheSubscriber.subscribe('__redis__:invalidate');`,
        `const statsSubscriber = new Redis(STATS_CONNECTION);`,
        `statsSubscriber.subscribe('__redis__:invalidate');`,
        `for (const sub of [cacheSubscriber, statsSubscriber]) sub.on('message', (channel, message) => console.log(message));`,
      ),
      filename: ioredis6('src/subscribers.js'),
      errors: [{ messageId: 'subscriberGetsPushes', line: 6 }],
    },
    // ioredis 6 with default options: the subscriber is sent pushes, which ioredis drops.
    {
      code: redirectRecipe(`base`),
      filename: ioredis6('src/cache.ts'),
      errors: [{ messageId: 'subscriberGetsPushes', line: 11, column: 23 }],
    },
    // A `duplicate()` of a RESP3 client, and `protocol: 3` written out.
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `export const redis = new Redis({ protocol: 3 });`,
        `const sub = redis.duplicate({ connectionName: 'invalidations' });`,
        `sub.psubscribe('__redis__:*');`,
        `sub.on('pmessage', (pattern: string, channel: string, message: string) => console.log(message));`,
      ),
      filename: ioredis6('src/duplicate.ts'),
      errors: [{ messageId: 'subscriberGetsPushes', line: 4 }],
    },
    // Tracking with no REDIRECT on a RESP3 connection: pushed to it, and dropped.
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `const redis = new Redis(process.env.REDIS_URL!);`,
        `const near = new Map<string, string | null>();`,
        `redis.on('ready', () => redis.client('TRACKING', 'ON'));`,
        `export async function get(key: string) {`,
        `  if (!near.has(key)) near.set(key, await redis.get(key));`,
        `  return near.get(key);`,
        `}`,
      ),
      filename: ioredis6('src/self-tracking.ts'),
      errors: [{ messageId: 'trackingPushesDropped', line: 4 }],
    },
    // node-redis 6's default RESP3: the subscriber of the RESP2 recipe is sent pushes, which node-redis hands to no
    // `subscribe` listener (measured on all five servers: cli/test/integration/resp3-delivery.test.ts).
    {
      code: lines(
        `import { createClient } from 'redis';`,
        `const near = new Map<string, string>();`,
        `const sub = createClient({ url: process.env.REDIS_URL });`,
        `await sub.connect();`,
        `await sub.subscribe('__redis__:invalidate', (keys: string[] | null) => {`,
        `  if (keys === null) return near.clear();`,
        `  for (const key of keys) near.delete(key);`,
        `});`,
      ),
      filename: nodeRedis6('src/recipe.ts'),
      errors: [{ messageId: 'subscriberGetsPushes', line: 5, column: 21 }],
    },
    // Tracking by hand on a node-redis 6 client with neither a cache nor `invalidate` events: the pushes go nowhere.
    {
      code: lines(
        `import { createClient } from 'redis';`,
        `export const tracked = createClient();`,
        `tracked.on('ready', () => tracked.sendCommand(['CLIENT', 'TRACKING', 'ON']));`,
      ),
      filename: nodeRedis6('src/tracked.ts'),
      errors: [{ messageId: 'trackingPushesDropped', line: 3 }],
    },
    // node-redis 6 told `RESP: 2`, and node-redis 5 with no `RESP` option: RESP2, where node-redis refuses its cache.
    {
      code: lines(
        `import { createClient } from 'redis';`,
        `export const cached = createClient({ RESP: 2, clientSideCache: { ttl: 0 } });`,
      ),
      filename: nodeRedis6('src/resp2.ts'),
      errors: [{ messageId: 'cacheNeedsResp3', line: 2 }],
    },
    {
      code: lines(
        `import { createClient } from 'redis';`,
        `export const cached = createClient({ url: process.env.REDIS_URL, clientSideCache: { ttl: 0 } });`,
      ),
      filename: nodeRedis5('src/clients.ts'),
      errors: [{ messageId: 'cacheNeedsResp3', line: 2 }],
    },
    // The same on ioredis 5: a RESP2 connection is sent nothing at all.
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `const redis = new Redis(process.env.REDIS_URL!);`,
        `redis.on('ready', () => redis.client('TRACKING', 'ON'));`,
      ),
      filename: ioredis5('src/self-tracking.ts'),
      errors: [{ messageId: 'trackingUnheard', line: 3 }],
    },
  ],
});
