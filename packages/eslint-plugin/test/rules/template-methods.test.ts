import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// Template methods across modules: a base class whose `get(id)` keeps what its abstract `load(id)` returns, and
// subclasses that override `load` with reads of their own.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-template-methods-');
write('package.json', JSON.stringify({ name: 'sync-worker', private: true }));
write(
  'src/clients.ts',
  `import Valkey from 'iovalkey';`,
  `export const valkey = new Valkey();`,
  `const events = new Valkey();`,
  `void events.subscribe('__redis__:invalidate');`,
  `events.on('message', (_channel: string, keys: string) => console.debug(keys));`,
  `valkey.on('ready', async () => valkey.client('TRACKING', 'ON', 'REDIRECT', String(await events.client('ID'))));`,
);
write(
  'src/cached-repository.ts',
  `export abstract class CachedRepository<T> {`,
  `  protected readonly cache = new Map<string, T>();`,
  `  protected abstract load(id: string): Promise<T | null>;`,
  `  async get(id: string): Promise<T | null> {`,
  `    const hit = this.cache.get(id);`,
  `    if (hit !== undefined) return hit;`,
  `    const loaded = await this.load(id);`,
  `    if (loaded !== null) this.cache.set(id, loaded);`,
  `    return loaded;`,
  `  }`,
  `  /** Fresh every time: what the describe hook returns is only handed back. */`,
  `  async describeNow(id: string): Promise<string> {`,
  `    return this.describe(id);`,
  `  }`,
  `  protected describe(id: string): Promise<string> { return Promise.resolve(id); }`,
  `}`,
);

// The same in JavaScript, with the hook a placeholder that throws, and a cache filled in a `.then` callback.
write(
  'src/base-repository.js',
  `export class BaseRepository {`,
  `  constructor() { this._cache = new Map(); }`,
  `  async load(id) { throw new Error(\`\${this.constructor.name} does not implement load(\${id})\`); }`,
  `  refresh(id) {`,
  `    return this.load(id).then((value) => {`,
  `      this._cache.set(id, { value, at: Date.now() });`,
  `      return value;`,
  `    });`,
  `  }`,
  `  async label(id) { return \`#\${id}\`; }`,
  `  describe(id) { return this.label(id); }`,
  `}`,
);

runRuleTests('no-uncovered-cached-read: hooks a base class of another module keeps', rule, {
  valid: [
    // The override reads a covered key; the other hook's result is only returned by the base.
    {
      code: lines(
        `import { valkey } from './clients';`,
        `import { CachedRepository } from './cached-repository';`,
        `export class AccountRepository extends CachedRepository<Record<string, string>> {`,
        `  protected async load(id: string) { return valkey.hgetall(\`account:\${id}\`); }`,
        `  protected async describe(id: string) { return String(await valkey.pttl(\`account:\${id}:lock\`)); }`,
        `}`,
      ),
      filename: file('src/account-repository.ts'),
    },
  ],
  invalid: [
    // What the override returns is kept in the base's cache: a PTTL and a KEYS listing go stale there.
    {
      code: lines(
        `import { valkey } from './clients';`,
        `import { CachedRepository } from './cached-repository';`,
        `export class LeaseRepository extends CachedRepository<number> {`,
        `  protected async load(name: string) { return valkey.pttl(\`lease:\${name}\`); }`,
        `}`,
        `export class TenantKeys extends CachedRepository<string[]> {`,
        `  protected load(tenant: string) { return valkey.keys(\`tenant:\${tenant}:*\`); }`,
        `}`,
      ),
      filename: file('src/lease-repository.ts'),
      errors: [
        { messageId: 'volatileReplyKept', line: 4 },
        { messageId: 'uncoveredRead', line: 7 },
      ],
    },
    {
      code: lines(
        `import { valkey } from './clients';`,
        `import { BaseRepository } from './base-repository.js';`,
        `export class QueueRepository extends BaseRepository {`,
        `  async load(name) {`,
        `    const [[, meta], [, pausedMs]] = await valkey.pipeline().hgetall(\`queue:\${name}\`).pttl(\`queue:\${name}:paused\`).exec();`,
        `    return { name, meta, pausedFor: Math.max(0, pausedMs) };`,
        `  }`,
        `  async label(name) { return String(await valkey.ttl(\`queue:\${name}\`)); }`,
        `}`,
      ),
      filename: file('src/queue-repository.js'),
      errors: [{ messageId: 'volatileReplyKept', line: 5 }],
    },
  ],
});
