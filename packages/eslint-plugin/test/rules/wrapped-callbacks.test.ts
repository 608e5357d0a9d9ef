import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';

// A helper of the module that runs the callback it is given and returns its result (a retry, a deadline, a
// tracing span) serves every read of the module: what one call's callback reads is kept only where that call's
// result goes, not where another call's result is kept.
const lines = (...source: string[]) => source.join('\n');

/** A tracked iovalkey client, two wrappers of the module's own and a module Map. */
const withWrappers = (...body: string[]) =>
  lines(
    `import Valkey from 'iovalkey';`,
    `const valkey = new Valkey();`,
    `valkey.on('ready', () => valkey.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', process.env.SUB_ID));`,
    `async function withRetry(read, attempts = 3) {`,
    `  for (let i = 1; ; i++) {`,
    `    try { return await read(); } catch (error) { if (i >= attempts) throw error; }`,
    `  }`,
    `}`,
    `const withDeadline = async (ms, read) => {`,
    `  const signal = AbortSignal.timeout(ms);`,
    `  const reply = await read();`,
    `  signal.throwIfAborted();`,
    `  return reply;`,
    `};`,
    `const expiries = new Map();`,
    ...body,
  );

runRuleTests('no-uncovered-cached-read: callbacks a wrapper of the module runs', rule, {
  valid: [
    // One route keeps a covered read through the wrapper; the TTL and the KEYS another route reads through it go
    // to that request only.
    withWrappers(
      `export async function name(id) { expiries.set(id, await withRetry(() => valkey.get(\`user:\${id}:name\`))); }`,
      `export async function left(id) { return withRetry(() => valkey.ttl(\`hold:\${id}\`)); }`,
      `export async function listed(id) { return { keys: await withDeadline(100, () => valkey.keys(\`cart:\${id}:*\`)) }; }`,
    ),
  ],
  invalid: [
    // The route that keeps its TTL (in an object) is reported; the one that returns it through the same wrapper is not.
    {
      code: withWrappers(
        `export async function remaining(id) {`,
        `  const seconds = await withDeadline(150, () => valkey.ttl(\`hold:\${id}\`));`,
        `  expiries.set(id, { seconds, at: Date.now() });`,
        `  return seconds;`,
        `}`,
        `export async function now(id) { return withDeadline(150, () => valkey.pttl(\`hold:\${id}\`)); }`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 17 }],
    },
    // A wrapper that keeps what it runs itself keeps it for every call.
    {
      code: withWrappers(
        `const memo = new Map();`,
        `async function remembered(key, load) {`,
        `  if (!memo.has(key)) memo.set(key, await load());`,
        `  return memo.get(key);`,
        `}`,
        `export const sample = (id) => remembered(id, () => valkey.srandmember(\`deck:\${id}\`));`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 21 }],
    },
    // ... and so does one that hands it to a function of the module that keeps it (a cache-aside's `remember`).
    {
      code: withWrappers(
        `const local = new Map();`,
        `function remember(key, value, ttlSec) {`,
        `  local.set(key, { value, expiresAt: Date.now() + ttlSec * 1000 });`,
        `}`,
        `async function cacheAside(key, ttlSec, fn) {`,
        `  const hit = local.get(key);`,
        `  if (hit && hit.expiresAt > Date.now()) return hit.value;`,
        `  const value = await fn();`,
        `  remember(key, value, ttlSec);`,
        `  return value;`,
        `}`,
        `export const topSellers = () => cacheAside('top', 60, () => valkey.keys('seller:*'));`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 27 }],
    },
  ],
});
