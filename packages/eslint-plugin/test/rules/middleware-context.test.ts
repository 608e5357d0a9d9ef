import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';

// Koa and Express apps that hand their clients to route handlers on the request objects: one middleware puts
// them there (`ctx.state.deps`, `res.locals`), or the app holds them for every request (`app.context`,
// `app.locals`), and a later middleware or route handler reads with them, directly or through a loader of
// another module, keeping the reply in a module map.
const lines = (...source: string[]) => source.join('\n');
const directory = mkdtempSync(join(tmpdir(), 'vt-middleware-context-'));
const file = (name: string) => join(directory, name);

writeFileSync(
  file('loaders.js'),
  lines(
    `export const listUsers = ({ valkey }) => valkey.scan('0', 'MATCH', 'user:*', 'COUNT', 100).then(([, keys]) => keys);`,
  ),
);

writeFileSync(
  file('response-cache.js'),
  lines(
    `const bodies = new Map();`,
    `module.exports = function responseCache({ ttlMs = 30_000 } = {}) {`,
    `  return function cacheResponse(req, res, next) {`,
    `    const hit = bodies.get(req.originalUrl);`,
    `    if (hit && hit.until > Date.now()) return res.json(hit.body);`,
    `    const send = res.json.bind(res);`,
    `    res.json = (body) => {`,
    `      bodies.set(req.originalUrl, { body, until: Date.now() + ttlMs });`,
    `      return send(body);`,
    `    };`,
    `    next();`,
    `  };`,
    `};`,
  ),
);

// Controllers of their own module, sending replies of its client on the response they are given.
writeFileSync(
  file('lease-controller.js'),
  lines(
    `const Redis = require('ioredis');`,
    `const redis = new Redis();`,
    `const leaseController = {`,
    `  async show(req, res) {`,
    `    res.json({ left: await redis.ttl(req.params.key) });`,
    `  },`,
    `  async live(req, res) {`,
    `    res.json({ left: await redis.pttl(req.params.key) });`,
    `  },`,
    `  async peek(req, res) {`,
    `    res.send({ left: await redis.pttl(req.params.key) });`,
    `  },`,
    `};`,
    `module.exports = { leaseController };`,
  ),
);

// An auth middleware of its own module, keeping each session it reads off the request's client.
writeFileSync(
  file('auth.js'),
  lines(
    `const sessions = new Map();`,
    `export async function auth(ctx, next) {`,
    `  const token = ctx.query.access_token;`,
    `  let session = sessions.get(token);`,
    `  if (!session) {`,
    `    session = { user: await ctx.state.valkey.hgetall(\`session:\${token}\`), at: Date.now() };`,
    `    sessions.set(token, session);`,
    `  }`,
    `  ctx.state.user = session.user;`,
    `  await next();`,
    `}`,
  ),
);

// A route wrapper of a utilities module, and a response cache written in TypeScript (its `res.send` cast).
writeFileSync(
  file('catch-async.ts'),
  lines(
    `import type { NextFunction, Request, Response } from 'express';`,
    `type Handler = (req: Request, res: Response, next: NextFunction) => Promise<void>;`,
    `export function catchAsync(handler: Handler) {`,
    `  return (req: Request, res: Response, next: NextFunction) => {`,
    `    handler(req, res, next).catch(next);`,
    `  };`,
    `}`,
  ),
);
writeFileSync(
  file('etag-cache.ts'),
  lines(
    `import type { RequestHandler, Response } from 'express';`,
    `const bodies = new Map<string, unknown>();`,
    `export function etagCache(): RequestHandler {`,
    `  return (req, res, next) => {`,
    `    const send = res.send.bind(res);`,
    `    res.send = ((body?: unknown) => {`,
    `      bodies.set(req.originalUrl, body);`,
    `      return send(body);`,
    `    }) as Response['send'];`,
    `    next();`,
    `  };`,
    `}`,
  ),
);

// A Koa response cache of its own module: it keeps `ctx.body` after `await next()`.
writeFileSync(
  file('cache-response.js'),
  lines(
    `const responses = new Map();`,
    `export function cacheResponse(ttlMs) {`,
    `  return async (ctx, next) => {`,
    `    const hit = responses.get(ctx.url);`,
    `    if (hit && hit.until > Date.now()) {`,
    `      ctx.body = hit.body;`,
    `      return;`,
    `    }`,
    `    await next();`,
    `    responses.set(ctx.url, { body: ctx.body, until: Date.now() + ttlMs });`,
    `  };`,
    `}`,
  ),
);

// Koa handlers of a controller module, one sending what a helper of the module reads.
writeFileSync(
  file('sku-controller.js'),
  lines(
    `import Valkey from 'iovalkey';`,
    `const valkey = new Valkey();`,
    `valkey.on('ready', () => valkey.client('TRACKING', 'ON'));`,
    `async function skusOf(category) {`,
    `  const [, keys] = await valkey.scan('0', 'MATCH', \`item:\${category}:*\`, 'COUNT', 100);`,
    `  return keys.map((key) => key.split(':')[2]);`,
    `}`,
    `export const skus = {`,
    `  async list(ctx) {`,
    `    ctx.body = { skus: await skusOf(ctx.params.category) };`,
    `  },`,
    `};`,
  ),
);

const koa = [
  `import Koa from 'koa';`,
  `import Router from '@koa/router';`,
  `import Valkey from 'iovalkey';`,
  `const valkey = new Valkey();`,
  `valkey.on('ready', () => valkey.client('TRACKING', 'ON'));`,
  `const app = new Koa();`,
  `const router = new Router();`,
  `const known = new Map();`,
];

/** Two Koa routes: `/lease` (behind `middleware`, when given) sends a TTL, `/live` a PTTL. */
const leaseRoutes = (middleware = '') => [
  `router.get('/lease/:key', ${middleware}async (ctx) => {`,
  `  ctx.body = { left: await valkey.ttl(ctx.params.key) };`,
  `});`,
  `router.get('/live/:key', async (ctx) => {`,
  `  ctx.body = { left: await valkey.pttl(ctx.params.key) };`,
  `});`,
  `app.use(router.routes());`,
];

/** The response cache of the Express tutorials, in the linted module: `cache(seconds)` replacing `res[member]`. */
const sameModuleCache = (member: 'json' | 'send') => [
  `const bodies = new Map();`,
  `function cache(seconds) {`,
  `  return (req, res, next) => {`,
  `    const ${member} = res.${member}.bind(res);`,
  `    res.${member} = (body) => {`,
  `      bodies.set(req.originalUrl, body);`,
  `      return ${member}(body);`,
  `    };`,
  `    next();`,
  `  };`,
  `}`,
];

const express = [
  `const express = require('express');`,
  `const Redis = require('ioredis');`,
  `const redis = new Redis();`,
  `redis.on('ready', () => redis.call('CLIENT', 'TRACKING', 'ON'));`,
  `const app = express();`,
  `const counts = new Map();`,
];

runRuleTests('no-uncovered-cached-read: clients handed to middleware on the request objects', rule, {
  valid: [
    // `res.locals` holds what one request needs, even when another route hands a closure over `res` to code
    // the module does not show (a callback-style service of another module).
    {
      code: lines(
        `const express = require('express');`,
        `const catalog = require('./catalog');`,
        `const router = express.Router();`,
        `router.get('/products/:id', function (req, res, next) {`,
        `  catalog.getProduct(req.params.id, function (err, product) { if (err) return next(err); res.json(product); });`,
        `});`,
        `router.get('/home', function (req, res, next) {`,
        `  req.app.locals.redis.zrandmember('catalog:new', 3, function (err, picks) {`,
        `    res.locals.picks = picks;`,
        `    next();`,
        `  });`,
        `}, function (req, res) {`,
        `  res.json({ picks: res.locals.picks });`,
        `});`,
        `module.exports = router;`,
      ),
      filename: file('routes.js'),
    },
    // What a middleware puts on `ctx.state` lives for one request: the handler sends it back, nothing keeps it.
    {
      code: lines(
        ...koa,
        `app.use(async (ctx, next) => {`,
        `  ctx.state.sessions = await valkey.keys('session:*');`,
        `  await next();`,
        `});`,
        `router.get('/sessions', async (ctx) => {`,
        `  ctx.body = ctx.state.sessions;`,
        `});`,
        `app.use(router.routes());`,
      ),
      filename: file('per-request.js'),
    },
    // `ctx.get('x-country')` reads a request header: not the reply another route sent back as `ctx.body`.
    {
      code: lines(
        ...koa,
        `const countries = new Map();`,
        `router.get('/flags/:name', async (ctx) => {`,
        `  countries.set(ctx.params.name, ctx.get('x-country') || (ctx.is('json') ? 'json' : 'any'));`,
        `  ctx.body = 'ok';`,
        `});`,
        `router.get('/lease/:key', async (ctx) => {`,
        `  ctx.body = await valkey.pttl(ctx.params.key);`,
        `});`,
        `app.use(router.routes());`,
      ),
      filename: file('request-header.js'),
    },
    // Express: `req.get(...)` and `req.accepts(...)` are request data too, not what another route put in `res.locals`.
    {
      code: lines(
        ...express,
        `const agents = new Map();`,
        `app.get('/hello', (req, res) => {`,
        `  agents.set(req.get('user-agent'), req.accepts('json'));`,
        `  res.json({ ok: true });`,
        `});`,
        `app.get('/idle/:key', async (req, res) => {`,
        `  res.locals.idle = await redis.object('IDLETIME', req.params.key);`,
        `  res.status(200).json(res.locals.idle);`,
        `});`,
      ),
      filename: file('express-request-data.cjs'),
    },
    // A middleware of another module keeping what it reads off the request objects keeps nothing of those objects:
    // the reply a handler behind it sends is no more kept than without it.
    {
      code: lines(
        ...koa,
        `import { auth } from './auth.js';`,
        `app.use(async (ctx, next) => {`,
        `  ctx.state.valkey = valkey;`,
        `  await next();`,
        `});`,
        `router.get('/locks/:id', auth, async (ctx) => {`,
        `  ctx.body = { lockedForMs: await ctx.state.valkey.pttl(\`lock:\${ctx.params.id}\`) };`,
        `});`,
        `app.use(router.routes());`,
      ),
      filename: file('imported-auth.js'),
    },
    // A function registered on something that is no Koa app gets another `ctx`.
    {
      code: lines(
        ...koa,
        `import { listUsers } from './loaders.js';`,
        `import { pipeline } from './jobs.js';`,
        `app.use(async (ctx, next) => {`,
        `  ctx.state.deps = { valkey };`,
        `  await next();`,
        `});`,
        `pipeline.use(async (ctx) => {`,
        `  known.set('all', await listUsers(ctx.state.deps));`,
        `});`,
      ),
      filename: file('other-pipeline.js'),
    },
    // Express: the client on `res.locals` does not track, so KEYS kept is no finding (nothing invalidates it).
    {
      code: lines(
        `const express = require('express');`,
        `const Redis = require('ioredis');`,
        `const plain = new Redis();`,
        `const app = express();`,
        `const counts = new Map();`,
        `app.use((req, res, next) => {`,
        `  res.locals.redis = plain;`,
        `  next();`,
        `});`,
        `app.get('/count/:tag', async (req, res) => {`,
        `  counts.set(req.params.tag, (await res.locals.redis.keys(\`tag:\${req.params.tag}:*\`)).length);`,
        `  res.json({ count: counts.get(req.params.tag) });`,
        `});`,
      ),
      filename: file('untracked.cjs'),
    },
    // A cache that replaced `res.json` keeps nothing a handler sends with `res.send(string)`: only an object sent
    // with `res.send` goes on to `res.json`.
    {
      code: lines(
        ...express,
        ...sameModuleCache('json'),
        `app.get('/lease/:key', cache(10), async (req, res) => {`,
        `  res.send(String(await redis.ttl(req.params.key)));`,
        `});`,
      ),
      filename: file('send-string-past-json.cjs'),
    },
    // A controller's handler puts its SCAN count on the request's own `res.locals`: that lives for one request.
    {
      code: lines(
        `const Redis = require('ioredis');`,
        `const redis = new Redis();`,
        `redis.on('ready', () => redis.call('CLIENT', 'TRACKING', 'ON'));`,
        `async function online(req, res) {`,
        `  const [, keys] = await redis.scan('0', 'MATCH', 'presence:*', 'COUNT', 1000);`,
        `  res.locals.onlineCount = keys.length;`,
        `  res.render('online');`,
        `}`,
        `module.exports = { online };`,
      ),
      filename: file('online-per-request.cjs'),
    },
  ],
  invalid: [
    // The response cache tutorials write: a route's `cache(seconds)` replaces `res.send` with a function that keeps
    // the body. What that route sends is kept; what a route without it sends is not.
    {
      code: lines(
        ...express,
        `const bodies = new Map();`,
        `function cache(seconds) {`,
        `  return (req, res, next) => {`,
        `    const hit = bodies.get(req.originalUrl);`,
        `    if (hit) return res.send(hit);`,
        `    res.sendResponse = res.send;`,
        `    res.send = (body) => {`,
        `      bodies.set(req.originalUrl, body);`,
        `      res.sendResponse(body);`,
        `    };`,
        `    next();`,
        `  };`,
        `}`,
        `app.get('/lease/:key', cache(10), async (req, res) => {`,
        `  res.send(String(await redis.ttl(req.params.key)));`,
        `});`,
        `app.get('/live/:key', async (req, res) => {`,
        `  res.send(String(await redis.pttl(req.params.key)));`,
        `});`,
      ),
      filename: file('send-cache.cjs'),
      errors: [{ messageId: 'volatileReplyKept', line: 21 }],
    },
    // Express's `res.json` sends through `res.send`: the cache that replaced `res.send` keeps what a handler sends
    // with `res.status(200).json(...)` too.
    {
      code: lines(
        ...express,
        ...sameModuleCache('send'),
        `app.get('/lease/:key', cache(10), async (req, res) => {`,
        `  res.status(200).json({ left: await redis.ttl(req.params.key) });`,
        `});`,
        `app.get('/live/:key', async (req, res) => {`,
        `  res.json({ left: await redis.pttl(req.params.key) });`,
        `});`,
      ),
      filename: file('json-through-send.cjs'),
      errors: [{ messageId: 'volatileReplyKept', line: 19 }],
    },
    // The same cache in a middleware module of its own: its summary says what the function it puts on `res.json`
    // keeps, so the route it is given to keeps what its handler sends.
    {
      code: lines(
        ...express,
        `const responseCache = require('./response-cache');`,
        `app.get('/lease/:key', responseCache({ ttlMs: 10_000 }), async (req, res) => {`,
        `  res.json({ left: await redis.ttl(req.params.key) });`,
        `});`,
        `app.get('/live/:key', async (req, res) => {`,
        `  res.json({ left: await redis.pttl(req.params.key) });`,
        `});`,
      ),
      filename: file('imported-cache.cjs'),
      errors: [{ messageId: 'volatileReplyKept', line: 9 }],
    },
    // ... and with the handler in a controller module: the reply it sends on the response reaches the route's
    // `res.json`, the cache's on the cached route only (reported where the controller is called, named there).
    {
      code: lines(
        `const express = require('express');`,
        `const responseCache = require('./response-cache');`,
        `const { leaseController } = require('./lease-controller');`,
        `const app = express();`,
        `const wrap = (handler) => (req, res, next) => handler(req, res).catch(next);`,
        `app.get('/lease/:key', responseCache({ ttlMs: 10_000 }), wrap(leaseController.show));`,
        `app.get('/live/:key', leaseController.live);`,
      ),
      filename: file('imported-controller.cjs'),
      errors: [{ messageId: 'volatileReplyKept', line: 5 }],
    },
    // A wrapper of another module runs the handler it is given with the route's request objects.
    {
      code: lines(
        `import express from 'express';`,
        `import Redis from 'ioredis';`,
        `import { catchAsync } from './catch-async.js';`,
        `import { etagCache } from './etag-cache.js';`,
        `const redis = new Redis();`,
        `const app = express();`,
        `app.get('/lease/:key', etagCache(), catchAsync(async (req, res) => {`,
        `  res.send({ left: await redis.ttl(req.params.key) });`,
        `}));`,
        `app.get('/live/:key', catchAsync(async (req, res) => {`,
        `  res.send({ left: await redis.pttl(req.params.key) });`,
        `}));`,
      ),
      filename: file('wrapped.ts'),
      errors: [{ messageId: 'volatileReplyKept', line: 8 }],
    },
    // `res.send(object)` goes on to `res.json`: a cache that replaced `res.json` keeps it, here or in a controller.
    {
      code: lines(
        ...express,
        `const responseCache = require('./response-cache');`,
        `const { leaseController } = require('./lease-controller');`,
        ...sameModuleCache('json'),
        `app.get('/lease/:key', cache(10), (req, res, next) => {`,
        `  redis.ttl(req.params.key).then((left) => res.send({ left })).catch(next);`,
        `});`,
        `app.get('/peek/:key', responseCache(), leaseController.peek);`,
        `app.get('/live/:key', leaseController.peek);`,
      ),
      filename: file('send-object-through-json.cjs'),
      errors: [
        { messageId: 'volatileReplyKept', line: 21 },
        { messageId: 'volatileReplyKept', line: 23 },
      ],
    },
    // A controller of another module sending with `res.json`, behind a cache of another module that replaced
    // `res.send`.
    {
      code: lines(
        `import express from 'express';`,
        `import { etagCache } from './etag-cache.js';`,
        `import { leaseController } from './lease-controller.js';`,
        `const app = express();`,
        `app.get('/lease/:key', etagCache(), leaseController.show);`,
        `app.get('/live/:key', leaseController.live);`,
      ),
      filename: file('controller-json-through-send.ts'),
      errors: [{ messageId: 'volatileReplyKept', line: 5 }],
    },
    // A controller's handler puts its SCAN count on the app the route is registered on (`req.app.locals`, Koa's
    // `ctx.app.context`), which every later request reads: kept, though the module never sees the app.
    {
      code: lines(
        `const Redis = require('ioredis');`,
        `const redis = new Redis();`,
        `redis.on('ready', () => redis.call('CLIENT', 'TRACKING', 'ON'));`,
        `async function online(req, res) {`,
        `  const [, keys] = await redis.scan('0', 'MATCH', 'presence:*', 'COUNT', 1000);`,
        `  req.app.locals.onlineCount = keys.length;`,
        `  res.json({ online: keys.length });`,
        `}`,
        `async function sessions(ctx) {`,
        `  ctx.app.context.sessionCount = (await redis.keys('session:*')).length;`,
        `}`,
        `module.exports = { online, sessions };`,
      ),
      filename: file('online-app-locals.cjs'),
      errors: [
        { messageId: 'uncoveredRead', line: 5 },
        { messageId: 'uncoveredRead', line: 10 },
      ],
    },
    // express-async-handler hands the route the handler itself.
    {
      code: lines(
        `const express = require('express');`,
        `const asyncHandler = require('express-async-handler');`,
        `const responseCache = require('./response-cache');`,
        `const { leaseController } = require('./lease-controller');`,
        `const app = express();`,
        `app.get('/lease/:key', responseCache({ ttlMs: 10_000 }), asyncHandler(leaseController.show));`,
        `app.get('/live/:key', asyncHandler(leaseController.live));`,
      ),
      filename: file('async-handler.cjs'),
      errors: [{ messageId: 'volatileReplyKept', line: 6 }],
    },
    // Koa: a route's own middleware keeps what its handler sets as `ctx.body` after `next()`; the app's keeps every
    // route's.
    {
      code: lines(
        ...koa,
        `const bodies = new Map();`,
        `const remember = async (ctx, next) => {`,
        `  await next();`,
        `  bodies.set(ctx.url, ctx.body);`,
        `};`,
        ...leaseRoutes('remember, '),
      ),
      filename: file('route-middleware.js'),
      errors: [{ messageId: 'volatileReplyKept', line: 15 }],
    },
    // ... and from a middleware module: what the route's handler sets as `ctx.body` is kept there.
    {
      code: lines(
        ...koa,
        `import { cacheResponse } from './cache-response.js';`,
        ...leaseRoutes('cacheResponse(15_000), '),
      ),
      filename: file('imported-route-cache.js'),
      errors: [{ messageId: 'volatileReplyKept', line: 11 }],
    },
    // The handler of a controller module sets `ctx.body` from what a helper of its module reads.
    {
      code: lines(
        `import Koa from 'koa';`,
        `import Router from '@koa/router';`,
        `import { cacheResponse } from './cache-response.js';`,
        `import { skus } from './sku-controller.js';`,
        `const app = new Koa();`,
        `const router = new Router();`,
        `router.get('/categories/:category', cacheResponse(60_000), skus.list);`,
        `router.get('/live/:category', skus.list);`,
        `app.use(router.routes());`,
      ),
      filename: file('imported-controller-helper.js'),
      errors: [{ messageId: 'uncoveredRead', line: 7 }],
    },
    {
      code: lines(
        ...koa,
        `const everything = new Map();`,
        `app.use(async (ctx, next) => {`,
        `  await next();`,
        `  everything.set(ctx.url, ctx.body);`,
        `});`,
        ...leaseRoutes(),
      ),
      filename: file('app-middleware.js'),
      errors: [
        { messageId: 'volatileReplyKept', line: 15 },
        { messageId: 'volatileReplyKept', line: 18 },
      ],
    },
    // The example: deps on `ctx.state` in one middleware, a loader of another module in a route.
    {
      code: lines(
        ...koa,
        `import { listUsers } from './loaders.js';`,
        `app.use(async (ctx, next) => {`,
        `  ctx.state.deps = { valkey };`,
        `  await next();`,
        `});`,
        `router.get('/users', async (ctx) => {`,
        `  if (!known.has('all')) known.set('all', await listUsers(ctx.state.deps));`,
        `  ctx.body = known.get('all');`,
        `});`,
        `app.use(router.routes());`,
      ),
      filename: file('koa-state.js'),
      errors: [{ messageId: 'uncoveredRead', line: 15 }],
    },
    // Koa `app.context`: the prototype of every `ctx`.
    {
      code: lines(
        ...koa,
        `app.context.valkey = valkey;`,
        `app.use(async (ctx) => {`,
        `  if (!known.has('teams')) known.set('teams', await ctx.valkey.keys('team:*'));`,
        `  ctx.body = known.get('teams');`,
        `});`,
      ),
      filename: file('koa-app-context.js'),
      errors: [{ messageId: 'uncoveredRead', line: 11 }],
    },
    // Koa `ctx.app` is the application: what a handler puts on `ctx.app.context` outlives the request.
    {
      code: lines(
        ...koa,
        `app.context.valkey = valkey;`,
        `router.get('/stats', async (ctx) => {`,
        `  ctx.app.context.keyspace = await ctx.valkey.dbsize();`,
        `  ctx.body = { keyspace: ctx.app.context.keyspace };`,
        `});`,
      ),
      filename: file('koa-ctx-app.js'),
      errors: [{ messageId: 'uncoveredRead', line: 11 }],
    },
    // Express: `res.locals` set by one middleware, read by a route handler.
    {
      code: lines(
        ...express,
        `app.use((req, res, next) => {`,
        `  res.locals.redis = redis;`,
        `  next();`,
        `});`,
        `app.get('/count/:tag', async (req, res) => {`,
        `  counts.set(req.params.tag, (await res.locals.redis.keys(\`tag:\${req.params.tag}:*\`)).length);`,
        `  res.json({ count: counts.get(req.params.tag) });`,
        `});`,
      ),
      filename: file('express-locals.cjs'),
      errors: [{ messageId: 'uncoveredRead', line: 12 }],
    },
    // Express: `app.locals`, seen by every request as `req.app.locals`, on a router's handler.
    {
      code: lines(
        ...express,
        `const router = express.Router();`,
        `app.locals.redis = redis;`,
        `router.get('/count/:tag', async function count(req, res) {`,
        `  const keys = await req.app.locals.redis.keys(\`tag:\${req.params.tag}:*\`);`,
        `  counts.set(req.params.tag, keys.length);`,
        `  res.json({ count: keys.length });`,
        `});`,
        `app.use('/api', router);`,
      ),
      filename: file('express-app-locals.cjs'),
      errors: [{ messageId: 'uncoveredRead', line: 10 }],
    },
    // Express `app.locals` lives as long as the app: a reply kept there is cached.
    {
      code: lines(
        ...express,
        `async function warm() {`,
        `  app.locals.idle = await redis.object('IDLETIME', 'jobs');`,
        `}`,
        `app.on('mount', warm);`,
      ),
      filename: file('express-app-locals-kept.cjs'),
      errors: [{ messageId: 'volatileReplyKept', line: 8 }],
    },
    // A router built by a function the app calls later is still the app's: `req.app.locals` outlives the request.
    {
      code: lines(
        `const express = require('express');`,
        `const Redis = require('ioredis');`,
        `const redis = new Redis();`,
        `exports.buildRouter = function buildRouter() {`,
        `  const router = express.Router();`,
        `  router.get('/stats', async (req, res) => {`,
        `    req.app.locals.idle = await redis.object('IDLETIME', 'jobs');`,
        `    res.json(req.app.locals);`,
        `  });`,
        `  return router;`,
        `};`,
      ),
      filename: file('express-router-factory.cjs'),
      errors: [{ messageId: 'volatileReplyKept', line: 7 }],
    },
  ],
});
