import type { ReadRecipe } from '../types.js';
import { hashOf, readBy, repeat, setOf, unrelatedWrite, wait, write, zsetOf } from './builders.js';
import { finishRehash, onEveryTable } from './read-unstable-order.js';

const k = '{p}k';
const h = '{p}h';
const s = '{p}s';
const z = '{p}z';
const x = '{p}x';

/** Replies that change with time or by chance, with no write at all. */
export const timeDependentRecipes: ReadRecipe[] = [
  // TTL counts whole seconds (rounded, expire.c ttlGenericCommand): two reads more than a second apart differ
  // whatever the rounding, however late a loaded machine runs the first one.
  {
    id: 'ttl',
    reason: 'time-dependent',
    setup: [['SET', k, 'v', 'PX', '100900']],
    read: ['TTL', k],
    changes: [wait(1100), write(['EXPIRE', k, '5000'], k)],
  },
  {
    id: 'pttl',
    reason: 'time-dependent',
    setup: [['SET', k, 'v', 'PX', '100000']],
    read: ['PTTL', k],
    changes: [wait(5), write(['PERSIST', k], k)],
  },
  // The LRU clock ticks once a second (LRU_CLOCK_RESOLUTION), refreshed by serverCron at hz 10: two seconds
  // leave a late cron on a loaded machine a whole second of margin.
  {
    id: 'object-idletime',
    reason: 'time-dependent',
    setup: [['SET', k, 'v']],
    read: ['OBJECT', 'IDLETIME', k],
    changes: [wait(2000), write(['DEL', k], k)],
  },
  // A consumer's idle time grows with the clock (stream.h streamConsumer seen_time).
  {
    id: 'xinfo-consumers-idle',
    reason: 'time-dependent',
    setup: [
      ['XADD', x, '1-1', 'f', 'a'],
      ['XGROUP', 'CREATE', x, 'g', '0'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', x, '>'],
    ],
    read: ['XINFO', 'CONSUMERS', x, 'g'],
    changes: [wait(20), write(['DEL', x], x)],
  },
  // TIME answers the server clock in microseconds: two reads 5 ms apart always differ. It names no key, so, like
  // DBSIZE, it has no BCAST twin (a prefix covers nothing it reads; `verifyPlan` twins no no-key-args recipe).
  {
    id: 'time',
    reason: 'no-key-args',
    setup: [],
    read: ['TIME'],
    changes: [wait(5)],
  },
  {
    id: 'xpending-idle',
    reason: 'time-dependent',
    setup: [
      ['XADD', x, '1-1', 'f', 'a'],
      ['XGROUP', 'CREATE', x, 'g', '0'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', x, '>'],
    ],
    read: ['XPENDING', x, 'g', '-', '+', '10'],
    changes: [wait(20), write(['XACK', x, 'g', '1-1'], x), write(['DEL', x], x)],
  },
];

export const randomOutputRecipes: ReadRecipe[] = [
  {
    id: 'srandmember',
    reason: 'random-output',
    setup: [setOf(s, 50)],
    read: ['SRANDMEMBER', s, '3'],
    changes: [repeat(), write(['DEL', s], s)],
  },
  {
    id: 'hrandfield',
    reason: 'random-output',
    setup: [hashOf(h, 50)],
    read: ['HRANDFIELD', h, '3'],
    changes: [repeat(), write(['DEL', h], h)],
  },
  {
    id: 'zrandmember',
    reason: 'random-output',
    setup: [zsetOf(z, 50)],
    read: ['ZRANDMEMBER', z, '3'],
    changes: [repeat(), write(['DEL', z], z)],
  },
  {
    id: 'randomkey',
    reason: 'random-output',
    setup: [
      ['SET', '{p}a', '1'],
      ['SET', '{p}b', '2'],
      ['SET', '{p}c', '3'],
      ['SET', '{p}d', '4'],
    ],
    read: ['RANDOMKEY'],
    changes: [repeat(), write(['DEL', '{p}a', '{p}b', '{p}c', '{p}d'], '{p}a', '{p}b', '{p}c', '{p}d')],
    note: 'on a server holding only these keys, deleting them all turns the reply into null',
  },
];

/**
 * A page read mid-rehash and the same page read after the rehash has finished hold the same elements in a
 * different order or split (chains move bucket by bucket, dict.c rehashEntriesInBucketAtIndex); with a page of
 * 100 elements some chain of two or more is practically always among them, whatever the hash seed.
 */
export const serverStateRecipes: ReadRecipe[] = [
  ...onEveryTable(({ hash }) => ({
    id: 'hscan-rehashing',
    reason: 'cursor',
    setup: hash,
    read: ['HSCAN', h, '0', 'COUNT', '100'],
    changes: [
      readBy(['HEXISTS', h, 'field:1'], h, finishRehash, 'another client only reads'),
      write(['DEL', h], h),
    ],
  })),
  ...onEveryTable(({ set }) => ({
    id: 'sscan-rehashing',
    reason: 'cursor',
    setup: set,
    read: ['SSCAN', s, '0', 'COUNT', '100'],
    changes: [
      readBy(['SISMEMBER', s, 'm1'], s, finishRehash, 'another client only reads'),
      write(['DEL', s], s),
    ],
  })),
  ...onEveryTable(({ zset }) => ({
    id: 'zscan-rehashing',
    reason: 'cursor',
    setup: zset,
    read: ['ZSCAN', z, '0', 'COUNT', '100'],
    changes: [
      readBy(['ZSCORE', z, 'm1'], z, finishRehash, 'another client only reads'),
      write(['DEL', z], z),
    ],
  })),
  ...onEveryTable(({ hash }) => ({
    id: 'memory-usage-rehashing',
    reason: 'server-state',
    setup: hash,
    read: ['MEMORY', 'USAGE', h],
    changes: [
      readBy(['HEXISTS', h, 'field:1'], h, finishRehash, 'another client only reads, finishing the rehash'),
      write(['HSET', h, 'extra', 'x'], h),
    ],
  })),
  // LFU counters start at LFU_INIT_VAL (5) and the first access always increments them (evict.c LFULogIncr).
  {
    id: 'object-freq',
    reason: 'server-state',
    config: [{ parameter: 'maxmemory-policy', value: 'allkeys-lfu' }],
    scope: 'server',
    setup: [['SET', k, 'v']],
    read: ['OBJECT', 'FREQ', k],
    changes: [readBy(['GET', k], k, 1, 'another client only reads'), write(['DEL', k], k)],
  },
  {
    id: 'object-encoding',
    reason: 'server-state',
    setup: [['HSET', h, 'f', 'v']],
    read: ['OBJECT', 'ENCODING', h],
    changes: [write(['HSET', h, 'g', 'x'.repeat(100)], h), unrelatedWrite],
    note: 'encodings change only on writes to the key',
  },
  // With a threshold of 0 every command is logged, so the count changes with any command on any key.
  {
    id: 'commandlog-len',
    reason: 'admin',
    scope: 'server',
    config: [{ parameter: 'commandlog-execution-slower-than', value: '0' }],
    setup: [['COMMANDLOG', 'RESET', 'slow']],
    read: ['COMMANDLOG', 'LEN', 'slow'],
    changes: [write(['SET', '{p}k', 'v'], '{p}k')],
  },
  {
    id: 'config-get',
    reason: 'admin',
    scope: 'server',
    config: [{ parameter: 'maxmemory-policy', value: 'noeviction' }],
    setup: [],
    read: ['CONFIG', 'GET', 'maxmemory-policy'],
    changes: [write(['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru'])],
  },
];
