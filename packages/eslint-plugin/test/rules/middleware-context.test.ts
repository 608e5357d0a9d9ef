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
  ],
  invalid: [
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
