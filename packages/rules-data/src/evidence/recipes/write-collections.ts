import type { WriteRecipe } from '../types.js';
import { sweep } from './write-builders.js';

const h = '{p}h';
const l = '{p}l';
const l2 = '{p}l2';
const s = '{p}s';
const s2 = '{p}s2';
const z = '{p}z';
const z2 = '{p}z2';
const g = '{p}g';
const dst = '{p}dst';
const list = ['RPUSH', l, 'a', 'b', 'c'];
const sets = [
  ['SADD', s, 'a', 'b'],
  ['SADD', s2, 'b', 'c'],
];
const zsets = [
  ['ZADD', z, '1', 'a', '2', 'b'],
  ['ZADD', z2, '2', 'b', '3', 'c'],
];
const geo = ['GEOADD', g, '13.361389', '38.115556', 'palermo', '15.087269', '37.502669', 'catania'];

const hash = ['HSET', h, 'f', 'v', 'g', 'w'];
const fieldWithTtl = [hash, ['HEXPIRE', h, '1000', 'FIELDS', '1', 'f']];

export const hashWrites: WriteRecipe[] = [
  sweep('hdel', [hash], ['HDEL', h, 'f'], [h]),
  sweep('hincrby', [['HSET', h, 'n', '1']], ['HINCRBY', h, 'n', '2'], [h]),
  sweep('hincrbyfloat', [['HSET', h, 'n', '1']], ['HINCRBYFLOAT', h, 'n', '0.5'], [h]),
  sweep('hmset', [], ['HMSET', h, 'f', 'v'], [h]),
  sweep('hset', [], ['HSET', h, 'f', 'v'], [h]),
  sweep('hsetnx', [], ['HSETNX', h, 'f', 'v'], [h]),
  // Hash field expiry (Valkey 9.0, Redis 7.4 on): the serialized hash carries each field's TTL.
  sweep('hexpire', [hash], ['HEXPIRE', h, '100', 'FIELDS', '1', 'f'], [h]),
  sweep('hpexpire', [hash], ['HPEXPIRE', h, '100000', 'FIELDS', '1', 'f'], [h]),
  sweep('hexpireat', [hash], ['HEXPIREAT', h, '4102444800', 'FIELDS', '1', 'f'], [h]),
  sweep('hpexpireat', [hash], ['HPEXPIREAT', h, '4102444800000', 'FIELDS', '1', 'f'], [h]),
  sweep('hpersist', fieldWithTtl, ['HPERSIST', h, 'FIELDS', '1', 'f'], [h]),
  sweep('hgetdel', [hash], ['HGETDEL', h, 'FIELDS', '1', 'f'], [h]),
  sweep('hgetex', [hash], ['HGETEX', h, 'EX', '100', 'FIELDS', '1', 'f'], [h]),
  sweep('hgetex', fieldWithTtl, ['HGETEX', h, 'PERSIST', 'FIELDS', '1', 'f'], [h], { id: 'hgetex-persist' }),
  sweep('hsetex', [], ['HSETEX', h, 'EX', '100', 'FIELDS', '1', 'f', 'v'], [h]),
  sweep('hsetex', [hash], ['HSETEX', h, 'FIELDS', '1', 'f', 'w'], [h], { id: 'hsetex-without-ttl' }),
];

const v = '{p}v';
const vectors = [
  ['VADD', v, 'VALUES', '2', '1', '0', 'a'],
  ['VADD', v, 'VALUES', '2', '0', '1', 'b'],
];

/** Vector sets (Redis 8.0). */
export const vectorSetWrites: WriteRecipe[] = [
  sweep('vadd', [], ['VADD', v, 'VALUES', '2', '1', '0', 'a'], [v]),
  sweep('vrem', vectors, ['VREM', v, 'a'], [v]),
  sweep('vsetattr', vectors, ['VSETATTR', v, 'a', '{"x":1}'], [v]),
];

export const listWrites: WriteRecipe[] = [
  sweep('blmove', [list], ['BLMOVE', l, l2, 'LEFT', 'RIGHT', '1'], [l, l2]),
  sweep('blmpop', [list], ['BLMPOP', '1', '1', l, 'LEFT'], [l]),
  sweep('blpop', [list], ['BLPOP', l, '1'], [l]),
  sweep('brpop', [list], ['BRPOP', l, '1'], [l]),
  sweep('brpoplpush', [list], ['BRPOPLPUSH', l, l2, '1'], [l, l2]),
  sweep('linsert', [list], ['LINSERT', l, 'BEFORE', 'b', 'z'], [l]),
  sweep('lmove', [list], ['LMOVE', l, l2, 'LEFT', 'RIGHT'], [l, l2]),
  sweep('lmpop', [list], ['LMPOP', '1', l, 'LEFT'], [l]),
  sweep('lpop', [list], ['LPOP', l], [l]),
  sweep('lpush', [], ['LPUSH', l, 'a'], [l]),
  sweep('lpushx', [list], ['LPUSHX', l, 'z'], [l]),
  sweep('lrem', [list], ['LREM', l, '0', 'b'], [l]),
  sweep('lset', [list], ['LSET', l, '0', 'z'], [l]),
  sweep('ltrim', [list], ['LTRIM', l, '0', '0'], [l]),
  sweep('rpop', [list], ['RPOP', l], [l]),
  sweep('rpoplpush', [list], ['RPOPLPUSH', l, l2], [l, l2]),
  sweep('rpush', [], ['RPUSH', l, 'a'], [l]),
  sweep('rpushx', [list], ['RPUSHX', l, 'z'], [l]),
];

export const setWrites: WriteRecipe[] = [
  sweep('sadd', [], ['SADD', s, 'a'], [s]),
  sweep('sdiffstore', sets, ['SDIFFSTORE', dst, s, s2], [dst]),
  sweep('sinterstore', sets, ['SINTERSTORE', dst, s, s2], [dst]),
  sweep('sunionstore', sets, ['SUNIONSTORE', dst, s, s2], [dst]),
  sweep('smove', sets, ['SMOVE', s, s2, 'a'], [s, s2]),
  sweep('spop', sets, ['SPOP', s], [s]),
  sweep('srem', sets, ['SREM', s, 'a'], [s]),
];

export const sortedSetWrites: WriteRecipe[] = [
  sweep('bzmpop', zsets, ['BZMPOP', '1', '1', z, 'MIN'], [z]),
  sweep('bzpopmax', zsets, ['BZPOPMAX', z, '1'], [z]),
  sweep('bzpopmin', zsets, ['BZPOPMIN', z, '1'], [z]),
  sweep('zadd', [], ['ZADD', z, '1', 'a'], [z]),
  sweep('zdiffstore', zsets, ['ZDIFFSTORE', dst, '2', z, z2], [dst]),
  sweep('zincrby', zsets, ['ZINCRBY', z, '5', 'a'], [z]),
  sweep('zinterstore', zsets, ['ZINTERSTORE', dst, '2', z, z2], [dst]),
  sweep('zunionstore', zsets, ['ZUNIONSTORE', dst, '2', z, z2], [dst]),
  sweep('zmpop', zsets, ['ZMPOP', '1', z, 'MIN'], [z]),
  sweep('zpopmax', zsets, ['ZPOPMAX', z], [z]),
  sweep('zpopmin', zsets, ['ZPOPMIN', z], [z]),
  sweep('zrangestore', zsets, ['ZRANGESTORE', dst, z, '0', '-1'], [dst]),
  sweep('zrem', zsets, ['ZREM', z, 'a'], [z]),
  sweep('zremrangebylex', [['ZADD', z, '0', 'a', '0', 'b']], ['ZREMRANGEBYLEX', z, '[a', '[a'], [z]),
  sweep('zremrangebyrank', zsets, ['ZREMRANGEBYRANK', z, '0', '0'], [z]),
  sweep('zremrangebyscore', zsets, ['ZREMRANGEBYSCORE', z, '1', '1'], [z]),
];

export const geoAndHyperLogLogWrites: WriteRecipe[] = [
  sweep('geoadd', [], ['GEOADD', g, '13.361389', '38.115556', 'palermo'], [g]),
  sweep('georadius', [geo], ['GEORADIUS', g, '15', '37', '200', 'km', 'STORE', dst], [dst]),
  sweep('georadiusbymember', [geo], ['GEORADIUSBYMEMBER', g, 'catania', '200', 'km', 'STORE', dst], [dst]),
  sweep(
    'geosearchstore',
    [geo],
    ['GEOSEARCHSTORE', dst, g, 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km'],
    [dst],
  ),
  sweep('pfadd', [], ['PFADD', '{p}hll', 'a'], ['{p}hll']),
  sweep(
    'pfmerge',
    [
      ['PFADD', '{p}hll1', 'a'],
      ['PFADD', '{p}hll2', 'b'],
    ],
    ['PFMERGE', dst, '{p}hll1', '{p}hll2'],
    [dst],
  ),
  // A sparse HyperLogLog becomes dense: the same cardinality, a different DUMP.
  sweep('pfdebug', [['PFADD', '{p}hll', 'a', 'b']], ['PFDEBUG', 'TODENSE', '{p}hll'], ['{p}hll']),
];
