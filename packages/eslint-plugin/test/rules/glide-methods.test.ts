import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';

// valkey-glide's own names for commands and their options: `sortReadOnly` (SORT_RO) with `SortOptions`
// (`byPattern`, `getPatterns`, `orderBy`, `isAlpha`, `limit`), `fcallReadonly(name, keys, args)` (FCALL_RO with the
// keys counted) and the `...WithRoute` variants of a cluster client.
const lines = (...source: string[]) => source.join('\n');
const client = [
  `import { GlideClusterClient, SortOrder } from '@valkey/valkey-glide';`,
  `const glide = await GlideClusterClient.createClient({ addresses: [{ host: '127.0.0.1', port: 7000 }] });`,
  `await glide.customCommand(['CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'listing:'], { route: 'allNodes' });`,
  `const kept = new Map<string, unknown>();`,
];

runRuleTests('no-uncovered-cached-read: valkey-glide command names and options', rule, {
  valid: [
    // No BY or GET pattern: the sorted key is under the prefix, and nothing else is read.
    lines(
      ...client,
      `export async function newest(category: string) {`,
      `  kept.set(category, await glide.sortReadOnly(\`listing:\${category}:ids\`, { orderBy: SortOrder.DESC, isAlpha: true, limit: { offset: 0, count: 20 } }));`,
      `}`,
    ),
  ],
  invalid: [
    // The weights and fetched fields BY and GET name lie outside the BCAST prefix.
    {
      code: lines(
        ...client,
        `export async function byPrice(category: string) {`,
        `  const rows = await glide.sortReadOnly(\`listing:\${category}:ids\`, {`,
        `    byPattern: \`price:\${category}:*\`,`,
        `    getPatterns: ['#', 'seller:*->name'],`,
        `    orderBy: SortOrder.ASC,`,
        `  });`,
        `  kept.set(category, rows);`,
        `}`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 6 }],
    },
    // FCALL_RO of a key outside the prefix, sent to every primary.
    {
      code: lines(
        ...client,
        `export async function sellerScore(id: string) {`,
        `  kept.set(id, await glide.fcallReadonlyWithRoute('seller_score', [\`seller:\${id}\`], ['v2'], { route: 'allPrimaries' }));`,
        `}`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 6 }],
    },
  ],
});
