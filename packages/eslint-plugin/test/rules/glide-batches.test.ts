import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';

// valkey-glide batches (`new Batch(isAtomic)`, `new ClusterBatch(...)`) are made with no client: their commands
// are read on the client that executes them (`client.exec(batch, raiseOnError)`), each reply at its position.
const lines = (...source: string[]) => source.join('\n');

runRuleTests('no-uncovered-cached-read: valkey-glide batches', rule, {
  valid: [
    // Only the value (position 0) is kept; the TTL read beside it is returned to the caller.
    {
      code: lines(
        `import { Batch, type GlideClient } from '@valkey/valkey-glide';`,
        `const prices = new Map<string, unknown>();`,
        `export async function price(client: GlideClient, sku: string) {`,
        `  const [value, expiresIn] = (await client.exec(new Batch(false).get(\`price:\${sku}\`).ttl(\`price:\${sku}\`), true))!;`,
        `  prices.set(sku, value);`,
        `  return { value, expiresIn };`,
        `}`,
      ),
    },
  ],
  invalid: [
    // Commands queued statement by statement on a transaction; the TTL at position 1 is kept.
    {
      code: lines(
        `import { Batch, type GlideClient } from '@valkey/valkey-glide';`,
        `export class CouponRepository {`,
        `  private readonly windows = new Map<string, unknown>();`,
        `  constructor(private readonly client: GlideClient) {}`,
        `  async load(code: string) {`,
        `    const tx = new Batch(true);`,
        `    tx.hgetall(\`coupon:\${code}\`);`,
        `    tx.pttl(\`coupon:\${code}\`);`,
        `    const [coupon, remaining] = (await this.client.exec(tx, true))!;`,
        `    this.windows.set(code, remaining);`,
        `    return coupon;`,
        `  }`,
        `}`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 8 }],
    },
    // A cluster client with glide's server-assisted cache (BCAST): a random sample kept with the whole reply.
    {
      code: lines(
        `import { ClientSideCache, ClusterBatch, GlideClusterClient } from '@valkey/valkey-glide';`,
        `const clientSideCache = new ClientSideCache({ maxCacheKb: 1024, serverAssisted: true } as any);`,
        `const cluster = await GlideClusterClient.createClient({ addresses: [{ host: 'cache-0' }], clientSideCache } as any);`,
        `let spotlight: unknown;`,
        `export async function refreshSpotlight() {`,
        `  const batch = new ClusterBatch(false).srandmember('{home}:featured', 3).get('{home}:banner');`,
        `  spotlight = await cluster.exec(batch, false);`,
        `}`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 6 }],
    },
  ],
});
