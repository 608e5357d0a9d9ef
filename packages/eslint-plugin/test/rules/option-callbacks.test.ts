import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// Read-through helpers of the app's own that take their loader as a member of an options object, as cachified
// does: `getCached(key, { ttlMs, getFreshValue })` destructured in the signature, `remember(key, options)` calling
// `options.load()`. What the callback returns is kept in the helper's module, so the caller's read is judged as
// kept there; a client given in the same object is no callback.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-option-callbacks-');
write('package.json', JSON.stringify({ name: 'remix-shop', private: true, type: 'module' }));
write(
  'app/lib/cache.server.ts',
  `const entries = new Map<string, { value: unknown; at: number }>();`,
  `export async function getCached<T>(key: string, { ttlMs, getFreshValue }: { ttlMs: number; getFreshValue: () => Promise<T> }) {`,
  `  const hit = entries.get(key);`,
  `  if (hit && Date.now() - hit.at < ttlMs) return hit.value as T;`,
  `  const value = await getFreshValue();`,
  `  entries.set(key, { value, at: Date.now() });`,
  `  return value;`,
  `}`,
  `export async function remember<T>(key: string, options: { load: () => Promise<T> }) {`,
  `  if (!entries.has(key)) entries.set(key, { value: await options.load(), at: Date.now() });`,
  `  return entries.get(key)!.value as T;`,
  `}`,
  `export async function fresh<T>(options: { load: () => Promise<T> }) {`,
  `  return options.load();`,
  `}`,
);
write(
  'app/lib/redis.server.ts',
  `import Redis from 'ioredis';`,
  `export const redis = new Redis(process.env.REDIS_URL!);`,
  `const events = new Redis(process.env.REDIS_URL!);`,
  `events.subscribe('__redis__:invalidate');`,
  `redis.on('ready', async () => redis.client('TRACKING', 'ON', 'REDIRECT', await events.client('ID')));`,
);
const header = [
  `import { getCached, remember, fresh } from '../lib/cache.server';`,
  `import { redis } from '../lib/redis.server';`,
];

runRuleTests('no-uncovered-cached-read: callbacks an options object hands a helper', rule, {
  valid: [
    // A covered read kept; an uncovered one through a helper that keeps nothing.
    {
      code: lines(
        ...header,
        `export const product = (id: string) => getCached(\`product:\${id}\`, { ttlMs: 60_000, getFreshValue: () => redis.hgetall(\`product:\${id}\`) });`,
        `export const saleLeft = (id: string) => fresh({ load: () => redis.pttl(\`sale:\${id}\`) });`,
      ),
      filename: file('app/routes/product.tsx'),
    },
  ],
  invalid: [
    {
      code: lines(
        ...header,
        `export const saleLeft = (id: string) => getCached(\`sale:\${id}\`, { ttlMs: 5_000, getFreshValue: () => redis.pttl(\`sale:\${id}\`) });`,
        `export const tags = () => remember('tags', { load: () => redis.keys('tag:*') });`,
      ),
      filename: file('app/routes/sale.tsx'),
      errors: [
        { messageId: 'volatileReplyKept', line: 3 },
        { messageId: 'uncoveredRead', line: 4 },
      ],
    },
  ],
});
