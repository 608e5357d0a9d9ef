import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';

// Clients a framework hands to modules that never import them, with no settings: a Nest provider reached by an
// `@Inject` token or by its type, a fastify and a hapi decoration, an awilix cradle entry. Each registering
// module turns tracking on itself; the consuming modules only see the token or the name.
const lines = (...source: string[]) => source.join('\n');
const directory = mkdtempSync(join(tmpdir(), 'vt-registrations-'));
const file = (name: string) => join(directory, name);
for (const folder of ['src/redis', 'src/accounts', 'src/plugins', 'src/routes', 'src/flags'])
  mkdirSync(file(folder), { recursive: true });
// The project the registrations are searched in.
writeFileSync(file('package.json'), JSON.stringify({ name: 'registrations-app', private: true }));

writeFileSync(
  file('src/redis/redis.tokens.ts'),
  lines(`export const CACHE_REDIS = Symbol('CACHE_REDIS');`, `export const SESSION_REDIS = 'SESSION_REDIS';`),
);
// A Nest module whose providers make the clients: BCAST under `user:` through a factory with an injected config,
// a default-mode client given as a value, and ioredis's class itself as a token.
writeFileSync(
  file('src/redis/redis.module.ts'),
  lines(
    `import { Global, Module, type Provider } from '@nestjs/common';`,
    `import { ConfigService } from '@nestjs/config';`,
    `import Redis from 'ioredis';`,
    `import { CACHE_REDIS, SESSION_REDIS } from './redis.tokens';`,
    ``,
    `const sessions = new Redis(process.env.SESSION_URL ?? 'redis://127.0.0.1:6379');`,
    `sessions.on('ready', () => void sessions.client('TRACKING', 'ON'));`,
    ``,
    `function trackedDefault(): Redis {`,
    `  const client = new Redis();`,
    `  client.on('ready', () => void client.call('CLIENT', 'TRACKING', 'ON'));`,
    `  return client;`,
    `}`,
    ``,
    `const providers: Provider[] = [`,
    `  {`,
    `    provide: CACHE_REDIS,`,
    `    inject: [ConfigService],`,
    `    useFactory: async (config: ConfigService) => {`,
    `      const client = new Redis(config.get<string>('CACHE_URL') ?? 'redis://127.0.0.1:6379');`,
    `      client.on('ready', () => {`,
    `        void client.client('TRACKING', 'ON', 'BCAST', 'PREFIX', 'user:');`,
    `      });`,
    `      return client;`,
    `    },`,
    `  },`,
    `  { provide: SESSION_REDIS, useValue: sessions },`,
    `  { provide: Redis, useFactory: trackedDefault },`,
    `  { provide: 'CACHE_READER', useExisting: CACHE_REDIS },`,
    `];`,
    ``,
    `@Global()`,
    `@Module({ providers, exports: [CACHE_REDIS, SESSION_REDIS, Redis] })`,
    `export class RedisModule {}`,
  ),
);

// A fastify plugin that decorates the instance with a tracked client, and a hapi plugin that decorates requests.
writeFileSync(
  file('src/plugins/valkey.js'),
  lines(
    `import fp from 'fastify-plugin';`,
    `import Valkey from 'iovalkey';`,
    `export default fp(async function valkeyPlugin(fastify, options) {`,
    `  const valkey = new Valkey(options.url);`,
    `  valkey.on('ready', () => valkey.client('TRACKING', 'ON'));`,
    `  fastify.decorate('valkey', valkey);`,
    `  fastify.addHook('onClose', async () => valkey.quit());`,
    `});`,
  ),
);
writeFileSync(
  file('src/plugins/hapi-redis.js'),
  lines(
    `const Redis = require('ioredis');`,
    `exports.plugin = {`,
    `  name: 'redis',`,
    `  async register(server) {`,
    `    const store = new Redis();`,
    `    store.on('ready', () => store.client('TRACKING', 'ON'));`,
    `    server.decorate('request', 'store', store);`,
    `  },`,
    `};`,
  ),
);
// An awilix container: the flags client tracks in OPTOUT mode; the audit client does not track at all.
writeFileSync(
  file('src/container.ts'),
  lines(
    `import { asFunction, asValue, createContainer, InjectionMode } from 'awilix';`,
    `import Redis from 'ioredis';`,
    `import { makeFlagStore } from './flags/flag-store';`,
    `import { makeCatalogClient } from './redis/clients';`,
    `export function buildContainer() {`,
    `  const container = createContainer({ injectionMode: InjectionMode.PROXY });`,
    `  const flagsClient = new Redis();`,
    `  flagsClient.on('ready', () => flagsClient.client('TRACKING', 'ON', 'OPTOUT'));`,
    `  container.register({`,
    `    flagsClient: asValue(flagsClient),`,
    `    auditClient: asFunction(() => new Redis()).singleton(),`,
    `    flagStore: asFunction(makeFlagStore).singleton(),`,
    `    catalog: asFunction(makeCatalogClient)`,
    `      .singleton()`,
    `      .disposer((client) => client.close()),`,
    `  });`,
    `  return container;`,
    `}`,
  ),
);

// The factory an awilix registration names lives in a module of its own: node-redis 5 with its client-side cache.
writeFileSync(
  file('src/redis/clients.ts'),
  lines(
    `import { createClient } from 'redis';`,
    `export function makeCatalogClient() {`,
    `  return createClient({ RESP: 3, clientSideCache: { ttl: 60_000, maxEntries: 5000 } });`,
    `}`,
  ),
);

// A base service of its own module, given the provider's client by its token.
writeFileSync(
  file('src/accounts/cached-service.ts'),
  lines(
    `import { Inject } from '@nestjs/common';`,
    `import type Redis from 'ioredis';`,
    `import { CACHE_REDIS } from '../redis/redis.tokens';`,
    `export abstract class CachedService {`,
    `  constructor(@Inject(CACHE_REDIS) protected readonly redis: Redis) {}`,
    `}`,
  ),
);

runRuleTests('no-uncovered-cached-read: clients a framework registers', rule, {
  valid: [
    // Under the injected client's BCAST prefix, a kept GET is covered.
    {
      code: lines(
        `import { Inject, Injectable } from '@nestjs/common';`,
        `import type Redis from 'ioredis';`,
        `import { CACHE_REDIS } from '../redis/redis.tokens';`,
        `@Injectable()`,
        `export class ProfileService {`,
        `  private readonly profiles = new Map<string, string | null>();`,
        `  constructor(@Inject(CACHE_REDIS) private readonly redis: Redis) {}`,
        `  async profile(id: string) {`,
        `    if (!this.profiles.has(id)) this.profiles.set(id, await this.redis.get(\`user:\${id}:profile\`));`,
        `    return this.profiles.get(id);`,
        `  }`,
        `}`,
      ),
      filename: file('src/accounts/profile.service.ts'),
    },
    // A token nothing in the project provides: the client is only known by its type (not tracking).
    {
      code: lines(
        `import { Inject, Injectable } from '@nestjs/common';`,
        `import type Redis from 'ioredis';`,
        `@Injectable()`,
        `export class ReportService {`,
        `  private readonly totals = new Map<string, string[]>();`,
        `  constructor(@Inject('REPORTS_REDIS') private readonly redis: Redis) {}`,
        `  async keysOf(prefix: string) {`,
        `    if (!this.totals.has(prefix)) this.totals.set(prefix, await this.redis.keys(\`\${prefix}*\`));`,
        `    return this.totals.get(prefix);`,
        `  }`,
        `}`,
      ),
      filename: file('src/accounts/report.service.ts'),
    },
    // The awilix client that does not track: a kept KEYS reply is the app's own business.
    {
      code: lines(
        `export function makeAuditLog({ auditClient }: { auditClient: import('ioredis').Redis }) {`,
        `  const seen = new Map<string, string[]>();`,
        `  return {`,
        `    async entries(day: string) {`,
        `      if (!seen.has(day)) seen.set(day, await auditClient.keys(\`audit:\${day}:*\`));`,
        `      return seen.get(day);`,
        `    },`,
        `  };`,
        `}`,
      ),
      filename: file('src/flags/audit-log.ts'),
    },
    // A class with a client of its own under a registered name: the registration does not replace it.
    {
      code: lines(
        `import Valkey from 'iovalkey';`,
        `export class LocalStats {`,
        `  valkey = new Valkey();`,
        `  memo = new Map();`,
        `  async members(key) {`,
        `    if (!this.memo.has(key)) this.memo.set(key, await this.valkey.smembers(key));`,
        `    return this.memo.get(key);`,
        `  }`,
        `}`,
      ),
      filename: file('src/routes/local-stats.js'),
    },
  ],
  invalid: [
    // A subclass reads through the client its imported base class is injected with (BCAST under `user:`).
    {
      code: lines(
        `import { Injectable } from '@nestjs/common';`,
        `import { CachedService } from './cached-service';`,
        `@Injectable()`,
        `export class RoleService extends CachedService {`,
        `  private readonly roles = new Map<string, string[]>();`,
        `  async rolesOf(id: string) {`,
        `    if (!this.roles.has(id)) this.roles.set(id, await this.redis.smembers(\`role:\${id}\`));`,
        `    return this.roles.get(id);`,
        `  }`,
        `  async nameOf(id: string) {`,
        `    const name = await this.redis.get(\`user:\${id}:name\`);`,
        `    this.roles.set(\`name:\${id}\`, [name ?? '']);`,
        `    return name;`,
        `  }`,
        `}`,
      ),
      filename: file('src/accounts/role.service.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 7 }],
    },
    // The client an imported factory makes, read from the container's cradle in a Koa route: node-redis
    // caches HGETALL itself, and a hash whose fields expire is not covered (a module here gives them TTLs).
    {
      code: lines(
        `import Router from '@koa/router';`,
        `import { buildContainer } from '../container';`,
        `const container = buildContainer();`,
        `export const router = new Router();`,
        `router.get('/dishes/:id', async (ctx) => {`,
        `  const { catalog } = container.cradle;`,
        `  ctx.body = await catalog.hGetAll(\`dish:\${ctx.params.id}\`);`,
        `});`,
        `router.post('/specials/:day', async (ctx) => {`,
        `  await container.cradle.catalog.hSetEx(\`dish:\${ctx.params.day}\`, { note: 'today' }, { expiration: { type: 'EX', value: 3600 } });`,
        `  ctx.status = 204;`,
        `});`,
      ),
      filename: file('src/routes/dishes.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 7 }],
    },
    // Outside the BCAST prefix of the client the token's factory makes: SMEMBERS of `team:` is not covered.
    {
      code: lines(
        `import { Inject, Injectable } from '@nestjs/common';`,
        `import type Redis from 'ioredis';`,
        `import { CACHE_REDIS } from '../redis/redis.tokens';`,
        `@Injectable()`,
        `export class TeamService {`,
        `  private readonly members = new Map<string, string[]>();`,
        `  constructor(@Inject(CACHE_REDIS) private readonly redis: Redis) {}`,
        `  async membersOf(team: string) {`,
        `    const cached = this.members.get(team);`,
        `    if (cached) return cached;`,
        `    const ids = await this.redis.smembers(\`team:\${team}:members\`);`,
        `    this.members.set(team, ids);`,
        `    return ids;`,
        `  }`,
        `}`,
      ),
      filename: file('src/accounts/team.service.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 11 }],
    },
    // A string token provided with `useValue`, and a constructor parameter injected by ioredis's class.
    {
      code: lines(
        `import { Inject, Injectable } from '@nestjs/common';`,
        `import Redis from 'ioredis';`,
        `@Injectable()`,
        `export class SessionDirectory {`,
        `  private listing: string[] = [];`,
        `  private readonly sizes = new Map<string, number>();`,
        `  constructor(`,
        `    @Inject('SESSION_REDIS') private readonly sessions: Redis,`,
        `    private readonly redis: Redis,`,
        `  ) {}`,
        `  async refresh(tenant: string) {`,
        `    this.listing = await this.sessions.keys(\`session:\${tenant}:*\`);`,
        `    return this.listing;`,
        `  }`,
        `  async size(name: string) {`,
        `    if (!this.sizes.has(name)) this.sizes.set(name, await this.redis.strlen(name));`,
        `    const sample = await this.redis.srandmember(\`pool:\${name}\`);`,
        `    this.listing.push(sample ?? '');`,
        `    return this.sizes.get(name);`,
        `  }`,
        `}`,
      ),
      filename: file('src/accounts/session-directory.ts'),
      errors: [
        { messageId: 'uncoveredRead', line: 12 },
        { messageId: 'volatileReplyKept', line: 17 },
      ],
    },
    // fastify routes: the decorated client through the instance, `request.server` and a destructuring.
    {
      code: lines(
        `const counts = new Map();`,
        `export default async function listingRoutes(fastify) {`,
        `  fastify.get('/listings/:area', async (request) => {`,
        `    const { area } = request.params;`,
        `    if (!counts.has(area)) counts.set(area, await request.server.valkey.scard(\`area:\${area}\`));`,
        `    return { count: counts.get(area) };`,
        `  });`,
        `  fastify.get('/listings/:area/keys', async (request) => {`,
        `    const { valkey } = fastify;`,
        `    const keys = await valkey.keys(\`listing:\${request.params.area}:*\`);`,
        `    counts.set(request.params.area, keys.length);`,
        `    return keys;`,
        `  });`,
        `}`,
      ),
      filename: file('src/routes/listings.js'),
      errors: [{ messageId: 'uncoveredRead', line: 10 }],
    },
    // hapi: `request.store` decorated by the plugin.
    {
      code: lines(
        `'use strict';`,
        `const idle = new Map();`,
        `module.exports = {`,
        `  method: 'GET',`,
        `  path: '/presence/{id}',`,
        `  async handler(request) {`,
        `    const { id } = request.params;`,
        `    idle.set(id, await request.store.object('IDLETIME', \`presence:\${id}\`));`,
        `    return idle.get(id);`,
        `  },`,
        `};`,
      ),
      filename: file('src/routes/presence.js'),
      errors: [{ messageId: 'volatileReplyKept', line: 8 }],
    },
    // fastify: routes of the app that decorates itself, through the request's server and `this`; the client
    // tracks in default mode, so the count of keys is none.
    {
      code: lines(
        `import Fastify from 'fastify';`,
        `import Redis from 'ioredis';`,
        `const app = Fastify();`,
        `const client = new Redis(6390);`,
        `const invalidations = new Redis(6390);`,
        `void invalidations.subscribe('__redis__:invalidate');`,
        `client.on('ready', async () => client.client('TRACKING', 'ON', 'REDIRECT', String(await invalidations.client('ID'))));`,
        `app.decorate('redis', client);`,
        `const sampled = new Map<string, string[]>();`,
        `app.get('/sample/:set', async (request) => {`,
        `  const { set } = request.params as { set: string };`,
        `  sampled.set(set, await request.server.redis.srandmember(set, 3));`,
        `  return sampled.get(set);`,
        `});`,
        `app.get('/count', async function () {`,
        `  sampled.set('count', [String(await this.redis.dbsize())]);`,
        `  return sampled.get('count');`,
        `});`,
        `export default app;`,
      ),
      filename: file('src/app.ts'),
      errors: [
        { messageId: 'volatileReplyKept', line: 12 },
        { messageId: 'uncoveredRead', line: 16 },
      ],
    },
    // Nest: a provider that aliases another with `useExisting`: the BCAST `user:` client, a key outside it kept.
    {
      code: lines(
        `import { Inject, Injectable } from '@nestjs/common';`,
        `import type Redis from 'ioredis';`,
        `@Injectable()`,
        `export class TeamDirectory {`,
        `  private teams: string[] = [];`,
        `  constructor(@Inject('CACHE_READER') private readonly reader: Redis) {}`,
        `  async all() {`,
        `    if (!this.teams.length) this.teams = await this.reader.smembers('teams:all');`,
        `    return this.teams;`,
        `  }`,
        `}`,
      ),
      filename: file('src/accounts/team-directory.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 8 }],
    },
    // awilix: a factory given its cradle entries by destructuring; the OPTOUT client caches every read.
    {
      code: lines(
        `import type Redis from 'ioredis';`,
        `export function makeFlagStore({ flagsClient }: { flagsClient: Redis }) {`,
        `  const memo = new Map<string, string[]>();`,
        `  return {`,
        `    async variants(flag: string) {`,
        `      const hit = memo.get(flag);`,
        `      if (hit) return hit;`,
        `      const keys = await flagsClient.keys(\`flag:\${flag}:variant:*\`);`,
        `      memo.set(flag, keys);`,
        `      return keys;`,
        `    },`,
        `  };`,
        `}`,
      ),
      filename: file('src/flags/flag-store.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 8 }],
    },
  ],
});
