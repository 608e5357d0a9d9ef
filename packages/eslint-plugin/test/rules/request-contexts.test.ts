import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// Clients a request context carries to handlers that never import them, with no settings: React Router's
// `context.set(valkeyContext, valkey)` in middleware and `context.get(valkeyContext)` in loaders, Hono's
// `c.set('redis', client)` and `c.get('redis')`, SvelteKit's `event.locals.redis` from hooks.server.ts, a tRPC
// `createContext` whose `{ glide }` procedures read as `ctx.glide`, and a GraphQL server's `context` option.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-request-contexts-');
write('package.json', JSON.stringify({ name: 'contexts-app', private: true, type: 'module' }));

// React Router 7: the key in one module, the middleware that fills it in another (BCAST under `product:`).
write(
  'app/server/context.ts',
  `import { createContext } from 'react-router';`,
  `import type Valkey from 'iovalkey';`,
  `export const valkeyContext = createContext<Valkey>();`,
);
write(
  'app/middleware/valkey.server.ts',
  `import Valkey from 'iovalkey';`,
  `import { valkeyContext } from '../server/context';`,
  `const valkey = new Valkey(process.env.VALKEY_URL!);`,
  `valkey.on('ready', () => valkey.call('CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'product:'));`,
  `export const valkeyMiddleware = async ({ context }, next) => {`,
  `  context.set(valkeyContext, valkey);`,
  `  return next();`,
  `};`,
);
// Hono: a middleware factory sets the connection on each request's context.
write(
  'src/middleware/redis.ts',
  `import { createMiddleware } from 'hono/factory';`,
  `import Redis from 'ioredis';`,
  `const redis = new Redis();`,
  `redis.on('ready', () => redis.client('TRACKING', 'ON'));`,
  `const seen = new Map();`,
  `export const withRedis = createMiddleware(async (c, next) => {`,
  `  c.set('redis', redis);`,
  `  c.set('seen', seen);`,
  `  c.set('scratch', new Map());`,
  `  await next();`,
  `});`,
);
// Hono: the module whose middleware puts the memo on the context also exports the helper that fills it.
write(
  'src/middleware/memo.ts',
  `import type { Context } from 'hono';`,
  `import { createMiddleware } from 'hono/factory';`,
  `const memo = new Map<string, unknown>();`,
  `export const withMemo = createMiddleware(async (c, next) => {`,
  `  c.set('memo', memo);`,
  `  await next();`,
  `});`,
  `export async function remember<T>(c: Context, key: string, load: () => Promise<T>): Promise<T> {`,
  `  const store = c.get('memo');`,
  `  if (store.has(key)) return store.get(key) as T;`,
  `  const value = await load();`,
  `  store.set(key, value);`,
  `  return value;`,
  `}`,
);
// SvelteKit's hooks.server.ts: node-redis 5 with its client-side cache, on every request's `locals`.
write(
  'src/hooks.server.ts',
  `import { createClient } from 'redis';`,
  `const redis = await createClient({ RESP: 3, clientSideCache: { ttl: 60_000 } }).connect();`,
  `export async function handle({ event, resolve }) {`,
  `  event.locals.redis = redis;`,
  `  return resolve(event);`,
  `}`,
);
// tRPC: the context factory returns the assisted glide client.
write(
  'server/trpc/context.ts',
  `import { GlideClient, ClientSideCache } from '@valkey/valkey-glide';`,
  `const glide = await GlideClient.createClient({`,
  `  addresses: [{ host: 'localhost', port: 6379 }],`,
  `  protocol: 'RESP3',`,
  `  clientSideCache: ClientSideCache.create(1024, 60_000, { serverAssisted: true }),`,
  `});`,
  `const memo = new Map<string, unknown>();`,
  `export async function createContext() {`,
  `  return { glide, memo, scratch: new Map<string, unknown>(), seen: [] as string[] };`,
  `}`,
);
// A GraphQL server's `context` option: resolvers read `context.cache`.
write(
  'server/graphql/server.ts',
  `import { ApolloServer } from '@apollo/server';`,
  `import { startStandaloneServer } from '@apollo/server/standalone';`,
  `import Valkey from 'iovalkey';`,
  `import { typeDefs, resolvers } from './schema';`,
  `const cache = new Valkey();`,
  `cache.on('ready', () => cache.call('CLIENT', 'TRACKING', 'ON'));`,
  `const server = new ApolloServer({ typeDefs, resolvers });`,
  `await startStandaloneServer(server, { context: async ({ req }) => ({ cache, token: req.headers.authorization }) });`,
);
// A context factory module with no client of its own (Mercurius hands it the request): the caches beside it are
// every request's, the Map it makes per call is that request's.
write(
  'gql/context.js',
  `const hotTags = new Map();`,
  `export async function createGraphQLContext(request) {`,
  `  return { redis: request.server.redis, hotTags, perCall: new Map() };`,
  `}`,
);
// An Apollo entry module that exports nothing: the client it puts in the context is made in another module.
write(
  'store-api/src/clients/node-redis.ts',
  `import { createClient } from 'redis';`,
  `export const storeCache = createClient({ RESP: 3, clientSideCache: { ttl: 0, maxEntries: 5000 } });`,
  `export type CatalogClient = typeof storeCache;`,
);
write(
  'store-api/src/server.ts',
  `import { ApolloServer } from '@apollo/server';`,
  `import { startStandaloneServer } from '@apollo/server/standalone';`,
  `import { storeCache } from './clients/node-redis';`,
  `import { resolvers } from './graphql/metrics';`,
  `async function main(): Promise<void> {`,
  `  const server = new ApolloServer({ typeDefs: '', resolvers });`,
  `  await startStandaloneServer(server, {`,
  `    context: async ({ req }) => ({ requestId: String(req.headers['x-request-id']), catalog: storeCache }),`,
  `  });`,
  `}`,
  `main();`,
);

// Express app settings: `app.set('redis', client)` in app.js, `req.app.get('redis')` in a router module.
write(
  'src/app.js',
  `const express = require('express');`,
  `const Redis = require('ioredis');`,
  `const redis = new Redis(process.env.REDIS_URL);`,
  `redis.on('ready', () => redis.client('TRACKING', 'ON'));`,
  `const app = express();`,
  `app.set('redis', redis);`,
  `app.use('/stats', require('./routes/stats'));`,
  `module.exports = app;`,
);

// Koa: the app's context is the prototype of every `ctx`, so `app.context.cache = client` reaches every route.
write(
  'koa/app.ts',
  `import Koa from 'koa';`,
  `import Valkey from 'iovalkey';`,
  `import { router } from './routes/leaderboard';`,
  `const app = new Koa();`,
  `const cache = new Valkey();`,
  `cache.on('ready', () => cache.call('CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'board:'));`,
  `app.context.cache = cache;`,
  `app.context.boards = new Map();`,
  `app.use(router.routes());`,
);

// A fastify plugin decorating the instance with its client and a cache for every route plugin.
write(
  'fastify/plugins/valkey.ts',
  `import fp from 'fastify-plugin';`,
  `import Valkey from 'iovalkey';`,
  `import { LRUCache } from 'lru-cache';`,
  `export default fp(async function valkeyPlugin(fastify) {`,
  `  const valkey = new Valkey();`,
  `  valkey.on('ready', () => valkey.call('CLIENT', 'TRACKING', 'ON'));`,
  `  fastify.decorate('valkey', valkey);`,
  `  fastify.decorate('replies', new LRUCache({ max: 1000 }));`,
  `});`,
);

// An Express app putting its caches on `app.locals`, read by a router module as `req.app.locals.holds`.
write(
  'express/valkey.ts',
  `import Valkey from 'iovalkey';`,
  `export const valkey = new Valkey();`,
  `valkey.on('ready', () => valkey.call('CLIENT', 'TRACKING', 'ON'));`,
);
write(
  'express/app.ts',
  `import express from 'express';`,
  `import { valkey } from './valkey.js';`,
  `export const app = express();`,
  `app.locals.holds = new Map<string, number>();`,
  `app.get('/ping', async (_req, res) => res.json(await valkey.ping()));`,
);
// A fastify plugin of its own for the cache (no client in it), decorating the instance with a module's LRU.
write(
  'fastify/plugins/pages.ts',
  `import fp from 'fastify-plugin';`,
  `import { LRUCache } from 'lru-cache';`,
  `export const pages = new LRUCache({ max: 500 });`,
  `async function pagesPlugin(fastify) {`,
  `  fastify.decorate('pages', pages);`,
  `}`,
  `export default fp(pagesPlugin, { name: 'pages' });`,
);

// A hapi plugin decorating the server with its client and putting a cache in `server.app` (hapi's state for the
// application), read by the routes of another plugin as `request.server.app.cache`.
write(
  'hapi/plugins/redis.js',
  `'use strict';`,
  `const Redis = require('ioredis');`,
  `exports.plugin = {`,
  `  name: 'redis',`,
  `  async register(server) {`,
  `    const client = new Redis();`,
  `    client.on('ready', () => client.call('CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'listing:'));`,
  `    server.decorate('server', 'redis', client);`,
  `    server.app.cache = new Map();`,
  `  },`,
  `};`,
);

runRuleTests('no-uncovered-cached-read: clients a request context carries', rule, {
  valid: [
    // A read the client's prefixes cover, kept: full under BCAST `product:`.
    {
      code: lines(
        `import { valkeyContext } from '~/server/context';`,
        `const cards = new Map<string, Record<string, string>>();`,
        `export async function loader({ params, context }) {`,
        `  cards.set(params.id, await context.get(valkeyContext).hgetall(\`product:\${params.id}\`));`,
        `  return cards.get(params.id);`,
        `}`,
      ),
      filename: file('app/routes/product.ts'),
    },
    // A cache the context carries, holding a covered read (Koa, BCAST `board:`); a store of that name on
    // another object, and one made for the request.
    {
      code: lines(
        `import Router from '@koa/router';`,
        `export const router = new Router();`,
        `router.get('/boards/:id', async (ctx) => {`,
        `  if (!ctx.boards.has(ctx.params.id)) ctx.boards.set(ctx.params.id, await ctx.cache.zrange(\`board:\${ctx.params.id}\`, 0, 9));`,
        `  ctx.body = ctx.boards.get(ctx.params.id);`,
        `});`,
        `export async function keep(state) {`,
        `  state.boards.set('ttl', await state.cache.ttl('board:all'));`,
        `}`,
      ),
      filename: file('koa/routes/boards.ts'),
    },
    // hapi: a covered read kept in the cache another plugin put in `server.app`; a per-request context's Map.
    {
      code: lines(
        `'use strict';`,
        `exports.routes = [{`,
        `  method: 'GET', path: '/listings/{id}',`,
        `  handler: async (request) => {`,
        `    const cache = request.server.app.cache;`,
        `    const key = \`listing:\${request.params.id}\`;`,
        `    if (!cache.has(key)) cache.set(key, await request.server.redis.hgetall(key));`,
        `    return cache.get(key);`,
        `  },`,
        `}, {`,
        `  method: 'GET', path: '/drafts/{id}',`,
        `  handler: async (request) => {`,
        `    const seen = new Map();`,
        `    seen.set('ttl', await request.server.redis.pttl(\`draft:\${request.params.id}\`));`,
        `    return Object.fromEntries(seen);`,
        `  },`,
        `}];`,
      ),
      filename: file('hapi/routes/listings.js'),
    },
    // A config lookup by the same method name is no client.
    {
      code: lines(
        `let names: string[] = [];`,
        `export const list = (settings) => { names = settings.get('redis').keys('*'); };`,
      ),
      filename: file('src/routes/settings.ts'),
    },
  ],
  invalid: [
    // React Router: a key outside the prefixes, kept in a module Map.
    {
      code: lines(
        `import { valkeyContext } from '~/server/context';`,
        `const reviewPages = new Map<string, string[]>();`,
        `export async function loader({ params, context }) {`,
        `  const valkey = context.get(valkeyContext);`,
        `  if (!reviewPages.has(params.id)) reviewPages.set(params.id, await valkey.zrevrange(\`review:\${params.id}\`, 0, 9));`,
        `  return reviewPages.get(params.id);`,
        `}`,
      ),
      filename: file('app/routes/reviews.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 5 }],
    },
    // Hono: KEYS kept in a module variable.
    {
      code: lines(
        `import { Hono } from 'hono';`,
        `export const app = new Hono();`,
        `let sessions: string[] = [];`,
        `app.get('/admin/sessions', async (c) => {`,
        `  sessions = await c.get('redis').keys('session:*');`,
        `  return c.json(sessions);`,
        `});`,
      ),
      filename: file('src/routes/admin.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 5 }],
    },
    // SvelteKit: node-redis 5 caches XPENDING itself (partial), though the endpoint keeps nothing.
    {
      code: lines(
        `export async function GET({ params, locals }) {`,
        `  const pending = await locals.redis.xPending(\`comments:\${params.slug}\`, 'moderators');`,
        `  return new Response(JSON.stringify(pending));`,
        `}`,
      ),
      filename: file('src/routes/api/posts/[slug]/+server.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 2 }],
    },
    // tRPC: glide's assisted cache keeps the KEYS reply itself (BCAST with no prefix covers no pattern).
    {
      code: lines(
        `import { publicProcedure, router } from '../trpc';`,
        `export const adminRouter = router({`,
        `  carts: publicProcedure.query(({ ctx }) => ctx.glide.customCommand(['KEYS', 'cart:*'])),`,
        `  stale: publicProcedure.query(async ({ ctx }) => { staleAt = await ctx.glide.ttl('cart:index'); return staleAt; }),`,
        `});`,
        `let staleAt = 0;`,
      ),
      filename: file('server/trpc/routers/admin.ts'),
      errors: [{ messageId: 'volatileReplyKept', line: 4 }],
    },
    // tRPC and Koa: the module's cache the context carries to every request keeps what a handler puts there.
    {
      code: lines(
        `import { publicProcedure, router } from '../trpc';`,
        `export const leaseRouter = router({`,
        `  left: publicProcedure.query(async ({ ctx, input }) => {`,
        `    if (!ctx.memo.has(input)) ctx.memo.set(input, await ctx.glide.pttl(\`lease:\${input}\`));`,
        `    return ctx.memo.get(input);`,
        `  }),`,
        `  perCall: publicProcedure.query(async ({ ctx }) => {`,
        `    const memo = new Map();`,
        `    memo.set('left', await ctx.glide.pttl('lease:all'));`,
        `    return memo.size;`,
        `  }),`,
        `  // A container the factory makes for each request is that request's own.`,
        `  perRequest: publicProcedure.query(async ({ ctx }) => {`,
        `    ctx.scratch.set('left', await ctx.glide.pttl('lease:all'));`,
        `    ctx.seen[0] = await ctx.glide.ttl('lease:all');`,
        `    return ctx.scratch.get('left');`,
        `  }),`,
        `});`,
      ),
      filename: file('server/trpc/routers/leases.ts'),
      errors: [{ messageId: 'volatileReplyKept', line: 4 }],
    },
    {
      code: lines(
        `import Router from '@koa/router';`,
        `export const router = new Router();`,
        `router.get('/boards/:id/ttl', async (ctx) => {`,
        `  ctx.boards.set('ttl', await ctx.cache.ttl(\`board:\${ctx.params.id}\`));`,
        `});`,
      ),
      filename: file('koa/routes/board-ttl.ts'),
      errors: [{ messageId: 'volatileReplyKept', line: 4 }],
    },
    // fastify: the decorated cache lives as long as the app.
    {
      code: lines(
        `export default async function featuredRoutes(fastify) {`,
        `  fastify.get('/featured', async () => {`,
        `    const picks = await fastify.valkey.srandmember('featured', 6);`,
        `    fastify.replies.set('featured', picks);`,
        `    return picks;`,
        `  });`,
        `}`,
      ),
      filename: file('fastify/routes/featured.ts'),
      errors: [{ messageId: 'volatileReplyKept', line: 3 }],
    },
    // Express: a Map the app put on its `locals`, read off `req.app.locals` in a router module.
    {
      code: lines(
        `import { Router } from 'express';`,
        `import { valkey } from './valkey.js';`,
        `export const api = Router();`,
        `api.get('/hold/:id', async (req, res) => {`,
        `  const holds: Map<string, number> = req.app.locals.holds;`,
        `  holds.set(req.params.id, await valkey.pttl(\`hold:\${req.params.id}\`));`,
        `  res.json(holds.get(req.params.id));`,
        `});`,
      ),
      filename: file('express/hold-routes.ts'),
      errors: [{ messageId: 'volatileReplyKept', line: 6 }],
    },
    // fastify: the cache another plugin of its own decorates the instance with, the client from a third one.
    {
      code: lines(
        `export default async function ttlRoutes(fastify) {`,
        `  const { pages } = fastify;`,
        `  fastify.get('/lease/:id', async (request) => {`,
        `    pages.set(request.params.id, await fastify.valkey.pttl(\`lease:\${request.params.id}\`));`,
        `    return pages.get(request.params.id);`,
        `  });`,
        `  fastify.get('/names', async () => {`,
        `    const names = await fastify.valkey.keys('name:*');`,
        `    fastify.pages.set('names', names);`,
        `    return names;`,
        `  });`,
        `}`,
      ),
      filename: file('fastify/routes/lease.ts'),
      errors: [
        { messageId: 'volatileReplyKept', line: 4 },
        { messageId: 'uncoveredRead', line: 8 },
      ],
    },
    // hapi: a volatile read kept in the cache another plugin put in `server.app`.
    {
      code: lines(
        `'use strict';`,
        `exports.routes = [{`,
        `  method: 'GET', path: '/drafts/{id}/expiry',`,
        `  handler: async (request) => {`,
        `    const cache = request.server.app.cache;`,
        `    const key = \`draft-ttl:\${request.params.id}\`;`,
        `    if (!cache.has(key)) cache.set(key, await request.server.redis.pttl(\`draft:\${request.params.id}\`));`,
        `    return { expiresInMs: cache.get(key) };`,
        `  },`,
        `}];`,
      ),
      filename: file('hapi/routes/drafts.js'),
      errors: [{ messageId: 'volatileReplyKept', line: 7 }],
    },
    // hapi: the object `server.bind` gives every handler of the plugin as `h.context`, made in `register` (which
    // runs once): its Maps live as long as the server, read as a member or destructured.
    {
      code: lines(
        `'use strict';`,
        `const Redis = require('ioredis');`,
        `const redis = new Redis();`,
        `const routes = [{`,
        `  method: 'GET', path: '/sessions/{id}/idle',`,
        `  handler: async (request, h) => {`,
        `    const idle = await redis.object('IDLETIME', \`session:\${request.params.id}\`);`,
        `    h.context.idle.set(request.params.id, idle);`,
        `    return { idle };`,
        `  },`,
        `}, {`,
        `  method: 'GET', path: '/locks/{id}',`,
        `  handler: async (request, h) => {`,
        `    const { locks } = h.context;`,
        `    if (!locks.has(request.params.id)) locks.set(request.params.id, await redis.ttl(\`lock:\${request.params.id}\`));`,
        `    return locks.get(request.params.id);`,
        `  },`,
        `}];`,
        `exports.plugin = {`,
        `  name: 'sessions',`,
        `  register(server) {`,
        `    server.bind({ idle: new Map(), locks: new Map() });`,
        `    server.route(routes);`,
        `  },`,
        `};`,
      ),
      filename: file('hapi/routes/sessions.js'),
      errors: [
        { messageId: 'volatileReplyKept', line: 7 },
        { messageId: 'volatileReplyKept', line: 15 },
      ],
    },
    // Hono: the middleware's Map on every request's context.
    {
      code: lines(
        `import { Hono } from 'hono';`,
        `export const app = new Hono();`,
        `app.get('/admin/online', async (c) => {`,
        `  const seen = c.get('seen');`,
        `  seen.set('online', await c.get('redis').keys('online:*'));`,
        `  return c.json(seen.get('online'));`,
        `});`,
      ),
      filename: file('src/routes/online.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 5 }],
    },
    // Hono: a helper of the middleware's module keeps what its callback returns in the context's memo.
    {
      code: lines(
        `import { Hono } from 'hono';`,
        `import { remember } from '../middleware/memo';`,
        `export const app = new Hono();`,
        `app.get('/admin/queues', async (c) => {`,
        `  const names = await remember(c, 'queues', () => c.get('redis').keys('queue:*'));`,
        `  return c.json(names);`,
        `});`,
      ),
      filename: file('src/routes/queues.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 5 }],
    },
    // Mercurius: a resolver keeps a TTL in the context factory's module Map, and another in its per-call Map.
    {
      code: lines(
        `export const resolvers = {`,
        `  Query: {`,
        `    async hotTag(_, { tag }, context) {`,
        `      context.hotTags.set(tag, await context.redis.pttl(\`hot:\${tag}\`));`,
        `      context.perCall.set(tag, await context.redis.pttl(\`hot:\${tag}\`));`,
        `      return context.hotTags.get(tag);`,
        `    },`,
        `  },`,
        `};`,
      ),
      filename: file('gql/resolvers.js'),
      errors: [{ messageId: 'volatileReplyKept', line: 4 }],
    },
    // Hono: a Map the middleware makes for each request is that request's own; the module's Map is not.
    {
      code: lines(
        `import { Hono } from 'hono';`,
        `export const app = new Hono();`,
        `app.get('/admin/leases', async (c) => {`,
        `  const scratch = c.get('scratch');`,
        `  const seen = c.get('seen');`,
        `  scratch.set('lease', await c.get('redis').pttl('lease:all'));`,
        `  seen.set('lease', await c.get('redis').pttl('lease:all'));`,
        `  return c.json(scratch.get('lease'));`,
        `});`,
      ),
      filename: file('src/routes/leases.ts'),
      errors: [{ messageId: 'volatileReplyKept', line: 7 }],
    },
    // Express: a router keeps what the app's client answered to KEYS.
    {
      code: lines(
        `const router = require('express').Router();`,
        `let names = null;`,
        `router.get('/', async (req, res) => {`,
        `  if (!names) names = await req.app.get('redis').keys('stat:*');`,
        `  res.json(names);`,
        `});`,
        `module.exports = router;`,
      ),
      filename: file('src/routes/stats.js'),
      errors: [{ messageId: 'uncoveredRead', line: 4 }],
    },
    // Koa: a key outside the app client's BCAST prefix, kept across requests.
    {
      code: lines(
        `import Router from '@koa/router';`,
        `export const router = new Router();`,
        `const seasons = new Map<string, string[]>();`,
        `router.get('/seasons/:id', async (ctx) => {`,
        `  if (!seasons.has(ctx.params.id)) seasons.set(ctx.params.id, await ctx.cache.lrange(\`season:\${ctx.params.id}\`, 0, -1));`,
        `  ctx.body = seasons.get(ctx.params.id);`,
        `});`,
      ),
      filename: file('koa/routes/leaderboard.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 5 }],
    },
    // GraphQL: a resolver keeps a KEYS reply across requests.
    {
      code: lines(
        `let online: string[] | undefined;`,
        `export const resolvers = {`,
        `  Query: {`,
        `    online: async (_parent, _args, context) => (online ??= await context.cache.keys('presence:*')),`,
        `  },`,
        `};`,
      ),
      filename: file('server/graphql/schema.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 4 }],
    },
    // Its resolvers: a DBSIZE kept between requests, an XPENDING node-redis 5's own cache keeps.
    {
      code: lines(
        `import type { CatalogClient } from '../clients/node-redis';`,
        `interface GraphQLContext { requestId: string; catalog: CatalogClient }`,
        `let lastCount = 0;`,
        `export const resolvers = {`,
        `  Query: {`,
        `    count: async (_: unknown, __: unknown, ctx: GraphQLContext) => (lastCount = await ctx.catalog.dbSize()),`,
        `    lag: async (_: unknown, __: unknown, ctx: GraphQLContext) => (await ctx.catalog.xPending('s', 'g')).pending,`,
        `  },`,
        `};`,
      ),
      filename: file('store-api/src/graphql/metrics.ts'),
      errors: [
        { messageId: 'uncoveredRead', line: 6 },
        { messageId: 'uncoveredRead', line: 7 },
      ],
    },
  ],
});
