import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// A class hierarchy over three modules: a generic caching base, a tracked base that names the client, and the
// repository the linted module declares. `remember()` is the first base's; the subclass calls it on `this`.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-inherited-members-');
write('package.json', JSON.stringify({ name: 'storefront', private: true }));
write(
  'src/infra.ts',
  `import Redis from 'ioredis';`,
  `export const primary = new Redis();`,
  `const events = new Redis();`,
  `void events.subscribe('__redis__:invalidate');`,
  `primary.on('ready', async () => primary.client('TRACKING', 'ON', 'REDIRECT', String(await events.client('ID'))));`,
);
write(
  'src/base/cached-repository.ts',
  `export abstract class CachedRepository<T> {`,
  `  protected readonly entries = new Map<string, unknown>();`,
  `  protected async remember<V>(key: string, load: () => Promise<V>): Promise<V> {`,
  `    if (this.entries.has(key)) return this.entries.get(key) as V;`,
  `    const value = await load();`,
  `    this.entries.set(key, value);`,
  `    return value;`,
  `  }`,
  `  abstract findById(id: string): Promise<T | null>;`,
  `}`,
);
write(
  'src/base/tracked-repository.ts',
  `import type Redis from 'ioredis';`,
  `import { primary } from '../infra';`,
  `import { CachedRepository } from './cached-repository';`,
  `export abstract class TrackedRepository<T> extends CachedRepository<T> {`,
  `  protected get client(): Redis {`,
  `    return primary;`,
  `  }`,
  `}`,
);
// Connections injected as a class of a third module: the base of the same module as the memo base names the
// connection through a constructor parameter typed with that class, and subclasses switch connection or wrap
// the base's memo (`super.findCached(...)`).
write(
  'src/infra/connections.ts',
  `import Redis from 'ioredis';`,
  `const events = new Redis();`,
  `void events.subscribe('__redis__:invalidate');`,
  `export const trackedRedis = new Redis();`,
  `trackedRedis.on('ready', async () => trackedRedis.client('TRACKING', 'ON', 'REDIRECT', String(await events.client('ID'))));`,
  `export const broadcastRedis = new Redis();`,
  `broadcastRedis.on('ready', async () =>`,
  `  broadcastRedis.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', String(await events.client('ID')), 'BCAST', 'PREFIX', 'flag:'));`,
  `export class Connections {`,
  `  static create(): Connections { return new Connections(); }`,
  `  get tracked(): Redis { return trackedRedis; }`,
  `  get broadcast(): Redis { return broadcastRedis; }`,
  `}`,
);
write(
  'src/core/base-repository.ts',
  `import type Redis from 'ioredis';`,
  `import { Connections } from '../infra/connections';`,
  `export class RedisService {`,
  `  constructor(protected readonly connections: Connections) {}`,
  `  protected get redis(): Redis { return this.connections.tracked; }`,
  `}`,
  `export abstract class BaseRepository extends RedisService {`,
  `  readonly #memo = new Map<string, unknown>();`,
  `  protected async findCached<R>(key: string, load: () => Promise<R>): Promise<R> {`,
  `    if (this.#memo.has(key)) return this.#memo.get(key) as R;`,
  `    const value = await load();`,
  `    this.#memo.set(key, value);`,
  `    return value;`,
  `  }`,
  `}`,
);

// A subclass in a module of its own, whose method reads on the client the base's getter (of a third module)
// returns, called from a fourth module that keeps the reply.
write(
  'src/repositories/jobs.ts',
  `import { TrackedRepository } from '../base/tracked-repository';`,
  `export class JobRepository extends TrackedRepository<string> {`,
  `  findById(id: string) { return this.client.get(\`job:\${id}\`); }`,
  `  leaseRemaining(id: string) { return this.client.pttl(\`job:\${id}:lock\`); }`,
  `}`,
);

runRuleTests('no-uncovered-cached-read: members a base class inherits from a third module', rule, {
  valid: [
    {
      code: lines(
        `import { TrackedRepository } from './base/tracked-repository';`,
        `export class UserRepository extends TrackedRepository<string> {`,
        `  findById(id: string) {`,
        `    return this.remember(\`user:\${id}\`, () => this.client.get(\`user:\${id}\`));`,
        `  }`,
        `}`,
      ),
      filename: file('src/user-repository.ts'),
    },
  ],
  invalid: [
    {
      code: lines(
        `import { TrackedRepository } from './base/tracked-repository';`,
        `export class UserRepository extends TrackedRepository<string> {`,
        `  findById(id: string) {`,
        `    return this.client.get(\`user:\${id}\`);`,
        `  }`,
        `  allIds() {`,
        `    return this.remember('user:ids', () => this.client.keys('user:*'));`,
        `  }`,
        `  randomFollower(id: string) {`,
        `    return this.remember(\`followers:\${id}\`, () => this.client.zrandmember(\`followers:\${id}\`));`,
        `  }`,
        `}`,
      ),
      filename: file('src/user-repository.ts'),
      errors: [
        { messageId: 'uncoveredRead', line: 7 },
        { messageId: 'volatileReplyKept', line: 10 },
      ],
    },
    // The base's base's `redis` getter (default tracking), an override reading the inherited field's other
    // connection (BCAST under `flag:`), and an override of the memo that calls `super`'s.
    {
      code: lines(
        `import type Redis from 'ioredis';`,
        `import { BaseRepository } from '../core/base-repository';`,
        `export class ProductRepository extends BaseRepository {`,
        `  readonly #known = new Set<string>();`,
        `  allKeys() { return this.findCached('all', () => this.redis.keys('product:*')); }`,
        `  async index() { for (const key of await this.redis.keys('sku:*')) this.#known.add(key); }`,
        `}`,
        `export class FlagRepository extends BaseRepository {`,
        `  protected override get redis(): Redis { return this.connections.broadcast; }`,
        `  flagNames() { return this.findCached('flags', () => this.redis.keys('flag:*')); }`,
        `  configKeys() { return this.findCached('config', () => this.redis.keys('config:*')); }`,
        `}`,
        `export class SessionRepository extends BaseRepository {`,
        `  protected override async findCached<R>(key: string, load: () => Promise<R>): Promise<R> {`,
        `    return super.findCached(\`session:\${key}\`, load);`,
        `  }`,
        `  ids() { return this.findCached('ids', () => this.redis.keys('session:*')); }`,
        `}`,
      ),
      filename: file('src/repositories/all.ts'),
      errors: [
        { messageId: 'uncoveredRead', line: 5 },
        { messageId: 'uncoveredRead', line: 6 },
        { messageId: 'uncoveredRead', line: 11 },
        { messageId: 'uncoveredRead', line: 17 },
      ],
    },
    {
      code: lines(
        `import { JobRepository } from './repositories/jobs';`,
        `const jobs = new JobRepository();`,
        `const leases = new Map<string, number>();`,
        `export async function lease(id: string) {`,
        `  leases.set(id, await jobs.leaseRemaining(id));`,
        `  return jobs.findById(id);`,
        `}`,
      ),
      filename: file('src/lease-board.ts'),
      errors: [{ messageId: 'volatileReplyKept', line: 5 }],
    },
  ],
});
