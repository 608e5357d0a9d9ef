import rule from '../../src/rules/no-uncovered-cached-read.js';
import { runRuleTests } from '../rule-tester.js';
import { tempProject } from '../temp-project.js';

// Client options kept in a config module, beside host names and ports: the client-side cache the options hold
// is read as that module's constants (a cache construction among them), in the module that creates the client.
const lines = (...source: string[]) => source.join('\n');
const { file, write } = tempProject('vt-config-module-caches-');
write(
  'package.json',
  JSON.stringify({ name: 'telemetry', private: true, dependencies: { redis: '^6.3.0' } }),
);
write(
  'src/config/reference.js',
  `import { ClientSideCache, EvictionPolicy } from '@valkey/valkey-glide';`,
  `export const REFERENCE_TTL_MS = 6 * 60 * 60 * 1000;`,
  `export const referenceCache = ClientSideCache.create(2048, REFERENCE_TTL_MS, { evictionPolicy: EvictionPolicy.LFU });`,
  `export const REFERENCE_OPTIONS = { addresses: [{ host: 'localhost', port: 6379 }], clientSideCache: referenceCache };`,
  `export const FLAGS_OPTIONS = { url: process.env.REDIS_URL, RESP: 3, emitInvalidate: true };`,
);
write(
  'src/config.js',
  `import { ClientSideCache } from '@valkey/valkey-glide';`,
  `import { BasicClientSideCache } from 'redis';`,
  `const env = process.env;`,
  `export const config = {`,
  `  redis: { url: env.REDIS_URL, RESP: 3, clientSideCache: { ttl: 0, maxEntries: 5000 } },`,
  `  sessions: { url: env.SESSIONS_URL, RESP: 3, clientSideCache: new BasicClientSideCache({ trackingMode: 'optin' }) },`,
  `  plain: { url: env.REDIS_URL },`,
  `  registry: {`,
  `    addresses: [{ host: env.REGISTRY_HOST, port: 6379 }],`,
  `    clientSideCache: ClientSideCache.create(2048, 30000, { enableMetrics: true }),`,
  `  },`,
  `  telemetry: {`,
  `    addresses: [{ host: env.TELEMETRY_HOST, port: 7000 }],`,
  `    clientSideCache: new ClientSideCache({ maxCacheKb: 4096, entryTtlMs: 0, serverAssisted: true }),`,
  `  },`,
  `};`,
);

runRuleTests('no-uncovered-cached-read: caches in a config module', rule, {
  valid: [
    // Options with no cache: the application keeps nothing either.
    {
      code: lines(
        `import { createClient } from 'redis';`,
        `import { config } from './config.js';`,
        `const client = createClient(config.plain);`,
        `export const ranked = (list) => client.sortRo(list, { BY: 'weight_*' });`,
      ),
      filename: file('src/plain.js'),
    },
    // glide's cache with server assistance: what it keeps is invalidated.
    {
      code: lines(
        `import { GlideClient } from '@valkey/valkey-glide';`,
        `import { config } from './config.js';`,
        `const telemetry = await GlideClient.createClient(config.telemetry);`,
        `export const device = (id) => telemetry.hgetall(\`device:\${id}\`);`,
      ),
      filename: file('src/telemetry.js'),
    },
  ],
  invalid: [
    // node-redis 6.3 keeps SORT_RO ... BY when its options, from the config module, hold `clientSideCache`.
    {
      code: lines(
        `import { createClient } from 'redis';`,
        `import { config } from './config.js';`,
        `const client = createClient(config.redis);`,
        `export const ranked = (list) => client.sortRo(list, { BY: 'weight_*' });`,
      ),
      filename: file('src/ranked.js'),
      errors: [{ messageId: 'uncoveredRead', line: 4 }],
    },
    // glide's cache without server assistance, made in the config module: reported where the client is made.
    {
      code: lines(
        `import { GlideClient } from '@valkey/valkey-glide';`,
        `import { config } from './config.js';`,
        `export const registry = await GlideClient.createClient(config.registry);`,
        `export const devices = () => registry.smembers('devices:active');`,
      ),
      filename: file('src/registry.js'),
      errors: [
        {
          messageId: 'cacheWithoutInvalidation',
          line: 3,
          data: { ttl: '30000 ms' },
        },
      ],
    },
    // The cache made in a `const` of the config module, its TTL a constant expression there.
    {
      code: lines(
        `import { GlideClient } from '@valkey/valkey-glide';`,
        `import { REFERENCE_OPTIONS } from './config/reference.js';`,
        `export const reference = await GlideClient.createClient(REFERENCE_OPTIONS);`,
      ),
      filename: file('src/reference.js'),
      errors: [{ messageId: 'cacheWithoutInvalidation', line: 3, data: { ttl: '21600000 ms' } }],
    },
    // `emitInvalidate: true` in the config module's options: the client tracks, so a kept KEYS is not covered.
    {
      code: lines(
        `import { createClient } from 'redis';`,
        `import { FLAGS_OPTIONS } from './config/reference.js';`,
        `const flags = createClient(FLAGS_OPTIONS);`,
        `let names;`,
        `export async function flagNames() {`,
        `  names ??= await flags.keys('flag:*');`,
        `  return names;`,
        `}`,
      ),
      filename: file('src/flags.js'),
      errors: [{ messageId: 'uncoveredRead', line: 6 }],
    },
    // node-redis 6.4's OPTIN cache made in the config module: the copy the application keeps goes untracked.
    {
      code: lines(
        `import { createClient } from 'redis';`,
        `import { config } from './config.js';`,
        `const sessions = createClient(config.sessions);`,
        `const seen = new Map();`,
        `export async function session(id) {`,
        `  if (!seen.has(id)) seen.set(id, await sessions.get(\`session:\${id}\`));`,
        `  return seen.get(id);`,
        `}`,
      ),
      filename: file('src/sessions.js'),
      settings: { 'valkey-track': { nodeRedisVersion: '6.4' } },
      errors: [{ messageId: 'nodeRedisOptInUnmarked', line: 6 }],
    },
  ],
});
