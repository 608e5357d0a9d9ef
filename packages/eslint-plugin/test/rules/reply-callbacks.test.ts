import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// Helpers of another module that hand what they read to a callback their caller passes: a SCAN walker calling
// `onPage(keys)` page by page, a member sampler calling `each(member)`. What the callback keeps (the page itself,
// or objects built from its keys) is the caller's to judge, at each call, with the client it passes. And a reply
// object the caller adds to (`meta.key = key` on an HGETALL reply) carries what it was given.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-reply-callbacks-');
write('package.json', JSON.stringify({ name: 'response-cache', private: true, type: 'module' }));
write(
  'src/lib/walk.js',
  `export async function eachKeyPage(ctx, pattern, onPage) {`,
  `  const { redis, prefix } = ctx;`,
  `  let cursor = '0';`,
  `  do {`,
  `    const [next, keys] = await redis.scan(cursor, 'MATCH', prefix + pattern, 'COUNT', 500);`,
  `    if (keys.length > 0) await onPage(keys);`,
  `    cursor = next;`,
  `  } while (cursor !== '0');`,
  `}`,
  `export function withMember(client, key, each) {`,
  `  return client.srandmember(key).then((member) => each(member));`,
  `}`,
  `export async function withValue(client, key, each) {`,
  `  each(await client.get(key));`,
  `}`,
);
// A walker in a module that names no client and counts what it walked: the caller's callback still gets each page.
write(
  'src/lib/key-pages.js',
  `export async function forEachPage(source, pattern, onPage) {`,
  `  let cursor = '0';`,
  `  let seen = 0;`,
  `  do {`,
  `    const [next, keys] = await source.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);`,
  `    cursor = next;`,
  `    seen += keys.length;`,
  `    if (keys.length > 0) await onPage(keys);`,
  `  } while (cursor !== '0');`,
  `  return seen;`,
  `}`,
);
write(
  'src/lib/pairs.js',
  `export function pairsToObject(flat) {`,
  `  const out = {};`,
  `  if (!Array.isArray(flat)) return out;`,
  `  for (let i = 0; i < flat.length; i += 2) out[flat[i]] = flat[i + 1];`,
  `  return out;`,
  `}`,
);
write(
  'src/lib/valkey.js',
  `import Valkey from 'iovalkey';`,
  `export const valkey = new Valkey(process.env.VALKEY_URL);`,
  `const events = new Valkey(process.env.VALKEY_URL);`,
  `events.subscribe('__redis__:invalidate');`,
  `valkey.on('ready', async () => valkey.client('TRACKING', 'ON', 'REDIRECT', await events.client('ID')));`,
);

runRuleTests('no-uncovered-cached-read: replies a helper hands to the caller’s callback', rule, {
  valid: [
    // The callback counts the page, or keeps it for one call; a covered read kept for the process.
    {
      code: lines(
        `import { eachKeyPage, withValue } from '../lib/walk.js';`,
        `import { valkey } from '../lib/valkey.js';`,
        `const banners = new Map();`,
        `export async function countSessions() {`,
        `  let total = 0;`,
        `  await eachKeyPage({ redis: valkey, prefix: 'sess:' }, '*', async (keys) => { total += keys.length; });`,
        `  return total;`,
        `}`,
        `export async function listOnce() {`,
        `  const found = [];`,
        `  await eachKeyPage({ redis: valkey, prefix: 'sess:' }, '*', async (keys) => { found.push(...keys); });`,
        `  return found;`,
        `}`,
        `export async function banner(id) {`,
        `  await withValue(valkey, \`banner:\${id}\`, (value) => banners.set(id, value));`,
        `}`,
      ),
      filename: file('src/routes/valid.js'),
    },
    // A helper of the same module that only calls its callback while it runs: the callback's writes end with it.
    {
      code: lines(
        `import { valkey } from '../lib/valkey.js';`,
        `async function eachPage(pattern, onPage) {`,
        `  let cursor = '0';`,
        `  do {`,
        `    const [next, keys] = await valkey.scan(cursor, 'MATCH', pattern);`,
        `    if (onPage) await onPage(keys);`,
        `    cursor = next;`,
        `  } while (cursor !== '0');`,
        `}`,
        `export async function count(pattern) {`,
        `  let total = 0;`,
        `  const seen = [];`,
        `  await eachPage(pattern, async (keys) => { total += keys.length; seen.push(...keys); });`,
        `  return { total, seen };`,
        `}`,
      ),
      filename: file('src/routes/count.js'),
    },
    // The callback is called from a closure the helper declares and only calls, itself recursively.
    {
      code: lines(
        `import { valkey } from '../lib/valkey.js';`,
        `function scanKeys(ctx, match, onBatch) {`,
        `  const walk = async (cursor) => {`,
        `    const [next, keys] = await ctx.client.scan(cursor, 'MATCH', match);`,
        `    if (keys.length > 0) await onBatch(keys);`,
        `    return next === '0' ? undefined : walk(next);`,
        `  };`,
        `  return walk('0');`,
        `}`,
        `export async function revalidate(tag) {`,
        `  const stale = [...(await valkey.smembers(\`tag:\${tag}\`))];`,
        `  await scanKeys({ client: valkey }, 'fetch:*', (keys) => { stale.push(...keys); });`,
        `  if (stale.length > 0) await valkey.unlink(...stale);`,
        `}`,
      ),
      filename: file('src/routes/revalidate.js'),
    },
    // The walker recurs from its own `.then` callback: the callback still runs within the call.
    {
      code: lines(
        `import { valkey } from '../lib/valkey.js';`,
        `function walkKeys(ctx, match, onBatch) {`,
        `  const step = (cursor) =>`,
        `    ctx.client.scan(cursor, 'MATCH', match).then(([next, keys]) => {`,
        `      if (keys.length) onBatch(keys);`,
        `      return next === '0' ? undefined : step(next);`,
        `    });`,
        `  return step('0');`,
        `}`,
        `export function countUsers() {`,
        `  let total = 0;`,
        `  return walkKeys({ client: valkey }, 'user:*', (keys) => { total += keys.length; }).then(() => total);`,
        `}`,
      ),
      filename: file('src/routes/count-users.js'),
    },
  ],
  invalid: [
    // The page's keys end up in the objects the store keeps; a sampled member kept for the process.
    {
      code: lines(
        `import { eachKeyPage, withMember } from '../lib/walk.js';`,
        `import { valkey } from '../lib/valkey.js';`,
        `const entries = new Map();`,
        `const picks = new Map();`,
        `export class ResponseIndex {`,
        `  #ctx = { redis: valkey, prefix: 'http:' };`,
        `  async lookup(path) {`,
        `    if (entries.has(path)) return entries.get(path);`,
        `    const candidates = [];`,
        `    await eachKeyPage(this.#ctx, \`meta:\${path}:*\`, async (keys) => {`,
        `      for (const key of keys) candidates.push({ key, path });`,
        `    });`,
        `    entries.set(path, candidates[0]);`,
        `    return candidates[0];`,
        `  }`,
        `}`,
        `export function featured(shelf) {`,
        `  return withMember(valkey, \`shelf:\${shelf}\`, (member) => picks.set(shelf, member));`,
        `}`,
      ),
      filename: file('src/routes/index.js'),
      errors: [
        { messageId: 'uncoveredRead', line: 10 },
        { messageId: 'volatileReplyKept', line: 18 },
      ],
    },
    // A job whose only Valkey use is handing the client to that walker, and one that also keeps the count.
    {
      code: lines(
        `import { forEachPage } from '../lib/key-pages.js';`,
        `import { valkey } from '../lib/valkey.js';`,
        `const knownPrices = new Set();`,
        `let lastCount = 0;`,
        `export async function indexPrices() {`,
        `  await forEachPage(valkey, 'price:*', (keys) => keys.forEach((key) => knownPrices.add(key)));`,
        `}`,
        `export async function countPrices() {`,
        `  lastCount = await forEachPage(valkey, 'price:*', () => {});`,
        `}`,
      ),
      filename: file('src/jobs/index-prices.js'),
      errors: [
        { messageId: 'uncoveredRead', line: 6 },
        { messageId: 'uncoveredRead', line: 9 },
      ],
    },
    // A TTL put on an HGETALL reply, and a SCAN key on each object a loop reads: kept with the reply object.
    {
      code: lines(
        `import { valkey } from '../lib/valkey.js';`,
        `const profiles = new Map();`,
        `export async function profile(id) {`,
        `  const user = await valkey.hgetall(\`user:\${id}\`);`,
        `  user.ttl = await valkey.ttl(\`user:\${id}\`);`,
        `  profiles.set(id, user);`,
        `  return user;`,
        `}`,
        `export async function firstMeta() {`,
        `  const [, keys] = await valkey.scan('0', 'MATCH', 'meta:*');`,
        `  const out = [];`,
        `  for (const key of keys) {`,
        `    const meta = await valkey.hgetall(key);`,
        `    meta.key ??= key;`,
        `    out.push(meta);`,
        `  }`,
        `  profiles.set('first', out[0]);`,
        `}`,
      ),
      filename: file('src/routes/profiles.js'),
      errors: [
        { messageId: 'volatileReplyKept', line: 5 },
        { messageId: 'uncoveredRead', line: 10 },
      ],
    },
    // An object a helper of another module builds from a reply's pairs carries the reply.
    {
      code: lines(
        `import { pairsToObject } from '../lib/pairs.js';`,
        `import { valkey } from '../lib/valkey.js';`,
        `const stats = new Map();`,
        `export async function refresh(stream) {`,
        `  const info = pairsToObject(await valkey.xinfo('STREAM', stream));`,
        `  stats.set(stream, info['last-generated-id']);`,
        `}`,
      ),
      filename: file('src/routes/stats.js'),
      errors: [{ messageId: 'uncoveredRead', line: 5 }],
    },
    // A helper that keeps the callback and calls it on every poll: what the callback writes lives on.
    {
      code: lines(
        `import { valkey } from '../lib/valkey.js';`,
        `const pollers = [];`,
        `function onEveryPoll(onPage) {`,
        `  pollers.push(onPage);`,
        `}`,
        `setInterval(async () => {`,
        `  const [, keys] = await valkey.scan('0', 'MATCH', 'sess:*');`,
        `  for (const poller of pollers) poller(keys);`,
        `}, 1000);`,
        `export function sessionCounter() {`,
        `  let latest = [];`,
        `  onEveryPoll((keys) => { latest = keys; });`,
        `  return () => latest.length;`,
        `}`,
      ),
      filename: file('src/routes/poll.js'),
      errors: [{ messageId: 'uncoveredRead', line: 7 }],
    },
  ],
});
