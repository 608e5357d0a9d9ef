import type { ClientLibraryModel } from './types.js';

/**
 * valkey-glide keeps whole values of three commands (`cacheable_cmd_type` in glide-core/redis-rs/redis/src/cmd.rs,
 * compiled into the native module). The installed package's BaseClient.d.ts names them; the integration suite
 * measures them on a live server through the cache's own lookup counter, typed methods and customCommand alike.
 */
// prettier-ignore
const cachedByGlide = ['get', 'hgetall', 'smembers'];

const shared = {
  language: 'Node.js',
  package: { registry: 'npm', name: '@valkey/valkey-glide' },
  decides: 'hand-list',
  decision: 'A fixed set of whole-value reads, keyed by key and value type; batches are never cached.',
  cached: cachedByGlide,
  source: {
    repository: 'valkey-io/valkey-glide',
    release: '@valkey/valkey-glide@2.5.2 (npm)',
    commit: '7d61630b076946608e2c87567905df6b33eba0d8',
    file: 'glide-core/redis-rs/redis/src/cmd.rs (cacheable_cmd_type); build-ts/BaseClient.d.ts, ClientSideCache.d.ts',
    checkedBy: 'installed-package',
  },
} as const;

export const valkeyGlideModels: ClientLibraryModel[] = [
  {
    ...shared,
    id: 'valkey-glide-ttl',
    library: 'valkey-glide',
    versions: '>=2.4.0',
    versionLabel: '2.4 and later, TTL only',
    tracking: {
      mode: 'off',
      how: "No CLIENT TRACKING at all: an entry lives until entryTtlMs runs out, whatever writes happen, the client's own included.",
    },
    setup: 'GlideClient.createClient({ clientSideCache: ClientSideCache.create(maxCacheKb, entryTtlMs) })',
    notes: [
      'The default in 2.4 and 2.5: without `serverAssisted: true` nothing invalidates a cached reply (valkey-glide#5720).',
    ],
  },
  {
    ...shared,
    id: 'valkey-glide-server-assisted',
    library: 'valkey-glide',
    versions: '>=2.5.0',
    versionLabel: '2.5 and later, serverAssisted',
    tracking: {
      mode: 'bcast',
      prefixes: [''],
      how: '`CLIENT TRACKING ON BCAST` with no prefix on every connection, again after a reconnect; RESP3 required.',
    },
    setup:
      'GlideClient.createClient({ protocol: ProtocolVersion.RESP3, clientSideCache: ClientSideCache.create(kb, ttl, { serverAssisted: true }) })',
    notes: [
      'BCAST with no prefix announces every write to every key, so the cache sees far more invalidations than it holds keys (valkey-glide#5962).',
      'No PTTL capping: a cached value of a key that expired is served until the server deletes the key (redis/redis#6833).',
    ],
  },
];
