import type { ReadRecipe } from '../types.js';
import { deterministicDeclared, readBy, tracked, wait, write } from './builders.js';

const k = '{p}k';
const h = '{p}h';
const l = '{p}l';
const s = '{p}s';
const z = '{p}z';
const x = '{p}x';
const g = '{p}g';
const geo = ['GEOADD', g, '13.361389', '38.115556', 'palermo', '15.087269', '37.502669', 'catania'];
const stream = ['XADD', x, '1-1', 'f', 'a'];

/** Reads flagged readonly whose reply depends only on the keys they name: the server remembers them all. */
export const trackedKeyRecipes: ReadRecipe[] = [
  tracked('get', [['SET', k, 'v1']], ['GET', k], write(['SET', k, 'v2'], k), write(['DEL', k], k)),
  tracked(
    'mget',
    [
      ['SET', '{p}a', '1'],
      ['SET', '{p}b', '2'],
    ],
    ['MGET', '{p}a', '{p}b'],
    write(['SET', '{p}b', '3'], '{p}b'),
  ),
  tracked('exists', [], ['EXISTS', k], write(['SET', k, 'v'], k)),
  tracked('type', [['SET', k, 'v']], ['TYPE', k], write(['DEL', k], k)),
  tracked('strlen', [['SET', k, 'abc']], ['STRLEN', k], write(['APPEND', k, 'def'], k)),
  tracked(
    'getrange',
    [['SET', k, 'abcdef']],
    ['GETRANGE', k, '0', '2'],
    write(['SETRANGE', k, '0', 'xyz'], k),
  ),
  tracked('substr', [['SET', k, 'abcdef']], ['SUBSTR', k, '0', '2'], write(['SETRANGE', k, '1', 'z'], k)),
  tracked(
    'lcs',
    [
      ['SET', '{p}a', 'ohmytext'],
      ['SET', '{p}b', 'mynewtext'],
    ],
    ['LCS', '{p}a', '{p}b'],
    write(['SET', '{p}b', 'other'], '{p}b'),
  ),
  tracked('dump', [['SET', k, 'v1']], ['DUMP', k], write(['SET', k, 'v2'], k)),
  // The count is fixed when the value is written: shared or not, reads and other keys taking the value leave it.
  {
    ...tracked(
      'object-refcount',
      [['SET', k, '5']],
      ['OBJECT', 'REFCOUNT', k],
      readBy(['GET', k], k, 1, 'control: another client reading the value leaves its count'),
      write(['SET', '{p}other', '5'], '{p}other'),
      write(['DEL', k], k),
    ),
  },
  tracked(
    'expiretime',
    [['SET', k, 'v', 'EX', '1000']],
    ['EXPIRETIME', k],
    write(['EXPIRE', k, '5000'], k),
    wait(20, 'control: an absolute expiry does not move with time'),
  ),
  tracked('pexpiretime', [['SET', k, 'v', 'PX', '1000000']], ['PEXPIRETIME', k], write(['PERSIST', k], k)),
  tracked('touch', [['SET', k, 'v']], ['TOUCH', k, '{p}k2'], write(['SET', '{p}k2', 'v'], '{p}k2')),
  tracked('getbit', [['SETBIT', k, '7', '1']], ['GETBIT', k, '7'], write(['SETBIT', k, '7', '0'], k)),
  tracked('bitcount', [['SET', k, 'foobar']], ['BITCOUNT', k], write(['SETBIT', k, '0', '1'], k)),
  tracked('bitpos', [['SET', k, '\u0000\u00ff']], ['BITPOS', k, '1'], write(['SETBIT', k, '0', '1'], k)),
  tracked('bitfield_ro', [['SET', k, 'a']], ['BITFIELD_RO', k, 'GET', 'u8', '0'], write(['SET', k, 'b'], k)),
  tracked('pfcount', [['PFADD', k, 'a', 'b', 'c']], ['PFCOUNT', k], write(['PFADD', k, 'd', 'e', 'f'], k)),
  tracked('hget', [['HSET', h, 'f', 'v']], ['HGET', h, 'f'], write(['HSET', h, 'f', 'w'], h)),
  tracked('hmget', [['HSET', h, 'f', 'v', 'g', 'w']], ['HMGET', h, 'f', 'g'], write(['HDEL', h, 'g'], h)),
  tracked('hgetall', [['HSET', h, 'f', 'v', 'g', 'w']], ['HGETALL', h], write(['HDEL', h, 'g'], h)),
  tracked('hexists', [['HSET', h, 'f', 'v']], ['HEXISTS', h, 'g'], write(['HSET', h, 'g', 'w'], h)),
  tracked('hlen', [['HSET', h, 'f', 'v']], ['HLEN', h], write(['HSET', h, 'g', 'w'], h)),
  tracked('hkeys', [['HSET', h, 'f', 'v']], ['HKEYS', h], write(['HSET', h, 'g', 'w'], h)),
  tracked('hvals', [['HSET', h, 'f', 'v']], ['HVALS', h], write(['HINCRBY', h, 'n', '1'], h)),
  tracked('hstrlen', [['HSET', h, 'f', 'v']], ['HSTRLEN', h, 'f'], write(['HSET', h, 'f', 'longer'], h)),
  tracked('lrange', [['RPUSH', l, 'a', 'b', 'c']], ['LRANGE', l, '0', '-1'], write(['LPUSH', l, 'z'], l)),
  tracked('lindex', [['RPUSH', l, 'a', 'b', 'c']], ['LINDEX', l, '1'], write(['LSET', l, '1', 'z'], l)),
  tracked('llen', [['RPUSH', l, 'a', 'b', 'c']], ['LLEN', l], write(['RPUSH', l, 'd'], l)),
  tracked('lpos', [['RPUSH', l, 'a', 'b', 'c']], ['LPOS', l, 'c'], write(['LPUSH', l, 'z'], l)),
  tracked('smembers', [['SADD', s, 'a', 'b']], ['SMEMBERS', s], write(['SADD', s, 'c'], s)),
  tracked('scard', [['SADD', s, 'a', 'b']], ['SCARD', s], write(['SREM', s, 'a'], s)),
  tracked('sismember', [['SADD', s, 'a']], ['SISMEMBER', s, 'b'], write(['SADD', s, 'b'], s)),
  tracked('smismember', [['SADD', s, 'a']], ['SMISMEMBER', s, 'a', 'b'], write(['SADD', s, 'b'], s)),
  tracked(
    'sinter',
    [
      ['SADD', '{p}s1', 'a', 'b', 'c'],
      ['SADD', '{p}s2', 'b', 'c', 'd'],
    ],
    ['SINTER', '{p}s1', '{p}s2'],
    write(['SADD', '{p}s2', 'a'], '{p}s2'),
  ),
  tracked(
    'sintercard',
    [
      ['SADD', '{p}s1', 'a', 'b'],
      ['SADD', '{p}s2', 'b'],
    ],
    ['SINTERCARD', '2', '{p}s1', '{p}s2'],
    write(['SADD', '{p}s2', 'a'], '{p}s2'),
  ),
  tracked(
    'sunion',
    [
      ['SADD', '{p}s1', 'a'],
      ['SADD', '{p}s2', 'b'],
    ],
    ['SUNION', '{p}s1', '{p}s2'],
    write(['SADD', '{p}s2', 'e'], '{p}s2'),
  ),
  tracked(
    'sdiff',
    [
      ['SADD', '{p}s1', 'a', 'b'],
      ['SADD', '{p}s2', 'b'],
    ],
    ['SDIFF', '{p}s1', '{p}s2'],
    write(['SADD', '{p}s2', 'a'], '{p}s2'),
  ),
  tracked(
    'zrange',
    [['ZADD', z, '1', 'a', '2', 'b']],
    ['ZRANGE', z, '0', '-1', 'WITHSCORES'],
    write(['ZINCRBY', z, '5', 'a'], z),
  ),
  tracked(
    'zrangebyscore',
    [['ZADD', z, '1', 'a', '2', 'b']],
    ['ZRANGEBYSCORE', z, '0', '10'],
    write(['ZADD', z, '3', 'c'], z),
  ),
  tracked('zscore', [['ZADD', z, '1', 'a']], ['ZSCORE', z, 'a'], write(['ZADD', z, '9', 'a'], z)),
  tracked('zmscore', [['ZADD', z, '1', 'a']], ['ZMSCORE', z, 'a', 'b'], write(['ZADD', z, '2', 'b'], z)),
  tracked('zcard', [['ZADD', z, '1', 'a', '2', 'b']], ['ZCARD', z], write(['ZREM', z, 'a'], z)),
  tracked(
    'zcount',
    [['ZADD', z, '1', 'a', '2', 'b']],
    ['ZCOUNT', z, '0', '1'],
    write(['ZADD', z, '0', 'b'], z),
  ),
  tracked('zrank', [['ZADD', z, '1', 'a', '2', 'b']], ['ZRANK', z, 'b'], write(['ZADD', z, '3', 'a'], z)),
  tracked(
    'zrevrange',
    [['ZADD', z, '1', 'a', '2', 'b']],
    ['ZREVRANGE', z, '0', '-1'],
    write(['ZADD', z, '3', 'c'], z),
  ),
  tracked(
    'zrevrangebyscore',
    [['ZADD', z, '1', 'a', '2', 'b']],
    ['ZREVRANGEBYSCORE', z, '10', '0'],
    write(['ZREM', z, 'a'], z),
  ),
  tracked(
    'zrangebylex',
    [['ZADD', z, '0', 'a', '0', 'b']],
    ['ZRANGEBYLEX', z, '-', '+'],
    write(['ZADD', z, '0', 'c'], z),
  ),
  tracked(
    'zrevrangebylex',
    [['ZADD', z, '0', 'a', '0', 'b']],
    ['ZREVRANGEBYLEX', z, '+', '-'],
    write(['ZADD', z, '0', 'c'], z),
  ),
  tracked(
    'zrevrank',
    [['ZADD', z, '1', 'a', '2', 'b']],
    ['ZREVRANK', z, 'a'],
    write(['ZADD', z, '3', 'c'], z),
  ),
  tracked(
    'zintercard',
    [
      ['ZADD', '{p}z1', '1', 'a', '1', 'b'],
      ['ZADD', '{p}z2', '2', 'b'],
    ],
    ['ZINTERCARD', '2', '{p}z1', '{p}z2'],
    write(['ZADD', '{p}z2', '2', 'a'], '{p}z2'),
  ),
  tracked(
    'zlexcount',
    [['ZADD', z, '0', 'a', '0', 'b']],
    ['ZLEXCOUNT', z, '-', '+'],
    write(['ZADD', z, '0', 'c'], z),
  ),
  tracked(
    'zunion',
    [
      ['ZADD', '{p}z1', '1', 'a'],
      ['ZADD', '{p}z2', '2', 'b'],
    ],
    ['ZUNION', '2', '{p}z1', '{p}z2', 'WITHSCORES'],
    write(['ZADD', '{p}z2', '5', 'a'], '{p}z2'),
  ),
  tracked(
    'zinter',
    [
      ['ZADD', '{p}z1', '1', 'a', '1', 'b'],
      ['ZADD', '{p}z2', '2', 'b'],
    ],
    ['ZINTER', '2', '{p}z1', '{p}z2'],
    write(['ZADD', '{p}z2', '2', 'a'], '{p}z2'),
  ),
  tracked(
    'zdiff',
    [
      ['ZADD', '{p}z1', '1', 'a', '1', 'b'],
      ['ZADD', '{p}z2', '2', 'b'],
    ],
    ['ZDIFF', '2', '{p}z1', '{p}z2'],
    write(['ZADD', '{p}z2', '2', 'a'], '{p}z2'),
  ),
  tracked(
    'xrange',
    [stream],
    ['XRANGE', x, '-', '+'],
    write(['XADD', x, '2-1', 'f', 'b'], x),
    write(['XDEL', x, '1-1'], x),
  ),
  tracked('xrevrange', [stream], ['XREVRANGE', x, '+', '-'], write(['XADD', x, '2-1', 'f', 'b'], x)),
  tracked('xlen', [stream], ['XLEN', x], write(['XADD', x, '2-1', 'f', 'b'], x)),
  // Redis 8.0 keeps serving the last entry after XSETID; Valkey empties the reply (read-unnamed-keys.ts).
  {
    ...tracked(
      'xread-plus',
      [stream],
      ['XREAD', 'STREAMS', x, '+'],
      write(['XSETID', x, '5-0'], x),
      write(['XADD', x, '6-1', 'f', 'b'], x),
    ),
    servers: ['redis >=8.0'],
  },
  tracked(
    'geopos',
    [geo],
    ['GEOPOS', g, 'palermo'],
    write(['GEOADD', g, '15.087269', '37.502669', 'palermo'], g),
  ),
  tracked(
    'geodist',
    [geo],
    ['GEODIST', g, 'palermo', 'catania', 'km'],
    write(['GEOADD', g, '13.5', '38.0', 'catania'], g),
  ),
  tracked('geohash', [geo], ['GEOHASH', g, 'palermo'], write(['GEOADD', g, '15.0', '37.0', 'palermo'], g)),
  tracked(
    'geosearch',
    [geo],
    ['GEOSEARCH', g, 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'ASC'],
    write(['GEOADD', g, '15.1', '37.1', 'augusta'], g),
  ),
  tracked(
    'georadius_ro',
    [geo],
    ['GEORADIUS_RO', g, '15', '37', '200', 'km', 'ASC'],
    write(['GEOADD', g, '15.1', '37.1', 'augusta'], g),
  ),
  tracked(
    'georadiusbymember_ro',
    [geo],
    ['GEORADIUSBYMEMBER_RO', g, 'catania', '200', 'km', 'ASC'],
    write(['GEOADD', g, '15.1', '37.1', 'augusta'], g),
  ),
  tracked('sort_ro', [['RPUSH', l, '3', '1', '2']], ['SORT_RO', l], write(['RPUSH', l, '0'], l)),
  {
    ...tracked(
      'eval_ro-declared-key',
      [['SET', k, 'v1']],
      ['EVAL_RO', "return redis.call('GET', KEYS[1])", '1', k],
      write(['SET', k, 'v2'], k),
    ),
    betterCase: { measured: 'full', why: deterministicDeclared },
  },
];
