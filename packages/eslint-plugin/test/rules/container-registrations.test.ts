import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// Clients a dependency-injection container hands on by token, with no settings: tsyringe `register(TOKEN, {
// useValue })` and `registerInstance`, inversify `bind(TOKEN).toConstantValue(client)` and `toDynamicValue`,
// typedi `Container.set(TOKEN, client)`; received as `@inject(TOKEN)` / `@Inject(TOKEN)` constructor parameters.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-container-registrations-');
write('package.json', JSON.stringify({ name: 'containers-app', private: true }));
write(
  'src/types.ts',
  `export const TYPES = { Valkey: Symbol.for('Valkey'), Reporting: Symbol.for('Reporting') };`,
);
write(
  'src/tsyringe.config.ts',
  `import 'reflect-metadata';`,
  `import { container } from 'tsyringe';`,
  `import Redis from 'ioredis';`,
  `const primary = new Redis(process.env.REDIS_URL!);`,
  `primary.on('ready', () => primary.client('TRACKING', 'ON'));`,
  `container.register<Redis>('Redis', { useValue: primary });`,
);
write(
  'src/inversify.config.ts',
  `import { Container } from 'inversify';`,
  `import Valkey from 'iovalkey';`,
  `import { TYPES } from './types';`,
  `export const container = new Container();`,
  `const valkey = new Valkey();`,
  `valkey.on('ready', () => valkey.call('CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'vehicle:'));`,
  `container.bind<Valkey>(TYPES.Valkey).toConstantValue(valkey);`,
);
write(
  'src/typedi.config.ts',
  `import { Container } from 'typedi';`,
  `import { createClient } from 'redis';`,
  `const client = createClient({ RESP: 3, clientSideCache: { ttl: 30_000 } });`,
  `Container.set('redis', client);`,
);

runRuleTests('no-uncovered-cached-read: clients a dependency-injection container hands on', rule, {
  valid: [
    // A prefix the BCAST client covers, kept: full.
    {
      code: lines(
        `import { inject, injectable } from 'inversify';`,
        `import type Valkey from 'iovalkey';`,
        `import { TYPES } from '../types';`,
        `@injectable()`,
        `export class VehicleService {`,
        `  private seen = new Map<string, string | null>();`,
        `  constructor(@inject(TYPES.Valkey) private readonly valkey: Valkey) {}`,
        `  async position(id: string) {`,
        `    if (!this.seen.has(id)) this.seen.set(id, await this.valkey.get(\`vehicle:\${id}:pos\`));`,
        `    return this.seen.get(id);`,
        `  }`,
        `}`,
      ),
      filename: file('src/services/vehicle-service.ts'),
    },
  ],
  invalid: [
    // tsyringe: the KEYS reply of the registered tracking connection, kept in a field of a singleton.
    {
      code: lines(
        `import { inject, singleton } from 'tsyringe';`,
        `import type Redis from 'ioredis';`,
        `@singleton()`,
        `export class InvoiceService {`,
        `  private overdue: string[] = [];`,
        `  constructor(@inject('Redis') private readonly redis: Redis) {}`,
        `  async refresh() {`,
        `    this.overdue = await this.redis.keys('invoice:*:overdue');`,
        `  }`,
        `}`,
      ),
      filename: file('src/services/invoice-service.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 8 }],
    },
    // inversify: a key outside the BCAST prefix, kept.
    {
      code: lines(
        `import { inject, injectable } from 'inversify';`,
        `import type Valkey from 'iovalkey';`,
        `import { TYPES } from '../types';`,
        `@injectable()`,
        `export class DepotService {`,
        `  private hours = new Map<string, string | null>();`,
        `  constructor(@inject(TYPES.Valkey) private readonly valkey: Valkey) {}`,
        `  async open(depot: string) {`,
        `    if (!this.hours.has(depot)) this.hours.set(depot, await this.valkey.get(\`depot:\${depot}:hours\`));`,
        `    return this.hours.get(depot);`,
        `  }`,
        `}`,
      ),
      filename: file('src/services/depot-service.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 9 }],
    },
    // inversify: the container bound in the module of the classes it makes; the client it binds tracks with
    // REDIRECT, so the count of keys kept by the singleton is none, the range of one key is not reported.
    {
      code: lines(
        `import 'reflect-metadata';`,
        `import Valkey from 'iovalkey';`,
        `import { Container, inject, injectable } from 'inversify';`,
        `const TYPES = { Valkey: Symbol.for('Valkey'), Stats: Symbol.for('Stats') };`,
        `const valkey = new Valkey({ host: 'stats-cache' });`,
        `const listener = new Valkey({ host: 'stats-cache' });`,
        `void listener.subscribe('__redis__:invalidate');`,
        `valkey.on('ready', async () => valkey.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', String(await listener.client('ID'))));`,
        `@injectable()`,
        `export class StatsRepository {`,
        `  private keyCount = 0;`,
        `  private latest: string[] = [];`,
        `  constructor(@inject(TYPES.Valkey) private readonly valkey: Valkey) {}`,
        `  async count() { this.keyCount = await this.valkey.dbsize(); return this.keyCount; }`,
        `  async recent() { this.latest = await this.valkey.lrange('stats:recent', 0, 9); return this.latest; }`,
        `}`,
        `export const container = new Container();`,
        `container.bind(TYPES.Valkey).toConstantValue(valkey);`,
        `container.bind(TYPES.Stats).to(StatsRepository).inSingletonScope();`,
      ),
      filename: file('src/stats/container.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 14 }],
    },
    // typedi: `Container.set` beside the service; a SCAN page destructured and kept in a field.
    {
      code: lines(
        `import Valkey from 'iovalkey';`,
        `import { Container, Inject, Service } from 'typedi';`,
        `const quota = new Valkey({ db: 1 });`,
        `quota.on('ready', () => quota.call('CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'quota:'));`,
        `Container.set('quota-valkey', quota);`,
        `@Service()`,
        `export class QuotaAccounts {`,
        `  private known: string[] = [];`,
        `  constructor(@Inject('quota-valkey') private readonly valkey: Valkey) {}`,
        `  async scan() {`,
        `    const [, page] = await this.valkey.scan('0', 'MATCH', 'account:*', 'COUNT', 500);`,
        `    this.known = page;`,
        `  }`,
        `}`,
      ),
      filename: file('src/quota/accounts.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 11 }],
    },
    // typedi: node-redis 5 caches XPENDING itself (partial: the pending entries change silently).
    {
      code: lines(
        `import { Inject, Service } from 'typedi';`,
        `import type { RedisClientType } from 'redis';`,
        `@Service()`,
        `export class QueueService {`,
        `  constructor(@Inject('redis') private readonly redis: RedisClientType) {}`,
        `  pending(stream: string) {`,
        `    return this.redis.xPending(stream, 'workers');`,
        `  }`,
        `}`,
      ),
      filename: file('src/services/queue-service.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 7 }],
    },
  ],
});
