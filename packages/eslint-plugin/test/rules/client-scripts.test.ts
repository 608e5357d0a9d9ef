import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';

// Scripts each library declares its own way, judged by what the script reads: node-redis `createClient({
// scripts: { name: defineScript({ SCRIPT, NUMBER_OF_KEYS, parseCommand }) } })` called as `client.name(...)`,
// and valkey-glide `invokeScript(new Script(lua), { keys, args })`.
const lines = (...source: string[]) => source.join('\n');

// A module of the project's glide scripts, imported by the service below.
const directory = mkdtempSync(join(tmpdir(), 'vt-client-scripts-'));
writeFileSync(join(directory, 'package.json'), JSON.stringify({ name: 'scripts-app', private: true }));
writeFileSync(
  join(directory, 'lua.ts'),
  lines(
    `import { Script } from '@valkey/valkey-glide';`,
    `const SAMPLE_LUA = "return redis.call('ZRANDMEMBER', KEYS[1], ARGV[1])";`,
    `export const sampleFeatured = new Script(SAMPLE_LUA);`,
    `export const readProfile = new Script("return redis.call('HGETALL', KEYS[1])");`,
  ),
);
// A node-redis client made with its scripts in one module, re-exported by a barrel; an iovalkey client with a
// `defineCommand` in another.
writeFileSync(
  join(directory, 'client.ts'),
  lines(
    `import { createClient, defineScript } from 'redis';`,
    `const MARKUP = "local c = tonumber(redis.call('HGET', KEYS[1], 'cents')) return c * tonumber(redis.call('GET', 'pricing:markup'))";`,
    `const scripts = {`,
    `  listPrice: defineScript({ SCRIPT: "return redis.call('HGET', KEYS[1], 'cents')", NUMBER_OF_KEYS: 1, parseCommand(parser, key: string) { parser.pushKey(key); } }),`,
    `  priceWithMarkup: defineScript({ SCRIPT: MARKUP, NUMBER_OF_KEYS: 1, parseCommand(parser, key: string) { parser.pushKey(key); } }),`,
    `};`,
    `export const redis = createClient({ RESP: 3, scripts });`,
    `redis.on('ready', () => redis.sendCommand(['CLIENT', 'TRACKING', 'ON']));`,
  ),
);
writeFileSync(join(directory, 'index.ts'), `export * from './client';\n`);
writeFileSync(
  join(directory, 'valkey.js'),
  lines(
    `const Valkey = require('iovalkey');`,
    `const valkey = new Valkey();`,
    `valkey.defineCommand('leaseLeft', { numberOfKeys: 1, lua: "return redis.call('PTTL', KEYS[1])" });`,
    `valkey.defineCommand('owner', { numberOfKeys: 1, lua: "return redis.call('GET', KEYS[1])" });`,
    `valkey.on('ready', () => valkey.client('TRACKING', 'ON', 'REDIRECT', process.env.SUB_ID));`,
    `module.exports = { valkey };`,
  ),
);

runRuleTests('no-uncovered-cached-read: node-redis and valkey-glide scripts', rule, {
  valid: [
    // A script that reads only the key it declares, with a full command, on a tracking client: covered.
    {
      code: lines(
        `import { createClient, defineScript } from 'redis';`,
        `const readBalance = defineScript({`,
        `  NUMBER_OF_KEYS: 1,`,
        `  SCRIPT: "return redis.call('HGET', KEYS[1], 'balance')",`,
        `  parseCommand(parser, account: string) { parser.pushKey(\`account:\${account}\`); },`,
        `  transformReply: (reply) => reply,`,
        `});`,
        `export const wallet = createClient({ RESP: 3, clientSideCache: { ttl: 0 }, scripts: { readBalance } });`,
        `const balances = new Map<string, unknown>();`,
        `export async function balance(account: string) {`,
        `  balances.set(account, await wallet.readBalance(account));`,
        `  return balances.get(account);`,
        `}`,
      ),
    },
    // The same with glide, its script held by the module and its keys in a variable.
    {
      code: lines(
        `import { GlideClient, ClientSideCache, Script } from '@valkey/valkey-glide';`,
        `const cache = new ClientSideCache({ maxCacheKb: 1024, serverAssisted: true } as any);`,
        `const client = await GlideClient.createClient({ addresses: [{ host: 'localhost' }], clientSideCache: cache } as any);`,
        `const READ_PLAN = new Script("return redis.call('GET', KEYS[1])");`,
        `const plans = new Map<string, unknown>();`,
        `export async function plan(tenant: string) {`,
        `  const options = { keys: [\`plan:\${tenant}\`] };`,
        `  plans.set(tenant, await client.invokeScript(READ_PLAN, options));`,
        `}`,
      ),
    },
  ],
  invalid: [
    // Script methods of imported clients: the markup script reads a key it does not declare, the lease script's
    // PTTL changes with no write; the list price and the owner read only their declared keys.
    {
      code: lines(
        `import { redis } from './index';`,
        `import { valkey } from './valkey.js';`,
        `const prices = new Map<string, unknown>();`,
        `export async function listPrice(id: string) { prices.set(id, await redis.listPrice(\`product:\${id}\`)); }`,
        `export async function marketPrice(id: string) { prices.set(id, await redis.priceWithMarkup(\`product:\${id}\`)); }`,
        `export async function leaseLeft(id: string) { prices.set(id, await valkey.leaseLeft(\`lease:\${id}\`)); }`,
        `export async function owner(id: string) { prices.set(id, await valkey.owner(\`lease:\${id}\`)); }`,
      ),
      filename: join(directory, 'prices.ts'),
      errors: [
        { messageId: 'uncoveredRead', line: 5 },
        { messageId: 'volatileReplyKept', line: 6 },
      ],
    },
    // A rate limiter's peek: node-redis 5 scripts given to the client by name; the remaining window (PTTL) kept.
    {
      code: lines(
        `import { createClient, defineScript } from 'redis';`,
        `const scripts = {`,
        `  peekWindow: defineScript({`,
        `    NUMBER_OF_KEYS: 1,`,
        `    SCRIPT: "return { redis.call('GET', KEYS[1]), redis.call('PTTL', KEYS[1]) }",`,
        `    parseCommand(parser, key: string) { parser.pushKey(key); },`,
        `    transformReply: (reply: unknown) => reply as [string | null, number],`,
        `  }),`,
        `};`,
        `const limiter = createClient({ url: process.env.LIMITER_URL, RESP: 3, clientSideCache: { ttl: 5_000 }, scripts });`,
        `export class RateLimiter {`,
        `  private readonly windows = new Map<string, [string | null, number]>();`,
        `  async peek(subject: string) {`,
        `    const window = await limiter.peekWindow(\`rl:\${subject}\`);`,
        `    this.windows.set(subject, window);`,
        `    return window;`,
        `  }`,
        `}`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 14 }],
    },
    // A glide service whose script samples members at random: stale whatever tracking does, kept in a field.
    {
      code: lines(
        `import { GlideClient, ClientSideCache, Script } from '@valkey/valkey-glide';`,
        `const LIST_SESSIONS = new Script("return redis.call('SRANDMEMBER', KEYS[1], ARGV[1])");`,
        `export class SessionDirectory {`,
        `  private known: unknown;`,
        `  constructor(private readonly client: GlideClient) {}`,
        `  static async connect() {`,
        `    const clientSideCache = new ClientSideCache({ maxCacheKb: 512, serverAssisted: true } as any);`,
        `    return new SessionDirectory(await GlideClient.createClient({ addresses: [{ host: 'sessions' }], clientSideCache } as any));`,
        `  }`,
        `  async refresh() {`,
        `    this.known = await this.client.invokeScript(LIST_SESSIONS, { keys: ['sessions:online'], args: ['20'] });`,
        `    return this.known;`,
        `  }`,
        `}`,
      ),
      errors: [{ messageId: 'volatileReplyKept', line: 11 }],
    },
    // Scripts of another module: the random sample kept, the hash of one declared key (BCAST) not.
    {
      code: lines(
        `import type { GlideClient } from '@valkey/valkey-glide';`,
        `import { readProfile, sampleFeatured } from './lua';`,
        `const featured = new Map<string, unknown>();`,
        `const profiles = new Map<string, unknown>();`,
        `export async function refreshFeatured(client: GlideClient, shelf: string) {`,
        `  featured.set(shelf, await client.invokeScript(sampleFeatured, { keys: [\`shelf:\${shelf}\`], args: ['4'] }));`,
        `  profiles.set(shelf, await client.invokeScript(readProfile, { keys: [\`profile:\${shelf}\`] }));`,
        `}`,
      ),
      filename: join(directory, 'featured.ts'),
      errors: [{ messageId: 'volatileReplyKept', line: 6 }],
    },
  ],
});
