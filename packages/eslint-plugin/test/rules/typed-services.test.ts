import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cachedRead from '../../src/rules/no-uncovered-cached-read.js';
import invalidation from '../../src/rules/no-incomplete-invalidation.js';
import { runRuleTests } from '../rule-tester.js';

// A TypeScript service handed its connection holder by a type-only import, caches it registers with the holder
// (`register(cache)` hands the cache back), and a CommonJS config frozen with env-derived members beside constants.
const lines = (...source: string[]) => source.join('\n');
const directory = mkdtempSync(join(tmpdir(), 'vt-typed-services-'));
const file = (name: string) => join(directory, name);

writeFileSync(
  file('connections.ts'),
  lines(
    `import { Redis } from 'ioredis';`,
    `export interface Evictable { clear(): void; delete(key: string): void }`,
    `export class Connections {`,
    `  readonly primary: Redis;`,
    `  private readonly caches: Evictable[] = [];`,
    `  constructor(url: string) {`,
    `    this.primary = new Redis(url);`,
    `    this.primary.on('ready', () => this.primary.client('TRACKING', 'ON'));`,
    `  }`,
    `  register<C extends Evictable>(cache: C): C {`,
    `    this.caches.push(cache);`,
    `    return cache;`,
    `  }`,
    `}`,
  ),
);
writeFileSync(
  file('counter-cache.ts'),
  lines(
    `export class CounterCache {`,
    `  private readonly counts = new Map<string, number>();`,
    `  get(key: string) { return this.counts.get(key); }`,
    `  set(key: string, value: number) { this.counts.set(key, value); }`,
    `  delete(key: string) { this.counts.delete(key); }`,
    `  clear() { this.counts.clear(); }`,
    `}`,
  ),
);
writeFileSync(
  file('settings.js'),
  lines(
    `'use strict';`,
    `const env = process.env;`,
    `module.exports = Object.freeze({`,
    `  url: env.VALKEY_URL || 'redis://127.0.0.1:6379',`,
    `  channels: Object.freeze({ invalidations: '__redis__:invalidate', audit: 'audit-log' }),`,
    `  retries: Number(env.RETRIES || 3),`,
    `});`,
  ),
);

runRuleTests('no-uncovered-cached-read: services typed by a type-only import', cachedRead, {
  valid: [],
  invalid: [
    {
      code: lines(
        `import { CounterCache } from './counter-cache.js';`,
        `import type { Connections } from './connections.js';`,
        `export class Inventory {`,
        `  private readonly sizes: CounterCache;`,
        `  constructor(private readonly connections: Connections) {`,
        `    this.sizes = connections.register(new CounterCache());`,
        `  }`,
        `  async size(shelf: string) {`,
        `    const keys = await this.connections.primary.keys(\`shelf:\${shelf}:*\`);`,
        `    this.sizes.set(shelf, keys.length);`,
        `    return keys.length;`,
        `  }`,
        `}`,
      ),
      filename: file('inventory.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 9, column: 24 }],
    },
    // A feature module destructures its deps, typed by an interface whose member is the imported class: the
    // holder's tracked client reads, and a handler keeps the count in a map of the module.
    {
      code: lines(
        `import type { Connections } from './connections.js';`,
        `interface ShelfDeps { connections: Connections; region: string }`,
        `const sizes = new Map<string, number>();`,
        `export function registerShelves({ connections, region }: ShelfDeps) {`,
        `  return async (shelf: string) => {`,
        `    sizes.set(shelf, (await connections.primary.keys(\`\${region}:shelf:\${shelf}:*\`)).length);`,
        `  };`,
        `}`,
        `export function registerAisles({ connections }: ShelfDeps = {} as ShelfDeps) {`,
        `  return async (aisle: string) => sizes.set(aisle, (await connections.primary.keys(\`aisle:\${aisle}:*\`)).length);`,
        `}`,
      ),
      filename: file('shelves.ts'),
      errors: [
        { messageId: 'uncoveredRead', line: 6, column: 29 },
        { messageId: 'uncoveredRead', line: 10, column: 59 },
      ],
    },
  ],
});

runRuleTests('no-incomplete-invalidation: a channel from a frozen config', invalidation, {
  valid: [],
  invalid: [
    {
      code: lines(
        `'use strict';`,
        `const Valkey = require('iovalkey');`,
        `const settings = require('./settings');`,
        `const events = new Valkey(settings.url);`,
        `const kept = new Map();`,
        `events.subscribe(settings.channels.invalidations);`,
        `events.on('message', (channel, key) => {`,
        `  if (channel !== settings.channels.invalidations) return;`,
        `  if (key === '') return kept.clear();`,
        `  kept.delete(key);`,
        `});`,
        `module.exports = { kept };`,
      ),
      filename: file('listener.js'),
      errors: [{ messageId: 'payloadAsOneKey', line: 10 }],
    },
  ],
});
