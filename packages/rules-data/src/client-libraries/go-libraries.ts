import type { ClientLibraryModel } from './types.js';

/** rueidis' code generator gives a `.Cache()` builder only to these commands (hack/cmds/gen.go, cacheableCMDs). */
// prettier-ignore
const cacheableCMDs = [
  'ai.modelexecute', 'ai.modelget', 'ai.scriptget', 'ai.tensorget', 'bf.exists', 'bf.info', 'bitcount',
  'bitfield_ro', 'bitpos', 'cf.count', 'cf.exists', 'cf.info', 'cms.info', 'cms.query', 'eval_ro',
  'evalsha_ro', 'expiretime', 'fcall_ro', 'geodist', 'geohash', 'geopos', 'georadius_ro',
  'georadiusbymember_ro', 'geosearch', 'get', 'getbit', 'getrange', 'graph.ro_query', 'hexists', 'hget',
  'hgetall', 'hkeys', 'hlen', 'hmget', 'hstrlen', 'hvals', 'json.arrindex', 'json.arrlen', 'json.get',
  'json.mget', 'json.objkeys', 'json.objlen', 'json.resp', 'json.strlen', 'json.type', 'lindex', 'llen',
  'lpos', 'lrange', 'mget', 'pexpiretime', 'pttl', 'scard', 'sismember', 'smembers', 'smismember', 'sort_ro',
  'strlen', 'topk.info', 'topk.list', 'topk.query', 'ttl', 'type', 'zcard', 'zcount', 'zlexcount', 'zmscore',
  'zrange', 'zrangebylex', 'zrangebyscore', 'zrank', 'zrevrange', 'zrevrangebylex', 'zrevrangebyscore',
  'zrevrank', 'zscore',
];

const shared = {
  language: 'Go',
  versions: '>=1.0.0 <=1.0.76',
  versionLabel: '1.0.x (1.0.76)',
  decides: 'hand-list',
  decision:
    'Only commands whose builder has `.Cache()` can go to DoCache/DoMultiCache; each cached call is opted in by the application.',
  cached: cacheableCMDs,
  tracking: {
    mode: 'optin',
    how: '`CLIENT TRACKING ON OPTIN` in the handshake, then `CLIENT CACHING YES`, MULTI, PTTL, the read, EXEC on a miss; ClientTrackingOptions can ask for BCAST or OPTOUT.',
  },
} as const;

const rueidisNotes = [
  "The local TTL is capped by the key's PTTL, so an expiring key is not served past its expiry.",
  'EVAL_RO, EVALSHA_RO and FCALL_RO are cacheable with exactly one key; `rueidis.Cacheable(cmd)` casts any command into the cache.',
  "An invalidation can arrive after the reply to the client's own write (redis/rueidis#534).",
];

export const goLibraryModels: ClientLibraryModel[] = [
  {
    ...shared,
    id: 'rueidis',
    library: 'rueidis',
    package: { registry: 'go', name: 'github.com/redis/rueidis' },
    setup:
      'client.DoCache(ctx, client.B().Get().Key("k").Cache(), ttl); on by default unless ClientOption.DisableCache',
    source: {
      repository: 'redis/rueidis',
      release: 'v1.0.76',
      commit: '3034020c0b7c88c34a1828162fb08788466a470e',
      file: 'hack/cmds/gen.go (cacheableCMDs), pipe.go (CLIENT TRACKING ON OPTIN)',
      checkedBy: 'source',
    },
    notes: rueidisNotes,
  },
  {
    ...shared,
    id: 'valkey-go',
    library: 'valkey-go',
    package: { registry: 'go', name: 'github.com/valkey-io/valkey-go' },
    setup:
      'client.DoCache(ctx, client.B().Get().Key("k").Cache(), ttl); on by default unless ClientOption.DisableCache',
    source: {
      repository: 'valkey-io/valkey-go',
      release: 'v1.0.76',
      commit: '3aecd77e69c07af57fc099d4ac315e3420fd6eb8',
      file: 'hack/cmds/gen.go (cacheableCMDs, the same 76 as rueidis), pipe.go',
      checkedBy: 'source',
    },
    notes: rueidisNotes,
  },
];
