import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';

// A helper that builds an object or array for its caller makes a new one on every call: a reply it formats
// for one request is not kept because another call's result is.
const lines = (...source: string[]) => source.join('\n');

/** An ioredis client with default-mode tracking, and a formatting helper used by several reads. */
const withHelper = (...body: string[]) =>
  lines(
    `import Redis from 'ioredis';`,
    `const redis = new Redis();`,
    `redis.on('ready', () => redis.client('TRACKING', 'ON'));`,
    `function toEntries(flat) {`,
    `  const entries = [];`,
    `  for (let i = 0; i < flat.length; i += 2) entries.push({ id: flat[i], score: Number(flat[i + 1]) });`,
    `  return entries;`,
    `}`,
    `const ranks = new Map();`,
    ...body,
  );

/** A BCAST client over `feed:` and a module-local helper turning a stream entry into a notice, used by every read. */
const streamNotices = (...body: string[]) =>
  lines(
    `import Valkey from 'iovalkey';`,
    `import { LRUCache } from 'lru-cache';`,
    `const valkey = new Valkey();`,
    `valkey.on('ready', () => valkey.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', process.env.SUB_ID, 'BCAST', 'PREFIX', 'feed:'));`,
    `function toNotice([id, fields]) {`,
    `  const notice = { id };`,
    `  for (let i = 0; i + 1 < fields.length; i += 2) notice[fields[i]] = fields[i + 1];`,
    `  return notice;`,
    `}`,
    ...body,
  );

runRuleTests('no-uncovered-cached-read: objects a helper makes per call', rule, {
  valid: [
    // The ranking is kept (covered); the random pick goes through the same helper to the response only.
    withHelper(
      `export async function top(board) {`,
      `  if (!ranks.has(board)) ranks.set(board, toEntries(await redis.zrevrange(board, 0, 9, 'WITHSCORES')));`,
      `  return ranks.get(board);`,
      `}`,
      `export function spotlight(board) {`,
      `  return redis.zrandmember(board, 3, 'WITHSCORES').then(toEntries);`,
      `}`,
      `export async function spotlightNow(board) {`,
      `  const picked = toEntries(await redis.zrandmember(board, 3, 'WITHSCORES'));`,
      `  return { board, picked };`,
      `}`,
    ),
    // An arrow helper building an object per call, kept for one key and only returned for another.
    lines(
      `import Redis from 'ioredis';`,
      `const redis = new Redis();`,
      `redis.on('ready', () => redis.client('TRACKING', 'ON'));`,
      `const wrap = (value) => ({ value, at: Date.now() });`,
      `const memo = {};`,
      `export async function name(id) { memo[id] = wrap(await redis.hget(\`user:\${id}\`, 'name')); }`,
      `export async function idle(id) { return wrap(await redis.object('IDLETIME', \`user:\${id}\`)); }`,
    ),
    // The same in a class whose cache is a field keyed by a Symbol: the ranking kept there, the scanned pages
    // formatted by the same helper and yielded to the iterator's consumer.
    withHelper(
      `const kCache = Symbol('cache');`,
      `export class Board {`,
      `  [kCache] = new Map();`,
      `  async top(board) {`,
      `    const entries = toEntries(await redis.zrevrange(board, 0, 9, 'WITHSCORES'));`,
      `    this[kCache].set(board, entries);`,
      `    return entries;`,
      `  }`,
      `  async *[Symbol.asyncIterator]() {`,
      `    const [, flat] = await redis.zscan('board', '0', 'COUNT', 200);`,
      `    yield* toEntries(flat);`,
      `  }`,
      `}`,
    ),
    // Helper objects in a loading cache's array and in a module variable: each holds only the replies of the
    // calls that made it (the feed reads are covered under BCAST; the archive reads are returned only).
    streamNotices(
      `const pages = new LRUCache({ max: 100, fetchMethod: async (user) => (await valkey.xrange(\`feed:\${user}\`, '-', '+')).map(toNotice) });`,
      `let latest = null;`,
      `export const page = (user) => pages.fetch(user);`,
      `export async function oldest(user) {`,
      `  const [entry] = await valkey.xrange(\`archive:\${user}\`, '-', '+', 'COUNT', 1);`,
      `  return entry ? toNotice(entry) : null;`,
      `}`,
      `export function archiveTail(user) {`,
      `  return valkey.xrevrange(\`archive:\${user}\`, '+', '-', 'COUNT', 20).then((entries) => entries.map(toNotice));`,
      `}`,
      `export async function refreshLatest(user) {`,
      `  const [entry] = await valkey.xrevrange(\`feed:\${user}\`, '+', '-', 'COUNT', 1);`,
      `  latest = entry ? toNotice(entry) : null;`,
      `}`,
    ),
  ],
  invalid: [
    // A page of the scan kept in the field's Map through the helper: reported.
    {
      code: withHelper(
        `const kCache = Symbol('cache');`,
        `export class Board {`,
        `  [kCache] = new Map();`,
        `  async firstPage(board) {`,
        `    const [, flat] = await redis.zscan(board, '0', 'COUNT', 200);`,
        `    this[kCache].set('page', toEntries(flat));`,
        `  }`,
        `}`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 14 }],
    },
    // The random pick itself kept through the helper: reported, at the read.
    {
      code: withHelper(
        `export async function spotlight(board) {`,
        `  if (!ranks.has('pick')) ranks.set('pick', toEntries(await redis.zrandmember(board, 3, 'WITHSCORES')));`,
        `  return ranks.get('pick');`,
        `}`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 11 }],
    },
    // Kept through a then-callback whose promise is cached.
    {
      code: withHelper(
        `export function spotlight(board) {`,
        `  if (!ranks.has(board)) ranks.set(board, redis.zrandmember(board, 3, 'WITHSCORES').then(toEntries));`,
        `  return ranks.get(board);`,
        `}`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 11 }],
    },
    // A helper that stores into a cache of the module itself keeps whatever any call gives it.
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `const redis = new Redis();`,
        `redis.on('ready', () => redis.client('TRACKING', 'ON'));`,
        `const kept = new Map();`,
        `function remember(key, value) {`,
        `  const entry = { value, at: Date.now() };`,
        `  kept.set(key, entry);`,
        `  return entry;`,
        `}`,
        `export async function ttl(key) { return remember(key, await redis.pttl(key)).value; }`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 10 }],
    },
    // An object made per call but returned into a module variable from the call with the volatile reply.
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `const redis = new Redis();`,
        `redis.on('ready', () => redis.client('TRACKING', 'ON'));`,
        `const wrap = (value) => ({ value, at: Date.now() });`,
        `let last;`,
        `export async function name(id) { return wrap(await redis.hget(\`user:\${id}\`, 'name')); }`,
        `export async function idle(id) { last = wrap(await redis.object('IDLETIME', \`user:\${id}\`)); }`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 7 }],
    },
    // The same helper's objects kept from uncovered reads: the variable and the loading cache hold those.
    {
      code: streamNotices(
        `const pages = new LRUCache({ max: 100, fetchMethod: async (user) => (await valkey.xrange(\`archive:\${user}\`, '-', '+')).map(toNotice) });`,
        `let latest = null;`,
        `export const page = (user) => pages.fetch(user);`,
        `export async function recent(user) {`,
        `  return (await valkey.xrevrange(\`feed:\${user}\`, '+', '-', 'COUNT', 20)).map(toNotice);`,
        `}`,
        `export async function refreshLatest(user) {`,
        `  const [entry] = await valkey.xrevrange(\`archive:\${user}\`, '+', '-', 'COUNT', 1);`,
        `  latest = entry ? toNotice(entry) : null;`,
        `}`,
      ),
      errors: [
        { messageId: 'uncoveredRead', line: 10 },
        { messageId: 'uncoveredRead', line: 17 },
      ],
    },
    // A formatter's object spread into a body one function keeps (`{ id, ...describeIdle(seconds) }`): what that
    // call was given is kept, not what another function formats with the same helper and only returns.
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `const redis = new Redis();`,
        `const bodies = new Map();`,
        `function describeIdle(seconds) {`,
        `  const idle = Number(seconds);`,
        `  return { idleSeconds: idle, online: idle < 300 };`,
        `}`,
        `export async function presence(id) {`,
        `  const seconds = await redis.object('IDLETIME', \`user:\${id}\`);`,
        `  bodies.set(id, { id, ...describeIdle(seconds) });`,
        `  return bodies.get(id);`,
        `}`,
        `export async function lastSeen(id) {`,
        `  return describeIdle(await redis.object('IDLETIME', \`user:\${id}\`));`,
        `}`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 9 }],
    },
  ],
});
