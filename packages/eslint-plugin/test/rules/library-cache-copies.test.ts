import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// node-redis 5's `duplicate()` copies the client's options, its `clientSideCache` among them (`@redis/client`
// 5.12.1 `duplicate` spreads `#options`): the copy caches what the original does, unless its overrides say
// otherwise. And valkey-glide's `...WithOptions` methods send their command with the options as words.
const lines = (...source: string[]) => source.join('\n');
// The original made in another module: a refresh job's own connection copies it.
const { file, write } = tempProject('vt-library-cache-copies-');
write(
  'package.json',
  JSON.stringify({ name: 'store-finder', private: true, dependencies: { redis: '^5.8.2' } }),
);
write(
  'src/clients/node-redis.ts',
  `import { createClient, RESP_TYPES } from 'redis';`,
  `export const storeCache = createClient({ RESP: 3, clientSideCache: { ttl: 0, maxEntries: 5000 } });`,
  `export const analytics = createClient({ url: process.env.ANALYTICS_URL });`,
  `// A view with Buffers for binary payloads: it sends on storeCache's connection, which the cache has track.`,
  `export const binary = storeCache.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });`,
);

runRuleTests('no-uncovered-cached-read: copies of a cached client, glide options methods', rule, {
  valid: [
    // The copy's overrides turn the cache off: nothing keeps its XPENDING.
    lines(
      `import { createClient } from 'redis';`,
      `const cached = createClient({ RESP: 3, clientSideCache: { ttl: 0, maxEntries: 1000 } });`,
      `const blocking = cached.duplicate({ clientSideCache: undefined });`,
      `export const pending = () => blocking.xPending('payments', 'billing');`,
    ),
    // node-redis caches no call made with a non-default type mapping: the Buffer view's XPENDING is not kept.
    lines(
      `import { createClient, RESP_TYPES } from 'redis';`,
      `const cached = createClient({ RESP: 3, clientSideCache: { ttl: 0, maxEntries: 1000 } });`,
      `const binary = cached.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });`,
      `export const pendingBytes = () => binary.xPending('payments', 'billing');`,
    ),
    // The same view made with `withCommandOptions({ typeMapping })`.
    lines(
      `import { createClient, RESP_TYPES } from 'redis';`,
      `const cached = createClient({ RESP: 3, clientSideCache: { ttl: 0, maxEntries: 1000 } });`,
      `export const pendingMap = () =>`,
      `  cached.withCommandOptions({ typeMapping: { [RESP_TYPES.MAP]: Map } }).xPending('payments', 'billing');`,
    ),
  ],
  invalid: [
    // The imported view: its SCAN pages, which node-redis never caches for a view, kept in the app's own array are
    // judged on its connection's default-mode tracking.
    {
      code: lines(
        `import { binary } from './clients/node-redis.js';`,
        `export const attachments: Buffer[] = [];`,
        `export async function warm() {`,
        `  for await (const page of binary.scanIterator({ MATCH: 'attachment:*' })) attachments.push(...page);`,
        `}`,
      ),
      filename: file('src/attachments.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 4 }],
    },
    // The Buffer view sends on the cached client's connection, which tracks: what the application keeps of it
    // is judged as the client's own kept replies are (MEMORY USAGE and KEYS are not covered).
    {
      code: lines(
        `import { createClient, RESP_TYPES } from 'redis';`,
        `const cached = createClient({ RESP: 3, clientSideCache: { ttl: 0, maxEntries: 1000 } });`,
        `const binary = cached.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });`,
        `const sizes = new Map<string, unknown>();`,
        `export async function thumbnailBytes(id: string) {`,
        `  sizes.set(id, await binary.memoryUsage(\`img:thumb:\${id}\`));`,
        `  sizes.set('meta:' + id, await binary.hGetAll(\`img:meta:\${id}\`));`,
        `  sizes.set('all', await cached.withCommandOptions({ typeMapping: {} }).keys('img:thumb:*'));`,
        `}`,
      ),
      errors: [
        { messageId: 'uncoveredRead', line: 6 },
        { messageId: 'uncoveredRead', line: 8 },
      ],
    },
    // Command options without a type mapping (an abort signal) leave the cache on.
    {
      code: lines(
        `import { createClient } from 'redis';`,
        `const cached = createClient({ RESP: 3, clientSideCache: { ttl: 0, maxEntries: 1000 } });`,
        `const abortable = cached.withCommandOptions({ abortSignal: AbortSignal.timeout(500) });`,
        `export const pending = () => abortable.xPending('payments', 'billing');`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 4 }],
    },
    {
      code: lines(
        `import { analytics, storeCache } from '../clients/node-redis';`,
        `const jobClient = storeCache.duplicate();`,
        `const exportClient = analytics.duplicate();`,
        `let regionKeys: string[] = [];`,
        `let exportKeys: string[] = [];`,
        `export async function refresh(): Promise<void> {`,
        `  regionKeys = await jobClient.keys('stores:region:*');`,
        `  exportKeys = await exportClient.keys('export:*');`,
        `}`,
        `export const lag = async () => (await jobClient.xPending('checkins', 'geo')).pending;`,
      ),
      filename: file('src/jobs/warmup.ts'),
      errors: [
        { messageId: 'uncoveredRead', line: 7 },
        { messageId: 'uncoveredRead', line: 10 },
      ],
    },
    {
      code: lines(
        `import { createClient } from 'redis';`,
        `const cached = createClient({ RESP: 3, clientSideCache: { ttl: 0, maxEntries: 1000 } });`,
        `export async function openWorker(name: string) {`,
        `  const isolated = cached.duplicate({ name });`,
        `  await isolated.connect();`,
        `  const startup = await isolated.xPending('payments', 'billing');`,
        `  return startup.pending;`,
        `}`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 6 }],
    },
    {
      code: lines(
        `import { GlideClient, InfBoundary } from '@valkey/valkey-glide';`,
        `const glide = await GlideClient.createClient({ addresses: [{ host: 'localhost' }] });`,
        `const panels = new Map<string, unknown>();`,
        `export async function stuck(stream: string, group: string) {`,
        `  const entries = await glide.xpendingWithOptions(stream, group, { start: InfBoundary.NegativeInfinity, end: InfBoundary.PositiveInfinity, count: 20 });`,
        `  panels.set(stream, entries);`,
        `}`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 5 }],
    },
  ],
});
