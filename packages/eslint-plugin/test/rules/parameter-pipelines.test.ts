import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// Batch functions of another module that queue their reads in a pipeline of the client their caller passes
// (`const pipe = redis.pipeline(); ids.forEach((id) => pipe.pttl(...)); await pipe.exec()`): each queued read is
// the caller's, on its client, and goes where the function puts its place in `exec()`'s replies (returned, or in
// a store the caller passes). ioredis's `[[error, reply], ...]` and node-redis MULTI's `[reply, ...]`. A helper
// whose branches send one command by each library's name is one finding at its call.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-parameter-pipelines-');
write('package.json', JSON.stringify({ name: 'catalog-graph', private: true }));
write(
  'src/loaders/batch.js',
  `async function loadHolds(redis, lru, ids) {`,
  `  const pipe = redis.pipeline();`,
  `  ids.forEach((id) => pipe.pttl(\`hold:\${id}\`));`,
  `  const rows = await pipe.exec();`,
  `  return rows.map(([, ms], i) => {`,
  `    lru.set(\`hold:\${ids[i]}\`, ms);`,
  `    return ms;`,
  `  });`,
  `}`,
  `async function loadProducts(redis, ids) {`,
  `  const pipe = redis.pipeline();`,
  `  for (const id of ids) pipe.hgetall(\`product:\${id}\`);`,
  `  return (await pipe.exec()).map(([err, row]) => (err ? null : row));`,
  `}`,
  `async function pickFeatured(client, key) {`,
  `  const [picks] = await client.multi().sRandMemberCount(key, 3).exec();`,
  `  return picks;`,
  `}`,
  `module.exports = { loadHolds, loadProducts, pickFeatured };`,
);
// A duck-typed helper whose branches send one command by each library's name for it.
write(
  'src/any-client.js',
  `async function lockLeft(client, key) {`,
  `  if ('pTTL' in client) return client.pTTL(key);`,
  `  if (typeof client.pttl === 'function') return client.pttl(key);`,
  `  return client.customCommand(['PTTL', key]);`,
  `}`,
  `module.exports = { lockLeft };`,
);
write(
  'src/redis.js',
  `const Redis = require('ioredis');`,
  `const redis = new Redis();`,
  `redis.on('ready', () => redis.client('TRACKING', 'ON'));`,
  `module.exports = { redis };`,
);

runRuleTests('no-uncovered-cached-read: reads queued on the caller’s client', rule, {
  valid: [
    // Covered reads, kept; a volatile one used by one request.
    {
      code: lines(
        `const { loadHolds, loadProducts } = require('./loaders/batch');`,
        `const { redis } = require('./redis');`,
        `const products = new Map();`,
        `async function product(id) {`,
        `  if (!products.has(id)) products.set(id, (await loadProducts(redis, [id]))[0]);`,
        `  return products.get(id);`,
        `}`,
        `async function holdNow(id) {`,
        `  const [ms] = await loadHolds(redis, new Map(), [id]);`,
        `  return ms;`,
        `}`,
        `module.exports = { product, holdNow };`,
      ),
      filename: file('src/product.js'),
    },
  ],
  invalid: [
    // The process's LRU the batch function fills; a MULTI's random picks kept in a module variable.
    {
      code: lines(
        `const { loadHolds, pickFeatured } = require('./loaders/batch');`,
        `const { redis } = require('./redis');`,
        `const lru = new Map();`,
        `let featured;`,
        `async function holds(ids) {`,
        `  return loadHolds(redis, lru, ids);`,
        `}`,
        `async function home() {`,
        `  featured ??= await pickFeatured(redis, 'featured');`,
        `  return featured;`,
        `}`,
        `module.exports = { holds, home };`,
      ),
      filename: file('src/home.js'),
      errors: [
        { messageId: 'volatileReplyKept', line: 6 },
        { messageId: 'volatileReplyKept', line: 9 },
      ],
    },
    // The helper's three branches send one PTTL: one finding at the call that keeps it.
    {
      code: lines(
        `const { lockLeft } = require('./any-client');`,
        `const { redis } = require('./redis');`,
        `const locks = new Map();`,
        `async function lock(name) {`,
        `  if (!locks.has(name)) locks.set(name, await lockLeft(redis, \`lock:\${name}\`));`,
        `  return locks.get(name);`,
        `}`,
        `module.exports = { lock };`,
      ),
      filename: file('src/locks.js'),
      errors: [{ messageId: 'volatileReplyKept', line: 5 }],
    },
  ],
});
