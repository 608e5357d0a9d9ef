import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import plugin from '../../src/index.js';
import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';

// Hash fields with TTLs (issue #9, item 4): a cached hash read of a key whose fields some write gives TTLs
// goes stale when a field expires, since the server invalidates it only when it deletes the field.
const lines = (...source: string[]) => source.join('\n');
const directory = mkdtempSync(join(tmpdir(), 'vt-field-ttl-'));
const file = (name: string) => join(directory, name);

/** A session store class: one method writes with field TTLs, another keeps what it reads. */
const sessionStore = lines(
  `import Valkey from 'iovalkey';`,
  `const SESSION_TTL = 1800;`,
  `export class SessionStore {`,
  `  private readonly cache = new Map<string, Record<string, string>>();`,
  `  constructor(private readonly redis: Valkey) {`,
  `    redis.on('ready', () => redis.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', subscriberId));`,
  `  }`,
  `  async save(id: string, data: Record<string, string>) {`,
  `    const fields = Object.entries(data).flat();`,
  `    await this.redis.call('HSETEX', \`session:\${id}\`, 'EX', SESSION_TTL, 'FIELDS', fields.length / 2, ...fields);`,
  `  }`,
  `  async load(id: string) {`,
  `    const hit = this.cache.get(id);`,
  `    if (hit) return hit;`,
  `    const session = await this.redis.hgetall(\`session:\${id}\`);`,
  `    this.cache.set(id, session);`,
  `    return session;`,
  `  }`,
  `  async profile(id: string) {`,
  `    const profile = await this.redis.hgetall(\`user:\${id}\`);`,
  `    this.cache.set(\`user:\${id}\`, profile);`,
  `    return profile;`,
  `  }`,
  `}`,
  `export const sessions = new SessionStore(new Valkey());`,
);

// A helper module that gives one-time codes a TTL per field, and a route module that imports it.
writeFileSync(
  file('otp.mjs'),
  lines(
    `import Redis from 'ioredis';`,
    `export const redis = new Redis();`,
    `redis.on('ready', () => redis.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', subscriberId));`,
    `export async function issueCode(user, code) {`,
    `  await redis.hset('otp:' + user, 'code', code);`,
    `  await redis.hexpire('otp:' + user, 300, 'FIELDS', 1, 'code');`,
    `}`,
  ),
);
const otpRoute = lines(
  `import { redis } from './otp.mjs';`,
  `const seen = new Map();`,
  `export async function pending(user) {`,
  `  if (!seen.has(user)) seen.set(user, await redis.hget(\`otp:\${user}\`, 'code'));`,
  `  return seen.get(user);`,
  `}`,
  `export async function settings(user) {`,
  `  if (!seen.has(user)) seen.set(user, await redis.hgetall(\`prefs:\${user}\`));`,
  `  return seen.get(user);`,
  `}`,
);
writeFileSync(file('otp-route.mjs'), otpRoute);

/** An iovalkey client with default-mode tracking, re-enabled on every connection. */
const tracked = (...body: string[]) =>
  lines(
    `import Valkey from 'iovalkey';`,
    `const redis = new Valkey();`,
    `redis.on('ready', () => redis.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', subscriberId));`,
    `const carts = new Map();`,
    ...body,
  );

runRuleTests('no-uncovered-cached-read: hash fields with TTLs', rule, {
  valid: [
    // Nobody gives the fields TTLs: a whole-key EXPIRE deletes the key, which invalidates.
    tracked(
      `export async function add(id, sku) {`,
      `  await redis.hset(\`cart:\${id}\`, sku, 1);`,
      `  await redis.expire(\`cart:\${id}\`, 3600);`,
      `}`,
      `export async function cart(id) { carts.set(id, await redis.hgetall(\`cart:\${id}\`)); }`,
    ),
    // HSETEX with no expiry option, and "EX" after FIELDS (a field name): no field TTL.
    tracked(
      `export async function add(id, sku) {`,
      `  await redis.call('HSETEX', \`cart:\${id}\`, 'FIELDS', 1, sku, 1);`,
      `  await redis.call('HSETEX', \`cart:\${id}\`, 'FXX', 'FIELDS', 1, 'EX', 'v');`,
      `}`,
      `export async function cart(id) { carts.set(id, await redis.hgetall(\`cart:\${id}\`)); }`,
    ),
    // HLEN counts a field until its deletion, which invalidates; a read of another key family is untouched.
    tracked(
      `export async function hold(id, sku) {`,
      `  await redis.hexpire(\`hold:\${id}\`, 900, 'FIELDS', 1, sku);`,
      `}`,
      `export async function count(id) { carts.set(id, await redis.hlen(\`hold:\${id}\`)); }`,
      `export async function cart(id) { carts.set(id, await redis.hgetall(\`cart:\${id}\`)); }`,
    ),
    // An expiry that comes from a value the module does not show is no field TTL the code states.
    tracked(
      `export async function add(id, sku, option) {`,
      `  await redis.call('HSETEX', \`cart:\${id}\`, option, 60, 'FIELDS', 1, sku, 1);`,
      `}`,
      `export async function cart(id) { carts.set(id, await redis.hgetall(\`cart:\${id}\`)); }`,
    ),
  ],
  invalid: [
    // A field's remaining time, kept: node-redis and glide write `FIELDS n` themselves, ioredis is given it.
    {
      code: lines(
        `import { createClient } from 'redis';`,
        `import { GlideClient } from '@valkey/valkey-glide';`,
        `import Redis from 'ioredis';`,
        `const nodeRedis = createClient();`,
        `const glide = await GlideClient.createClient({ addresses: [{ host: 'localhost' }] });`,
        `const ioredis = new Redis();`,
        `const left = new Map();`,
        `export class Holds {`,
        `  #ends = new Map();`,
        `  async hold(lobby) {`,
        `    if (!this.#ends.has(lobby)) {`,
        `      const [ms] = await glide.hpttl(\`lobby:\${lobby}\`, ['reservation']);`,
        `      this.#ends.set(lobby, ms);`,
        `    }`,
        `    return this.#ends.get(lobby);`,
        `  }`,
        `}`,
        `export async function seat(id, seats) { left.set(id, await nodeRedis.hTTL(\`hold:\${id}\`, seats)); }`,
        `export async function one(id) { left.set(id, await ioredis.httl(\`hold:\${id}\`, 'FIELDS', 1, 'seat')); }`,
      ),
      filename: file('holds.js'),
      errors: [
        { messageId: 'volatileReplyKept', line: 12, column: 26 },
        { messageId: 'volatileReplyKept', line: 18, column: 60 },
        { messageId: 'volatileReplyKept', line: 19, column: 52 },
      ],
    },
    // The session store: HSETEX ... EX in one method, HGETALL kept in a Map in another; user: hashes stay full.
    {
      code: sessionStore,
      filename: file('session-store.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 15 }],
    },
    // A key built with a template literal, the TTL given by HEXPIRE on the same prefix.
    {
      code: tracked(
        `export async function reserve(id, sku) {`,
        `  await redis.hset(\`cart:\${id}\`, sku, 1);`,
        `  await redis.hexpire(\`cart:\${id}\`, 900, 'FIELDS', 1, sku);`,
        `}`,
        `export async function cart(id) { carts.set(id, await redis.hgetall(\`cart:\${id}\`)); }`,
        `export async function item(id, sku) { carts.set(sku, await redis.hmget('cart:' + id, sku)); }`,
      ),
      errors: [
        { messageId: 'uncoveredRead', line: 9 },
        { messageId: 'uncoveredRead', line: 10 },
      ],
    },
    // A helper that takes the key: its callers' keys get the TTLs.
    {
      code: tracked(
        `async function expireField(key, field, seconds) {`,
        `  return redis.call('HPEXPIRE', key, seconds * 1000, 'FIELDS', 1, field);`,
        `}`,
        `export const lock = (id) => expireField(\`lock:\${id}\`, 'owner', 30);`,
        `export async function owner(id) { carts.set(id, await redis.hget(\`lock:\${id}\`, 'owner')); }`,
      ),
      errors: [{ messageId: 'uncoveredRead', line: 9 }],
    },
    // node-redis 5 with its own cache: `hSetEx` with an expiration option and `hExpire` give field TTLs;
    // `hSetEx` with only a condition (FNX) gives none.
    {
      code: lines(
        `import { createClient } from 'redis';`,
        `const client = createClient({ RESP: 3, clientSideCache: { ttl: 0, maxEntries: 1000 } });`,
        `export async function startSession(id, data) {`,
        `  await client.hSetEx(\`sess:\${id}\`, data, { expiration: { type: 'EX', value: 1800 } });`,
        `}`,
        `export const lockFor = (id) => client.hExpire(\`lock:\${id}\`, ['owner'], 30);`,
        `export const addToCart = (id, items) => client.hSetEx(\`cart:\${id}\`, items, { mode: 'FNX' });`,
        `export const session = (id) => client.hGetAll(\`sess:\${id}\`);`,
        `export const owner = (id) => client.hGet(\`lock:\${id}\`, 'owner');`,
        `export const cart = (id) => client.hGetAll(\`cart:\${id}\`);`,
      ),
      errors: [
        { messageId: 'uncoveredRead', line: 8 },
        { messageId: 'uncoveredRead', line: 9 },
      ],
    },
    // valkey-glide with a server-assisted cache: an expiry of a TimeUnit gives field TTLs, KEEPTTL none.
    {
      code: lines(
        `import { ClientSideCache, GlideClient, TimeUnit } from '@valkey/valkey-glide';`,
        `const client = await GlideClient.createClient({`,
        `  addresses: [{ host: 'localhost', port: 6379 }],`,
        `  clientSideCache: ClientSideCache.create(1024, 0, { serverAssisted: true }),`,
        `});`,
        `export async function openSession(id: string, data: Record<string, string>) {`,
        `  await client.hsetex(\`session:\${id}\`, data, { expiry: { type: TimeUnit.Seconds, count: 1800 } });`,
        `}`,
        `export const touch = (id: string) => client.hsetex(\`prefs:\${id}\`, { seen: '1' }, { expiry: 'KEEPTTL' });`,
        `export const session = (id: string) => client.hgetall(\`session:\${id}\`);`,
        `export const prefs = (id: string) => client.hgetall(\`prefs:\${id}\`);`,
      ),
      filename: file('glide-sessions.ts'),
      errors: [{ messageId: 'uncoveredRead', line: 10 }],
    },
    // The TTL is given in the imported helper module; prefs: hashes stay full.
    { code: otpRoute, filename: file('otp-route.mjs'), errors: [{ messageId: 'uncoveredRead', line: 4 }] },
  ],
});

const messages = suite('no-uncovered-cached-read: field-TTL messages');

const lint = (code: string, filename: string, settings: Record<string, unknown> = {}) =>
  new Linter({ configType: 'flat', cwd: directory }).verify(
    code,
    [
      { files: ['**/*.{ts,mjs}'], languageOptions: { parser: tsParser as Linter.Parser } },
      plugin.configs.recommended as Linter.Config,
      { settings: { 'valkey-track': settings } },
    ],
    filename,
  );

messages('the message names the write that gave the fields TTLs, and where', () => {
  const [session] = lint(sessionStore, file('session-store.ts'));
  assert.match(session!.message, 'fields carry TTLs');
  assert.match(session!.message, '`HSETEX` gives the fields of `session:…` TTLs (line 10)');
  const [otp] = lint(otpRoute, file('otp-route.mjs'));
  assert.match(otp!.message, '`HEXPIRE` gives the fields of `otp:…` TTLs (otp.mjs line 6)');
});

messages('a module the settings name counts as an imported one (the code audit sets it)', () => {
  writeFileSync(
    file('ttl-worker.mjs'),
    lines(
      `import Redis from 'ioredis';`,
      `const redis = new Redis();`,
      `export const sweep = (id) => redis.call('HEXPIRE', \`prefs:\${id}\`, 60, 'FIELDS', 1, 'theme');`,
    ),
  );
  assert.is(lint(otpRoute, file('otp-route.mjs')).length, 1);
  const found = lint(otpRoute, file('otp-route.mjs'), { hashFieldTtlModules: [file('ttl-worker.mjs')] });
  assert.equal(
    found.map((m) => m.line),
    [4, 8],
  );
  assert.match(found[1]!.message, '(ttl-worker.mjs line 3)');
});

messages.run();
