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
  ],
});
