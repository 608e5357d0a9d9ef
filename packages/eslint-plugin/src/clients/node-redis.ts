import type { CommandEntry, ServerKind } from '@valkey-track/rules-data';
import { normalizeName } from './command-names.js';

export type NodeRedisVersion = '5' | '6.2';

/**
 * The command definitions node-redis 5 marks `CACHEABLE: true`, by file name
 * (redis/node-redis, tag redis@5.12.1, packages/client/lib/commands/*.ts). Its client-side cache caches
 * only these; every other command, `sendCommand` included, goes to the server every time.
 */
const cacheableInV5 = new Set(
  [
    'BITCOUNT',
    'BITFIELD_RO',
    'BITPOS',
    'EXISTS',
    'GEODIST',
    'GEOHASH',
    'GEOPOS',
    'GEORADIUSBYMEMBER_RO',
    'GEORADIUSBYMEMBER_RO_WITH',
    'GEORADIUS_RO',
    'GEORADIUS_RO_WITH',
    'GET',
    'GETBIT',
    'GETRANGE',
    'HEXISTS',
    'HGET',
    'HGETALL',
    'HKEYS',
    'HLEN',
    'HMGET',
    'HSTRLEN',
    'HVALS',
    'LINDEX',
    'LLEN',
    'LPOS',
    'LRANGE',
    'MGET',
    'SCARD',
    'SDIFF',
    'SINTER',
    'SISMEMBER',
    'SMEMBERS',
    'SMISMEMBER',
    'STRLEN',
    'SUNION',
    'TYPE',
    'XLEN',
    'XPENDING',
    'XPENDING_RANGE',
    'XRANGE',
    'ZCARD',
    'ZCOUNT',
    'ZLEXCOUNT',
    'ZMSCORE',
    'ZRANGE',
    'ZRANGEBYLEX',
    'ZRANGEBYSCORE',
    'ZRANK',
    'ZREVRANK',
    'ZSCORE',
  ].map(normalizeName),
);

/** Commands node-redis 6.2 overrides with `CACHEABLE: false` (TOUCH.ts, VRANDMEMBER.ts at 6.2.1). */
const notCacheableIn62 = new Set(['touch', 'vrandmember']);

/**
 * Whether node-redis's own client-side cache caches a method's command.
 * 5.x: the method's command definition carries `CACHEABLE: true`. 6.2: `isCacheable()` in
 * packages/client/lib/command-metadata/predicates.ts — readonly, takes a key, no `dont_cache` or
 * `nondeterministic_output` tip, not `script_runner` or `blocking`, unless the definition overrides it.
 */
export function nodeRedisCaches(
  version: NodeRedisVersion,
  method: string,
  entry: CommandEntry | undefined,
  server: ServerKind,
): boolean {
  if (version === '5') return cacheableInV5.has(normalizeName(method));
  if (!entry || notCacheableIn62.has(entry.name)) return false;
  const metadata = entry.metadata[server] ?? Object.values(entry.metadata)[0];
  if (!metadata) return false;
  return (
    metadata.flags.includes('readonly') &&
    metadata.keySpecFlags.length > 0 &&
    !metadata.tips.includes('dont_cache') &&
    !metadata.tips.includes('nondeterministic_output') &&
    !metadata.flags.includes('script_runner') &&
    !metadata.flags.includes('blocking')
  );
}

/** Which node-redis a project uses, from the `redis` or `@redis/client` range in its package.json. */
export function nodeRedisVersionFromRange(range: string | undefined): NodeRedisVersion | undefined {
  if (!range) return undefined;
  const match = /(\d+)(?:\.(\d+))?/.exec(range);
  if (!match) return undefined;
  const major = Number(match[1]);
  const minor = Number(match[2] ?? 0);
  return major > 6 || (major === 6 && minor >= 2) ? '6.2' : '5';
}
