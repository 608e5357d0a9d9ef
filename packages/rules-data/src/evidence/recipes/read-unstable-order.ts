import type { ReadRecipe } from '../types.js';
import { hashOf, readBy, repeat, setOf, unrelatedWrite, write, zsetOf } from './builders.js';

const h = '{p}h';
const s = '{p}s';
const s2 = '{p}s2';
const z = '{p}z';
const l = '{p}l';

/**
 * Collections in the middle of an incremental rehash, which every lookup advances, reads included. Valkey 8.0
 * and Redis use dict.c: a table of 2^n grows when the element after the 2^n-th arrives, and each lookup moves
 * a bucket (_dictRehashStep). Valkey 8.1 on uses hashtable.c: buckets of 7, so a table of 32·7·2^n grows on
 * element 224·2^n + 1 when the elements arrive one by one, and each lookup moves a bucket too
 * (rehashStepOnReadIfNeeded). Measured: mid-rehash and finished pages, DUMPs and orders differ on both.
 */
const one = (command: string, key: string, from: number, to: number, member: (i: number) => string[]) =>
  Array.from({ length: to - from + 1 }, (_, i) => [command, key, ...member(from + i)]);

export const rehashing = {
  dict: {
    hash: [hashOf(h, 1024), ['HSET', h, 'field:1025', '1025']],
    set: [setOf(s, 512), ['SADD', s, 'm513']],
    zset: [zsetOf(z, 512), ['ZADD', z, '513', 'm513']],
  },
  hashtable: {
    hash: [hashOf(h, 1000), ...one('HSET', h, 1001, 1793, (i) => [`field:${i}`, String(i)])],
    set: [setOf(s, 200), ...one('SADD', s, 201, 449, (i) => [`m${i}`])],
    zset: [zsetOf(z, 200), ...one('ZADD', z, 201, 449, (i) => [String(i), `m${i}`])],
  },
};

/** Where each implementation is: `servers` selectors for the recipes built on it. */
const implementations = [
  { table: 'dict', servers: ['valkey <8.1', 'redis'], suffix: '' },
  { table: 'hashtable', servers: ['valkey >=8.1'], suffix: '-hashtable' },
] as const;

/** One recipe per hash-table implementation, each run only on the servers that use it. */
export const onEveryTable = (make: (setups: (typeof rehashing)['dict']) => ReadRecipe): ReadRecipe[] =>
  implementations.map(({ table, servers, suffix }) => {
    const recipe = make(rehashing[table]);
    return { ...recipe, id: `${recipe.id}${suffix}`, servers: [...servers] };
  });

/** Enough reads by another client to finish any rehash of those collections. */
export const finishRehash = 1200;
const readsOnly = (argv: string[], key: string) =>
  readBy(argv, key, finishRehash, 'another client only reads, finishing the rehash');

/**
 * Replies whose order is not part of the answer: compared as sets, a rehash that other clients' reads finish
 * may reorder them (recorded as `reordered`), but only a write changes them, and writes are invalidated.
 */
const asSet = (
  id: string,
  setup: string[][],
  read: string[],
  finishing: string[],
  key: string,
  compare: 'as-set' | 'as-pairs',
): ReadRecipe => ({
  id,
  reason: 'tracked-keys',
  setup,
  read,
  compare,
  changes: [readsOnly(finishing, key), write(['DEL', key], key), unrelatedWrite],
});

const hashProbe = ['HEXISTS', h, 'field:1'];
const setProbe = ['SISMEMBER', s, 'm1'];

export const unstableOrderRecipes: ReadRecipe[] = [
  ...onEveryTable(({ hash }) => asSet('hgetall-rehashing', hash, ['HGETALL', h], hashProbe, h, 'as-pairs')),
  ...onEveryTable(({ hash }) => asSet('hkeys-rehashing', hash, ['HKEYS', h], hashProbe, h, 'as-set')),
  ...onEveryTable(({ hash }) => asSet('hvals-rehashing', hash, ['HVALS', h], hashProbe, h, 'as-set')),
  ...onEveryTable(({ set }) => asSet('smembers-rehashing', set, ['SMEMBERS', s], setProbe, s, 'as-set')),
  ...onEveryTable(({ set }) =>
    asSet('sunion-rehashing', [...set, ['SADD', s2, 'x']], ['SUNION', s, s2], setProbe, s, 'as-set'),
  ),
  ...onEveryTable(({ set }) =>
    asSet('sdiff-rehashing', [...set, ['SADD', s2, 'm1']], ['SDIFF', s, s2], setProbe, s, 'as-set'),
  ),
  ...onEveryTable(({ set }) =>
    asSet('sinter-rehashing', [...set, setOf(s2, 600)], ['SINTER', s, s2], setProbe, s, 'as-set'),
  ),
  // The serialized value holds the elements in table order: a finished rehash changes the bytes.
  ...onEveryTable(({ hash }) => ({
    id: 'dump-rehashing',
    reason: 'server-state',
    setup: hash,
    read: ['DUMP', h],
    changes: [readsOnly(hashProbe, h), write(['DEL', h], h)],
  })),
  // BY nosort returns the set's own order, LIMIT a page of it: a rehash moves elements across pages.
  ...onEveryTable(({ set }) => ({
    id: 'sort_ro-nosort-limit',
    reason: 'cursor',
    setup: set,
    read: ['SORT_RO', s, 'BY', 'nosort', 'LIMIT', '0', '100'],
    changes: [readsOnly(setProbe, s), write(['DEL', s], s)],
  })),
  {
    id: 'sort_ro-nosort-limit-list',
    reason: 'tracked-keys',
    setup: [['RPUSH', l, 'c', 'a', 'b']],
    read: ['SORT_RO', l, 'BY', 'nosort', 'LIMIT', '0', '2', 'ALPHA'],
    changes: [write(['LPUSH', l, 'z'], l), unrelatedWrite],
    betterCase: { measured: 'full', why: 'A list keeps its order: BY nosort LIMIT pages through it stably.' },
  },
  // A count at least the size returns every element, in the same order on every call.
  ...(
    [
      ['srandmember', setOf(s, 5), ['SRANDMEMBER', s, '10'], s],
      ['hrandfield', hashOf(h, 5), ['HRANDFIELD', h, '10'], h],
      ['zrandmember', zsetOf(z, 5), ['ZRANDMEMBER', z, '10'], z],
    ] as const
  ).map(([command, setup, read, key]): ReadRecipe => ({
    id: `${command}-whole`,
    reason: 'random-output',
    setup: [[...setup]],
    read: [...read],
    changes: [repeat(), write(['DEL', key], key)],
    betterCase: {
      measured: 'full',
      why: 'With a count at least the size, the reply is every element in the same order on every call.',
    },
  })),
];
