import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// A class field declared with the type of a class another module exports and set from what a container hands
// the constructor (`private readonly listings: CacheService<string[]>;`, assigned from an awilix cradle typed
// by an interface of the composition root): an instance of that class, as its module's summary describes it.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-typed-instance-fields-');
write('package.json', JSON.stringify({ name: 'storefront', private: true }));
write(
  'src/cache-service.ts',
  `export class CacheService<T> {`,
  `  readonly #entries = new Map<string, T>();`,
  `  async remember(key: string, load: () => Promise<T>): Promise<T> {`,
  `    const hit = this.#entries.get(key);`,
  `    if (hit !== undefined) return hit;`,
  `    const value = await load();`,
  `    this.#entries.set(key, value);`,
  `    return value;`,
  `  }`,
  `}`,
);
write(
  'src/timer.ts',
  `export class Timer {`,
  `  async time<T>(label: string, run: () => Promise<T>): Promise<T> {`,
  `    const started = Date.now();`,
  `    try {`,
  `      return await run();`,
  `    } finally {`,
  `      console.log(label, Date.now() - started);`,
  `    }`,
  `  }`,
  `}`,
);
write(
  'src/cradle.ts',
  `import type { Redis } from 'ioredis';`,
  `import type { CacheService } from './cache-service.js';`,
  `import type { Timer } from './timer.js';`,
  `export interface Cradle { redis: Redis; listingCache: CacheService<string[]>; timer: Timer }`,
);

const service = (field: string, call: string) =>
  lines(
    `import type { Redis } from 'ioredis';`,
    `import type { CacheService } from './cache-service.js';`,
    `import type { Timer } from './timer.js';`,
    `import type { Cradle } from './cradle.js';`,
    `export class CatalogService {`,
    `  private readonly redis: Redis;`,
    `  private readonly ${field};`,
    `  constructor({ redis, listingCache, timer }: Cradle) {`,
    `    this.redis = redis;`,
    `    this.listings = ${field.startsWith('listings: Timer') ? 'timer' : 'listingCache'};`,
    `  }`,
    `  trending(): Promise<string[]> {`,
    `    return ${call};`,
    `  }`,
    `}`,
  );

runRuleTests('no-uncovered-cached-read: fields typed by another module class', rule, {
  valid: [
    // The other module's class only times the read and hands the reply back: nothing is kept.
    {
      code: service(
        'listings: Timer',
        "this.listings.time('trending', () => this.redis.zrandmember('catalog:trending', 6))",
      ),
      filename: file('src/catalog-service.ts'),
    },
  ],
  invalid: [
    // The cache keeps what the loader returns: a random pick, wrong on any client.
    {
      code: service(
        'listings: CacheService<string[]>',
        "this.listings.remember('trending', () => this.redis.zrandmember('catalog:trending', 6))",
      ),
      filename: file('src/catalog-service.ts'),
      errors: [{ messageId: 'volatileReplyKept', line: 13 }],
    },
  ],
});
