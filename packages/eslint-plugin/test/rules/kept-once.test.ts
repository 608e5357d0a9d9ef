import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// A near cache of another module answers every method from one Map, so what a method returns may hold what
// another method kept (a TTL): that reply is reported once, where the cache keeps it, not again at every
// caller that keeps a value it computed from another method's answer.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-kept-once-');
write('package.json', JSON.stringify({ name: 'orders', private: true, type: 'module' }));
write(
  'src/near-cache.js',
  `export class NearCache {`,
  `  #data = new Map();`,
  `  constructor(client) { this.client = client; }`,
  `  #lookup(slot) { return this.#data.get(slot); }`,
  `  async ttl(key) {`,
  `    const hit = this.#lookup(\`ttl:\${key}\`);`,
  `    if (hit !== undefined) return hit;`,
  `    const seconds = await this.client.ttl(key);`,
  `    this.#data.set(\`ttl:\${key}\`, seconds);`,
  `    return seconds;`,
  `  }`,
  `  async keysMatching(pattern) {`,
  `    const hit = this.#lookup(\`keys:\${pattern}\`);`,
  `    if (hit !== undefined) return hit;`,
  `    const [, keys] = await this.client.scan('0', 'MATCH', pattern);`,
  `    this.#data.set(\`keys:\${pattern}\`, keys);`,
  `    return keys;`,
  `  }`,
  `}`,
);

runRuleTests('no-uncovered-cached-read: a reply another module keeps is reported there once', rule, {
  valid: [
    {
      code: lines(
        `import Valkey from 'iovalkey';`,
        `import { NearCache } from './near-cache.js';`,
        `const primary = new Valkey();`,
        `primary.on('ready', () => primary.call('CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'order:'));`,
        `const orders = new NearCache(primary);`,
        `const totals = new Map();`,
        `export async function openOrders(customer) {`,
        `  const keys = await orders.keysMatching(\`order:open:\${customer}:*\`);`,
        `  totals.set(customer, keys.map((k) => k.split(':')[3]));`,
        `}`,
      ),
      filename: file('src/routes.js'),
    },
  ],
  invalid: [
    // The cache module itself: the TTL it keeps.
    {
      code: lines(
        `export class NearCache {`,
        `  #data = new Map();`,
        `  /** @param {import('iovalkey').Redis} client */`,
        `  constructor(client) { this.client = client; }`,
        `  async ttl(key) {`,
        `    const seconds = await this.client.ttl(key);`,
        `    this.#data.set(key, seconds);`,
        `    return seconds;`,
        `  }`,
        `}`,
      ),
      filename: file('src/near-cache-copy.js'),
      errors: [{ messageId: 'volatileReplyKept', line: 6 }],
    },
  ],
});
