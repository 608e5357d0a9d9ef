import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// Services a dependency-injection container makes anew for each request keep nothing past it: a NestJS
// REQUEST-scoped provider, an inversify binding `inRequestScope()`, a typedi container per request, and a
// tsyringe transient resolved in a handler. The same class as a singleton keeps what its fields hold.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-request-scoped-');
write('package.json', JSON.stringify({ name: 'scoped-services', private: true }));
write(
  'src/redis.ts',
  `import Redis from 'ioredis';`,
  `export const redis = new Redis(process.env.REDIS_URL!);`,
  `redis.on('ready', () => redis.client('TRACKING', 'ON'));`,
);
// inversify's container module: the quote service lives for one request.
write(
  'src/container.ts',
  `import { Container } from 'inversify';`,
  `import { TripQuote } from './services/trip-quote';`,
  `import { Surge } from './services/surge';`,
  `export const container = new Container();`,
  `container.bind(TripQuote).toSelf().inRequestScope();`,
  `container.bind(Surge).toSelf().inSingletonScope();`,
);
// The HTTP entry: tsyringe resolves a transient per request; typedi gets a container per request.
write(
  'src/server.ts',
  `import 'reflect-metadata';`,
  `import { createServer } from 'node:http';`,
  `import { container } from 'tsyringe';`,
  `import { Container } from 'typedi';`,
  `import { InvoicePreview } from './services/invoice-preview';`,
  `import { MatchSnapshot } from './services/match-snapshot';`,
  `createServer(async (req, res) => {`,
  `  const preview = await container.resolve(InvoicePreview).load(req.url!);`,
  `  const snapshot = await Container.of(req.headers['x-request-id']).get(MatchSnapshot).read(req.url!);`,
  `  res.end(JSON.stringify({ preview, snapshot }));`,
  `}).listen(3000);`,
);

/** A service and the controller it is given, in one module: `scope` is the service's `@Injectable` options. */
const auditPair = (scope: string) =>
  lines(
    `import { Controller, Get, Injectable, Scope } from '@nestjs/common';`,
    `import type Redis from 'ioredis';`,
    `@Injectable(${scope})`,
    `export class StockAudit {`,
    `  private windowSeconds = 0;`,
    `  constructor(private readonly redis: Redis) {}`,
    `  async begin() {`,
    `    this.windowSeconds = await this.redis.ttl('audit:window');`,
    `    return this.windowSeconds;`,
    `  }`,
    `}`,
    `@Controller('audit')`,
    `export class AuditController {`,
    `  constructor(private readonly audit: StockAudit) {}`,
    `  @Get()`,
    `  run() {`,
    `    return this.audit.begin();`,
    `  }`,
    `}`,
  );

runRuleTests('no-uncovered-cached-read: services a container makes per request', rule, {
  valid: [
    // Nest's scope bubbles up: a controller given a request-scoped service is made per request too.
    { code: auditPair('{ scope: Scope.REQUEST }'), filename: file('src/audit/audit.controller.ts') },
    {
      code: lines(
        `import { Injectable, Scope } from '@nestjs/common';`,
        `import { redis } from '../redis';`,
        `@Injectable({ scope: Scope.REQUEST })`,
        `export class QuotaService {`,
        `  private left?: number;`,
        `  async remaining(key: string) {`,
        `    this.left ??= await redis.ttl(\`quota:\${key}\`);`,
        `    return this.left;`,
        `  }`,
        `}`,
      ),
      filename: file('src/services/quota.service.ts'),
    },
    {
      code: lines(
        `import { injectable } from 'inversify';`,
        `import { redis } from '../redis';`,
        `@injectable()`,
        `export class TripQuote {`,
        `  surgeSecondsLeft = 0;`,
        `  async quote(zone: string) {`,
        `    this.surgeSecondsLeft = await redis.ttl(\`surge:\${zone}\`);`,
        `    return { surge: this.surgeSecondsLeft > 0 };`,
        `  }`,
        `}`,
      ),
      filename: file('src/services/trip-quote.ts'),
    },
    {
      code: lines(
        `import { injectable } from 'tsyringe';`,
        `import { redis } from '../redis';`,
        `@injectable()`,
        `export class InvoicePreview {`,
        `  private idleSeconds = 0;`,
        `  async load(id: string) {`,
        `    this.idleSeconds = await redis.object('IDLETIME', \`invoice:\${id}\`);`,
        `    return { id, idle: this.idleSeconds };`,
        `  }`,
        `}`,
      ),
      filename: file('src/services/invoice-preview.ts'),
    },
    {
      code: lines(
        `import { Service } from 'typedi';`,
        `import { redis } from '../redis';`,
        `@Service()`,
        `export class MatchSnapshot {`,
        `  private clockMsLeft = 0;`,
        `  async read(match: string) {`,
        `    this.clockMsLeft = await redis.pttl(\`match:\${match}:clock\`);`,
        `    return this.clockMsLeft;`,
        `  }`,
        `}`,
      ),
      filename: file('src/services/match-snapshot.ts'),
    },
    // An AdonisJS controller (its actions take the HTTP context): the router makes one for each request.
    {
      code: lines(
        `import type { HttpContext } from '@adonisjs/core/http';`,
        `import { redis } from '../redis';`,
        `export default class HoldsController {`,
        `  #left = new Map<string, number>();`,
        `  async show({ params, response }: HttpContext) {`,
        `    if (!this.#left.has(params.id)) this.#left.set(params.id, await redis.ttl(\`hold:\${params.id}\`));`,
        `    return response.ok({ seconds: this.#left.get(params.id) });`,
        `  }`,
        `}`,
      ),
      filename: file('src/controllers/holds_controller.ts'),
    },
  ],
  invalid: [
    // The same pair with a singleton service: the controller and the service outlive every request.
    {
      code: auditPair(''),
      filename: file('src/audit/audit.controller.ts'),
      errors: [{ messageId: 'volatileReplyKept', line: 8 }],
    },
    // A class of the same shape whose methods take another context type lives as long as what makes it.
    {
      code: lines(
        `import type { HttpContext } from './http';`,
        `import { redis } from '../redis';`,
        `export default class HoldsReport {`,
        `  #left = new Map<string, number>();`,
        `  async show({ params }: HttpContext) {`,
        `    this.#left.set(params.id, await redis.ttl(\`hold:\${params.id}\`));`,
        `  }`,
        `}`,
      ),
      filename: file('src/services/holds_report.ts'),
      errors: [{ messageId: 'volatileReplyKept', line: 6 }],
    },
    // The NestJS default scope is a singleton: the first TTL stays.
    {
      code: lines(
        `import { Injectable } from '@nestjs/common';`,
        `import { redis } from '../redis';`,
        `@Injectable()`,
        `export class QuotaService {`,
        `  private left?: number;`,
        `  async remaining(key: string) {`,
        `    this.left ??= await redis.ttl(\`quota:\${key}\`);`,
        `    return this.left;`,
        `  }`,
        `}`,
      ),
      filename: file('src/services/quota-singleton.service.ts'),
      errors: [{ messageId: 'volatileReplyKept', line: 7 }],
    },
    // Bound `inSingletonScope()`: one instance for the process.
    {
      code: lines(
        `import { injectable } from 'inversify';`,
        `import { redis } from '../redis';`,
        `@injectable()`,
        `export class Surge {`,
        `  secondsLeft = 0;`,
        `  async refresh(zone: string) { this.secondsLeft = await redis.ttl(\`surge:\${zone}\`); }`,
        `}`,
      ),
      filename: file('src/services/surge.ts'),
      errors: [{ messageId: 'volatileReplyKept', line: 6 }],
    },
  ],
});
