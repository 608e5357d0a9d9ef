import type { ClientLibraryModel } from './types.js';

/** `command_properties()` → `Properties::ReadOnlyCacheable` (redis/src/commands/mod.rs). */
// prettier-ignore
const readOnlyCacheable = [
  'bitcount', 'bitfield_ro', 'bitpos', 'dump', 'exists', 'geodist', 'geohash', 'geopos', 'get', 'getbit',
  'getrange', 'hexists', 'hget', 'hgetall', 'hkeys', 'hlen', 'hmget', 'hstrlen', 'hvals', 'json.arrindex',
  'json.arrlen', 'json.get', 'json.mget', 'json.objkeys', 'json.objlen', 'json.resp', 'json.strlen',
  'json.type', 'lcs', 'lindex', 'llen', 'lpos', 'lrange', 'mget', 'scard', 'sdiff', 'sinter', 'sintercard',
  'sismember', 'smembers', 'smismember', 'strlen', 'substr', 'sunion', 'type', 'zcard', 'zcount', 'zdiff',
  'zinter', 'zintercard', 'zlexcount', 'zmscore', 'zrange', 'zrangebylex', 'zrangebyscore', 'zrank',
  'zrevrange', 'zrevrangebylex', 'zrevrangebyscore', 'zrevrank', 'zscore', 'zunion',
];

/**
 * Before 1.0.0 the cache took the cluster-routing read-only list (`is_readonly_cmd`) and cached any single-word
 * entry called with at least one argument, argument 1 taken as the key. The two-word entries (`CONFIG GET`)
 * never matched, and entries with no argument (DBSIZE, TIME, RANDOMKEY...) never had one, so they are left out.
 */
// prettier-ignore
const readOnlyRouting = [
  'auth', 'bgsave', 'bitcount', 'bitfield_ro', 'bitpos', 'dump', 'echo', 'eval_ro', 'evalsha_ro', 'exists',
  'expiretime', 'fcall_ro', 'ft._aliaslist', 'ft._list', 'ft.aggregate', 'ft.explain', 'ft.explaincli',
  'ft.info', 'ft.profile', 'ft.search', 'geodist', 'geohash', 'geopos', 'georadius_ro', 'georadiusbymember_ro',
  'geosearch', 'get', 'getbit', 'getrange', 'hello', 'hexists', 'hget', 'hgetall', 'hkeys', 'hlen', 'hmget',
  'hrandfield', 'hscan', 'hstrlen', 'hvals', 'info', 'json.arrindex', 'json.arrlen', 'json.debug', 'json.get',
  'json.mget', 'json.objkeys', 'json.objlen', 'json.resp', 'json.strlen', 'json.type', 'keys', 'lcs', 'lindex',
  'llen', 'lolwut', 'lpos', 'lrange', 'mget', 'pexpiretime', 'pfcount', 'ping', 'pttl', 'publish', 'replicaof',
  'scan', 'scard', 'sdiff', 'select', 'shutdown', 'sinter', 'sintercard', 'sismember', 'smembers', 'smismember',
  'sort_ro', 'spublish', 'srandmember', 'sscan', 'ssubscribe', 'strlen', 'subscribe', 'substr', 'sunion',
  'sunsubscribe', 'touch', 'ttl', 'type', 'unsubscribe', 'xlen', 'xpending', 'xrange', 'xread', 'xrevrange',
  'zcard', 'zcount', 'zdiff', 'zinter', 'zintercard', 'zlexcount', 'zmscore', 'zrandmember', 'zrange',
  'zrangebylex', 'zrangebyscore', 'zrank', 'zrevrange', 'zrevrangebylex', 'zrevrangebyscore', 'zrevrank',
  'zscan', 'zscore', 'zunion',
];

const shared = {
  library: 'redis-rs',
  language: 'Rust',
  package: { registry: 'crates', name: 'redis' },
  decides: 'hand-list',
  tracking: {
    mode: 'default',
    how: 'CacheMode::All (the default) sends `CLIENT TRACKING ON`; CacheMode::OptIn sends `... ON OPTIN` and `CLIENT CACHING YES` before each cached command. RESP3 required.',
  },
  setup:
    'feature `cache-aio`, a `protocol=resp3` URL, AsyncConnectionConfig::new().set_cache_config(CacheConfig::new())',
} as const;

export const redisRsModels: ClientLibraryModel[] = [
  {
    ...shared,
    id: 'redis-rs',
    versions: '>=1.0.0 <=1.6.0',
    versionLabel: '1.0 – 1.6',
    decision: 'command_properties(): a hand-kept match of command names marked ReadOnlyCacheable.',
    cached: readOnlyCacheable,
    source: {
      repository: 'redis-rs/redis-rs',
      release: 'redis-1.6.0',
      commit: '20f68ee5a0e50a45c403ddb0d93dbe2838dd3aba',
      file: 'redis/src/commands/mod.rs (command_properties), redis/src/caching/cache_manager.rs',
      checkedBy: 'source',
    },
    notes: [
      "The local TTL is capped by the key's PTTL.",
      'Every cached command but MGET and JSON.MGET is stored under argument 1 only (handle_single_key_command): an SDIFF/SINTER/SUNION/LCS entry is not dropped when its second key changes, and a ZDIFF/ZINTER/ZUNION/SINTERCARD/ZINTERCARD entry is stored under its numkeys argument (read from the code, not measured).',
    ],
  },
  {
    ...shared,
    id: 'redis-rs-0.x',
    versions: '>=0.29.0 <1.0.0',
    versionLabel: '0.29 – 0.32',
    decision:
      'is_readonly_cmd(): the cluster-routing read-only list, first word only, for any call with at least one argument.',
    cached: readOnlyRouting,
    source: {
      repository: 'redis-rs/redis-rs',
      release: 'redis-0.32.7',
      commit: '193f51771e545e9ade61cf756b269511af5de046',
      file: 'redis/src/commands/mod.rs (is_readonly_cmd), redis/src/caching/cache_manager.rs (get_cached_cmd_inner)',
      checkedBy: 'source',
    },
    notes: [
      'KEYS with a pattern was cached and never invalidated: redis-rs/redis-rs#1884, fixed in 1.0.0 (#1885).',
      'The list holds writes and Pub/Sub (PUBLISH, SELECT, SHUTDOWN, SUBSCRIBE): by the code, a repeated call with the same arguments is answered from the cache and not sent.',
    ],
  },
];
