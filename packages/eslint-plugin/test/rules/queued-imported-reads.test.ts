import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// node-redis 5's client-side cache keeps what `_executeCommand` sends; a pipeline or MULTI
// (`multi().xPending(...).execAsPipeline()`) goes around it. A helper of another module that queues its read
// hands back a reply no library cache keeps, which its caller may use once.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-queued-imported-reads-');
write(
  'package.json',
  JSON.stringify({ name: 'checkout', private: true, dependencies: { redis: '^5.12.1' } }),
);
write(
  'src/cache-client.ts',
  `import { createClient } from 'redis';`,
  `export const cacheClient = createClient({ RESP: 3, clientSideCache: { ttl: 0, maxEntries: 5000 } });`,
);
write(
  'src/backlog.ts',
  `import { cacheClient } from './cache-client';`,
  `export async function backlogFresh() {`,
  `  const [summary] = await cacheClient.multi().xPending('checkout:events', 'billing').execAsPipeline();`,
  `  return summary;`,
  `}`,
  `export async function backlogCached() {`,
  `  return cacheClient.xPending('checkout:events', 'billing');`,
  `}`,
);

runRuleTests('no-uncovered-cached-read: replies another module queues in a pipeline', rule, {
  valid: [
    {
      code: lines(
        `import { backlogFresh } from './backlog';`,
        `export async function backlogRoute(_req: unknown, res: { json(v: unknown): void }) {`,
        `  res.json(await backlogFresh());`,
        `}`,
      ),
      filename: file('src/routes.ts'),
    },
  ],
  invalid: [
    // The direct read goes through the cache: reported where it is read, in its own module.
    {
      code: lines(
        `import { cacheClient } from './cache-client';`,
        `export async function backlogCached() {`,
        `  return cacheClient.xPending('checkout:events', 'billing');`,
        `}`,
      ),
      filename: file('src/backlog-direct.ts'),
      settings: { 'valkey-track': { nodeRedisVersion: '5' } },
      errors: [{ messageId: 'uncoveredRead', line: 3 }],
    },
  ],
});
