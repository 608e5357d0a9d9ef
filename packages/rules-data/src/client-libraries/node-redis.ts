import type { ClientLibraryModel } from './types.js';

// The test/client-libraries-npm.test.ts suite derives every list below from the installed npm packages (the
// command files' CACHEABLE flags, or the package's own isCacheable() on its own table), so a release that
// changes one fails it.

/** The command definitions that carry `CACHEABLE: true` (packages/client/lib/commands/*.ts), as wire commands. */
// prettier-ignore
const cacheableFlags = [
  'bitcount', 'bitfield_ro', 'bitpos', 'exists', 'geodist', 'geohash', 'geopos', 'georadiusbymember_ro',
  'georadius_ro', 'get', 'getbit', 'getrange', 'hexists', 'hget', 'hgetall', 'hkeys', 'hlen', 'hmget', 'hstrlen',
  'hvals', 'lindex', 'llen', 'lpos', 'lrange', 'mget', 'scard', 'sdiff', 'sinter', 'sismember', 'smembers',
  'smismember', 'strlen', 'sunion', 'type', 'xlen', 'xpending', 'xrange', 'xrevrange', 'zcard', 'zcount',
  'zlexcount', 'zmscore', 'zrange', 'zrangebylex', 'zrangebyscore', 'zrank', 'zrevrank', 'zscore',
];

/**
 * What node-redis 6.3 caches: every command it has a definition for (client and the bloom, json, search and
 * time-series modules) that its isCacheable() accepts on its bundled table. `sendCommand` never caches, so
 * eligible commands without a definition (CF.COMPACT, SUBSTR, VISMEMBER, ZREVRANGE...) are not cached.
 */
// prettier-ignore
const metadataRule63 = [
  'arcount', 'arget', 'argetrange', 'argrep', 'arinfo', 'arlastitems', 'arlen', 'armget', 'arnext', 'arop',
  'arscan', 'bf.card', 'bf.exists', 'bf.mexists', 'bitcount', 'bitfield_ro', 'bitpos', 'cf.count', 'cf.exists',
  'cf.mexists', 'cms.query', 'digest', 'exists', 'expiretime', 'ft.sugget', 'ft.suglen', 'geodist', 'geohash',
  'geopos', 'georadiusbymember_ro', 'georadius_ro', 'geosearch', 'get', 'getbit', 'getrange', 'hexists',
  'hexpiretime', 'hget', 'hgetall', 'hkeys', 'hlen', 'hmget', 'hpexpiretime', 'hstrlen', 'hvals',
  'json.arrindex', 'json.arrlen', 'json.get', 'json.mget', 'json.objkeys', 'json.objlen', 'json.strlen',
  'json.type', 'lcs', 'lindex', 'llen', 'lpos', 'lrange', 'memory|usage', 'mget', 'pexpiretime', 'pfcount',
  'scard', 'sdiff', 'sdiffcard', 'sinter', 'sintercard', 'sismember', 'smembers', 'smismember', 'sort_ro',
  'strlen', 'sunion', 'sunioncard', 'tdigest.byrank', 'tdigest.byrevrank', 'tdigest.cdf', 'tdigest.max',
  'tdigest.min', 'tdigest.quantile', 'tdigest.rank', 'tdigest.revrank', 'tdigest.trimmed_mean', 'topk.count',
  'topk.info', 'topk.list', 'topk.query', 'ts.get', 'ts.nrange', 'ts.nrevrange', 'ts.range', 'ts.revrange',
  'type', 'vcard', 'vdim', 'vemb', 'vgetattr', 'vinfo', 'vlinks', 'vrange', 'vsim', 'xinfo|groups',
  'xinfo|stream', 'xlen', 'xrange', 'xrevrange', 'zcard', 'zcount', 'zdiff', 'zinter', 'zintercard',
  'zlexcount', 'zmscore', 'zrange', 'zrangebylex', 'zrangebyscore', 'zrank', 'zrevrank', 'zscore', 'zunion',
];

/**
 * What node-redis 6.4 caches at most (the tracking mode and the application's marks choose among them): the
 * same derivation on its newer table and definitions. BITRANGEINTARRAY, SEXPIRETIME and SPEXPIRETIME are new;
 * MEMORY USAGE, SORT_RO, XINFO GROUPS and XINFO STREAM now set `CACHEABLE: false`.
 */
// prettier-ignore
const metadataRule64 = [
  'arcount', 'arget', 'argetrange', 'argrep', 'arinfo', 'arlastitems', 'arlen', 'armget', 'arnext', 'arop',
  'arscan', 'bf.card', 'bf.exists', 'bf.mexists', 'bitcount', 'bitfield_ro', 'bitpos', 'bitrangeintarray',
  'cf.count', 'cf.exists', 'cf.mexists', 'cms.query', 'digest', 'exists', 'expiretime', 'ft.sugget',
  'ft.suglen', 'geodist', 'geohash', 'geopos', 'georadiusbymember_ro', 'georadius_ro', 'geosearch', 'get',
  'getbit', 'getrange', 'hexists', 'hexpiretime', 'hget', 'hgetall', 'hkeys', 'hlen', 'hmget', 'hpexpiretime',
  'hstrlen', 'hvals', 'json.arrindex', 'json.arrlen', 'json.get', 'json.mget', 'json.objkeys', 'json.objlen',
  'json.strlen', 'json.type', 'lcs', 'lindex', 'llen', 'lpos', 'lrange', 'mget', 'pexpiretime', 'pfcount',
  'scard', 'sdiff', 'sdiffcard', 'sexpiretime', 'sinter', 'sintercard', 'sismember', 'smembers', 'smismember',
  'spexpiretime', 'strlen', 'sunion', 'sunioncard', 'tdigest.byrank', 'tdigest.byrevrank', 'tdigest.cdf',
  'tdigest.max', 'tdigest.min', 'tdigest.quantile', 'tdigest.rank', 'tdigest.revrank', 'tdigest.trimmed_mean',
  'topk.count', 'topk.info', 'topk.list', 'topk.query', 'ts.get', 'ts.nrange', 'ts.nrevrange', 'ts.range',
  'ts.revrange', 'type', 'vcard', 'vdim', 'vemb', 'vgetattr', 'vinfo', 'vlinks', 'vrange', 'vsim', 'xlen',
  'xrange', 'xrevrange', 'zcard', 'zcount', 'zdiff', 'zinter', 'zintercard', 'zlexcount', 'zmscore', 'zrange',
  'zrangebylex', 'zrangebyscore', 'zrank', 'zrevrank', 'zscore', 'zunion',
];

const shared = {
  language: 'Node.js',
  package: { registry: 'npm', name: 'redis', alsoPublishedAs: ['@redis/client'] },
  tracking: {
    mode: 'default',
    how: '`CLIENT TRACKING ON` in the connection handshake (trackingOn() in lib/client/cache.ts); RESP3 required.',
  },
  setup:
    'createClient({ RESP: 3, clientSideCache: { ttl, maxEntries } }), also createClientPool, createCluster and createSentinel.',
} as const;

/** Which protocol a client speaks when its options do not say (`DEFAULT_RESP` in lib/RESP/types.ts). */
const resp3ByDefault =
  'From 6.0 the client speaks RESP3 unless its options say `RESP: 2` (`DEFAULT_RESP = 3` in lib/RESP/types.js), so a `subscribe(\'__redis__:invalidate\', listener)` REDIRECT target hears nothing: the pushes go only to its cache or `invalidate` events (measured: cli/test/integration/resp3-delivery.test.ts); 5.x needs `RESP: 3` for its cache, or createClient throws "Client Side Caching is only supported with RESP3".';

const commonNotes = [
  'Only calls through a command method are cached: `sendCommand` never is, nor a call with a non-default typeMapping.',
  'No PTTL capping: a cached value of a key that expired is served until the server deletes the key and invalidates (redis/redis#6833).',
];

export const nodeRedisModels: ClientLibraryModel[] = [
  {
    ...shared,
    id: 'node-redis-5',
    library: 'node-redis',
    versions: '>=5.1.0 <6.2.0',
    versionLabel: '5.1 – 6.1',
    decides: 'hand-list',
    decision: 'A command is cached when its command definition sets `CACHEABLE: true`.',
    cached: cacheableFlags,
    source: {
      repository: 'redis/node-redis',
      release: 'redis@5.12.1 (npm), same list in 5.1.0, 6.0.0 and 6.1.0',
      file: '@redis/client/dist/lib/commands/*.js (CACHEABLE), lib/client/index.js (_executeCommand)',
      checkedBy: 'installed-package',
    },
    notes: [
      ...commonNotes,
      resp3ByDefault,
      'Client-side caching arrived in 5.1.0 (redis/node-redis#2947); 5.0 and 4.x have none.',
    ],
  },
  {
    ...shared,
    id: 'node-redis-6.2',
    library: 'node-redis',
    versions: '>=6.2.0 <6.3.0',
    versionLabel: '6.2',
    decides: 'metadata-rule',
    decision:
      "isCacheable(): the definition's CACHEABLE wins if set; otherwise readonly, at least one key, no `dont_cache` or `nondeterministic_output` tip, not `script_runner`, not `blocking` — on the table bundled in the package, not on the server's metadata.",
    // 6.3.0 added a CF.MEXISTS definition; the table already held it.
    cached: metadataRule63.filter((name) => name !== 'cf.mexists'),
    rule: {
      table: 'bundled',
      overrides: { touch: false, vrandmember: false },
      tableSource:
        'lib/command-metadata/command-metadata-data.ts, generated from a Redis 8.9 development build (redis/node-redis#2996)',
    },
    source: {
      repository: 'redis/node-redis',
      release: 'redis@6.2.1 (npm)',
      file: '@redis/client/dist/lib/command-metadata/{predicates,command-metadata-data}.js, lib/commands/*.js',
      checkedBy: 'installed-package',
    },
    notes: [
      ...commonNotes,
      resp3ByDefault,
      "The table is the same on every server: a server whose metadata differs (Valkey, older Redis) is judged by Redis 8.9's metadata.",
    ],
  },
  {
    ...shared,
    id: 'node-redis-6.3',
    library: 'node-redis',
    versions: '>=6.3.0 <6.4.0',
    versionLabel: '6.3',
    decides: 'metadata-rule',
    decision:
      'isCacheable() as in 6.2, on the table bundled in the package; 6.3 adds a CF.MEXISTS definition, so it is cached too.',
    cached: metadataRule63,
    rule: {
      table: 'bundled',
      overrides: { touch: false, vrandmember: false },
      tableSource: 'lib/command-metadata/command-metadata-data.ts (redis/node-redis#2996)',
    },
    source: {
      repository: 'redis/node-redis',
      release: 'redis@6.3.1 (npm)',
      file: '@redis/client/dist/lib/command-metadata/{predicates,command-metadata-data}.js, lib/commands/*.js',
      checkedBy: 'installed-package',
    },
    notes: [
      ...commonNotes,
      resp3ByDefault,
      'The table is the same on every server: a server whose metadata differs (Valkey, older Redis) is judged by the bundled metadata.',
    ],
  },
  {
    ...shared,
    id: 'node-redis-6.4',
    library: 'node-redis',
    versions: '>=6.4.0',
    versionLabel: '6.4 and later',
    decides: 'metadata-rule',
    decision:
      "isCacheable() as in 6.2, on the newer table bundled in 6.4, with MEMORY USAGE, SORT_RO and XINFO GROUPS/STREAM now refused by their definitions (`CACHEABLE: false`); of those eligible reads, `clientSideCache.trackingMode` 'plain' (default) and 'optout' cache each one unless it is marked `cache: false` or the `cacheable(command, keys)` predicate refuses it, 'optin' only those marked `cache: true` or accepted by the predicate.",
    cached: metadataRule64,
    rule: {
      table: 'bundled',
      overrides: {
        touch: false,
        vrandmember: false,
        'memory|usage': false,
        sort_ro: false,
        'xinfo|groups': false,
        'xinfo|stream': false,
      },
      tableSource:
        'lib/command-metadata/command-metadata-data.ts, updated in 6.4: BITRANGEINTARRAY, BZMOVE, SADDEX, ZMOVE, ZMOVEMEMBER and the set-member expiry commands (SEXPIRE, SEXPIREAT, SEXPIRETIME, SPERSIST, SPEXPIRE, SPEXPIREAT, SPEXPIRETIME, SPTTL, STTL) are new',
    },
    tracking: {
      mode: 'default',
      modes: ['default', 'optin', 'optout'],
      how: "`CLIENT TRACKING ON` in the connection handshake, `... ON OPTIN` or `... ON OPTOUT` with `clientSideCache.trackingMode` 'optin' or 'optout' (trackingOn() in lib/client/cache.js); under OPTIN each read it caches is sent after `CLIENT CACHING YES`, under OPTOUT each trackable read it does not cache after `CLIENT CACHING NO` (#sendWithCaching in lib/client/index.js); RESP3 required.",
    },
    setup:
      "createClient({ RESP: 3, clientSideCache: { ttl, maxEntries, trackingMode: 'plain' | 'optin' | 'optout', cacheable: (command, keys) => boolean, strict } }), also createClientPool, createCluster and createSentinel; per call, client.withCommandOptions({ cache: true | false }) (lib/client/cache.d.ts, lib/client/commands-queue.d.ts).",
    source: {
      repository: 'redis/node-redis',
      release: 'redis@6.4.0 (npm)',
      file: '@redis/client/dist/lib/command-metadata/{predicates,command-metadata-data}.js, lib/commands/*.js, lib/client/{cache,index}.js',
      checkedBy: 'installed-package',
    },
    notes: [
      ...commonNotes,
      resp3ByDefault,
      'The table is the same on every server: a server whose metadata differs (Valkey, older Redis) is judged by the bundled metadata.',
      "The list is every read the cache may keep; which of them it keeps is the application's choice: a call's `cache` mark wins, then the `cacheable` predicate, then the mode ('optin' caches nothing unmarked). A mark never makes an ineligible command cached (resolveCacheIntent() in lib/client/cache.js, _executeCommand in lib/client/index.js).",
      "'optin': a read whose `CLIENT CACHING YES` fails is returned but not stored (handleCache() in lib/client/cache.js). 'optout': every trackable read it does not cache (readonly with keys, isTrackable() in lib/command-metadata/predicates.js: XPENDING and TOUCH too) goes after `CLIENT CACHING NO`; a `sendCommand` read does not, so the server tracks it for nothing (lib/client/index.js).",
      'A `cache: true` mark on an ineligible command stores nothing and logs a warning; with `strict: true` (experimental) it rejects with ClientSideCacheMarkError before anything is sent (_executeCommand in lib/client/index.js, lib/errors.js).',
      "While a cache is on, the client refuses a `CLIENT TRACKING` or `CLIENT CACHING` sent by the application (sendCommand, MULTI, pipeline) with ClientSideCacheCommandError: it owns the connection's tracking (cscManagedCommand() in lib/client/index.js).",
      "SELECT of another database (select(), or inside MULTI or a pipeline) and RESET empty the whole cache: cache keys and invalidations carry no database, and 6.3 kept serving the previous database's entries (#setSelectedDB in lib/client/index.js).",
      'A read-only script (EVALSHA_RO) the server does not know is sent again as EVAL_RO, no longer EVAL; scripts go through `sendCommand`, so their replies are never cached (_executeScript in lib/client/index.js).',
    ],
  },
];
