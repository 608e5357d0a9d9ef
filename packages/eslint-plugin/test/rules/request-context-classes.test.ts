import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';

// An app's own request context class, imported by type into its controllers: what an action writes into a
// context it is handed lives as long as that request, while a service injected through a constructor keeps
// what it is given for the life of the object that holds it.
const lines = (...source: string[]) => source.join('\n');
const directory = mkdtempSync(join(tmpdir(), 'vt-request-contexts-'));
const file = (name: string) => join(directory, name);

writeFileSync(
  file('http-context.ts'),
  lines(
    `import type { IncomingMessage, ServerResponse } from 'node:http';`,
    `export class HttpContext {`,
    `  /** Shared by the middleware and the action of one request. */`,
    `  readonly meta: Record<string, unknown> = {};`,
    `  params: Record<string, string> = {};`,
    `  constructor(readonly req: IncomingMessage, readonly res: ServerResponse) {}`,
    `}`,
  ),
);
writeFileSync(
  file('lock-store.ts'),
  lines(`export class LockStore {`, `  readonly remaining: Record<string, number> = {};`, `}`),
);
writeFileSync(
  file('redis.ts'),
  lines(
    `import Valkey from 'iovalkey';`,
    `export const redis = new Valkey(process.env.VALKEY_URL);`,
    `redis.on('ready', () => redis.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', process.env.INVALIDATIONS_ID));`,
  ),
);

runRuleTests('no-uncovered-cached-read: request context classes', rule, {
  valid: [
    {
      code: lines(
        `import type { HttpContext } from './http-context';`,
        `import { redis } from './redis';`,
        `export default class SessionsController {`,
        `  async lock(ctx: HttpContext) {`,
        `    ctx.meta.lockMs = await redis.pttl(\`login:lock:\${ctx.params.id}\`);`,
        `    return { locked: Number(ctx.meta.lockMs) > 0 };`,
        `  }`,
        `}`,
        `export const idle = async (ctx: HttpContext) => {`,
        `  ctx.meta.idle = await redis.object('IDLETIME', \`session:\${ctx.params.id}\`);`,
        `};`,
      ),
      filename: file('sessions-controller.ts'),
    },
  ],
  invalid: [
    // The constructor's store belongs to the service, which lives as long as the module's instance.
    {
      code: lines(
        `import type { LockStore } from './lock-store';`,
        `import { redis } from './redis';`,
        `export class LockService {`,
        `  constructor(private readonly store: LockStore) {}`,
        `  async remaining(id: string) {`,
        `    this.store.remaining[id] ??= await redis.pttl(\`login:lock:\${id}\`);`,
        `    return this.store.remaining[id];`,
        `  }`,
        `}`,
      ),
      filename: file('lock-service.ts'),
      errors: [{ messageId: 'volatileReplyKept', line: 6 }],
    },
  ],
});
