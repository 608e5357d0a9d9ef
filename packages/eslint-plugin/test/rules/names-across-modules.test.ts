import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// A name another module gives a client is not always the client a module reads: Express's `app.locals.redis` is
// not `res.locals.redis`; a store factory's `{ redis }` parameter is what its caller passes, not the fastify
// decoration of that name; a repository's base class in a third module holds the connection its factory tracks.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-names-across-');
write('package.json', JSON.stringify({ name: 'marketplace', private: true, type: 'module' }));

// Express: the app keeps an untracked connection in `app.locals.redis`; a middleware of another module puts the
// cart connection, broadcasting `cart:`, on `res.locals.redis`.
write(
  'src/lib/redis.js',
  `import Redis from 'ioredis';`,
  `export function createClient(options = {}) {`,
  `  const client = new Redis({ ...options });`,
  `  client.on('error', () => {});`,
  `  return client;`,
  `}`,
);
write(
  'src/middleware/redis.js',
  `import { createClient } from '../lib/redis.js';`,
  `const cartClient = createClient({ connectionName: 'cart' });`,
  `const listener = createClient({ connectionName: 'cart:invalidations' });`,
  `listener.subscribe('__redis__:invalidate');`,
  `cartClient.on('ready', () => {`,
  `  listener.client('ID').then((id) => cartClient.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', id, 'BCAST', 'PREFIX', 'cart:'));`,
  `});`,
  `export function attachRedis(req, res, next) {`,
  `  res.locals.redis = cartClient;`,
  `  next();`,
  `}`,
);
write(
  'src/app.js',
  `import express from 'express';`,
  `import { createClient } from './lib/redis.js';`,
  `import { attachRedis } from './middleware/redis.js';`,
  `import cartRoutes from './routes/cart.js';`,
  `export function buildApp() {`,
  `  const app = express();`,
  `  app.locals.redis = createClient({ connectionName: 'web' });`,
  `  app.use(attachRedis);`,
  `  app.use('/cart', cartRoutes);`,
  `  return app;`,
  `}`,
);

// fastify: the app decorates `fastify.redis` with an OPTIN client; a store factory takes `{ redis }` from its
// callers, who pass their own connection.
write(
  'src/plugins/valkey.js',
  `import fp from 'fastify-plugin';`,
  `import Valkey from 'iovalkey';`,
  `export default fp(async function valkeyPlugin(fastify) {`,
  `  const redis = new Valkey();`,
  `  redis.on('ready', () => redis.call('CLIENT', 'TRACKING', 'ON', 'OPTIN'));`,
  `  fastify.decorate('redis', redis);`,
  `});`,
);
write(
  'src/services/ranking-store.js',
  `export function createRankingStore({ redis, size }) {`,
  `  return {`,
  `    top: () => redis.zrevrange('ranking', 0, size - 1),`,
  `    members: () => redis.smembers('ranking:members'),`,
  `  };`,
  `}`,
);

// Repositories: the tracked connection comes from a factory of a third module, through a connections class.
write(
  'src/infra/valkey-factory.ts',
  `import Valkey from 'iovalkey';`,
  `export function createTrackedValkey(opts: { prefixes: readonly string[] }): Valkey {`,
  `  const client = new Valkey();`,
  `  const subscriber = new Valkey();`,
  `  void subscriber.subscribe('__redis__:invalidate');`,
  `  client.on('ready', async () => {`,
  `    const args: string[] = ['TRACKING', 'ON', 'REDIRECT', String(await subscriber.client('ID')), 'BCAST'];`,
  `    for (const prefix of opts.prefixes) args.push('PREFIX', prefix);`,
  `    await client.call('CLIENT', ...args);`,
  `  });`,
  `  return client;`,
  `}`,
);
write(
  'src/infra/connections.ts',
  `import type Valkey from 'iovalkey';`,
  `import { createTrackedValkey } from './valkey-factory';`,
  `export const trackedValkey = createTrackedValkey({ prefixes: ['user:', 'catalog:'] });`,
  `export class ValkeyConnections {`,
  `  readonly tracked: Valkey = trackedValkey;`,
  `}`,
);
write(
  'src/repos/base-repo.ts',
  `import type Valkey from 'iovalkey';`,
  `import { ValkeyConnections } from '../infra/connections';`,
  `export abstract class BaseRepo {`,
  `  constructor(protected readonly conns: ValkeyConnections) {}`,
  `  protected get redis(): Valkey {`,
  `    return this.conns.tracked;`,
  `  }`,
  `}`,
);

// A store that takes its connection from a hand-written container: known only by its type.
write(
  'src/store/json-store.ts',
  `import type Valkey from 'iovalkey';`,
  `import { container } from '../di/container';`,
  `export class JsonStore<T> {`,
  `  private readonly redis: Valkey;`,
  `  constructor(private readonly namespace: string) {`,
  `    this.redis = container.resolve<Valkey>('redis');`,
  `  }`,
  `  async ttl(id: string): Promise<number> {`,
  `    return this.redis.ttl(\`\${this.namespace}\${id}\`);`,
  `  }`,
  `  async ids(): Promise<string[]> {`,
  `    return this.redis.keys(\`\${this.namespace}*\`);`,
  `  }`,
  `}`,
);
write(
  'src/di/container.ts',
  `export const container = { resolve<T>(_token: string): T { return undefined as T; } };`,
);

// A service turns broadcast tracking on for the factory's connection itself, and returns its SORT_RO reply.
write(
  'src/services/search.js',
  `import { createClient } from '../lib/redis.js';`,
  `const client = createClient({ connectionName: 'search' });`,
  `const listener = createClient({ connectionName: 'search:invalidations' });`,
  `listener.subscribe('__redis__:invalidate');`,
  `client.on('ready', async () => {`,
  `  const id = await listener.client('ID');`,
  `  await client.client('TRACKING', 'ON', 'REDIRECT', id, 'BCAST', 'PREFIX', 'listing:', 'PREFIX', 'price:');`,
  `});`,
  `export function rankCategory(slug, limit = 48) {`,
  `  return client.sort_ro('category:' + slug, 'BY', 'price:*', 'LIMIT', 0, limit);`,
  `}`,
  `export function rankListings(limit = 48) {`,
  `  return client.sort_ro('listing:index', 'BY', 'price:*', 'LIMIT', 0, limit);`,
  `}`,
);

// A client whose module hands it to a tracking helper of a third module, read by a fourth module's helper.
write(
  'src/redis/tracking.js',
  `export function trackPrefixes(client, prefixes) {`,
  `  const subscriber = client.duplicate();`,
  `  subscriber.subscribe('__redis__:invalidate');`,
  `  client.on('ready', async () => {`,
  `    const args = ['TRACKING', 'ON', 'REDIRECT', String(await subscriber.client('ID')), 'BCAST'];`,
  `    for (const prefix of prefixes) args.push('PREFIX', prefix);`,
  `    await client.call('CLIENT', ...args);`,
  `  });`,
  `  return subscriber;`,
  `}`,
);
write(
  'src/redis/clients.js',
  `import Redis from 'ioredis';`,
  `import { trackPrefixes } from './tracking.js';`,
  `export const redis = new Redis();`,
  `export const invalidations = trackPrefixes(redis, ['room:', 'user:']);`,
);
write(
  'src/presence/presence.js',
  `import { redis } from '../redis/clients.js';`,
  `export function countNow(roomId) {`,
  `  return redis.zcount(\`presence:\${roomId}\`, Date.now() - 60_000, '+inf');`,
  `}`,
  `export function roomSize(roomId) {`,
  `  return redis.scard(\`room:\${roomId}:members\`);`,
  `}`,
);

runRuleTests('no-uncovered-cached-read: names across modules', rule, {
  valid: [
    // The untracked connection the caller passes: a KEYS reply kept from it is nobody's stale cache entry.
    {
      code: lines(
        `import Valkey from 'iovalkey';`,
        `import { createRankingStore } from './ranking-store.js';`,
        `const plain = new Valkey();`,
        `const store = createRankingStore({ redis: plain, size: 10 });`,
        `const kept = new Map();`,
        `export async function members() { kept.set('members', await store.members()); }`,
      ),
      filename: file('src/services/leaderboard.js'),
    },
  ],
  invalid: [
    // The presence helpers read on the client `clients.js` hands to the tracking helper: BCAST `room:`, `user:`.
    {
      code: lines(
        `import { countNow, roomSize } from '../presence/presence.js';`,
        `const lobby = new Map();`,
        `export async function card(roomId) {`,
        `  lobby.set(roomId, { live: await countNow(roomId), size: await roomSize(roomId) });`,
        `  return lobby.get(roomId);`,
        `}`,
      ),
      filename: file('src/handlers/rooms.js'),
      errors: [{ messageId: 'uncoveredRead', line: 4 }],
    },
    // The route keeps both rankings: the category key lies outside the service's prefixes.
    {
      code: lines(
        `import * as search from '../services/search.js';`,
        `const hot = new Map();`,
        `export async function category(slug) {`,
        `  if (!hot.has(slug)) hot.set(slug, await search.rankCategory(slug));`,
        `  return hot.get(slug);`,
        `}`,
        `export async function listings() {`,
        `  if (!hot.has('all')) hot.set('all', await search.rankListings());`,
        `  return hot.get('all');`,
        `}`,
      ),
      filename: file('src/routes/search.js'),
      errors: [{ messageId: 'uncoveredRead', line: 4 }],
    },
    // `res.locals.redis` is the cart connection: `promo:` lies outside its prefix.
    {
      code: lines(
        `import { Router } from 'express';`,
        `const router = Router();`,
        `const promos = new Map();`,
        `router.get('/promo/:code', async (req, res) => {`,
        `  const { code } = req.params;`,
        `  if (!promos.has(code)) promos.set(code, await res.locals.redis.get(\`promo:\${code}\`));`,
        `  res.json(promos.get(code));`,
        `});`,
        `export default router;`,
      ),
      filename: file('src/routes/cart.js'),
      errors: [{ messageId: 'uncoveredRead', line: 6 }],
    },
    // A repository inherits the tracked connection: keys outside `user:` and `catalog:` are not announced.
    {
      code: lines(
        `import { BaseRepo } from './base-repo';`,
        `export class UserRepo extends BaseRepo {`,
        `  private readonly memo = new Map<string, unknown>();`,
        `  async profile(id: string) {`,
        `    if (!this.memo.has(id)) this.memo.set(id, await this.redis.hgetall(\`user:\${id}\`));`,
        `    return this.memo.get(id);`,
        `  }`,
        `  async preferences(id: string) {`,
        `    if (!this.memo.has(id)) this.memo.set(id, await this.redis.hgetall(\`prefs:\${id}\`));`,
        `    return this.memo.get(id);`,
        `  }`,
        `}`,
      ),
      filename: file('src/repos/user-repo.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 9 }],
    },
    // The store's TTL changes with no write, whatever its connection tracks; its key list depends on that.
    {
      code: lines(
        `import { JsonStore } from '../store/json-store';`,
        `export class CheckoutService {`,
        `  private readonly carts = new JsonStore<string>('cart:');`,
        `  private readonly expiry = new Map<string, unknown>();`,
        `  async expiresIn(id: string) { this.expiry.set(id, await this.carts.ttl(id)); }`,
        `  async cartIds() { this.expiry.set('ids', await this.carts.ids()); }`,
        `}`,
      ),
      filename: file('src/services/checkout.ts'),
      errors: [{ messageId: 'volatileReplyKept', line: 5 }],
    },
  ],
});
