import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// Helpers of another module that put what they load in a store their caller passes: `remember(cache, key,
// load)` in a promise chain, an async `getOrSet(store, key, loader)`, `deps.cache` of a context object, an
// array a reporter pushes to. Whether the store outlives the request is the caller's: a module's Map is a cache,
// a Map made per call is not.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-caller-stores-');
write('package.json', JSON.stringify({ name: 'report-worker', private: true, type: 'module' }));
write(
  'src/lib/remember.js',
  `export function remember(cache, key, load) {`,
  `  if (cache.has(key)) return Promise.resolve(cache.get(key));`,
  `  return load().then((value) => {`,
  `    cache.set(key, value);`,
  `    return value;`,
  `  });`,
  `}`,
  `export async function getOrSet(store, key, loader, ttlMs = 30_000) {`,
  `  const hit = store.get(key);`,
  `  if (hit !== undefined) return hit;`,
  `  const fresh = await loader();`,
  `  store.set(key, fresh, { ttl: ttlMs });`,
  `  return fresh;`,
  `}`,
  `export function stamp(store, key, load) {`,
  `  store.set(key, Date.now());`,
  `  return load();`,
  `}`,
  `export async function collect(deps, load) {`,
  `  const rows = await load();`,
  `  deps.samples.push(rows);`,
  `  return rows;`,
  `}`,
);
// A repository given its client and its cache by a composition root; a factory whose object keeps what it loads
// in the store the factory was given.
write(
  'src/lib/repository.js',
  `export class SessionRepository {`,
  `  constructor(redis, cache) {`,
  `    this.redis = redis;`,
  `    this.cache = cache;`,
  `  }`,
  `  async devicesOf(user) {`,
  `    if (this.cache.has(user)) return this.cache.get(user);`,
  `    const keys = await this.redis.keys(\`session:\${user}:*\`);`,
  `    this.cache.set(user, keys);`,
  `    return keys.length;`,
  `  }`,
  `  async remember(id, load) {`,
  `    if (!this.cache.has(id)) this.cache.set(id, await load());`,
  `    return this.cache.get(id);`,
  `  }`,
  `  async owner(id) {`,
  `    return this.redis.hget(\`session:\${id}\`, 'owner');`,
  `  }`,
  `}`,
  `export function makeShelf(cache) {`,
  `  return {`,
  `    async keep(id, load) {`,
  `      const value = await load();`,
  `      cache.set(id, value);`,
  `      return value;`,
  `    },`,
  `  };`,
  `}`,
);
// Warmers that fill the store they are given with reads of their own module's client, or of the client given.
write(
  'src/lib/warmers.js',
  `import Valkey from 'iovalkey';`,
  `const holds = new Valkey(process.env.HOLDS_URL);`,
  `export async function warmHolds(cache, skus) {`,
  `  for (const sku of skus) cache.set(sku, await holds.pttl(\`hold:\${sku}\`));`,
  `}`,
  `export async function fillIndex(target, redis, season) {`,
  `  target.index.set(season, await redis.keys(\`board:\${season}:*\`));`,
  `}`,
);
// A composition root's connections, handed to services in a typed dependencies object.
write(
  'src/lib/connections.ts',
  `import Redis from 'ioredis';`,
  `export class Connections {`,
  `  readonly primary = new Redis(process.env.PRIMARY_URL!);`,
  `  readonly events = new Redis(process.env.PRIMARY_URL!);`,
  `  async start() {`,
  `    await this.events.subscribe('__redis__:invalidate');`,
  `    const id = await this.events.client('ID');`,
  `    this.primary.on('ready', () => this.primary.client('TRACKING', 'ON', 'REDIRECT', id));`,
  `  }`,
  `}`,
);
// A warmer whose store is a cache by its type: its own module reports what it keeps, its callers do not again.
write(
  'src/lib/typed-warmer.ts',
  `import type { LRUCache } from 'lru-cache';`,
  `import type Redis from 'ioredis';`,
  `export async function warmTtls(store: LRUCache<string, number>, client: Redis, keys: string[]) {`,
  `  for (const key of keys) store.set(key, await client.ttl(key));`,
  `}`,
);
// A memoizing wrapper that makes its client itself and takes the command as arguments.
write(
  'src/lib/memo-client.js',
  `import Valkey from 'iovalkey';`,
  `const own = new Valkey(process.env.MEMO_URL);`,
  `const events = new Valkey(process.env.MEMO_URL);`,
  `events.subscribe('__redis__:invalidate');`,
  `own.on('ready', async () => own.client('TRACKING', 'ON', 'REDIRECT', await events.client('ID')));`,
  `export class MemoClient {`,
  `  #memo = new Map();`,
  `  async read(...argv) {`,
  `    const id = argv.join('\\u0000');`,
  `    if (!this.#memo.has(id)) this.#memo.set(id, await own.call(...argv));`,
  `    return this.#memo.get(id);`,
  `  }`,
  `}`,
);
write(
  'src/lib/valkey.js',
  `import Valkey from 'iovalkey';`,
  `export const boards = new Valkey(process.env.BOARDS_URL);`,
  `const events = new Valkey(process.env.BOARDS_URL);`,
  `events.subscribe('__redis__:invalidate');`,
  `boards.on('ready', async () => boards.client('TRACKING', 'ON', 'REDIRECT', await events.client('ID')));`,
);

// Factories whose returned closures fill the store in the object they were given: the store lives as long as
// what the call returns (a service made once at start-up, or one per job run).
write(
  'src/lib/services.js',
  `export function createShopService({ redis, cache }) {`,
  `  async function listProducts() {`,
  `    const keys = await redis.keys('product:*');`,
  `    cache.set('products', keys);`,
  `    return keys;`,
  `  }`,
  `  return { listProducts };`,
  `}`,
  `export const makeCart = (deps) => ({`,
  `  async peek(id) {`,
  `    const picked = await deps.redis.srandmember(\`cart:\${id}\`);`,
  `    deps.memo[id] = picked;`,
  `    return picked;`,
  `  },`,
  `});`,
);

// Services grouped in objects the factory returns (`services.billing.graceRemaining(id)`), sharing one
// memoizer over the caller's store.
write(
  'src/lib/domain-services.js',
  `export function createDomainServices({ redis, cache }) {`,
  `  async function remember(key, load) {`,
  `    if (!cache.has(key)) cache.set(key, await load());`,
  `    return cache.get(key);`,
  `  }`,
  `  const billing = {`,
  `    async graceRemaining(id) {`,
  `      const seconds = await redis.ttl(\`grace:\${id}\`);`,
  `      cache.set(\`grace:\${id}\`, seconds);`,
  `      return seconds;`,
  `    },`,
  `  };`,
  `  const search = {`,
  `    indexed(id) { return remember(\`docs:\${id}\`, () => redis.keys(\`doc:\${id}:*\`)); },`,
  `  };`,
  `  return { billing, search };`,
  `}`,
);

// Express middleware of another module: one sets a response header from what a rate limiter says of the
// request's address (`res.set(field, value)` keeps nothing), another puts a PTTL on `res.locals` for the response.
write(
  'src/http/middleware.js',
  `import { createClient } from 'redis';`,
  `const sessions = createClient();`,
  `export function limitApi(req, res, next) {`,
  `  limiter.consume(req.ip).then((state) => {`,
  `    res.set('X-RateLimit-Remaining', String(state.remainingPoints));`,
  `    next();`,
  `  });`,
  `}`,
  `export async function sessionCountdown(req, res, next) {`,
  `  res.locals.sessionRemainingMs = await sessions.pTTL(\`sess:\${req.sessionID}\`);`,
  `  next();`,
  `}`,
);
write(
  'src/http/lockouts.js',
  `import Redis from 'ioredis';`,
  `const redis = new Redis();`,
  `export const lockouts = new Map();`,
  `export async function noteFailure(ip) {`,
  `  lockouts.set(ip, (lockouts.get(ip) ?? 0) + Number(await redis.incr(\`fail:\${ip}\`)));`,
  `}`,
);

runRuleTests('no-uncovered-cached-read: stores the caller passes to a helper of another module', rule, {
  valid: [
    // The PTTL stays on this response; the address a later handler keeps holds none of it.
    {
      code: lines(
        `import express from 'express';`,
        `import { limitApi, sessionCountdown } from './middleware.js';`,
        `import { noteFailure } from './lockouts.js';`,
        `const app = express();`,
        `app.use(sessionCountdown);`,
        `app.post('/login', (req, res) => noteFailure(req.ip).then(() => res.sendStatus(401)));`,
        `app.use('/api', limitApi);`,
        `export default app;`,
      ),
      filename: file('src/http/app.js'),
    },
    // A store made per call dies with the call; a helper that stores a timestamp keeps no reply; a covered read.
    {
      code: lines(
        `import { remember, stamp } from '../lib/remember.js';`,
        `import { boards } from '../lib/valkey.js';`,
        `export async function once(board) {`,
        `  const local = new Map();`,
        `  return remember(local, board, () => boards.zrandmember(\`board:\${board}\`, 3));`,
        `}`,
        `const stamps = new Map();`,
        `export const sample = (board) => stamp(stamps, board, () => boards.srandmember(\`team:\${board}\`, 2));`,
        `const top = new Map();`,
        `export const leaders = (board) => remember(top, board, () => boards.zrevrange(\`board:\${board}\`, 0, 9));`,
      ),
      filename: file('src/jobs/valid.js'),
    },
    // A service made for one job run, with a store of its own: both go when the run ends.
    {
      code: lines(
        `import { createShopService, makeCart } from '../lib/services.js';`,
        `import { boards } from '../lib/valkey.js';`,
        `export async function nightlyRun(jobId) {`,
        `  const shop = createShopService({ redis: boards, cache: new Map() });`,
        `  const cart = makeCart({ redis: boards, memo: {} });`,
        `  return [await shop.listProducts(), await cart.peek(jobId)];`,
        `}`,
      ),
      filename: file('src/jobs/nightly.js'),
    },
    // A repository made for one request keeps what it reads in its own fields no longer than the request.
    {
      code: lines(
        `import { SessionRepository } from '../lib/repository.js';`,
        `import { boards } from '../lib/valkey.js';`,
        `export async function devicesRoute(req, res) {`,
        `  const sessions = new SessionRepository(boards, new Map());`,
        `  res.json({ devices: await sessions.devicesOf(req.params.user) });`,
        `}`,
        `export async function pickRoute(req, res) {`,
        `  const sessions = new SessionRepository(boards, new Map());`,
        `  res.json(await sessions.remember('pick', () => boards.srandmember('team:all', 2)));`,
        `}`,
      ),
      filename: file('src/jobs/devices-route.js'),
    },
    // The repository's reads that it does not keep are the caller's to keep or not: returned, not kept. On a
    // connection that does not track, what the repository keeps is its own choice (nothing invalidates it).
    {
      code: lines(
        `import Valkey from 'iovalkey';`,
        `import { SessionRepository } from '../lib/repository.js';`,
        `import { boards } from '../lib/valkey.js';`,
        `const sessions = new SessionRepository(boards, new Map());`,
        `export const ownerOf = (id) => sessions.owner(id);`,
        `const archive = new SessionRepository(new Valkey(process.env.ARCHIVE_URL), new Map());`,
        `export const archivedDevices = (user) => archive.devicesOf(user);`,
        `import { fillIndex, warmHolds } from '../lib/warmers.js';`,
        `export async function holdsFor(skus) {`,
        `  const local = new Map();`,
        `  await warmHolds(local, skus);`,
        `  return Object.fromEntries(local);`,
        `}`,
        `import { warmTtls } from '../lib/typed-warmer';`,
        `const ttlCache = new Map();`,
        `export const warmAll = (keys) => warmTtls(ttlCache, boards, keys);`,
        `export async function indexOnce(season) {`,
        `  const scratch = { index: new Map() };`,
        `  await fillIndex(scratch, boards, season);`,
        `  return scratch.index.get(season);`,
        `}`,
      ),
      filename: file('src/jobs/owner.js'),
    },
  ],
  invalid: [
    // A module's Map given to `remember`: the random pick it loads is kept, and no write changes it.
    {
      code: lines(
        `import { remember } from '../lib/remember.js';`,
        `import { boards } from '../lib/valkey.js';`,
        `export const boardCache = new Map();`,
        `export function sampleOf(board) {`,
        `  return remember(boardCache, \`sample:\${board}\`, () => boards.zrandmember(\`board:\${board}\`, 3));`,
        `}`,
      ),
      filename: file('src/jobs/sample.js'),
      errors: [{ messageId: 'volatileReplyKept', line: 5 }],
    },
    // A service's lru-cache field given to the async `getOrSet`; the pattern read is kept.
    {
      code: lines(
        `import { LRUCache } from 'lru-cache';`,
        `import { getOrSet } from '../lib/remember.js';`,
        `import { boards } from '../lib/valkey.js';`,
        `export class BoardDirectory {`,
        `  #names = new LRUCache({ max: 100 });`,
        `  async list(season) {`,
        `    return getOrSet(this.#names, season, () => boards.keys(\`board:\${season}:*\`));`,
        `  }`,
        `}`,
        `export const directory = new BoardDirectory();`,
      ),
      filename: file('src/jobs/directory.js'),
      errors: [{ messageId: 'uncoveredRead', line: 7 }],
    },
    // A context object's array: the helper pushes what it loads below the argument (`deps.samples`).
    {
      code: lines(
        `import { collect } from '../lib/remember.js';`,
        `import { boards } from '../lib/valkey.js';`,
        `const context = { samples: [] };`,
        `export const ttlReport = (board) => collect(context, () => boards.pttl(\`board:\${board}\`));`,
      ),
      filename: file('src/jobs/report.js'),
      errors: [{ messageId: 'volatileReplyKept', line: 4 }],
    },
    // The repository keeps the pattern read it sends on the client it was given: reported at the call, judged
    // with that client's tracking (the repository's module cannot know it).
    {
      code: lines(
        `import { SessionRepository } from '../lib/repository.js';`,
        `import { boards } from '../lib/valkey.js';`,
        `const sessions = new SessionRepository(boards, new Map());`,
        `export async function banner(user) {`,
        `  const devices = await sessions.devicesOf(user);`,
        `  return devices > 3 ? 'You are signed in on many devices' : '';`,
        `}`,
      ),
      filename: file('src/jobs/banner.js'),
      errors: [{ messageId: 'uncoveredRead', line: 5 }],
    },
    // A warmer fills a module's Map with the remaining time of holds, from the warmer's own client.
    {
      code: lines(
        `import { warmHolds } from '../lib/warmers.js';`,
        `export const holdCache = new Map();`,
        `export const refreshHolds = (skus) => warmHolds(holdCache, skus);`,
      ),
      filename: file('src/jobs/holds.js'),
      errors: [{ messageId: 'volatileReplyKept', line: 3 }],
    },
    // A warmer fills `state.index` of a module's object with a pattern read on the tracking client passed.
    {
      code: lines(
        `import { fillIndex } from '../lib/warmers.js';`,
        `import { boards } from '../lib/valkey.js';`,
        `const state = { index: new Map() };`,
        `export const reindex = (season) => fillIndex(state, boards, season);`,
      ),
      filename: file('src/jobs/reindex.js'),
      errors: [{ messageId: 'uncoveredRead', line: 4 }],
    },
    // The warmer's own module reports the TTL it keeps in the cache its type names.
    {
      code: lines(
        `import type { LRUCache } from 'lru-cache';`,
        `import type Redis from 'ioredis';`,
        `export async function warmTtls(store: LRUCache<string, number>, client: Redis, keys: string[]) {`,
        `  for (const key of keys) store.set(key, await client.ttl(key));`,
        `}`,
      ),
      filename: file('src/lib/typed-warmer.ts'),
      errors: [{ messageId: 'volatileReplyKept', line: 4 }],
    },
    // A service given `{ conns, memo }` typed by an interface: the client is the imported class's tracking
    // connection, the Map the service's; a pattern read kept there is reported where the service reads.
    {
      code: lines(
        `import type { Connections } from '../lib/connections';`,
        `export interface StockDeps {`,
        `  conns: Connections;`,
        `  memo: Map<string, unknown>;`,
        `}`,
        `export class StockService {`,
        `  constructor(private readonly deps: StockDeps) {}`,
        `  async staleSkus(): Promise<void> {`,
        `    this.deps.memo.set('stock:stale', await this.deps.conns.primary.keys('stock:stale:*'));`,
        `  }`,
        `  async present(sku: string): Promise<void> {`,
        `    this.deps.memo.set(sku, await this.deps.conns.primary.exists(\`stock:\${sku}\`));`,
        `  }`,
        `}`,
      ),
      filename: file('src/services/stock.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 9 }],
    },
    // One repository for the process keeps what its callback loads for every later request.
    {
      code: lines(
        `import { SessionRepository } from '../lib/repository.js';`,
        `import { boards } from '../lib/valkey.js';`,
        `const sessions = new SessionRepository(boards, new Map());`,
        `export const teamPick = () => sessions.remember('pick', () => boards.srandmember('team:all', 2));`,
      ),
      filename: file('src/jobs/team-pick.js'),
      errors: [{ messageId: 'volatileReplyKept', line: 4 }],
    },
    // The wrapper keeps what it reads with the caller's command on its own tracking client: judged at the call
    // with the caller's words (KEYS remembers no key; GET is covered).
    {
      code: lines(
        `import { MemoClient } from '../lib/memo-client.js';`,
        `const memo = new MemoClient();`,
        `export const tenantIndex = () => memo.read('KEYS', 'tenant:*');`,
        `export const plan = (id) => memo.read('GET', \`plan:\${id}\`);`,
      ),
      filename: file('src/jobs/tenants.js'),
      errors: [{ messageId: 'uncoveredRead', line: 3 }],
    },
    // The shelf a factory made at start-up keeps the pattern read it loads.
    {
      code: lines(
        `import { makeShelf } from '../lib/repository.js';`,
        `import { boards } from '../lib/valkey.js';`,
        `const shelf = makeShelf(new Map());`,
        `export const seasons = () => shelf.keep('seasons', () => boards.keys('season:*'));`,
      ),
      filename: file('src/jobs/seasons.js'),
      errors: [{ messageId: 'uncoveredRead', line: 4 }],
    },
    // The same services made once at start-up, with stores written inline: kept for the life of the process.
    {
      code: lines(
        `import { createShopService, makeCart } from '../lib/services.js';`,
        `import { boards } from '../lib/valkey.js';`,
        `const shop = createShopService({ redis: boards, cache: new Map() });`,
        `const cart = makeCart({ redis: boards, memo: {} });`,
        `export const products = () => shop.listProducts();`,
        `export const peek = (id) => cart.peek(id);`,
      ),
      filename: file('src/jobs/startup.js'),
      errors: [
        { messageId: 'uncoveredRead', line: 3 },
        { messageId: 'volatileReplyKept', line: 4 },
      ],
    },
    // Made once: every read its functions keep in the store is reported on the call, each once.
    {
      code: lines(
        `import { createDomainServices } from '../lib/domain-services.js';`,
        `import { boards } from '../lib/valkey.js';`,
        `export const services = createDomainServices({ redis: boards, cache: new Map() });`,
      ),
      filename: file('src/jobs/domain.js'),
      errors: [
        { messageId: 'volatileReplyKept', line: 3 },
        { messageId: 'uncoveredRead', line: 3 },
      ],
    },
    // Made per run (its store goes with the run), but a method's reply kept by the caller in a module Map.
    {
      code: lines(
        `import { createDomainServices } from '../lib/domain-services.js';`,
        `import { boards } from '../lib/valkey.js';`,
        `const status = new Map();`,
        `export async function rollup(id) {`,
        `  const services = createDomainServices({ redis: boards, cache: new Map() });`,
        `  status.set(id, { grace: await services.billing.graceRemaining(id), at: Date.now() });`,
        `  return services.search.indexed(id);`,
        `}`,
      ),
      filename: file('src/jobs/rollup.js'),
      errors: [{ messageId: 'volatileReplyKept', line: 6 }],
    },
  ],
});
