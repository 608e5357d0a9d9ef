import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';

const lines = (...source: string[]) => source.join('\n');

const nodeRedis = (version: '5' | '6.2') => ({ 'valkey-track': { nodeRedisVersion: version } });

const ioValkeyTracking = (...trackingArgs: string[]) =>
  lines(
    `import Valkey from 'iovalkey';`,
    `const redis = new Valkey();`,
    `const cache = new Map();`,
    `await redis.call('CLIENT', 'TRACKING', 'ON'${trackingArgs.map((a) => `, '${a}'`).join('')});`,
  );

const categoryMapFile = (() => {
  const directory = mkdtempSync(join(tmpdir(), 'vt-categories-'));
  const file = join(directory, 'categories.json');
  writeFileSync(
    file,
    JSON.stringify({
      commands: {
        'json.get': { category: 'partial', reasons: ['server-state'] },
        hgetall: { category: 'none', reasons: ['key-pattern'] },
        // `valkey-track commands` writes `unknown` for a read nothing judges: no verdict, like a command the data lacks.
        'mod.get': { category: 'unknown', reasons: [] },
      },
    }),
  );
  return file;
})();

runRuleTests('no-uncovered-cached-read', rule, {
  valid: [
    // node-redis 5 caches only CACHEABLE commands: KEYS, SCAN, TTL, SORT_RO go to the server every time.
    {
      code: lines(
        `import { createClient } from 'redis';`,
        `const client = createClient({ RESP: 3, clientSideCache: { maxEntries: 100 } });`,
        `await client.keys('user:*');`,
        `await client.scan(0, { MATCH: 'user:*' });`,
        `await client.ttl('user:1');`,
        `await client.sortRo('list', { BY: 'w_*' });`,
        `await client.hGetAll('user:1');`,
      ),
      settings: nodeRedis('5'),
    },
    // node-redis never caches sendCommand, in any version.
    {
      code: lines(
        `import { createClient } from 'redis';`,
        `const client = createClient({ RESP: 3, clientSideCache: {} });`,
        `await client.sendCommand(['SORT_RO', 'list', 'BY', 'w_*']);`,
      ),
      settings: nodeRedis('6.2'),
    },
    // node-redis 6.2 does not cache commands with a nondeterministic_output tip (OBJECT IDLETIME, TTL).
    {
      code: lines(
        `import { createClient, BasicClientSideCache } from 'redis';`,
        `const client = createClient({ RESP: 3, clientSideCache: new BasicClientSideCache() });`,
        `await client.objectIdleTime('k');`,
        `await client.TTL('k');`,
        `await client.sortRo('list');`,
      ),
      settings: nodeRedis('6.2'),
    },
    // Pools, clusters and sentinels in node-redis 5: covered reads and never-cached commands.
    {
      code: lines(
        `import { createClientPool, createCluster, createSentinel } from 'redis';`,
        `const pool = createClientPool({ RESP: 3 }, { clientSideCache: {} });`,
        `const cluster = createCluster({ rootNodes: [], RESP: 3, clientSideCache: {} });`,
        `const sentinel = createSentinel({ name: 'm', sentinelRootNodes: [], RESP: 3, clientSideCache: {} });`,
        `await pool.hGetAll('a'); await cluster.HGETALL('b'); await sentinel.memoryUsage('c');`,
      ),
      settings: nodeRedis('5'),
    },
    // Every manual way to turn tracking on, with covered reads stored.
    lines(
      `import { createClient } from 'redis';`,
      `import Redis from 'ioredis';`,
      `const a = createClient(); const b = new Redis(); const c = new Redis(); const d = createClient();`,
      `const memo = {};`,
      `await a.clientTracking(true, { REDIRECT: 12, NOLOOP: true });`,
      `await b.client('TRACKING', 'ON', 'BCAST', 'PREFIX', 'user:');`,
      `await c.send_command('CLIENT', ['TRACKING', 'ON', 'OPTIN']);`,
      `await d.sendCommand(['CLIENT', 'TRACKING', 'ON']);`,
      `memo.a = await a.hGetAll('user:1');`,
      `memo.b = await b.keys('user:*');`,
      `c.client('CACHING', 'yes'); memo.c = await c.smembers('s');`,
      `memo.d = await d.sendCommand(['GET', 'k']);`,
    ),
    // node-redis PREFIX given a constant array: every element is a prefix (`PREFIX a PREFIX b`).
    lines(
      `import { createClient } from 'redis';`,
      `const PREFIXES = ['price:', 'promo:'];`,
      `const client = createClient({ RESP: 3 });`,
      `const memo = new Map();`,
      `await client.clientTracking(true, { BCAST: true, PREFIX: PREFIXES });`,
      `memo.set('p', await client.hGet('promo:1', 'pct'));`,
      `memo.set('codes', await client.keys('promo:*'));`,
    ),
    // A client without clientSideCache caches nothing.
    {
      code: lines(
        `import { createClient } from 'redis';`,
        `const client = createClient({ RESP: 3 });`,
        `await client.memoryUsage('k');`,
      ),
      settings: nodeRedis('6.2'),
    },
    // glide with serverAssisted: GET, HGETALL, SMEMBERS are covered; other commands are not cached.
    lines(
      `import { ClientSideCache, GlideClient } from '@valkey/valkey-glide';`,
      `const client = await GlideClient.createClient({ addresses: [], clientSideCache: ClientSideCache.create(1024, 0, { serverAssisted: true }) });`,
      `await client.get('a'); await client.hgetall('b'); await client.smembers('c');`,
      `await client.ttl('a'); await client.customCommand(['KEYS', '*']);`,
    ),
    // Manual tracking: writes, configuration calls and unstored reads are not cached reads.
    lines(
      ioValkeyTracking(),
      `cache.set('a', await redis.set('a', '1'));`,
      `cache.set('b', await redis.config('GET', 'maxmemory'));`,
      `const ttl = await redis.ttl('a');`,
      `cache.set('c', await redis.hgetall('c'));`,
    ),
    // BCAST PREFIX tunnel: covers SCAN MATCH tunnel:*.
    lines(
      ioValkeyTracking('BCAST', 'PREFIX', 'tunnel:'),
      `const [, keys] = await redis.scan(0, 'MATCH', 'tunnel:*');`,
      `cache.set('tunnels', keys);`,
    ),
    // BCAST without PREFIX covers every key, even KEYS *.
    lines(ioValkeyTracking('BCAST', 'NOLOOP'), `cache.set('all', await redis.keys('*'));`),
    // Non-literal pattern under BCAST: no verdict, so no report unless reportUnknown.
    lines(
      ioValkeyTracking('BCAST', 'PREFIX', 'tunnel:'),
      `export async function list(pattern) { cache.set(pattern, await redis.keys(pattern)); }`,
    ),
    // Dynamic command name and unknown (module) command: skipped without reportUnknown.
    lines(
      ioValkeyTracking(),
      `export async function read(name, key) { cache.set(key, await redis.call(name, key)); }`,
      `cache.set('j', await redis.call('JSON.GET', 'doc'));`,
    ),
    // OPTIN with CLIENT CACHING yes sent right before the read: covered.
    lines(
      ioValkeyTracking('OPTIN'),
      `redis.client('CACHING', 'yes');`,
      `cache.set('a', await redis.get('a'));`,
    ),
    lines(
      ioValkeyTracking('OPTIN'),
      `const [, b] = await Promise.all([redis.call('CLIENT', 'CACHING', 'YES'), redis.get('b')]);`,
      `cache.set('b', b);`,
    ),
    // A helper of the module (or a method of the class) that sends CLIENT CACHING yes with the callback's read.
    lines(
      ioValkeyTracking('OPTIN'),
      `async function withCaching(read) {`,
      `  const [, value] = await Promise.all([redis.client('CACHING', 'YES'), read()]);`,
      `  return value;`,
      `}`,
      `cache.set('c', await withCaching(() => redis.get('c')));`,
      `class Source {`,
      `  async cachedRead(key, read) {`,
      `    const [, value] = await Promise.all([redis.client('CACHING', 'YES'), read()]);`,
      `    cache.set(key, value);`,
      `  }`,
      `  product(id) { return this.cachedRead(id, () => redis.hgetall(\`product:\${id}\`)); }`,
      `}`,
      `export const source = new Source();`,
    ),
    // A chained pipeline's replies each at its position: the INCR is kept, the PTTL only returned.
    lines(
      `import Redis from 'ioredis';`,
      `const plain = new Redis();`,
      `let pressure = 0;`,
      `export async function hit(key) {`,
      `  const [[, count], [, windowMs]] = await plain.pipeline().incr(key).pttl(key).exec();`,
      `  pressure = Math.max(pressure, count);`,
      `  return windowMs;`,
      `}`,
    ),
    // A receiver that is not the tracked client is not checked.
    lines(ioValkeyTracking(), `const other = new Valkey();`, `cache.set('k', await other.keys('*'));`),
    // Non-literal tracking arguments leave the mode unknown.
    lines(
      `import Valkey from 'iovalkey';`,
      `const redis = new Valkey(); const cache = new Map();`,
      `export async function on(args) { await redis.call('CLIENT', 'TRACKING', 'ON', ...args); }`,
      `cache.set('k', await redis.keys('a*'));`,
    ),
  ],
  invalid: [
    // A cache provider of a package the analysis does not read still turns node-redis's cache and tracking on.
    {
      code: lines(
        `import { createClient } from 'redis';`,
        `import { SimpleClientSideCache } from '@playding/redis-simple-csc';`,
        `const client = createClient({ RESP: 3, clientSideCache: new SimpleClientSideCache() });`,
        `await client.xPendingRange('s', 'g', '-', '+', 10);`,
      ),
      settings: nodeRedis('5'),
      errors: [{ messageId: 'volatileReplyKept', line: 4, column: 7 }],
    },
    // node-redis 5: XPENDING_RANGE is CACHEABLE and time-dependent.
    {
      code: lines(
        `import { createClient } from 'redis';`,
        `const client = await createClient({ RESP: 3, clientSideCache: { ttl: 0 } }).on('error', console.error).connect();`,
        `await client.xPendingRange('s', 'g', '-', '+', 10);`,
      ),
      settings: nodeRedis('5'),
      errors: [{ messageId: 'volatileReplyKept', line: 3, column: 7 }],
    },
    // node-redis 6.2: SORT_RO with BY and MEMORY USAGE are cached; camelCase and upper-case method names.
    {
      code: lines(
        `import { createClient } from 'redis';`,
        `const client = createClient({ RESP: 3, clientSideCache: {} });`,
        `await client.sortRo('list', { BY: 'w_*', GET: ['o_*'] });`,
        `await client.MEMORY_USAGE('k');`,
      ),
      settings: nodeRedis('6.2'),
      errors: [
        { messageId: 'uncoveredRead', line: 3, column: 7 },
        { messageId: 'uncoveredRead', line: 4, column: 7 },
      ],
    },
    // createClientPool takes clientSideCache in its second argument; createCluster and createSentinel in their options.
    {
      code: lines(
        `import { createClientPool, createCluster, createSentinel, BasicPooledClientSideCache } from 'redis';`,
        `const pool = createClientPool({ RESP: 3 }, { clientSideCache: new BasicPooledClientSideCache() });`,
        `const cluster = createCluster({ rootNodes: [], RESP: 3, clientSideCache: {} });`,
        `const sentinel = createSentinel({ name: 'm', sentinelRootNodes: [], RESP: 3, clientSideCache: {} });`,
        `await pool.memoryUsage('a'); await cluster.memoryUsage('b'); await sentinel.memoryUsage('c');`,
      ),
      settings: nodeRedis('6.2'),
      errors: [
        { messageId: 'uncoveredRead', line: 5, column: 7 },
        { messageId: 'uncoveredRead', line: 5, column: 36 },
        { messageId: 'uncoveredRead', line: 5, column: 68 },
      ],
    },
    // glide without serverAssisted: nothing invalidates entries before their TTL.
    {
      code: lines(
        `import { ClientSideCache, GlideClient } from '@valkey/valkey-glide';`,
        `const cache = ClientSideCache.create(1024, 60000);`,
        `const client = await GlideClient.createClient({ addresses: [], clientSideCache: cache });`,
      ),
      errors: [{ messageId: 'cacheWithoutInvalidation', line: 3, column: 64 }],
    },
    // Manual default tracking through call(), stored in a Map: SORT_RO ... BY is partial.
    {
      code: lines(ioValkeyTracking(), `cache.set('top', await redis.call('SORT_RO', 'list', 'BY', 'w_*'));`),
      errors: [{ messageId: 'uncoveredRead', line: 5, column: 24 }],
    },
    // REDIRECT to another connection, a BasicClientSideCache kept in a variable, a class field as the store.
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `class Stats {`,
        `  constructor() { this.redis = new Redis(); }`,
        `  async start(id) { await this.redis.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', id); }`,
        `  async refresh() { this.size = await this.redis.dbsize(); }`,
        `}`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 5, column: 39 }],
    },
    {
      code: lines(
        `import { BasicClientSideCache, createClient } from 'redis';`,
        `const cache = new BasicClientSideCache({ maxEntries: 10 });`,
        `const client = createClient({ RESP: 3, clientSideCache: cache });`,
        `await client.xPendingRange('s', 'g', '-', '+', 5);`,
      ),
      settings: nodeRedis('5'),
      errors: [{ messageId: 'volatileReplyKept', line: 4, column: 7 }],
    },
    // Case-insensitive command names, ioredis lower-case methods and container methods.
    {
      code: lines(
        ioValkeyTracking(),
        `cache.set('a', await redis.call('sort_ro', 'list', 'by', 'w_*'));`,
        `cache.set('b', await redis.object('IDLETIME', 'a'));`,
        `cache.set('c', await redis.memory('usage', 'a'));`,
      ),
      errors: [
        { messageId: 'uncoveredRead', line: 5, column: 22 },
        { messageId: 'volatileReplyKept', line: 6, column: 22 },
        { messageId: 'uncoveredRead', line: 7, column: 22 },
      ],
    },
    // SCAN ... MATCH outside the BCAST prefixes, evaluated from a constant.
    {
      code: lines(
        ioValkeyTracking('BCAST', 'PREFIX', 'tunnel:'),
        `const SESSION = 'session:';`,
        `const [, keys] = await redis.scan('0', 'MATCH', \`\${SESSION}*\`);`,
        `cache.set('sessions', keys);`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 6, column: 24 }],
    },
    // node_redis send_command, node-redis sendCommand([...]) and clientTracking(true, {...}) for manual tracking.
    {
      code: lines(
        `import { createClient } from 'redis';`,
        `const client = createClient();`,
        `const memo = {};`,
        `await client.clientTracking(true, { BCAST: true, PREFIX: ['user:'] });`,
        `memo.keys = await client.sendCommand(['KEYS', 'order:*']);`,
        `memo.count = await client.send_command('DBSIZE', []);`,
      ),
      errors: [
        { messageId: 'uncoveredRead', line: 5, column: 19 },
        { messageId: 'uncoveredRead', line: 6, column: 20 },
      ],
    },
    // node-redis takes the keys of ZINTERCARD/SINTERCARD as an array and writes their count itself: each key is
    // judged against the BCAST prefixes (one outside them is reported; both inside, not).
    {
      code: lines(
        `import { createClient } from 'redis';`,
        `const tracker = createClient();`,
        `await tracker.clientTracking(true, { BCAST: true, PREFIX: ['room:', 'pres:'] });`,
        `const overlap = new Map();`,
        `export async function sweep(room) {`,
        `  overlap.set(room, await tracker.zInterCard([\`room:\${room}:a\`, 'leaderboard:global']));`,
        `  overlap.set(room + ':both', await tracker.zInterCard([\`room:\${room}:a\`, \`room:\${room}:b\`]));`,
        `  overlap.set(room + ':set', await tracker.sInterCard([\`pres:\${room}\`, 'other:set'], { LIMIT: 5 }));`,
        `}`,
      ),
      errors: [
        { messageId: 'uncoveredRead', line: 6, column: 27 },
        { messageId: 'uncoveredRead', line: 8, column: 36 },
      ],
    },
    // ... and a read outside all of them is still reported.
    {
      code: lines(
        `import { createClient } from 'redis';`,
        `const PREFIXES = ['price:', 'promo:'];`,
        `const client = createClient({ RESP: 3 });`,
        `const memo = new Map();`,
        `await client.clientTracking(true, { BCAST: true, PREFIX: PREFIXES });`,
        `memo.set('codes', await client.keys('bundle:*'));`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 6, column: 25 }],
    },
    // The tracked client followed through a class field, a getter, a context object and a helper.
    {
      code: lines(
        `import Valkey from 'iovalkey';`,
        `async function load(ctx, id) {`,
        `  ctx.store[id] = await ctx.redis.ttl(id);`,
        `}`,
        `class Repo {`,
        `  #redis = new Valkey();`,
        `  #store = {};`,
        `  get client() { return this.#redis; }`,
        `  async start() { await this.client.client('TRACKING', 'ON'); }`,
        `  ttl(id) { return load({ redis: this.#redis, store: this.#store }, id); }`,
        `}`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 3, column: 25 }],
    },
    // A client factory and tracked client named in settings, for clients set up in another module.
    {
      code: lines(
        `import { redis } from './redis.js';`,
        `import { makeCache } from './cache.js';`,
        `const other = makeCache();`,
        `const memo = new Map();`,
        `memo.set('a', await redis.keys('a:*'));`,
        `memo.set('b', await other.keys('b:*'));`,
      ),
      settings: {
        'valkey-track': {
          trackedClients: ['redis'],
          clientFactories: [{ name: 'makeCache', mode: 'bcast', prefixes: ['a:'] }],
        },
      },
      errors: [
        { messageId: 'uncoveredRead', line: 5, column: 21 },
        { messageId: 'uncoveredRead', line: 6, column: 21 },
      ],
    },
    // A wrapper method that takes the command as arguments: reported where the command is chosen.
    {
      code: lines(
        `import Valkey from 'iovalkey';`,
        `class TrackedCache {`,
        `  #redis = new Valkey();`,
        `  #entries = new Map();`,
        `  constructor() { this.#redis.on('ready', () => this.#redis.call('CLIENT', 'TRACKING', 'ON')); }`,
        `  async read(...argv) {`,
        `    const key = argv.join(' ');`,
        `    if (!this.#entries.has(key)) this.#entries.set(key, await this.#redis.call(...argv));`,
        `    return this.#entries.get(key);`,
        `  }`,
        `}`,
        `const cache = new TrackedCache();`,
        `await cache.read('GET', 'a');`,
        `await cache.read('SORT_RO', 'list', 'BY', 'w_*');`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 14, column: 7 }],
    },
    // OPTIN without CLIENT CACHING yes: the server remembers nothing.
    {
      code: lines(ioValkeyTracking('OPTIN'), `cache.set('a', await redis.get('a'));`),
      errors: [{ messageId: 'optInWithoutCaching', line: 5, column: 22 }],
    },
    // CLIENT CACHING yes is the next command's: the first GET of the batch is remembered, the second is not.
    {
      code: lines(
        ioValkeyTracking('OPTIN'),
        `const [, min, max] = await Promise.all([`,
        `  redis.client('CACHING', 'yes'),`,
        `  redis.get('price:min'),`,
        `  redis.get('price:max'),`,
        `]);`,
        `cache.set('range', { min, max });`,
      ),
      errors: [{ messageId: 'optInWithoutCaching', line: 8 }],
    },
    // OPTIN with an await between CLIENT CACHING yes and the read: another command may go first.
    {
      code: lines(
        ioValkeyTracking('OPTIN'),
        `await redis.client('CACHING', 'yes');`,
        `cache.set('a', await redis.get('a'));`,
      ),
      errors: [{ messageId: 'optInRaced', line: 6, column: 22 }],
    },
    // reportUnknown: a non-literal pattern under BCAST, a dynamic command, an unknown command.
    {
      code: lines(
        ioValkeyTracking('BCAST', 'PREFIX', 'tunnel:'),
        `export async function list(pattern) { cache.set(pattern, await redis.keys(pattern)); }`,
        `export async function read(name) { cache.set(name, await redis.call(name, 'tunnel:1')); }`,
        `cache.set('j', await redis.call('JSON.GET', 'tunnel:doc'));`,
      ),
      options: [{ reportUnknown: true }],
      errors: [
        { messageId: 'unknownCoverage', line: 5, column: 64 },
        { messageId: 'unknownCoverage', line: 6, column: 58 },
        { messageId: 'unknownCommand', line: 7, column: 22 },
      ],
    },
    // A category map exported from a live server replaces the bundled verdicts and knows module commands.
    {
      code: lines(
        ioValkeyTracking(),
        `cache.set('j', await redis.call('JSON.GET', 'doc'));`,
        `cache.set('h', await redis.hgetall('h'));`,
      ),
      options: [{ categoriesFile: categoryMapFile }],
      errors: [
        { messageId: 'uncoveredRead', line: 5, column: 22 },
        { messageId: 'uncoveredRead', line: 6, column: 22 },
      ],
    },
    // An `unknown` entry of the map gives no verdict: the command is as unknown as one the data lacks.
    {
      code: lines(ioValkeyTracking(), `cache.set('m', await redis.call('MOD.GET', 'k'));`),
      options: [{ categoriesFile: categoryMapFile, reportUnknown: true }],
      errors: [{ messageId: 'unknownCommand', line: 5, column: 22 }],
    },
  ],
});

const typedProject = fileURLToPath(new URL('../fixtures/typed-project/', import.meta.url));
const typed = (code: string) => ({
  code,
  filename: 'file.ts',
  languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: typedProject } },
});

// With type information the program resolves imports, and clients set up in the imported module are followed.
runRuleTests('no-uncovered-cached-read with type information', rule, {
  valid: [
    typed(
      lines(
        `import { tracked } from './redis.js';`,
        `const memo = new Map();`,
        `memo.set('u', await tracked.keys('user:*'));`,
      ),
    ),
    typed(
      lines(
        `import { plain } from './redis.js';`,
        `const memo = new Map();`,
        `memo.set('k', await plain.keys('*'));`,
      ),
    ),
    {
      ...typed(
        lines(`import { createCatalogClient } from './redis.js';`, `await createCatalogClient().keys('*');`),
      ),
      settings: nodeRedis('6.2'),
    },
  ],
  invalid: [
    {
      ...typed(
        lines(
          `import { tracked as redis } from './redis.js';`,
          `const memo = new Map();`,
          `memo.set('s', await redis.keys('session:*'));`,
        ),
      ),
      errors: [{ messageId: 'uncoveredRead', line: 3, column: 21 }],
    },
    {
      ...typed(
        lines(
          `import { createCatalogClient } from './redis.js';`,
          `const client = createCatalogClient();`,
          `await client.memoryUsage('k');`,
        ),
      ),
      settings: nodeRedis('6.2'),
      errors: [{ messageId: 'uncoveredRead', line: 3, column: 7 }],
    },
  ],
});
