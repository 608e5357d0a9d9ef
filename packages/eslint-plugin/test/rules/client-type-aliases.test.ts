import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// node-redis's docs name its client type `ReturnType<typeof createClient>`, and apps give that a name of their own
// (`type Redis = ...`), often in a commands module beside a `sendCommand` escape hatch. A parameter or field
// annotated with such an alias holds a client made elsewhere, as one annotated with `RedisClientType` does.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-client-type-aliases-');
write('package.json', JSON.stringify({ name: 'campaign-worker', private: true, type: 'module' }));
write(
  'src/commands.ts',
  `import { createClient, type RedisArgument } from 'redis';`,
  `export type Redis = ReturnType<typeof createClient>;`,
  `export function raw<T = unknown>(redis: Redis, ...args: RedisArgument[]): Promise<T> {`,
  `  return redis.sendCommand(args) as Promise<T>;`,
  `}`,
);
write(
  'src/types.ts',
  `import { createClient } from 'redis';`,
  `type Client = ReturnType<typeof createClient>;`,
  `export type { Client as Valkey };`,
  `export type Plain = ReturnType<typeof JSON.parse>;`,
);

runRuleTests('no-uncovered-cached-read: client type aliases', rule, {
  valid: [
    // An alias of another module's type that names no client: the parameter is nothing known.
    {
      code: lines(
        `import type { Plain } from './types.js';`,
        `const memo = new Map<string, unknown>();`,
        `export async function idle(redis: Plain) {`,
        `  memo.set('outbox', await redis.sendCommand(['OBJECT', 'IDLETIME', 'mail:outbox']));`,
        `}`,
      ),
      filename: file('src/plain.ts'),
    },
    // A local alias of a function of the module's own named `createClient`: no client type.
    {
      code: lines(
        `function createClient() { return { sendCommand: async (args: string[]) => args.length } }`,
        `type Redis = ReturnType<typeof createClient>;`,
        `const memo = new Map<string, unknown>();`,
        `export async function idle(redis: Redis) {`,
        `  memo.set('outbox', await redis.sendCommand(['OBJECT', 'IDLETIME', 'mail:outbox']));`,
        `}`,
      ),
      filename: file('src/own-factory.ts'),
    },
  ],
  invalid: [
    // The module's own alias.
    {
      code: lines(
        `import { createClient } from 'redis';`,
        `type Redis = ReturnType<typeof createClient>;`,
        `const memo = new Map<string, unknown>();`,
        `export async function idle(redis: Redis) {`,
        `  memo.set('outbox', await redis.sendCommand(['OBJECT', 'IDLETIME', 'mail:outbox']));`,
        `}`,
      ),
      filename: file('src/local-alias.ts'),
      errors: [{ messageId: 'volatileReplyKept', line: 5 }],
    },
    // Another module's alias on a constructor's parameter property, and the same module's `raw(...)` escape hatch
    // sending its rest arguments; an alias re-exported under another name.
    {
      code: lines(
        `import { raw, type Redis } from './commands.js';`,
        `import type { Valkey } from './types.js';`,
        `export class CampaignStats {`,
        `  #memo: { idle?: number; ttl?: number } = {};`,
        `  constructor(private readonly redis: Redis, private readonly replica: Valkey) {}`,
        `  async overview() {`,
        `    this.#memo.idle ??= await raw<number>(this.redis, 'OBJECT', 'IDLETIME', 'mail:outbox');`,
        `    this.#memo.ttl ??= Number(await this.replica.sendCommand(['TTL', 'mail:lock']));`,
        `    return this.#memo;`,
        `  }`,
        `}`,
      ),
      filename: file('src/stats.ts'),
      errors: [
        { messageId: 'volatileReplyKept', line: 7 },
        { messageId: 'volatileReplyKept', line: 8 },
      ],
    },
  ],
});
