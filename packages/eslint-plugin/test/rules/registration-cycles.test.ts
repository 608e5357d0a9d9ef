import cachedRead from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// An Express controller given a typed repository writes `res.locals.userId = session.userId`: a member named like
// the decoration it registers, whose value asked for that registration again while it was being built (the
// module's analysis overflowed the stack and was skipped; blind round 85).
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-registration-cycles-');
write('package.json', JSON.stringify({ name: 'shop-api', private: true }));
write(
  'src/base.ts',
  `import type Redis from 'ioredis';`,
  `export abstract class CachedRepository<T> {`,
  `  protected abstract readonly redis: Redis;`,
  `  private readonly entities = new Map<string, T>();`,
  `  protected abstract hydrate(id: string, raw: Record<string, string>): T;`,
  `  protected async rememberEntity(id: string, load: () => Promise<Record<string, string>>): Promise<T | null> {`,
  `    const hit = this.entities.get(id);`,
  `    if (hit) return hit;`,
  `    const entity = this.hydrate(id, await load());`,
  `    this.entities.set(id, entity);`,
  `    return entity;`,
  `  }`,
  `}`,
);
write(
  'src/clients.ts',
  `import Redis from 'ioredis';`,
  `export const sessionRedis = new Redis();`,
  `sessionRedis.on('ready', () => sessionRedis.call('CLIENT', 'TRACKING', 'ON'));`,
);
write(
  'src/sessions.ts',
  `import type Redis from 'ioredis';`,
  `import { CachedRepository } from './base';`,
  `import { sessionRedis } from './clients';`,
  `export interface Session { id: string; userId: string }`,
  `export class SessionRepository extends CachedRepository<Session> {`,
  `  protected readonly redis: Redis = sessionRedis;`,
  `  protected hydrate(id: string, raw: Record<string, string>): Session {`,
  `    return { id, userId: raw.user_id };`,
  `  }`,
  `  findById(id: string): Promise<Session | null> {`,
  `    return this.rememberEntity(id, () => this.redis.hgetall(\`session:\${id}\`));`,
  `  }`,
  `}`,
);

runRuleTests('no-uncovered-cached-read: a decoration whose value is a member of its own name', cachedRead, {
  valid: [],
  invalid: [
    {
      code: lines(
        `import { SessionRepository } from './sessions';`,
        `import { sessionRedis } from './clients';`,
        `const lifetimes = new Map<string, number>();`,
        `export class SessionController {`,
        `  constructor(private readonly sessions: SessionRepository) {}`,
        `  async authenticate(req: { header(name: string): string }, res: { locals: Record<string, unknown> }, next: () => void) {`,
        `    const session = await this.sessions.findById(req.header('sid'));`,
        `    if (!session) return;`,
        `    res.locals.userId = session.userId;`,
        `    lifetimes.set(session.id, await sessionRedis.pttl('session:' + session.id));`,
        `    next();`,
        `  }`,
        `}`,
      ),
      filename: file('src/controller.ts'),
      errors: [{ messageId: 'volatileReplyKept', line: 10 }],
    },
  ],
});
