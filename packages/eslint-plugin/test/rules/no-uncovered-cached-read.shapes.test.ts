import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';

// The shapes real application code has (issue #8): the reply reaching long-lived state through promises,
// callbacks, derived values, context objects, memoizers and wrappers; tracking turned on in many ways.
const lines = (...source: string[]) => source.join('\n');

/** An iovalkey client with default-mode tracking, re-enabled on every connection. */
const tracked = (...body: string[]) =>
  lines(
    `import Valkey from 'iovalkey';`,
    `const redis = new Valkey();`,
    `redis.on('ready', () => redis.call('CLIENT', 'TRACKING', 'ON'));`,
    ...body,
  );

/** An iovalkey client with no tracking and no cache. */
const plain = (...body: string[]) =>
  lines(`import Valkey from 'iovalkey';`, `const redis = new Valkey();`, ...body);

runRuleTests('no-uncovered-cached-read: shapes of real code', rule, {
  valid: [
    // async.js's final callback runs once, for the request that made the object it fills.
    {
      code: lines(
        `'use strict';`,
        `const async = require('async');`,
        `const Redis = require('ioredis');`,
        `const redis = new Redis();`,
        `redis.on('ready', () => redis.client('TRACKING', 'ON'));`,
        `exports.debug = function (req, res, next) {`,
        `  const view = { key: req.params.key };`,
        `  async.parallel({ ttl: (cb) => redis.pttl(view.key, cb) }, function (err, results) {`,
        `    if (err) return next(err);`,
        `    view.ttl = results.ttl;`,
        `    res.json(view);`,
        `  });`,
        `};`,
      ),
    },
    // A per-call Map keyed by a KEYS reply's members: what `get` gives back is a value, never a key.
    {
      code: lines(
        `import Valkey from 'iovalkey';`,
        `const redis = new Valkey();`,
        `redis.on('ready', () => redis.client('TRACKING', 'ON'));`,
        `const totals = new Map();`,
        `export async function countOrders() {`,
        `  const seen = new Map();`,
        `  for (const key of await redis.keys('order:*')) seen.set(key, 1);`,
        `  totals.set('first', seen.get('order:1') ?? 0);`,
        `}`,
      ),
    },
    // A single-flight: the promise leaves the Map when it settles, so concurrent callers share one round trip
    // and nobody gets a TTL older than their own request.
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `const redis = new Redis();`,
        `class CouponService {`,
        `  private inflight = new Map<string, Promise<number>>();`,
        `  expiresIn(code: string): Promise<number> {`,
        `    let pending = this.inflight.get(code);`,
        `    if (!pending) {`,
        `      pending = redis.pttl(\`coupon:\${code}\`).finally(() => this.inflight.delete(code));`,
        `      this.inflight.set(code, pending);`,
        `    }`,
        `    return pending;`,
        `  }`,
        `}`,
        `export const coupons = new CouponService();`,
      ),
    },
    // The same, with the cleanup attached after the promise is stored.
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `const redis = new Redis();`,
        `const loading = new Map();`,
        `export function idle(key) {`,
        `  if (loading.has(key)) return loading.get(key);`,
        `  const p = redis.object('IDLETIME', key);`,
        `  loading.set(key, p);`,
        `  p.then(() => loading.delete(key), () => loading.delete(key));`,
        `  return p;`,
        `}`,
      ),
    },
    // A WeakMap keyed by the request: the countdown serves the handlers of that request and dies with it.
    {
      code: lines(
        `import type { IncomingMessage } from 'node:http';`,
        `import { createClient } from 'redis';`,
        `const redis = await createClient().connect();`,
        `const countdownByRequest = new WeakMap<IncomingMessage, number>();`,
        `export async function roundCountdown(req: IncomingMessage, season: string) {`,
        `  let ms = countdownByRequest.get(req);`,
        `  if (ms === undefined) {`,
        `    ms = await redis.pTTL(\`season:\${season}:round\`);`,
        `    countdownByRequest.set(req, ms);`,
        `  }`,
        `  return ms;`,
        `}`,
      ),
    },
    // A GraphQL resolver's context is made for each request: a WeakMap keyed by it shares one pick per request.
    {
      code: lines(
        `import Valkey from 'iovalkey';`,
        `const valkey = new Valkey();`,
        `const events = new Valkey();`,
        `events.subscribe('__redis__:invalidate');`,
        `valkey.on('ready', async () => valkey.client('TRACKING', 'ON', 'REDIRECT', String(await events.client('ID'))));`,
        `interface GraphQLContext { memberId?: string }`,
        `const dealsByRequest = new WeakMap<GraphQLContext, Promise<string[]>>();`,
        `export const resolvers = {`,
        `  Query: {`,
        `    featuredDeals: (_: unknown, __: unknown, ctx: GraphQLContext) => {`,
        `      let deals = dealsByRequest.get(ctx);`,
        `      if (!deals) {`,
        `        deals = valkey.hrandfield('deals:today', 3) as Promise<string[]>;`,
        `        dealsByRequest.set(ctx, deals);`,
        `      }`,
        `      return deals;`,
        `    },`,
        `  },`,
        `};`,
      ),
    },
    // Per-request DataLoaders made by a factory and held in a WeakMap keyed by an h3 event, and one keyed by an
    // Express request subtype: each serves its request only.
    {
      code: lines(
        `import DataLoader from 'dataloader';`,
        `import type { Request } from 'express';`,
        `import { defineEventHandler, type H3Event } from 'h3';`,
        `import Valkey from 'iovalkey';`,
        `const stats = new Valkey();`,
        `const listener = new Valkey();`,
        `void listener.subscribe('__redis__:invalidate');`,
        `stats.on('ready', async () => stats.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', String(await listener.client('ID'))));`,
        `interface AuthedRequest extends Request { userId: string }`,
        `export function createLoaders() {`,
        `  return { viewers: new DataLoader<string, string[]>((skus) => Promise.all(skus.map((sku) => stats.srandmember(\`viewers:\${sku}\`, 3)))) };`,
        `}`,
        `const loadersFor = new WeakMap<H3Event, ReturnType<typeof createLoaders>>();`,
        `function loaders(event: H3Event) {`,
        `  let found = loadersFor.get(event);`,
        `  if (!found) loadersFor.set(event, (found = createLoaders()));`,
        `  return found;`,
        `}`,
        `export const viewers = defineEventHandler((event) => loaders(event).viewers.load(String(event.path)));`,
        `const idleByRequest = new WeakMap<AuthedRequest, number>();`,
        `export async function idle(req: AuthedRequest) {`,
        `  if (!idleByRequest.has(req)) idleByRequest.set(req, await stats.object('IDLETIME', \`user:\${req.userId}\`) as number);`,
        `  return idleByRequest.get(req);`,
        `}`,
      ),
    },
    // WeakMaps keyed by a request's own members: Hono's raw Request and h3's Node request.
    {
      code: lines(
        `import { Hono } from 'hono';`,
        `import Valkey from 'iovalkey';`,
        `const valkey = new Valkey();`,
        `valkey.on('ready', () => valkey.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', process.env.SUB_ID));`,
        `const ttlFor = new WeakMap<Request, number>();`,
        `const idleFor = new WeakMap<object, unknown>();`,
        `export const users = new Hono();`,
        `users.get('/:id', async (c) => {`,
        `  ttlFor.set(c.req.raw, await valkey.ttl(\`user:\${c.req.param('id')}\`));`,
        `  return c.json({ ttl: ttlFor.get(c.req.raw) });`,
        `});`,
        `export async function idle(event: { node: { req: object } }, id: string) {`,
        `  idleFor.set(event.node.req, await valkey.object('IDLETIME', \`user:\${id}\`));`,
        `}`,
      ),
    },
    // A script's start-up value: read at the top level, used there and in callbacks that run at once.
    tracked(
      `const keys = await redis.keys('session:*');`,
      `keys.forEach((key) => console.log(key));`,
      `for (const key of keys) await redis.del(key);`,
      `await redis.quit();`,
    ),
    // A script's own main function reads it: nothing serves it past the run (no export, nothing registered).
    tracked(
      `const stale = await redis.keys('lock:*');`,
      `async function main() {`,
      `  for (const key of stale) await redis.unlink(key);`,
      `}`,
      `main().finally(() => redis.quit());`,
    ),
    // A job queue's worker whose `completed` listener only logs the result: BullMQ keeps nothing itself.
    lines(
      `import { Worker } from 'bullmq';`,
      `import Redis from 'ioredis';`,
      `const redis = new Redis({ maxRetriesPerRequest: null });`,
      `const worker = new Worker('thumbs', async (job) => {`,
      `  return await redis.pttl(\`asset:\${job.data.id}:url\`);`,
      `}, { connection: redis });`,
      `worker.on('completed', (job, ttl) => console.log(job.id, ttl));`,
    ),
    // The same, with the workers exported from a CommonJS module: a worker holds none of its results.
    lines(
      `'use strict';`,
      `const { Worker } = require('bullmq');`,
      `const Valkey = require('iovalkey');`,
      `const valkey = new Valkey();`,
      `valkey.on('ready', () => valkey.call('CLIENT', 'TRACKING', 'ON', 'BCAST'));`,
      `const digestWorker = new Worker('stream-digest', async (job) => {`,
      `  const info = await valkey.xinfo('STREAM', job.data.stream);`,
      `  return { stream: job.data.stream, info, idle: await valkey.object('IDLETIME', job.data.stream) };`,
      `}, { connection: { host: 'queue' } });`,
      `digestWorker.on('completed', (job) => console.info('digest done', job.id));`,
      `module.exports = { digestWorker };`,
    ),
    // A request's own callbacks (a `finish` listener, an array method) run within the request: nothing outlives it.
    lines(
      `import express from 'express';`,
      `import { createClient } from 'redis';`,
      `const redis = await createClient().connect();`,
      `const app = express();`,
      `app.get('/lots/:id', async (req, res) => {`,
      `  const closesIn = await redis.ttl(\`lot:\${req.params.id}:open\`);`,
      `  res.on('finish', () => console.log('sent', closesIn));`,
      `  ['a', 'b'].forEach((part) => res.write(part + closesIn));`,
      `  setTimeout(() => res.end(String(closesIn)), 50);`,
      `});`,
    ),
    // A tracking helper called with other prefixes elsewhere: which ones this client has is not known.
    lines(
      `import Redis from 'ioredis';`,
      `const redis = new Redis();`,
      `const audit = new Redis();`,
      `const kept = new Map();`,
      `function enableTracking(client, opts) {`,
      `  const words = ['TRACKING', 'ON', 'BCAST'];`,
      `  for (const prefix of opts.prefixes) words.push('PREFIX', prefix);`,
      `  return client.call('CLIENT', ...words);`,
      `}`,
      `redis.on('ready', () => enableTracking(redis, { prefixes: ['rest:'] }));`,
      `audit.on('ready', () => enableTracking(audit, { prefixes: ['stats:'] }));`,
      `export async function load(uid) { kept.set(uid, await redis.hgetall(\`stats:\${uid}\`)); }`,
    ),
    // DataLoaders made per request (a GraphQL context), or with `cache: false`, keep nothing past the request.
    plain(
      `import DataLoader from 'dataloader';`,
      `const idle = new DataLoader((keys) => Promise.all(keys.map((k) => redis.object('IDLETIME', k))), { cache: false });`,
      `export const idleOf = (key) => idle.load(key);`,
      `export function context() {`,
      `  return { ttl: new DataLoader((keys) => Promise.all(keys.map((k) => redis.pttl(k)))) };`,
      `}`,
      `export const resolvers = { Query: { ttl: (_, { key }, ctx) => ctx.ttl.load(key) } };`,
    ),
    // An object literal made for one request: what its method keeps on `this` dies with the request.
    plain(
      `import express from 'express';`,
      `const app = express();`,
      `app.get('/ttl', async (req, res) => {`,
      `  const context = { async load() { this.ttl = await redis.ttl(req.query.key); } };`,
      `  await context.load();`,
      `  res.json(context);`,
      `});`,
    ),
    // A declaration file with an import-equals of another module and a typed client parameter (iovalkey's own
    // built/Redis.d.ts has this shape): nothing runs, nothing is reported, nothing throws.
    {
      code: lines(
        `import { EventEmitter } from 'events';`,
        `import Deque = require('denque');`,
        `import Redis from 'iovalkey';`,
        `declare class Pool extends EventEmitter {`,
        `  queue: Deque<Redis>;`,
        `  constructor(client: Redis);`,
        `  keys(pattern: string): Promise<string[]>;`,
        `}`,
        `export default Pool;`,
      ),
      filename: 'pool.d.ts',
    },
    // A reply that serves only the current request is no cached reply, whatever it is.
    tracked(
      `export function routes(app) {`,
      `  app.get('/ttl/:id', async (req, res) => {`,
      `    const ttl = await redis.ttl(req.params.id);`,
      `    const body = { ttl, keys: await redis.keys('user:*') };`,
      `    res.json(body);`,
      `  });`,
      `}`,
    ),
    // A full read kept in a cache: tracking keeps it fresh.
    tracked(
      `const users = new Map();`,
      `export async function user(id) { users.set(id, await redis.hgetall(\`user:\${id}\`)); }`,
    ),
    // A helper used for a reply in one place and for configuration in another does not mix them up.
    tracked(
      `const toNumber = (value) => Number(value);`,
      `export class Settings {`,
      `  port = toNumber(process.env.PORT);`,
      `  async ttl(key) { return toNumber(await redis.ttl(key)); }`,
      `}`,
    ),
    // Code in comments is not code: `this.keys = await redis.keys('*')`.
    tracked(`export class Listing {`, `  // this.keys = await redis.keys('*');`, `  keys = [];`, `}`),
    // KEYS kept from a client with no tracking and no cache: reported only with `untracked: true`.
    plain(
      `const memo = new Map();`,
      `export async function names() { memo.set('names', await redis.keys('name:*')); }`,
    ),
    // A script the module does not show is not judged.
    tracked(
      `const memo = new Map();`,
      `export async function run(script, key) { memo.set(key, await redis.eval(script, 1, key)); }`,
    ),
    // BCAST: a key built inside a registered prefix is covered whatever the rest of it is.
    lines(
      `import Redis from 'ioredis';`,
      `const PREFIXES = ['DATA::', 'SESSION::'];`,
      `const redis = new Redis();`,
      `const cache = new Map();`,
      `redis.on('ready', async () => {`,
      `  const args = ['ON', 'BCAST'];`,
      `  for (const prefix of PREFIXES) args.push('PREFIX', prefix);`,
      `  await redis.call('CLIENT', 'TRACKING', ...args);`,
      `});`,
      `export async function prefs(id) {`,
      `  const key = \`DATA::prefs:\${id}\`;`,
      `  cache.set(key, await redis.hgetall(key));`,
      `  cache.set(\`sessions:\${id}\`, await redis.keys(\`SESSION::\${id}:*\`));`,
      `}`,
    ),
    // A deterministic script reading only its declared key under a registered prefix is covered.
    lines(
      `import Redis from 'ioredis';`,
      `const CARD = "return redis.call('HMGET', KEYS[1], 'name', 'avatar')";`,
      `const redis = new Redis();`,
      `const cache = new Map();`,
      `redis.on('ready', () => redis.call('CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'DATA::'));`,
      `export async function card(id) { cache.set(id, await redis.eval(CARD, 1, \`DATA::card:\${id}\`)); }`,
    ),
    // A data class made per request (here and by other modules) keeps nothing beyond the request.
    plain(
      `export class Snapshot {`,
      `  constructor(key) { this.key = key; }`,
      `  record(ttl) { this.ttl = ttl; return this; }`,
      `}`,
      `export async function snapshot(key) { return new Snapshot(key).record(await redis.ttl(key)); }`,
    ),
    // An object built for one response is not kept, even when its fields are replies.
    tracked(
      `export async function status(key) {`,
      `  const result = {};`,
      `  result.ttl = await redis.ttl(key);`,
      `  return result;`,
      `}`,
    ),
  ],
  invalid: [
    // Keyed by what outlives the request: the Express app a request belongs to.
    {
      code: lines(
        `import type { Request } from 'express';`,
        `import Valkey from 'iovalkey';`,
        `const valkey = new Valkey();`,
        `valkey.on('ready', () => valkey.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', process.env.SUB_ID));`,
        `const clockFor = new WeakMap<object, unknown>();`,
        `export async function clock(req: Request) {`,
        `  clockFor.set(req.app, await valkey.time());`,
        `  return clockFor.get(req.app);`,
        `}`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 7 }],
    },
    // A read written with its method on a line of its own is reported on that line, where the editor shows it.
    {
      code: lines(
        `import Valkey from 'iovalkey';`,
        `const valkey = new Valkey();`,
        `valkey.on('ready', () => valkey.client('TRACKING', 'ON', 'BCAST', 'PREFIX', 'sess:'));`,
        `const sessions = new Map();`,
        `export function load(sid, done) {`,
        `  valkey`,
        `    .keys(\`sess:\${sid}:*\`)`,
        `    .then(() => valkey`,
        `      .ttl(\`sess:\${sid}\`))`,
        `    .then((ttl) => { sessions.set(sid, ttl); done(null, ttl); });`,
        `}`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 9, column: 8 }],
    },
    // A dictionary made by `Object.create(null)` in a field, and an exported lru-cache whose fetchMethod
    // another module fetches through: both keep what they are given.
    {
      code: tracked(
        `import { LRUCache } from 'lru-cache';`,
        `function Repo() { this.idle = Object.create(null); }`,
        `Repo.prototype.touch = async function (key) {`,
        `  this.idle[key] = await redis.object('IDLETIME', key);`,
        `};`,
        `export const repo = new Repo();`,
        `export const directory = new LRUCache({ max: 50, fetchMethod: async (p) => redis.keys(\`room:\${p}\`) });`,
      ),
      errors: [
        { messageId: 'volatileReplyKept', line: 7 },
        { messageId: 'uncoveredRead', line: 10 },
      ],
    },
    // The method named by a constant: `redis[PROBE](key)` sends TTL as surely as `redis.ttl(key)`.
    {
      code: tracked(
        `const PROBE = 'ttl';`,
        `const expiries = new Map();`,
        `export async function expiry(key) {`,
        `  if (!expiries.has(key)) expiries.set(key, await redis[PROBE](key));`,
        `  return expiries.get(key);`,
        `}`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 7 }],
    },
    // A WeakMap keyed by a WebSocket: its entry lives as long as the connection, hours of `session` frames.
    {
      code: lines(
        `import { WebSocketServer, type WebSocket } from 'ws';`,
        `import { createClient } from 'redis';`,
        `const redis = await createClient().connect();`,
        `const sessions = new WeakMap<WebSocket, number>();`,
        `new WebSocketServer({ port: 8080 }).on('connection', async (socket, req) => {`,
        `  sessions.set(socket, await redis.pTTL(\`session:\${req.headers['x-bidder']}\`));`,
        `  socket.on('message', () => socket.send(String(sessions.get(socket))));`,
        `});`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 6 }],
    },
    // Read when the WebSocket connects; every `status` message of the connection answers from it for hours.
    {
      code: lines(
        `import { WebSocketServer } from 'ws';`,
        `import { createClient } from 'redis';`,
        `const redis = await createClient().connect();`,
        `const wss = new WebSocketServer({ port: 8080 });`,
        `wss.on('connection', async (socket, req) => {`,
        `  const closesIn = await redis.ttl(\`lot:\${req.url}:open\`);`,
        `  socket.on('message', () => socket.send(JSON.stringify({ closesIn })));`,
        `});`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 6 }],
    },
    // BullMQ hands what the processor returns to `completed` listeners; this one keeps it for the dashboard.
    {
      code: lines(
        `import { Worker } from 'bullmq';`,
        `import Redis from 'ioredis';`,
        `const redis = new Redis({ maxRetriesPerRequest: null });`,
        `export const signedUrlTtl = new Map<string, number>();`,
        `const worker = new Worker('thumbs', async (job) => redis.pttl(\`asset:\${job.data.id}:url\`), {`,
        `  connection: redis,`,
        `});`,
        `worker.on('completed', (job, ttl) => signedUrlTtl.set(job.data.id, ttl));`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 5 }],
    },
    // Bull: `queue.process(concurrency, processor)`, and a `function` listener keeping the picks per team.
    {
      code: lines(
        `const Queue = require('bull');`,
        `const Redis = require('ioredis');`,
        `const redis = new Redis();`,
        `const lastPicks = {};`,
        `const reports = new Queue('reports');`,
        `reports.process(2, async (job) => {`,
        `  const picks = await redis.srandmember(\`pool:\${job.data.team}\`, 3);`,
        `  return picks;`,
        `});`,
        `reports.on('completed', function (job, picks) {`,
        `  lastPicks[job.data.team] = picks;`,
        `});`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 7 }],
    },
    // TypeScript overloads: a call of an overloaded method runs its implementation, not the bodiless signatures
    // before it (which once stopped the module's analysis).
    {
      code: tracked(
        `class Holds {`,
        `  private left = new Map<string, number>();`,
        `  remaining(id: string): Promise<number>;`,
        `  remaining(id: number): Promise<number>;`,
        `  async remaining(id: string | number): Promise<number> {`,
        `    return redis.pttl(\`hold:\${id}\`);`,
        `  }`,
        `  async refresh(id: string) {`,
        `    this.left.set(id, await this.remaining(id));`,
        `  }`,
        `}`,
        `export const holds = new Holds();`,
      ),
      filename: 'holds.ts',
      errors: [{ messageId: 'volatileReplyKept', line: 9 }],
    },
    // bee-queue: a processor that hands its `done` callback the reply (node-style), and one that returns it;
    // the queue's `succeeded` listeners keep the results. The covered GET is no finding.
    {
      code: lines(
        `const BeeQueue = require('bee-queue');`,
        `const Redis = require('ioredis');`,
        `const redis = new Redis();`,
        `redis.on('ready', () => redis.client('TRACKING', 'ON'));`,
        `const lastThumb = {};`,
        `const lastLeft = {};`,
        `const thumbs = new BeeQueue('thumbs', { isWorker: true });`,
        `thumbs.process(4, function (job, done) {`,
        `  redis.get('thumb:' + job.data.id, function (err, url) { done(err, url); });`,
        `});`,
        `thumbs.on('succeeded', function (job, url) { lastThumb[job.data.id] = url; });`,
        `const holds = new BeeQueue('holds', { isWorker: true });`,
        `holds.process(function (job, done) {`,
        `  redis.pttl('hold:' + job.data.id, function (err, left) { done(err, left); });`,
        `});`,
        `holds.on('job succeeded', function (jobId, left) { lastLeft[jobId] = left; });`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 14 }],
    },
    // A Lambda's init phase: read once per execution environment, answered from by every warm invocation.
    {
      code: tracked(
        `const enabledCities = await redis.keys('city:*:enabled');`,
        `export const handler = async (event) => ({`,
        `  statusCode: enabledCities.includes(\`city:\${event.pathParameters.city}:enabled\`) ? 200 : 404,`,
        `});`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 4 }],
    },
    // A server module with no exports: the route handler it registers serves the start-up TTL for good.
    {
      code: tracked(
        `import express from 'express';`,
        `const app = express();`,
        `const promoEndsIn = await redis.ttl('promo:spring');`,
        `app.get('/promo', (req, res) => res.json({ endsIn: promoEndsIn }));`,
        `app.listen(3000);`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 6 }],
    },
    // Start-up objects made with replies in them (a literal, a mapped copy, a Set) that a route answers from.
    {
      code: tracked(
        `import express from 'express';`,
        `const app = express();`,
        `const launch = { picks: await redis.srandmember('featured', 4) };`,
        `const labels = (await redis.zrandmember('labels', 3)).map(String);`,
        `const idle = new Set([await redis.object('IDLETIME', 'catalog')]);`,
        `app.get('/home', (req, res) => res.json({ launch, labels, idle: [...idle] }));`,
        `app.listen(3000);`,
      ),
      errors: [
        { messageId: 'volatileReplyKept', line: 6 },
        { messageId: 'volatileReplyKept', line: 7 },
        { messageId: 'volatileReplyKept', line: 8 },
      ],
    },
    // A promise kept in a Map that nothing removes: every later caller gets the first PTTL.
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `const redis = new Redis();`,
        `const lifetimes = new Map();`,
        `export function expiresIn(code) {`,
        `  if (!lifetimes.has(code)) lifetimes.set(code, redis.pttl(\`coupon:\${code}\`).finally(() => console.log(code)));`,
        `  return lifetimes.get(code);`,
        `}`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 5 }],
    },
    // BCAST prefixes written as `forEach` pushes, `...flatMap((p) => ['PREFIX', p])`, `.map(...).flat()`, and
    // two pushes of one loop body (`PREFIX user: PREFIX org:`, not `PREFIX PREFIX user: org:`).
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `const PREFIXES = ['user:', 'org:'];`,
        `const a = new Redis();`,
        `const b = new Redis();`,
        `const c = new Redis();`,
        `a.on('ready', () => a.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', 7, 'BCAST', ...PREFIXES.flatMap((p) => ['PREFIX', p])));`,
        `b.on('ready', () => {`,
        `  const args = ['TRACKING', 'ON', 'REDIRECT', 7, 'BCAST'];`,
        `  PREFIXES.forEach(function (prefix) { args.push('PREFIX', prefix); });`,
        `  return b.call('CLIENT', ...args);`,
        `});`,
        `c.on('ready', () => c.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', 7, 'BCAST', ...PREFIXES.map((p) => ['PREFIX', p]).flat()));`,
        `const d = new Redis();`,
        `d.on('ready', () => {`,
        `  const args = ['TRACKING', 'ON', 'REDIRECT', 7, 'BCAST'];`,
        `  for (const prefix of PREFIXES) {`,
        `    if (!prefix) continue;`,
        `    args.push('PREFIX');`,
        `    args.push(prefix);`,
        `  }`,
        `  return d.call('CLIENT', ...args);`,
        `});`,
        `const kept = new Map();`,
        `export async function load(id) {`,
        `  kept.set('u' + id, [await a.get('user:' + id), await b.get('org:' + id), await c.get('user:' + id)]);`,
        `  kept.set('s' + id, await a.get('session:' + id));`,
        `  kept.set('t' + id, await b.get('team:' + id));`,
        `  kept.set('c' + id, await c.get('cart:' + id));`,
        `  kept.set('d' + id, [await d.get('org:' + id), await d.get('user:' + id)]);`,
        `  kept.set('e' + id, await d.get('event:' + id));`,
        `}`,
      ),
      errors: [
        { messageId: 'uncoveredRead', line: 26 },
        { messageId: 'uncoveredRead', line: 27 },
        { messageId: 'uncoveredRead', line: 28 },
        { messageId: 'uncoveredRead', line: 30 },
      ],
    },
    // valkey-glide's per-call options (a route, a decoder) are no words of the command: the TIME a cluster
    // client reads on a random node at start-up, kept for every request, is still TIME.
    {
      code: lines(
        `import { GlideClusterClient, Decoder } from '@valkey/valkey-glide';`,
        `const cluster = await GlideClusterClient.createClient({ addresses: [{ host: 'localhost', port: 7000 }] });`,
        `const startedAt = await cluster.time({ route: 'randomNode' });`,
        `const idle = await cluster.objectIdletime('sessions:active', { decoder: Decoder.String });`,
        `export const GET = () => ({ startedAt, idle });`,
      ),
      errors: [
        { messageId: 'volatileReplyKept', line: 3 },
        { messageId: 'volatileReplyKept', line: 4 },
      ],
    },
    // A memoizer that drops an entry only when its promise rejects (`.catch`, `then`'s second callback) keeps
    // every reply that arrived: a React.cache-style stand-in that retries failures.
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `const redis = new Redis();`,
        `const picks = new Map();`,
        `const quotes = new Map();`,
        `export function pick(slot) {`,
        `  if (picks.has(slot)) return picks.get(slot);`,
        `  const pending = redis.srandmember(\`featured:\${slot}\`);`,
        `  picks.set(slot, pending);`,
        `  pending.catch(() => picks.delete(slot));`,
        `  return pending;`,
        `}`,
        `export function quote(hour) {`,
        `  if (!quotes.has(hour)) quotes.set(hour, redis.hrandfield('quotes').then(null, () => quotes.delete(hour)));`,
        `  return quotes.get(hour);`,
        `}`,
      ),
      errors: [
        { messageId: 'volatileReplyKept', line: 7 },
        { messageId: 'volatileReplyKept', line: 13 },
      ],
    },
    // A WeakMap keyed by a long-lived object keeps its entries as long as that object lives.
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `const redis = new Redis();`,
        `const tenants = [{ id: 'a' }, { id: 'b' }];`,
        `const quota = new WeakMap();`,
        `export async function refresh() {`,
        `  for (const tenant of tenants) quota.set(tenant, await redis.ttl(\`quota:\${tenant.id}\`));`,
        `}`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 6 }],
    },
    // A reply's members folded into the keys of a module object (`{ ...acc, [code]: rank }`): SORT_RO BY reads
    // hash fields tracking never remembers.
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `const redis = new Redis();`,
        `redis.on('ready', () => redis.client('TRACKING', 'ON'));`,
        `let ranking: Record<string, number> = {};`,
        `export async function refreshRanking() {`,
        `  const codes = (await redis.sort_ro('coupon:active', 'BY', 'coupon:*->priority', 'LIMIT', 0, 20)) as string[];`,
        `  ranking = codes.reduce<Record<string, number>>((acc, code, i) => ({ ...acc, [code]: i + 1 }), {});`,
        `}`,
        `export const rankOf = (code: string) => ranking[code];`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 6 }],
    },
    // Older code: BCAST prefixes pushed in an indexed loop over a constant array; callbacks give the replies.
    // KEYS outside the prefixes is kept uncovered; the HGETALL under `rpt:` is covered.
    {
      code: lines(
        `'use strict';`,
        `var redis = require('redis');`,
        `var PREFIXES = ['rpt:', 'acct:'];`,
        `var client = redis.createClient({ legacyMode: true });`,
        `var cache = new Map();`,
        `client.on('ready', function () {`,
        `  var args = ['CLIENT', 'TRACKING', 'ON', 'BCAST'];`,
        `  for (var i = 0; i < PREFIXES.length; i++) {`,
        `    args.push('PREFIX', PREFIXES[i]);`,
        `  }`,
        `  client.sendCommand(args, function () {});`,
        `});`,
        `exports.drafts = function (cb) {`,
        `  client.keys('draft:*', function (err, keys) {`,
        `    cache.set('drafts', keys);`,
        `    cb(err, keys);`,
        `  });`,
        `};`,
        `exports.report = function (day, cb) {`,
        `  client.hgetall('rpt:' + day, function (err, report) {`,
        `    cache.set(day, report);`,
        `    cb(err, report);`,
        `  });`,
        `};`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 14 }],
    },
    // The node_redis 2/3 era's Bluebird `promisifyAll(redis.RedisClient.prototype)`: `pttlAsync` and `keysAsync`
    // send PTTL and KEYS and resolve to their replies, kept here; `hgetallAsync` is covered.
    {
      code: lines(
        `'use strict';`,
        `var redis = require('redis');`,
        `var bluebird = require('bluebird');`,
        `bluebird.promisifyAll(redis.RedisClient.prototype);`,
        `var client = redis.createClient({ legacyMode: true });`,
        `client.on('ready', function () { client.sendCommand(['CLIENT', 'TRACKING', 'ON'], function () {}); });`,
        `var expiries = {};`,
        `var lists = {};`,
        `exports.expiry = function (key) {`,
        `  return client.pttlAsync(key).then(function (ms) { expiries[key] = ms; return ms; });`,
        `};`,
        `exports.drafts = async function () {`,
        `  lists.drafts = await client.keysAsync('draft:*');`,
        `  lists.report = await client.hgetallAsync('rpt:today');`,
        `};`,
      ),
      errors: [
        { messageId: 'volatileReplyKept', line: 10 },
        { messageId: 'uncoveredRead', line: 13 },
      ],
    },
    // async.js in callback-era modules: `mapLimit` hands each iteratee a callback the read is given directly
    // (`redis.pttl(key, next)`), the final callback gets every TTL; `waterfall` passes KEYS on to the next task
    // and the final callback, whose keys become the cache's keys; `map` without a final callback resolves to the
    // results. The HGETALL per settings key is covered; a key the caller passes is no reply.
    {
      code: lines(
        `'use strict';`,
        `const async = require('async');`,
        `const Redis = require('ioredis');`,
        `const redis = new Redis();`,
        `redis.on('ready', () => redis.client('TRACKING', 'ON'));`,
        `const ttlCache = {};`,
        `const settings = {};`,
        `exports.warmTtls = function (keys, done) {`,
        `  async.mapLimit(keys, 10, function (key, next) {`,
        `    redis.pttl(key, next);`,
        `  }, function (err, values) {`,
        `    if (err) return done(err);`,
        `    keys.forEach(function (key, i) { ttlCache[key] = values[i]; });`,
        `    done(null);`,
        `  });`,
        `};`,
        `exports.loadSettings = function (done) {`,
        `  async.waterfall([`,
        `    function (next) { redis.keys('config:*').then((keys) => next(null, keys), next); },`,
        `    function (keys, next) { redis.mget(keys).then((values) => next(null, keys, values), next); },`,
        `  ], function (err, keys, values) {`,
        `    if (err) return done(err);`,
        `    keys.forEach(function (key, i) { settings[key] = values[i]; });`,
        `    done(null, settings);`,
        `  });`,
        `};`,
        `exports.expiries = (keys) => async.map(keys, (key, next) => redis.ttl(key, next)).then((ttls) => { ttlCache.all = ttls; });`,
        `exports.setting = async (key) => { settings[key] = await redis.hgetall(key); };`,
      ),
      errors: [
        { messageId: 'volatileReplyKept', line: 10 },
        { messageId: 'uncoveredRead', line: 19 },
        { messageId: 'volatileReplyKept', line: 27 },
      ],
    },
    // A reply's members as the keys of a Map (feature flags by name from a KEYS reply): the Map holds them.
    {
      code: lines(
        `import Valkey from 'iovalkey';`,
        `const redis = new Valkey();`,
        `const events = new Valkey();`,
        `redis.on('ready', async () => redis.client('TRACKING', 'ON', 'REDIRECT', await events.client('ID')));`,
        `export const flags = new Map();`,
        `export async function loadFlags() {`,
        `  const keys = await redis.keys('flag:*');`,
        `  const values = keys.length > 0 ? await redis.mget(...keys) : [];`,
        `  keys.forEach((key, i) => flags.set(key.slice('flag:'.length), values[i] ?? '0'));`,
        `}`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 7 }],
    },
    // A job module reads the client the entry point put on the global object: known by its methods.
    {
      code: lines(
        `'use strict';`,
        `var tips = [];`,
        `function refreshTips(cb) {`,
        `  global.redis.srandmember('digest:tips', 2, function (err, picked) {`,
        `    if (err) return cb(err);`,
        `    tips = picked;`,
        `    cb(null, picked);`,
        `  });`,
        `}`,
        `module.exports = { refreshTips: refreshTips, tips: function () { return tips; } };`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 4 }],
    },
    // A client handed out by a request context's getter (React Router 7 `context.get(key)`, Hono `c.get('redis')`):
    // the getter called with the same key names one object, and `pttl`/`srandmember` say it is a client. The GET
    // on the same getter is kept per request, and the lru-cache behind another key is no client.
    {
      code: lines(
        `import { valkeyContext, lruContext } from '~/server/context';`,
        `const holdMs = new Map();`,
        `let picks = [];`,
        `export async function loader({ params, context }) {`,
        `  holdMs.set(params.id, await context.get(valkeyContext).pttl(\`hold:\${params.id}\`));`,
        `  const stock = await context.get(valkeyContext).get(\`stock:\${params.id}\`);`,
        `  const seen = context.get(lruContext).get(params.id);`,
        `  return { hold: holdMs.get(params.id), stock, seen };`,
        `}`,
        `export const tips = async (c) => {`,
        `  picks = await c.get('redis').srandmember('tips', 3);`,
        `  return c.json(picks);`,
        `};`,
      ),
      errors: [
        { messageId: 'volatileReplyKept', line: 5 },
        { messageId: 'volatileReplyKept', line: 11 },
      ],
    },
    // node-redis 4's per-call options come first and are no word of the command: the undo log keeps DUMP
    // (partial: consumer groups and element order change silently), the GET beside it is covered.
    {
      code: lines(
        `import { commandOptions, createClient } from 'redis';`,
        `const jobs = createClient();`,
        `jobs.on('ready', () => jobs.sendCommand(['CLIENT', 'TRACKING', 'ON']));`,
        `const undo = [];`,
        `export async function purge(id) {`,
        `  const payload = await jobs.get(commandOptions({ returnBuffers: true }), \`job:\${id}:payload\`);`,
        `  const dumped = await jobs.dump(commandOptions({ returnBuffers: true }), \`job:\${id}\`);`,
        `  undo.push({ id, dumped, payload });`,
        `  await jobs.del(\`job:\${id}\`);`,
        `}`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 7 }],
    },
    // Tracking words pushed in one branch (BCAST and its prefixes together, or neither): KEYS outside the
    // prefixes is uncovered in both modes the environment can choose.
    {
      code: lines(
        `import Valkey from 'iovalkey';`,
        `const redis = new Valkey();`,
        `redis.on('ready', () => {`,
        `  const args = ['TRACKING', 'ON'];`,
        `  if (process.env.CACHE_MODE === 'bcast') {`,
        `    args.push('BCAST');`,
        `    for (const prefix of ['tenant:', 'plan:']) args.push('PREFIX', prefix);`,
        `  }`,
        `  return redis.call('CLIENT', ...args);`,
        `});`,
        `let active = [];`,
        `export async function refresh() { active = await redis.keys('usage:*'); }`,
        `export async function plans() { active = await redis.keys('plan:*'); }`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 12 }],
    },
    // A retry wrapper shared by two reads: each call gets its own callback's reply (the kept TTL is reported,
    // the PTTL that only answers the request is not), and the client comes from an interface-typed parameter.
    {
      code: lines(
        `import type Valkey from 'iovalkey';`,
        `interface UsageDeps { readonly redis?: Valkey }`,
        `const windows = new Map<string, number>();`,
        `async function withRetry<T>(op: () => Promise<T>, attempts = 3): Promise<T> {`,
        `  let last: unknown;`,
        `  for (let i = 0; i < attempts; i++) {`,
        `    try { return await op(); } catch (error) { last = error; }`,
        `  }`,
        `  throw last;`,
        `}`,
        `export async function window(deps: UsageDeps, id: string) {`,
        `  const redis = deps.redis!;`,
        `  windows.set(id, await withRetry(() => redis.ttl(\`usage:\${id}\`)));`,
        `  return windows.get(id);`,
        `}`,
        `export async function current(deps: UsageDeps, id: string) {`,
        `  return { resetInMs: await withRetry(() => deps.redis!.pttl(\`usage:\${id}\`)) };`,
        `}`,
      ),
      filename: 'usage.ts',
      errors: [{ messageId: 'volatileReplyKept', line: 13 }],
    },
    // A loader module typed with JSDoc only: a typedef names the client type, the parameter uses it. The
    // remaining TTL kept in a module Map is stale on any client (a Map's own `ttl` would be no command).
    {
      code: lines(
        `/** @typedef {import('iovalkey').default} Valkey */`,
        `const graceByUser = new Map();`,
        `/**`,
        ` * @param {Valkey} redis`,
        ` * @param {string} id`,
        ` */`,
        `export async function graceSeconds(redis, id) {`,
        `  if (!graceByUser.has(id)) graceByUser.set(id, await redis.ttl(\`grace:\${id}\`));`,
        `  return graceByUser.get(id);`,
        `}`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 8, column: 55 }],
    },
    // Memoized functions exported for other modules to call: what they return is kept whoever calls them.
    {
      code: tracked(
        `const memoize = require('lodash/memoize');`,
        `const tenantCount = memoize(() => redis.keys('tenant:*').then((keys) => keys.length));`,
        `const plan = memoize((id) => redis.hgetall(\`plan:\${id}\`));`,
        `module.exports = { tenantCount, plan };`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 5, column: 35 }],
    },
    // node-redis' client-side cache tracks the connection in default mode: a KEYS listing the application keeps
    // beside it is uncovered (its GET goes through the library's cache and is covered).
    {
      code: lines(
        `import { createClient } from 'redis';`,
        `const client = await createClient({ RESP: 3, clientSideCache: { ttl: 0, maxEntries: 1000 } }).connect();`,
        `const warm = { routes: undefined, home: undefined };`,
        `export async function handler() {`,
        `  warm.routes ??= await client.keys('route:*');`,
        `  warm.home = await client.get('page:home');`,
        `  return { routes: warm.routes.length, home: warm.home };`,
        `}`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 5, column: 25 }],
    },
    // A service handed another service of the module, known by its declared type (dependency injection by hand).
    {
      code: lines(
        `import Valkey from 'iovalkey';`,
        `class SessionReader {`,
        `  constructor(private readonly valkey: Valkey) {}`,
        `  idleSeconds(sid: string): Promise<number> {`,
        `    return this.valkey.object('IDLETIME', \`sess:\${sid}\`) as Promise<number>;`,
        `  }`,
        `}`,
        `export class AdminPanel {`,
        `  private readonly idle = new Map<string, number>();`,
        `  constructor(private readonly sessions: SessionReader) {}`,
        `  async refresh(sid: string): Promise<void> {`,
        `    this.idle.set(sid, await this.sessions.idleSeconds(sid));`,
        `  }`,
        `}`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 5, column: 12 }],
    },
    // Tracking words returned by a function of the module and spread into the call.
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `const SCOPES = ['user:', 'team:'];`,
        `function trackingWords(redirectId) {`,
        `  const words = ['TRACKING', 'ON', 'REDIRECT', redirectId, 'BCAST'];`,
        `  for (const scope of SCOPES) words.push('PREFIX', scope);`,
        `  return words;`,
        `}`,
        `const client = new Redis();`,
        `const subscriber = new Redis();`,
        `subscriber.on('ready', async () => client.client(...trackingWords(await subscriber.client('ID'))));`,
        `const kept = new Map();`,
        `export async function online() { kept.set('online', await client.scard('presence:online')); }`,
        `export async function user(id) { kept.set(id, await client.hgetall(\`user:\${id}\`)); }`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 12, column: 59 }],
    },
    // node-redis 4 in legacyMode: a MULTI's exec takes a callback with the replies as a plain array.
    {
      code: lines(
        `const redis = require('redis');`,
        `const client = redis.createClient({ url: process.env.REDIS_URL, legacyMode: true });`,
        `client.on('ready', () => client.sendCommand(['CLIENT', 'TRACKING', 'ON']));`,
        `const quotes = new Map();`,
        `function quote(id, done) {`,
        `  client.multi().get(\`price:\${id}\`).pttl(\`price:\${id}\`).exec(function (err, replies) {`,
        `    if (err) return done(err);`,
        `    quotes.set(id, { price: replies[0], validMs: replies[1] });`,
        `    done(null, quotes.get(id));`,
        `  });`,
        `}`,
        `module.exports = { quote };`,
      ),
      // PTTL changes with no write: volatileReplyKept on a tracked client too (rule docs).
      errors: [{ messageId: 'volatileReplyKept', line: 6 }],
    },
    // Promise.allSettled over pipelines: each outcome's value is that pipeline's replies (the status is no reply).
    {
      code: tracked(
        `const counts = new Map();`,
        `const failed = new Set();`,
        `export async function refresh(groups) {`,
        `  const outcomes = await Promise.allSettled(groups.map((g) => redis.pipeline().keys(\`group:\${g}:*\`).get(\`group:\${g}\`).exec()));`,
        `  outcomes.forEach((outcome, i) => {`,
        `    if (outcome.status !== 'fulfilled') return failed.add(outcome.status + groups[i]);`,
        `    const [[, members], [, name]] = outcome.value;`,
        `    counts.set(name, members.length);`,
        `  });`,
        `}`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 7 }],
    },
    // Prefixes handed to a tracking helper in an options object and pushed in a loop over it.
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `const CACHED = ['rest:', 'meta:'];`,
        `export const redis = new Redis();`,
        `const subscriber = redis.duplicate();`,
        `const kept = new Map();`,
        `function enableTracking(client, { redirect, prefixes }, options) {`,
        `  const words = ['TRACKING', 'ON', 'REDIRECT', redirect, 'BCAST'];`,
        `  for (const prefix of options.extra) words.push('PREFIX', prefix);`,
        `  for (const prefix of prefixes) words.push('PREFIX', prefix);`,
        `  return client.call('CLIENT', ...words);`,
        `}`,
        `redis.on('ready', async () => {`,
        `  const id = await subscriber.client('ID');`,
        `  await enableTracking(redis, { redirect: id, prefixes: CACHED }, { extra: ['cfg:'] });`,
        `});`,
        `export async function load(uid) {`,
        `  kept.set(uid, await redis.hgetall(\`meta:\${uid}\`));`,
        `  kept.set(\`cfg:\${uid}\`, await redis.hgetall(\`cfg:\${uid}\`));`,
        `  kept.set(\`stats:\${uid}\`, await redis.hgetall(\`stats:\${uid}\`));`,
        `}`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 19, column: 34 }],
    },
    // Tracking words a helper grows with push: the array is no constant, its PREFIX words count (a key
    // outside them is uncovered; read as the bare initializer, BCAST would cover every key).
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `const redis = new Redis();`,
        `const index = new Map();`,
        `function startTracking(client) {`,
        `  const words = ['TRACKING', 'ON', 'BCAST'];`,
        `  words.push('PREFIX', 'rest:', 'PREFIX', 'meta:');`,
        `  return client.call('CLIENT', ...words);`,
        `}`,
        `redis.on('ready', () => startTracking(redis));`,
        `export async function reindex() {`,
        `  index.set('rest', await redis.keys('rest:*'));`,
        `  index.set('gql', await redis.keys('gql:*'));`,
        `}`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 12, column: 26 }],
    },
    // A module-level DataLoader keeps every result of its batch function for the life of the process.
    {
      code: plain(
        `import DataLoader from 'dataloader';`,
        `const ttl = new DataLoader((keys) => Promise.all(keys.map((k) => redis.pttl(k))));`,
        `export const ttlOf = (key) => ttl.load(key);`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 4, column: 66 }],
    },
    // A Vue-style options object: its methods keep the reply on `this`, which outlives the call.
    {
      code: plain(
        `export default {`,
        `  data() { return { ttl: -1 }; },`,
        `  methods: {`,
        `    refresh(key) { redis.pttl(key).then((reply) => { this.ttl = reply; }); },`,
        `  },`,
        `};`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 6, column: 20 }],
    },
    // Replies of `keys.map(...)` on a parameter, gathered by Promise.all and kept by index in a forEach.
    {
      code: plain(
        `const idle = new Map();`,
        `export async function sample(keys) {`,
        `  const replies = await Promise.all(keys.map((key) => redis.object('IDLETIME', key)));`,
        `  keys.forEach((key, i) => idle.set(key, Number(replies[i])));`,
        `}`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 5, column: 55 }],
    },
    // TypeScript's `import Redis = require('ioredis')`, as a value and as a parameter's type.
    {
      code: lines(
        `import Redis = require('ioredis');`,
        `const redis = new Redis();`,
        `redis.on('ready', () => redis.call('CLIENT', 'TRACKING', 'ON'));`,
        `const memo = new Map<string, string[]>();`,
        `export async function names() { memo.set('names', await redis.keys('name:*')); }`,
        `export class Counter {`,
        `  #left = new Map<string, number>();`,
        `  constructor(private readonly store: Redis) {}`,
        `  async left(key: string) { this.#left.set(key, await this.store.pttl(key)); }`,
        `}`,
      ),
      errors: [
        { messageId: 'uncoveredRead', line: 5, column: 57 },
        { messageId: 'volatileReplyKept', line: 9, column: 55 },
      ],
    },
    // The reply reaches a private field through a promise, as a derived `.length`.
    {
      code: tracked(
        `export class Inventory {`,
        `  #count = 0;`,
        `  refresh() { return redis.keys('item:*').then((keys) => { this.#count = keys.length; }); }`,
        `}`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 6, column: 22 }],
    },
    // A pipeline's exec destructured as [[, ttl]], formatted, in React class component state (no tracking: PTTL changes with no write).
    {
      code: plain(
        `import React from 'react';`,
        `const format = (ms) => \`\${Math.round(ms / 1000)} s\`;`,
        `export class Details extends React.Component {`,
        `  load(key) {`,
        `    redis.pipeline().type(key).pttl(key).exec().then(([[, type], [, ttl]]) => this.setState({ type, ttl: format(ttl) }));`,
        `  }`,
        `}`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 7, column: 32 }],
    },
    // A client a framework hands over (`fastify.valkeyAdmin`), known only by DBSIZE and RANDOMKEY, which no
    // other library has: the random key kept for a minute is stale whatever the tracking (DBSIZE changes
    // with writes, which an untracked client's app chose to miss).
    {
      code: lines(
        `const snapshot = { keys: 0, sample: null, takenAt: 0 };`,
        `export default async function adminRoutes(fastify) {`,
        `  const admin = fastify.valkeyAdmin;`,
        `  fastify.get('/snapshot', async () => {`,
        `    if (Date.now() - snapshot.takenAt > 60_000) {`,
        `      snapshot.keys = await admin.dbsize();`,
        `      snapshot.sample = await admin.randomkey();`,
        `      snapshot.takenAt = Date.now();`,
        `    }`,
        `    return snapshot;`,
        `  });`,
        `}`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 7, column: 31 }],
    },
    // ioredis `defineCommand` in the constructor of a class whose cluster is injected (typed, no value in sight):
    // the script method called in a later method runs a script that reads PTTL, and its reply is kept.
    {
      code: lines(
        `import type { Cluster } from 'ioredis';`,
        `const PEEK = "local n = redis.call('ZCARD', KEYS[1]) return { n, redis.call('PTTL', KEYS[1]) }";`,
        `interface Deps { limiterCluster: Cluster }`,
        `export class Limiter {`,
        `  readonly #cluster: Cluster;`,
        `  readonly #exhausted = new Map<string, unknown>();`,
        `  constructor({ limiterCluster }: Deps) {`,
        `    this.#cluster = limiterCluster;`,
        `    this.#cluster.defineCommand('peek', { numberOfKeys: 1, lua: PEEK });`,
        `    this.#cluster.defineCommand('count', { numberOfKeys: 1, lua: "return redis.call('ZCARD', KEYS[1])" });`,
        `  }`,
        `  async usage(subject: string) {`,
        `    const [used, resetsInMs] = await (this.#cluster as any).peek(\`quota:{\${subject}}\`);`,
        `    this.#exhausted.set(subject, { used, resetsInMs });`,
        `    this.#exhausted.set(\`\${subject}:n\`, await (this.#cluster as any).count(\`quota:{\${subject}}\`));`,
        `  }`,
        `}`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 13, column: 38 }],
    },
    // A router factory destructuring its client from a deps interface: known by the member's type, so a reply
    // no method names as a client's (OBJECT IDLETIME) is read on a client, and kept by the factory's closure.
    {
      code: lines(
        `import { Router } from 'express';`,
        `import type Valkey from 'iovalkey';`,
        `export interface OpsDeps { region: string; redis: Valkey }`,
        `export function createOpsRouter({ region, redis }: OpsDeps): Router {`,
        `  const router = Router();`,
        `  let lag: { idle: number; at: number } | undefined;`,
        `  router.get('/ops/lag', async (_req, res) => {`,
        `    if (!lag) lag = { idle: Number(await redis.object('IDLETIME', \`checkpoint:\${region}\`)), at: Date.now() };`,
        `    res.json(lag);`,
        `  });`,
        `  return router;`,
        `}`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 8 }],
    },
    // A command that takes no argument handed only the async.js task's callback: `client.dbsize(cb)`.
    {
      code: tracked(
        `import async from 'async';`,
        `let lastStats = null;`,
        `export function stats(done) {`,
        `  async.parallel({ keys: (cb) => redis.dbsize(cb), now: (cb) => redis.time(cb) }, (err, results) => {`,
        `    if (!err) lastStats = { keys: results.keys, at: Date.now() };`,
        `    done(err, lastStats);`,
        `  });`,
        `}`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 7 }],
    },
    // A node-style callback `(error, seconds)` keeps a TTL in a Map field.
    {
      code: tracked(
        `export class Windows {`,
        `  #windows = new Map();`,
        `  load(sku, callback) {`,
        `    redis.ttl(\`restock:\${sku}\`, (error, seconds) => {`,
        `      if (error) return callback(error);`,
        `      this.#windows.set(sku, seconds);`,
        `      callback(null, seconds);`,
        `    });`,
        `  }`,
        `}`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 7, column: 5 }],
    },
    // A context object with the client, destructured by a free helper that loops over SCAN; a Set of the keys kept.
    {
      code: tracked(
        `async function collect({ client, pattern }) {`,
        `  const found = [];`,
        `  let cursor = '0';`,
        `  do {`,
        `    const [next, batch] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 100);`,
        `    found.push(...batch);`,
        `    cursor = next;`,
        `  } while (cursor !== '0');`,
        `  return found;`,
        `}`,
        `export class Categories {`,
        `  #names = new Set();`,
        `  async refresh() {`,
        `    const keys = await collect({ client: redis, pattern: 'category:*' });`,
        `    this.#names = new Set(keys.map((key) => key.slice(9)));`,
        `  }`,
        `}`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 8, column: 33 }],
    },
    // A memoizer of the same module, recognised by what it does: `cached(key, () => ...)` and `remember(key, value)`.
    {
      code: tracked(
        `const memo = new Map();`,
        `function cached(key, load) {`,
        `  if (!memo.has(key)) memo.set(key, load());`,
        `  return memo.get(key);`,
        `}`,
        `function remember(key, value) {`,
        `  memo.set(key, value);`,
        `  return value;`,
        `}`,
        `export const userCount = () => cached('users', () => redis.keys('user:*').then((keys) => keys.length));`,
        `export const expiry = async (id) => memo.get(id) ?? remember(id, await redis.ttl(id));`,
      ),
      errors: [
        { messageId: 'uncoveredRead', line: 13, column: 54 },
        { messageId: 'volatileReplyKept', line: 14, column: 72 },
      ],
    },
    // A wrapper class with a Map whose method calls the client: reported on the read inside it.
    {
      code: tracked(
        `class CachedRedis {`,
        `  #entries = new Map();`,
        `  constructor(client) { this.client = client; }`,
        `  async keys(pattern) {`,
        `    if (!this.#entries.has(pattern)) this.#entries.set(pattern, await this.client.keys(pattern));`,
        `    return this.#entries.get(pattern);`,
        `  }`,
        `}`,
        `export const cache = new CachedRedis(redis);`,
        `export const users = () => cache.keys('user:*');`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 8, column: 71 }],
    },
    // A wrapper that takes the whole command: judged at each call, reported where the command is chosen.
    {
      code: lines(
        `import Valkey from 'iovalkey';`,
        `class Memo {`,
        `  #memo = new Map();`,
        `  constructor(redis) { this.redis = redis; }`,
        `  async read(...argv) {`,
        `    const id = argv.join(' ');`,
        `    if (!this.#memo.has(id)) this.#memo.set(id, await this.redis.call(...argv));`,
        `    return this.#memo.get(id);`,
        `  }`,
        `}`,
        `const redis = new Valkey();`,
        `redis.on('ready', () => redis.call('CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'DATA::'));`,
        `const memo = new Memo(redis);`,
        `export const feed = (id) => memo.read('LRANGE', \`DATA::feed:\${id}\`, 0, 9);`,
        `export const popularity = (id) => memo.read('OBJECT', 'FREQ', \`DATA::post:\${id}\`);`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 15, column: 35 }],
    },
    // Tracking turned on in a `.then` chain after CLIENT ID of the subscriber, in a constructor.
    {
      code: lines(
        `import Valkey from 'iovalkey';`,
        `export class Stock {`,
        `  #redis = new Valkey();`,
        `  #events = new Valkey();`,
        `  #counts = new Map();`,
        `  constructor() {`,
        `    this.#events.client('ID').then((id) => this.#redis.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', id));`,
        `  }`,
        `  async count() { this.#counts.set('all', await this.#redis.dbsize()); }`,
        `}`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 9, column: 49 }],
    },
    // Tracking inside `if (options.tracking)`, in a ready listener.
    {
      code: lines(
        `import Valkey from 'iovalkey';`,
        `const options = { tracking: process.env.TRACKING !== 'off' };`,
        `const redis = new Valkey();`,
        `const memo = {};`,
        `redis.on('ready', async () => {`,
        `  if (options.tracking) await redis.call('CLIENT', 'TRACKING', 'ON');`,
        `});`,
        `export async function sessions() { memo.sessions = await redis.keys('session:*'); }`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 8, column: 58 }],
    },
    // `client.client('TRACKING', ...)` inside a wrapper method of the application.
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `class Connection {`,
        `  constructor() { this.redis = new Redis(); this.redis.on('connect', () => this.enableTracking()); }`,
        `  enableTracking() { return this.redis.client('TRACKING', 'on', 'OPTOUT'); }`,
        `}`,
        `const connection = new Connection();`,
        `const lists = new Map();`,
        `export async function list(name) { lists.set(name, await connection.redis.sort_ro(name, 'BY', 'weight:*')); }`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 8, column: 58 }],
    },
    // A command built as data: `new Command('client', ['tracking', 'on', ..., 'bcast', 'prefix', 'DATA::'])` + sendCommand.
    {
      code: lines(
        `const Redis = require('ioredis');`,
        `const { Command } = require('ioredis');`,
        `const redis = new Redis();`,
        `const authors = new Map();`,
        `redis.on('ready', () => redis.sendCommand(new Command('client', ['tracking', 'on', 'bcast', 'prefix', 'DATA::'])));`,
        `async function author(id) {`,
        `  const key = \`INFO::author:\${id}\`;`,
        `  const fields = await redis.hgetall(key);`,
        `  authors.set(key, { name: fields.name });`,
        `}`,
        `module.exports = { author };`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 8, column: 24 }],
    },
    // node-redis `sendCommand([...])` with the words from a constants object.
    {
      code: lines(
        `const { createClient } = require('redis');`,
        `const CMD = Object.freeze({ CLIENT: 'CLIENT', TRACKING: 'TRACKING', ON: 'ON', BCAST: 'BCAST', PREFIX: 'PREFIX' });`,
        `class Flags {`,
        `  constructor() { this.client = createClient(); this.rollouts = {}; this.client.on('ready', () => this.track()); }`,
        `  track() { return this.client.sendCommand([CMD.CLIENT, CMD.TRACKING, CMD.ON, CMD.BCAST, CMD.PREFIX, 'flag:']); }`,
        `  async rollout(name) { this.rollouts[name] = Number(await this.client.hGet(\`rollout:\${name}\`, 'percent')); }`,
        `}`,
        `module.exports = { Flags };`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 6, column: 60 }],
    },
    // Scripts: a module-constant Lua source that reads GET and PTTL is partial; EVALSHA of a loaded ZRANDMEMBER script too.
    {
      code: tracked(
        `const WITH_TTL = \``,
        `local value = redis.call('GET', KEYS[1])`,
        `return { value, redis.call('PTTL', KEYS[1]) }`,
        `\`;`,
        `const PICK = "return server.call('ZRANDMEMBER', KEYS[1], 3)";`,
        `const cache = new Map();`,
        `let pickSha;`,
        `export async function load() { pickSha = await redis.script('LOAD', PICK); }`,
        `export async function session(id) { cache.set(id, await redis.eval(WITH_TTL, 1, \`session:\${id}\`)); }`,
        `export async function picks(board) { cache.set(board, await redis.call('EVALSHA', pickSha, 1, board)); }`,
      ),
      errors: [
        { messageId: 'volatileReplyKept', line: 12, column: 57 },
        { messageId: 'volatileReplyKept', line: 13, column: 61 },
      ],
    },
    // promisify + bind, with no tracking: a memoized PTTL is wrong a moment later.
    {
      code: plain(
        `import { promisify } from 'node:util';`,
        `const pttl = promisify(redis.pttl).bind(redis);`,
        `const memo = new Map();`,
        `export async function lock(name) { memo.set(name, await pttl(\`lock:\${name}\`)); }`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 6, column: 57 }],
    },
    // React hooks: a random sample handed straight to a useState setter.
    {
      code: plain(
        `import { useEffect, useState } from 'react';`,
        `export function Sample({ keyName }) {`,
        `  const [sample, setSample] = useState([]);`,
        `  useEffect(() => { redis.srandmember(keyName, 5).then(setSample); }, [keyName]);`,
        `  return sample.join(', ');`,
        `}`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 6, column: 21 }],
    },
    // OPTOUT: `CLIENT CACHING no` right before the read leaves it unremembered, yet it is kept.
    {
      code: lines(
        `import Valkey from 'iovalkey';`,
        `const redis = new Valkey();`,
        `const drafts = new Map();`,
        `redis.on('ready', () => redis.call('CLIENT', 'TRACKING', 'ON', 'OPTOUT'));`,
        `export async function draft(id) {`,
        `  const [, fields] = await Promise.all([redis.client('CACHING', 'NO'), redis.hgetall(\`draft:\${id}\`)]);`,
        `  drafts.set(id, fields);`,
        `}`,
      ),
      errors: [{ messageId: 'optedOut', line: 6, column: 72 }],
    },
    // The same with the directive awaited first, in a cron job of a CommonJS module whose client is imported.
    {
      code: lines(
        `'use strict';`,
        `const cron = require('node-cron');`,
        `const Valkey = require('iovalkey');`,
        `const valkey = new Valkey();`,
        `valkey.on('ready', () => valkey.client('TRACKING', 'ON', 'OPTOUT'));`,
        `const snapshot = { throttled: null };`,
        `async function readThrottle() {`,
        `  await valkey.client('CACHING', 'no');`,
        `  snapshot.throttled = await valkey.get('ops:throttle');`,
        `}`,
        `cron.schedule('* * * * *', () => readThrottle().catch(console.error));`,
        `module.exports = { snapshot };`,
      ),
      errors: [{ messageId: 'optedOut', line: 9 }],
    },
    // Cache libraries: cache-manager `wrap`, keyv `set`, node-cache `set`, lru-cache `fetchMethod`.
    {
      code: plain(
        `import { createCache } from 'cache-manager';`,
        `import Keyv from 'keyv';`,
        `import NodeCache from 'node-cache';`,
        `import { LRUCache } from 'lru-cache';`,
        `const memory = createCache();`,
        `const rates = new Keyv();`,
        `const stats = new NodeCache();`,
        `const idle = new LRUCache({ max: 10, fetchMethod: (key) => redis.object('IDLETIME', key) });`,
        `export const promo = (id) => memory.wrap(id, () => redis.ttl(\`promo:\${id}\`));`,
        `export const rate = async (id) => rates.set(id, await redis.time());`,
        `export const freq = async (id) => stats.set(id, await redis.object('FREQ', id));`,
        `export const age = (id) => idle.fetch(id);`,
      ),
      errors: [
        { messageId: 'volatileReplyKept', line: 10, column: 60 },
        { messageId: 'volatileReplyKept', line: 11, column: 52 },
        { messageId: 'volatileReplyKept', line: 12, column: 55 },
        { messageId: 'volatileReplyKept', line: 13, column: 55 },
      ],
    },
    // An EventEmitter hands what `emit` passes to the listeners of that event: one keeps the sample in a module
    // array, one of another event keeps what it gets (not a reply), one logs the sample and keeps nothing.
    {
      code: tracked(
        `import { EventEmitter } from 'node:events';`,
        `export const bus = new EventEmitter();`,
        `const history = [];`,
        `const seen = new Set();`,
        `bus.on('ttl-sample', (sample) => history.push(sample));`,
        `bus.on('visit', (id) => seen.add(id));`,
        `bus.on('ttl-sample', (sample) => console.log(sample.ttl));`,
        `export async function sample(id) { bus.emit('ttl-sample', { id, ttl: await redis.ttl(\`session:\${id}\`) }); }`,
        `export async function visit(id) { bus.emit('visit', id); return redis.ttl(\`visit:\${id}\`); }`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 11 }],
    },
    // A class extending EventEmitter: its methods emit what they read, a listener in its constructor keeps the
    // TTL in a field, one outside keeps the idle time in a module Map; `events.once` resolves to the arguments
    // of the next `visits` emit, and the count kept from it is a full read (SCARD): no finding.
    {
      code: tracked(
        `import EventEmitter, { once } from 'node:events';`,
        `class SessionFeed extends EventEmitter {`,
        `  latestTtl = -1;`,
        `  constructor() {`,
        `    super();`,
        `    this.on('ttl', (ttl) => { this.latestTtl = ttl; });`,
        `  }`,
        `  async poll(id) {`,
        `    this.emit('ttl', await redis.ttl(\`session:\${id}\`));`,
        `    this.emit('idle', id, await redis.object('IDLETIME', \`session:\${id}\`));`,
        `    this.emit('visits', await redis.scard(\`visits:\${id}\`));`,
        `  }`,
        `}`,
        `export const feed = new SessionFeed();`,
        `const idle = new Map();`,
        `feed.on('idle', (id, seconds) => idle.set(id, seconds));`,
        `feed.on('ttl', (ttl) => console.log('ttl', ttl));`,
        `let visits = 0;`,
        `export async function watchVisits() { [visits] = await once(feed, 'visits'); }`,
      ),
      errors: [
        { messageId: 'volatileReplyKept', line: 12 },
        { messageId: 'volatileReplyKept', line: 13 },
      ],
    },
    // `events.once` on a class's emitter: the TTL it resolves to is kept in a module variable.
    {
      code: tracked(
        `import { EventEmitter, once } from 'events';`,
        `class Probe extends EventEmitter {`,
        `  async sample(key) { this.emit('sample', await redis.pttl(key)); }`,
        `}`,
        `const probe = new Probe();`,
        `let lastPttl;`,
        `export async function next() { const [pttl] = await once(probe, 'sample'); lastPttl = pttl; }`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 6 }],
    },
    // RxJS subjects that replay what they are given: a service's BehaviorSubject field and a module's
    // ReplaySubject keep the reply for every later subscriber; a plain Subject passes it on and keeps nothing.
    {
      code: tracked(
        `import { BehaviorSubject, ReplaySubject, Subject, interval } from 'rxjs';`,
        `export const clock$ = new ReplaySubject(1);`,
        `export const ticks$ = new Subject();`,
        `export class Quotes {`,
        `  symbols$ = new BehaviorSubject([]);`,
        `  start() {`,
        `    interval(30_000).subscribe(async () => this.symbols$.next(await redis.keys('quote:*')));`,
        `    interval(1_000).subscribe(async () => clock$.next(await redis.time()));`,
        `    interval(1_000).subscribe(async () => ticks$.next(await redis.ttl('quote:snapshot')));`,
        `  }`,
        `}`,
      ),
      errors: [
        { messageId: 'uncoveredRead', line: 10 },
        { messageId: 'volatileReplyKept', line: 11 },
      ],
    },
    // RxJS pipelines: a service's observable replays the PTTL it read (`shareReplay` held in a field), a timer's
    // `switchMap` hands SRANDMEMBER's picks to a subscriber that keeps them, a plain Subject's subscriber keeps
    // the TTL given to `next`, `map(Number)` computes from the PTTL a subscriber keeps. Not kept: GET through `map` (full), a TTL only logged, a replayed TTL made per call
    // and returned, and TIME through `tap` into a log.
    {
      code: tracked(
        `import { defer, from, interval, map, shareReplay, Subject, switchMap, tap, timer } from 'rxjs';`,
        `const ttls$ = new Subject<number>();`,
        `let lastTtl = -1;`,
        `ttls$.subscribe((ttl) => { lastTtl = ttl; });`,
        `export class TickerFeed {`,
        `  rotation: string[] = [];`,
        `  settings: unknown = null;`,
        `  readonly snapshotTtl$ = defer(() => redis.pttl('quote:snapshot')).pipe(shareReplay(1));`,
        `  start() {`,
        `    timer(0, 10_000)`,
        `      .pipe(switchMap(() => redis.srandmember('symbols:rotation', 3)))`,
        `      .subscribe((picks) => { this.rotation = picks; });`,
        `    from(redis.get('settings')).pipe(map((raw) => JSON.parse(raw ?? '{}'))).subscribe((s) => { this.settings = s; });`,
        `    interval(1_000).pipe(switchMap(() => redis.ttl('quote:lock'))).subscribe((t) => console.log('lock ttl', t));`,
        `    interval(5_000).pipe(switchMap(() => redis.time()), tap((now) => console.log(now))).subscribe();`,
        `    from(redis.pttl('quote:open')).pipe(map(Number)).subscribe((ms) => { this.settings = ms; });`,
        `  }`,
        `  async sample(key: string) { ttls$.next(await redis.ttl(key)); }`,
        `}`,
        `export const ttlOf$ = (key: string) => defer(() => redis.ttl(key)).pipe(shareReplay(1));`,
      ),
      errors: [
        { messageId: 'volatileReplyKept', line: 11 },
        { messageId: 'volatileReplyKept', line: 14 },
        { messageId: 'volatileReplyKept', line: 19 },
        { messageId: 'volatileReplyKept', line: 21 },
      ],
    },
    // Closure variables of a long-lived function and module variables written by a function.
    {
      code: tracked(
        `export function counter() {`,
        `  let cached;`,
        `  return async () => (cached ??= (await redis.keys('order:*')).length);`,
        `}`,
        `let total = 0;`,
        `export async function refresh() { total = await redis.dbsize(); }`,
      ),
      errors: [
        { messageId: 'uncoveredRead', line: 6, column: 41 },
        { messageId: 'uncoveredRead', line: 9, column: 49 },
      ],
    },
    // `untracked: true`: other partial and none replies kept from a client with no tracking.
    {
      code: plain(
        `const memo = new Map();`,
        `export async function names() { memo.set('names', await redis.keys('name:*')); }`,
      ),
      options: [{ untracked: true }],
      errors: [{ messageId: 'untrackedRead', line: 4, column: 57 }],
    },
    // glide names a variant after each option it adds (`zrandmemberWithCountWithScores`: ZRANDMEMBER key count
    // WITHSCORES); a copy of the random picks kept for a while is stale whatever invalidates glide's own cache.
    {
      code: lines(
        `import { ClientSideCache, GlideClient } from '@valkey/valkey-glide';`,
        `const cache = ClientSideCache.create(1024, 60_000, { serverAssisted: true });`,
        `const prices = await GlideClient.createClient({ addresses: [{ host: 'localhost' }], clientSideCache: cache });`,
        `const promotions = new Map();`,
        `export async function promote(segment) {`,
        `  promotions.set(segment, structuredClone(await prices.zrandmemberWithCountWithScores(\`pool:\${segment}\`, 4)));`,
        `}`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 6, column: 49 }],
    },
    // glide: a cache without serverAssisted, made by a helper and passed through a configuration object.
    {
      code: lines(
        `import { ClientSideCache, GlideClient } from '@valkey/valkey-glide';`,
        `function localCache(kb, ttl) { return ClientSideCache.create(kb, ttl, { enableMetrics: true }); }`,
        `const config = { addresses: [{ host: 'localhost' }], clientSideCache: localCache(2048, 120000) };`,
        `export const profiles = await GlideClient.createClient(config);`,
      ),
      errors: [{ messageId: 'cacheWithoutInvalidation', line: 3, column: 54 }],
    },
  ],
});
