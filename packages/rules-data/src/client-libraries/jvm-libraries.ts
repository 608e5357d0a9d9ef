import type { ClientLibraryModel } from './types.js';

// Lists read in the tagged sources (the search tool's snapshots of the repositories), facts only.

// prettier-ignore
const jedisDefaultCacheable = [
  'bitcount', 'bitfield_ro', 'bitpos', 'exists', 'geodist', 'geohash', 'geopos', 'georadius_ro',
  'georadiusbymember_ro', 'geosearch', 'get', 'getbit', 'getrange', 'hexists', 'hget', 'hgetall', 'hkeys',
  'hlen', 'hmget', 'hstrlen', 'hvals', 'json.arrindex', 'json.arrlen', 'json.get', 'json.mget', 'json.objkeys',
  'json.objlen', 'json.strlen', 'json.type', 'lcs', 'lindex', 'llen', 'lpos', 'lrange', 'mget', 'scard',
  'sdiff', 'sinter', 'sismember', 'smembers', 'smismember', 'strlen', 'substr', 'sunion', 'ts.get', 'ts.info',
  'ts.range', 'ts.revrange', 'type', 'xlen', 'xpending', 'xrange', 'xrevrange', 'zcard', 'zcount', 'zlexcount',
  'zmscore', 'zrange', 'zrangebylex', 'zrangebyscore', 'zrank', 'zrevrange', 'zrevrangebylex',
  'zrevrangebyscore', 'zrevrank', 'zscore',
];

export const jvmLibraryModels: ClientLibraryModel[] = [
  {
    id: 'jedis',
    library: 'Jedis',
    language: 'Java',
    package: { registry: 'maven', name: 'redis.clients:jedis' },
    versions: '>=5.2.0 <=7.5.3',
    versionLabel: '5.2 – 7.5.3',
    decides: 'hand-list',
    decision: 'DefaultCacheable: a hand-kept set of commands; an application may pass its own Cacheable.',
    cached: jedisDefaultCacheable,
    tracking: {
      mode: 'default',
      how: '`CLIENT TRACKING ON` when the connection opens (CacheConnection); RESP3 required.',
    },
    setup:
      'RedisClient.builder().cacheConfig(CacheConfig.builder().maxSize(n).build()), or new UnifiedJedis(hostAndPort, clientConfig, cache)',
    requires: {
      accepts: [{ server: 'redis', minVersion: '7.4' }],
      otherwise:
        'refuses to start the cache ("Client side caching is only supported with \'Redis 7.4\' or later") unless the cache is in compatibilityMode',
    },
    source: {
      repository: 'redis/jedis',
      release: 'v7.5.3',
      commit: 'd0ca0568b3c8c6f9a670aa4f7960bc4355a6525d',
      file: 'src/main/java/redis/clients/jedis/csc/DefaultCacheable.java, csc/CacheConnection.java',
      checkedBy: 'source',
    },
    notes: [
      'Same list since 5.2.0; master (unreleased) adds TS.NRANGE and TS.NREVRANGE.',
      'redis/jedis#4702 (open) moves to the cross-client metadata rule.',
      "A write's own invalidation may arrive after its reply, so read-your-writes is not immediate (redis/jedis#3825).",
    ],
  },
  {
    id: 'lettuce',
    library: 'Lettuce',
    language: 'Java',
    package: { registry: 'maven', name: 'io.lettuce:lettuce-core' },
    versions: '>=6.0.0 <=7.7.0',
    versionLabel: '6.0 – 7.7',
    decides: 'hand-list',
    decision: 'CacheFrontend caches one command: GET of the key asked for.',
    cached: ['get'],
    tracking: {
      mode: 'default',
      how: "The TrackingArgs the application passes; TrackingArgs.Builder.enabled() is `CLIENT TRACKING ON` (BCAST and OPTIN are the application's choice).",
    },
    setup: 'ClientSideCaching.enable(CacheAccessor.forMap(map), connection, TrackingArgs.Builder.enabled())',
    source: {
      repository: 'redis/lettuce',
      release: '7.7.0.RELEASE',
      commit: '1960d49e8d437a64fe0f2e25ea84690135bc608d',
      file: 'src/main/java/io/lettuce/core/support/caching/DefaultRedisCache.java',
      checkedBy: 'source',
    },
    notes: [
      'Deprecated on master for 7.8 ("legacy and incomplete", redis/lettuce#3897).',
      'An invalidation racing a read can leave a stale entry (redis/lettuce#3481).',
    ],
  },
];
