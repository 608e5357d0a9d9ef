import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// node-redis 6.4 chooses what its cache keeps: `clientSideCache.trackingMode` ('plain', 'optin', 'optout'), a
// `cacheable(command, keys)` predicate, and the per-call mark `withCommandOptions({ cache })`
// (@redis/client 6.4.0 lib/client/cache.ts resolveCacheIntent, lib/client/index.ts _executeCommand).
const lines = (...source: string[]) => source.join('\n');
const version = (nodeRedisVersion: string) => ({ 'valkey-track': { nodeRedisVersion } });

/** A catalog service on one cached client, its cache options written in `options`. */
const catalog = (options: string, ...body: string[]) =>
  lines(
    `import { createClient, BasicClientSideCache } from 'redis';`,
    `const client = createClient({ RESP: 3, clientSideCache: ${options} });`,
    `const listings = new Map<string, unknown>();`,
    `export class Catalog {`,
    ...body.map((line) => `  ${line}`),
    `}`,
  );

/** A method that keeps each product's hash in the application's own Map. */
const keepsProduct = [
  `async product(id: string) {`,
  `  const row = await client.hGetAll(\`product:\${id}\`);`,
  `  listings.set(id, row);`,
  `  return row;`,
  `}`,
];

// Clients made in another module of a node-redis 6.4 project: their summaries carry the cache's choice.
const { file, write } = tempProject('vt-node-redis-modes-');
write('package.json', JSON.stringify({ name: 'hotels', private: true, dependencies: { redis: '^6.4.0' } }));
write(
  'src/clients.ts',
  `import { createClient } from 'redis';`,
  `export const rates = createClient({ RESP: 3, clientSideCache: { trackingMode: 'optout' } });`,
  `export const inventory = createClient({ RESP: 3, clientSideCache: { trackingMode: 'optin' } });`,
);

runRuleTests('no-uncovered-cached-read: node-redis 6.4 tracking modes and cache marks', rule, {
  valid: [
    // OPTIN: an unmarked SORT_RO ... BY is not kept by node-redis, and the application does not keep it either.
    {
      code: catalog(
        `{ trackingMode: 'optin' }`,
        `async ranked(id: string) { return client.sortRo(\`cat:\${id}\`, { BY: 'w_*' }); }`,
      ),
      settings: version('6.4'),
    },
    // PLAIN, with the read marked `cache: false`: node-redis does not keep it.
    {
      code: catalog(
        `{ maxEntries: 5000 }`,
        `async ranked(id: string) { return client.withCommandOptions({ cache: false }).sortRo(\`cat:\${id}\`, { BY: 'w_*' }); }`,
      ),
      settings: version('6.4'),
    },
    // OPTOUT: an unmarked read the application keeps is tracked as on any default connection (HGETALL: full).
    {
      code: catalog(`new BasicClientSideCache({ trackingMode: 'optout' })`, ...keepsProduct),
      settings: version('6.4'),
    },
    // OPTOUT: `sendCommand` goes out with no `CLIENT CACHING no`, so the copy the application keeps is tracked.
    {
      code: catalog(
        `{ trackingMode: 'optout' }`,
        `async name(id: string) {`,
        `  const name = await client.sendCommand(['GET', \`name:\${id}\`]);`,
        `  listings.set(id, name);`,
        `}`,
      ),
      settings: version('6.4'),
    },
    // A `cacheable` predicate chooses what an OPTIN cache keeps (and tracks): the application's own code.
    {
      code: catalog(
        `{ trackingMode: 'optin', cacheable: (command, keys) => String(keys[0]).startsWith('product:') }`,
        ...keepsProduct,
      ),
      settings: version('6.4'),
    },
    // 6.4 refuses SORT_RO in its definition (`CACHEABLE: false`): marked `cache: true`, it is still not kept.
    {
      code: catalog(
        `{ trackingMode: 'optin' }`,
        `async ranked(id: string) { return client.withCommandOptions({ cache: true }).sortRo(\`cat:\${id}\`, { BY: 'w_*' }); }`,
      ),
      settings: version('6.4'),
    },
    // OPTIN marked `cache: true`: node-redis keeps HGETALL and sends `CLIENT CACHING yes` before it.
    {
      code: catalog(
        `{ trackingMode: 'optin' }`,
        `private readonly cached = client.withCommandOptions({ cache: true });`,
        `async product(id: string) { return this.cached.hGetAll(\`product:\${id}\`); }`,
      ),
      settings: version('6.4'),
    },
    // An imported OPTOUT client's unmarked ZRANGE is kept (and tracked) by node-redis.
    {
      code: lines(
        `import { rates } from './clients.js';`,
        `const cheapest = new Map<string, string[]>();`,
        `export async function cheapestIn(city: string) {`,
        `  if (!cheapest.has(city)) cheapest.set(city, await rates.zRange(\`rates:\${city}\`, 0, 2));`,
        `  return cheapest.get(city);`,
        `}`,
      ),
      filename: file('src/deals.ts'),
    },
  ],
  invalid: [
    // OPTIN marked `cache: true`: node-redis keeps HGETALL, and the module gives the hash's fields TTLs.
    {
      code: catalog(
        `{ trackingMode: 'optin' }`,
        `private readonly cached = client.withCommandOptions({ cache: true });`,
        `async product(id: string) { return this.cached.hGetAll(\`product:\${id}\`); }`,
        `async promote(id: string) { await client.hExpire(\`product:\${id}\`, 'promo', 3600); }`,
      ),
      settings: version('6.4'),
      errors: [{ messageId: 'uncoveredRead', line: 6 }],
    },
    // Before 6.4 `trackingMode` is ignored: the cache keeps every eligible read, SORT_RO ... BY among them.
    {
      code: catalog(
        `{ trackingMode: 'optin' }`,
        `async ranked(id: string) { return client.sortRo(\`cat:\${id}\`, { BY: 'w_*' }); }`,
      ),
      settings: version('6.2'),
      errors: [{ messageId: 'uncoveredRead', line: 5 }],
    },
    // OPTIN, unmarked: node-redis sends no `CLIENT CACHING yes`, so the copy the application keeps is never invalidated.
    {
      code: catalog(`{ trackingMode: 'optin', maxEntries: 1000 }`, ...keepsProduct),
      settings: version('6.4'),
      errors: [{ messageId: 'nodeRedisOptInUnmarked', line: 6 }],
    },
    // OPTOUT, marked `cache: false` through the package's constant: node-redis sends `CLIENT CACHING no` first.
    {
      code: lines(
        `import { createClient, CLIENT_SIDE_CACHE_TRACKING_MODES } from 'redis';`,
        `const client = createClient({ RESP: 3, clientSideCache: { trackingMode: CLIENT_SIDE_CACHE_TRACKING_MODES.OPTOUT } });`,
        `const uncached = client.withCommandOptions({ cache: false });`,
        `const names = new Map<string, string | null>();`,
        `export async function nameOf(id: string) {`,
        `  if (!names.has(id)) names.set(id, await uncached.get(\`name:\${id}\`));`,
        `  return names.get(id);`,
        `}`,
      ),
      settings: version('6.4'),
      errors: [{ messageId: 'nodeRedisOptedOut', line: 6 }],
    },
    // A view marked `cache: false` of an imported OPTOUT client, kept by a route: sent after `CLIENT CACHING no`.
    {
      code: lines(
        `import { rates } from './clients.js';`,
        `const banners = new Map<string, string[]>();`,
        `export async function bannersOf(city: string) {`,
        `  let found = banners.get(city);`,
        `  if (!found) {`,
        `    found = await rates.withCommandOptions({ cache: false }).lRange(\`promo:\${city}\`, 0, 4);`,
        `    banners.set(city, found);`,
        `  }`,
        `  return found;`,
        `}`,
      ),
      filename: file('src/banners.ts'),
      errors: [{ messageId: 'nodeRedisOptedOut', line: 6 }],
    },
    // An imported OPTIN client, unmarked: the version comes from the project's package.json.
    {
      code: lines(
        `import { inventory } from './clients.js';`,
        `const roomsLeft = new Map<string, string | null>();`,
        `export async function rooms(hotel: string) {`,
        `  roomsLeft.set(hotel, await inventory.get(\`rooms:\${hotel}\`));`,
        `}`,
      ),
      filename: file('src/rooms.ts'),
      errors: [{ messageId: 'nodeRedisOptInUnmarked', line: 4 }],
    },
    // A type-mapped view of an OPTOUT client: node-redis keeps none of its reads and sends `CLIENT CACHING no`.
    {
      code: lines(
        `import { createClient, RESP_TYPES } from 'redis';`,
        `const client = createClient({ RESP: 3, clientSideCache: { trackingMode: 'optout' } });`,
        `const bytes = client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });`,
        `const thumbnails = new Map<string, Buffer | null>();`,
        `export async function thumbnail(id: string) {`,
        `  thumbnails.set(id, await bytes.get(\`thumb:\${id}\`));`,
        `}`,
      ),
      settings: version('6.4'),
      errors: [{ messageId: 'nodeRedisOptedOut', line: 6 }],
    },
    // OPTIN: a TTL kept by the application is wrong a second later whatever is tracked.
    {
      code: catalog(
        `{ trackingMode: 'optin' }`,
        `async expiry(id: string) {`,
        `  listings.set(\`ttl:\${id}\`, await client.ttl(\`offer:\${id}\`));`,
        `}`,
      ),
      settings: version('6.4'),
      errors: [{ messageId: 'volatileReplyKept', line: 6 }],
    },
  ],
});
