import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// A command method named by a constant: a member of an `as const` object of the module or of another one
// (`redis[Probe.Remaining](key)`), as strategy classes pick their probe.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-computed-methods-');
write('package.json', JSON.stringify({ name: 'expiry', private: true }));
write('src/probes.ts', `export const Probe = { Remaining: 'ttl', Deadline: 'pexpiretime' } as const;`);

runRuleTests('no-uncovered-cached-read: command methods named by constant members', rule, {
  valid: [
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `import { Probe } from './probes';`,
        `const redis = new Redis();`,
        `const deadlines = new Map<string, number>();`,
        `export async function deadline(key: string) {`,
        `  deadlines.set(key, await redis[Probe.Deadline](key));`,
        `}`,
      ),
      filename: file('src/deadline.ts'),
    },
  ],
  invalid: [
    {
      code: lines(
        `import Redis from 'ioredis';`,
        `import { Probe } from './probes';`,
        `const Local = { Left: 'pttl' } as const;`,
        `const redis = new Redis();`,
        `const seen = new Map<string, number>();`,
        `export class RelativeExpiry {`,
        `  constructor(private readonly client: Redis) {}`,
        `  describe(key: string) { return this.client[Probe.Remaining](key); }`,
        `}`,
        `export async function record(key: string) {`,
        `  seen.set(key, await new RelativeExpiry(redis).describe(key));`,
        `  seen.set(\`\${key}:ms\`, await redis[Local.Left](key));`,
        `}`,
      ),
      filename: file('src/expiry.ts'),
      errors: [
        { messageId: 'volatileReplyKept', line: 8 },
        { messageId: 'volatileReplyKept', line: 12 },
      ],
    },
  ],
});
