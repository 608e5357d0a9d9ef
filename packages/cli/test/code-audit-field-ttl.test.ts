import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { auditCode } from '../src/code-audit/audit-code.js';
import { newDirectory } from './code-audit-helpers.js';

const fieldTtl = suite('code audit: hash fields with TTLs across the project');
const lines = (...source: string[]) => source.join('\n');

fieldTtl(
  'a field TTL given in a module no reader imports makes every cached read of that key partial',
  async () => {
    const directory = newDirectory();
    try {
      mkdirSync(join(directory, 'src', 'jobs'), { recursive: true });
      writeFileSync(
        join(directory, 'src', 'redis.js'),
        lines(
          `import Redis from 'ioredis';`,
          `export const redis = new Redis();`,
          `redis.on('ready', () => redis.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', process.env.INVALIDATIONS_ID));`,
        ),
      );
      // A scheduled job gives each cart line a TTL; the route that caches the cart never imports it.
      writeFileSync(
        join(directory, 'src', 'jobs', 'expire-lines.js'),
        lines(
          `import { redis } from '../redis.js';`,
          `export async function expireLines(cartId, skus) {`,
          `  await redis.hexpire(\`cart:\${cartId}\`, 86400, 'FIELDS', skus.length, ...skus);`,
          `}`,
        ),
      );
      writeFileSync(
        join(directory, 'src', 'cart-route.js'),
        lines(
          `import { redis } from './redis.js';`,
          `const carts = new Map();`,
          `export async function cart(id) {`,
          `  if (!carts.has(id)) carts.set(id, await redis.hgetall(\`cart:\${id}\`));`,
          `  return carts.get(id);`,
          `}`,
          `export async function wishlist(id) {`,
          `  if (!carts.has(id)) carts.set(id, await redis.hgetall(\`wish:\${id}\`));`,
          `  return carts.get(id);`,
          `}`,
        ),
      );
      const report = await auditCode(['.'], { cwd: directory, version: 'test', progress: false });
      assert.equal(
        report.findings.map((f) => `${f.file}:${f.line} ${f.command} ${f.category}`),
        ['src/cart-route.js:4 hgetall partial'],
      );
      assert.match(
        report.findings[0]!.message,
        '`HEXPIRE` gives the fields of `cart:…` TTLs (expire-lines.js line 3)',
      );
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  },
);

fieldTtl.run();
