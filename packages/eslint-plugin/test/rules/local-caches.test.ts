import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';

// Caches of a cache library, and memoizers, a function makes for its own call: a `QuickLRU` a route fills while
// it builds one response, a `memoize(...)` it asks for each row. They are dropped with the call, as a Map made
// there is. Made in a factory that returns them, or kept by a closure that outlives the call, they live on.
// And lru-cache 11.1's `memo(key)`, which keeps what `memoMethod` returns. A package's file imported with its
// extension (`lodash/memoize.js`) is the package's module.
const lines = (...source: string[]) => source.join('\n');
const tracked = [
  `import Valkey from 'iovalkey';`,
  `const valkey = new Valkey();`,
  `const events = new Valkey();`,
  `events.subscribe('__redis__:invalidate');`,
  `valkey.on('ready', async () => valkey.client('TRACKING', 'ON', 'REDIRECT', String(await events.client('ID'))));`,
];

runRuleTests('no-uncovered-cached-read: caches made for one call', rule, {
  valid: [
    {
      code: lines(
        ...tracked,
        `import QuickLRU from 'quick-lru';`,
        `import memoize from 'lodash.memoize';`,
        `export async function compare(ids) {`,
        `  const coverSeen = new QuickLRU({ maxSize: 20 });`,
        `  const covers = [];`,
        `  for (const id of ids) {`,
        `    if (!coverSeen.has(id)) coverSeen.set(id, await valkey.srandmember(\`hotel:\${id}:photos\`));`,
        `    covers.push({ id, cover: coverSeen.get(id) });`,
        `  }`,
        `  return covers;`,
        `}`,
        `export async function rooms(list) {`,
        `  const idleOf = memoize((key) => valkey.object('IDLETIME', key));`,
        `  return Promise.all(list.map((room) => idleOf(\`room:\${room}\`)));`,
        `}`,
      ),
    },
  ],
  invalid: [
    {
      code: lines(
        ...tracked,
        `import QuickLRU from 'quick-lru';`,
        `import memoize from 'lodash.memoize';`,
        `import { LRUCache } from 'lru-cache';`,
        // Returned by an exported factory: whoever calls it keeps it as long as it likes.
        `export function createLoaders() {`,
        `  const idle = memoize((key) => valkey.object('IDLETIME', key));`,
        `  return { idle };`,
        `}`,
        // Kept by a closure the function returns: it outlives the call.
        `export function sampler() {`,
        `  const seen = new QuickLRU({ maxSize: 50 });`,
        `  return async (key) => {`,
        `    if (!seen.has(key)) seen.set(key, await valkey.srandmember(key));`,
        `    return seen.get(key);`,
        `  };`,
        `}`,
        `const footprint = new LRUCache({ max: 500, memoMethod: (id) => valkey.memory('USAGE', \`hotel:\${id}\`) });`,
        `export const sizeOf = (id) => footprint.memo(id);`,
      ),
      errors: [
        { messageId: 'volatileReplyKept', line: 10 },
        { messageId: 'volatileReplyKept', line: 16 },
        { messageId: 'uncoveredRead', line: 20 },
      ],
    },
    // An ESM module imports a CommonJS package's file by its name (`lodash/memoize.js`): the same memoizer.
    {
      code: lines(
        ...tracked,
        `import memoize from 'lodash/memoize.js';`,
        `export const slugs = memoize(async () => (await valkey.keys('category:*')).map((key) => key.slice(9)));`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 7 }],
    },
    // memory-cache: the one instance its importers share keeps what `put` is given, and so does a `new Cache()`.
    {
      code: lines(
        ...tracked,
        `import mcache from 'memory-cache';`,
        `const pages = new mcache.Cache();`,
        `export async function leaseOf(key) {`,
        `  mcache.put(\`lease:\${key}\`, await valkey.pttl(key), 10_000);`,
        `  pages.put(key, await valkey.keys(\`\${key}:*\`));`,
        `  return mcache.get(\`lease:\${key}\`);`,
        `}`,
      ),
      errors: [
        { messageId: 'volatileReplyKept', line: 9 },
        { messageId: 'uncoveredRead', line: 10 },
      ],
    },
  ],
});
