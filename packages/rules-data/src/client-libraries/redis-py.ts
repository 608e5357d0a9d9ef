import type { ClientLibraryModel } from './types.js';

// prettier-ignore
const defaultAllowList = [
  'bitcount', 'bitfield_ro', 'bitpos', 'exists', 'geodist', 'geohash', 'geopos', 'georadius_ro',
  'georadiusbymember_ro', 'geosearch', 'get', 'getbit', 'getrange', 'hexists', 'hget', 'hgetall', 'hkeys',
  'hlen', 'hmget', 'hstrlen', 'hvals', 'json.arrindex', 'json.arrlen', 'json.get', 'json.mget', 'json.objkeys',
  'json.objlen', 'json.resp', 'json.strlen', 'json.type', 'lcs', 'lindex', 'llen', 'lpos', 'lrange', 'mget',
  'scard', 'sdiff', 'sinter', 'sintercard', 'sismember', 'smembers', 'smismember', 'sort_ro', 'strlen',
  'substr', 'sunion', 'ts.get', 'ts.info', 'ts.range', 'ts.revrange', 'type', 'xlen', 'xpending', 'xrange',
  'xread', 'xrevrange', 'zcard', 'zcount', 'zdiff', 'zinter', 'zintercard', 'zlexcount', 'zmscore', 'zrange',
  'zrangebylex', 'zrangebyscore', 'zrank', 'zrevrange', 'zrevrangebylex', 'zrevrangebyscore', 'zrevrank',
  'zscore', 'zunion',
];

export const redisPyModels: ClientLibraryModel[] = [
  {
    id: 'redis-py',
    library: 'redis-py',
    language: 'Python',
    package: { registry: 'pypi', name: 'redis' },
    versions: '>=5.1.0 <8.2.0',
    versionLabel: '5.1 – 8.1',
    decides: 'hand-list',
    decision: 'CacheConfig.DEFAULT_ALLOW_LIST: a hand-kept list of command names.',
    cached: defaultAllowList,
    tracking: {
      mode: 'default',
      how: '`CLIENT TRACKING ON` on each pooled connection (CacheProxyConnection); RESP3 required.',
    },
    setup: 'redis.Redis(protocol=3, cache_config=CacheConfig())',
    requires: {
      accepts: [{ server: 'redis', minVersion: '7.4.0' }],
      otherwise: 'refuses the connection ("client-side caching is supported by Redis 7.4 or later")',
    },
    source: {
      repository: 'redis/redis-py',
      release: 'v8.1.0',
      commit: 'e013126df18e476fbb8b8215f040f39bd3242683',
      file: 'redis/cache.py (CacheConfig.DEFAULT_ALLOW_LIST), redis/connection.py (CacheProxyConnection)',
      checkedBy: 'source',
    },
    notes: [
      'The same 74 names from 5.1.0 to 8.1.0. XREAD is listed, so `XREAD ... BLOCK` replies, a timeout included, are cached.',
      'redis/redis-py#4272 (merged 2026-08-18, after 8.1.0) replaces the list with the cross-client metadata rule on a table shipped with the library.',
    ],
  },
];
