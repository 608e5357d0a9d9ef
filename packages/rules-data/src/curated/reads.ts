import type { CuratedEntry } from './curated-types.js';
import {
  tracked,
  withTime,
  random,
  unstableOrder,
  hashRead,
  vectorRead,
  cursorScan,
  scriptRead,
  codeByDigest,
  codeInLibrary,
  notReadonlyRead,
  sortUndeclared,
  ownPfcount,
  nosortPage,
} from './read-builders.js';

// The curated judgement for every command that reads data, by the server's own name. Commands not listed here
// are classified from their metadata (write flag, pubsub and admin categories) in ../build/classify.ts, which
// fails loudly on a readonly command missing from this table. Categories are derived from the reasons
// (../build/category-of.ts); evidence is the integration suite in test/integration/.

export const curatedReads: Record<string, CuratedEntry> = {
  // Strings and bitmaps
  get: tracked('The key is remembered; every write to it, its expiry or deletion sends an invalidation.', {
    noloop: ownPfcount,
  }),
  mget: tracked('Every key is remembered; a write to any of them sends an invalidation for that key.'),
  getrange: tracked('The key is remembered; every write to it sends an invalidation.', {
    noloop: ownPfcount,
  }),
  substr: tracked('The key is remembered; every write to it sends an invalidation.', { noloop: ownPfcount }),
  strlen: tracked('The key is remembered; every write to it sends an invalidation.', { noloop: ownPfcount }),
  getbit: tracked('The key is remembered; every write to it sends an invalidation.', { noloop: ownPfcount }),
  bitcount: tracked('The key is remembered; every write to it sends an invalidation.', {
    noloop: ownPfcount,
  }),
  bitpos: tracked('The key is remembered; every write to it sends an invalidation.', { noloop: ownPfcount }),
  bitfield_ro: tracked('The key is remembered; every write to it sends an invalidation.', {
    noloop: ownPfcount,
  }),
  lcs: tracked('Both keys are remembered; a write to either sends an invalidation.'),
  bitfield: notReadonlyRead('BITFIELD', ['SET', 'INCRBY'], 'the key'),
  getex: notReadonlyRead('GETEX', ['EX', 'PX', 'EXAT', 'PXAT', 'PERSIST'], 'the key'),

  // Generic keyspace
  exists: tracked('Every key is remembered; creating, changing or deleting one sends an invalidation.'),
  type: tracked('The key is remembered; deleting or recreating it sends an invalidation.'),
  // Measured on every server: XGROUP CREATE changes a stream's DUMP with no invalidation; a hashtable-encoded hash
  // or set's DUMP changes its element order after other clients only read it (rehashing).
  dump: {
    reasons: ['tracked-keys', 'changed-silently', 'server-state'],
    explanation:
      "The key is remembered, but the serialized value holds a stream's consumer groups, which XGROUP, XREADGROUP, XACK, XCLAIM and XSETID change with no invalidation, and a large hash or set's element order, which rehashing changes when other clients only read it.",
    note: 'Full for strings, lists, sorted sets and small (listpack or intset) hashes and sets. The serialized value carries no TTL; pair it with PEXPIRETIME, which is covered.',
    noloop:
      "Its own PFCOUNT of a HyperLogLog key rewrites the key's bytes (the cached cardinality) with no invalidation to it.",
  },
  touch: tracked('Every key is remembered; creating or deleting one sends an invalidation.', {
    note: 'TOUCH itself resets the idle time and raises the LFU counter of its keys without any invalidation, as every read does, which is why OBJECT IDLETIME and OBJECT FREQ are not covered.',
  }),
  expiretime: tracked('The key is remembered; EXPIRE, PERSIST and deletion send an invalidation.'),
  pexpiretime: tracked('The key is remembered; EXPIRE, PERSIST and deletion send an invalidation.'),
  ttl: withTime(
    'The key is remembered, but the remaining time shrinks every second with no write, so a cached TTL is wrong a second later.',
    {
      note: 'Cache EXPIRETIME (absolute, covered) and compute the remaining time on the client instead.',
    },
  ),
  pttl: withTime('The key is remembered, but the remaining time shrinks every millisecond with no write.', {
    note: 'Cache PEXPIRETIME (absolute, covered) and compute the remaining time on the client instead.',
  }),
  'object|idletime': withTime(
    'The idle time grows with the clock and resets on any access, and neither sends an invalidation.',
  ),
  // The counter also decays by elapsed minutes over lfu-decay-time on its next access (evict.c LFUDecrAndReturn):
  // time-dependent, besides changing with every read.
  'object|freq': {
    reasons: ['tracked-keys', 'server-state', 'time-dependent'],
    explanation:
      'The LFU counter rises with every access and decays with time, and neither sends an invalidation.',
  },
  // Measured: shared integers report 2147483647 on Valkey 8.0 and Redis, every value 1 on Valkey 8.1 and 9.1;
  // reads by other clients and other keys taking the same value never change it.
  'object|refcount': tracked(
    'The key is remembered, and the count is fixed when the value is written: a shared value (a small integer on Valkey 8.0 and Redis) always reports 2147483647, any other value 1, so only writes to the key, which invalidate it, change the reply.',
    {
      note: 'The number is internal bookkeeping that differs between servers (Valkey 8.1 and later share no values), not data to rely on.',
    },
  ),
  'object|encoding': tracked(
    'The key is remembered, and encodings convert only inside writes to the key, which invalidate it.',
    {
      note: 'Its nondeterministic_output tip is about servers and versions differing, not about change without a write; none was found (measured).',
    },
  ),
  'memory|usage': {
    reasons: ['tracked-keys', 'server-state'],
    explanation:
      'The key is remembered, but the reported bytes depend on allocator and hash-table state (rehashing, defragmentation) that changes without a write, and large collections are only sampled.',
  },
  randomkey: {
    reasons: ['no-key-args', 'random-output'],
    explanation: 'Names no key, so nothing is remembered, and the reply is random anyway.',
  },
  // TIME is flagged neither readonly nor write, so metadata alone would file it as server control; its reply is
  // the server clock (server.c timeCommand), which changes every microsecond with no write and no key.
  time: {
    reasons: ['no-key-args', 'time-dependent'],
    explanation:
      'Names no key, so nothing is remembered, and the reply is the server clock: it changes every microsecond with no write.',
  },
  dbsize: {
    reasons: ['no-key-args'],
    readsKeyspace: true,
    explanation:
      'Names no key, so nothing is remembered: creating or deleting any key changes the count with no invalidation.',
  },
  keys: {
    reasons: ['key-pattern'],
    patternArgument: { position: 1 },
    explanation: 'No key is remembered, so a new or deleted matching key never invalidates the cached reply.',
  },
  scan: {
    reasons: ['key-pattern'],
    readsKeyspace: true,
    patternArgument: { afterToken: 'MATCH' },
    explanation:
      'No key is remembered, so a new or deleted key never invalidates a cached page of the iteration.',
    note: 'Under BCAST with a prefix that covers the MATCH pattern every change to a matching key is announced; a page can still shift when the keyspace is resized, so cache whole iterations, not pages.',
  },
  lolwut: {
    reasons: ['admin'],
    explanation: 'Reads no data: the art depends on the server version and its arguments only.',
  },
  sort_ro: tracked('The sorted key is remembered; every write to it sends an invalidation.', {
    conditions: [sortUndeclared, nosortPage],
    note: 'Covered only without BY and GET patterns; `BY nosort` and `GET #` name no other key and keep it full, except that `BY nosort LIMIT` on a set takes a page of its unstable order. On a list or sorted set `BY nosort LIMIT` is full.',
  }),
  sort: {
    reasons: ['not-readonly'],
    explanation:
      'SORT is flagged as a write (it has a STORE form), so the server remembers none of its keys even when it only reads: use SORT_RO.',
    conditions: [
      {
        anyToken: ['STORE'],
        reasons: ['write'],
        explanation: 'With STORE, SORT writes the destination key; its reply is not a cacheable read.',
      },
      // The BY and GET patterns matter under BCAST, which announces the sorted key's writes whatever the flag.
      {
        ...sortUndeclared,
        reasons: ['not-readonly', 'undeclared-keys'],
        explanation:
          'SORT is flagged as a write (it has a STORE form), so the server remembers none of its keys even when it only reads, nor the keys the BY and GET patterns name: use SORT_RO, with BCAST prefixes covering the patterns.',
      },
    ],
  },

  // Hashes
  hget: hashRead(tracked('The key is remembered; every write to the hash sends an invalidation.')),
  hmget: hashRead(tracked('The key is remembered; every write to the hash sends an invalidation.')),
  hgetall: hashRead(
    tracked(`The key is remembered; every write to the hash sends an invalidation. ${unstableOrder}`),
  ),
  hkeys: hashRead(
    tracked(`The key is remembered; every write to the hash sends an invalidation. ${unstableOrder}`),
  ),
  hvals: hashRead(
    tracked(`The key is remembered; every write to the hash sends an invalidation. ${unstableOrder}`),
  ),
  hlen: tracked('The key is remembered; every write to the hash sends an invalidation.', {
    note: 'Fields with a TTL too: HLEN counts an expired field until the server deletes it, and the deletion sends an invalidation (measured).',
  }),
  httl: hashRead(
    withTime(
      'The key is remembered, but the remaining time of each field shrinks every second with no write.',
      {
        note: 'Cache HEXPIRETIME (absolute, covered) and compute the remaining time on the client instead.',
      },
    ),
  ),
  hpttl: hashRead(
    withTime(
      'The key is remembered, but the remaining time of each field shrinks every millisecond with no write.',
      {
        note: 'Cache HPEXPIRETIME (absolute, covered) and compute the remaining time on the client instead.',
      },
    ),
  ),
  hexpiretime: hashRead(
    tracked(
      'The key is remembered; HEXPIRE, HPERSIST and every other write to the hash send an invalidation.',
    ),
  ),
  hpexpiretime: hashRead(
    tracked(
      'The key is remembered; HEXPIRE, HPERSIST and every other write to the hash send an invalidation.',
    ),
  ),
  hgetex: notReadonlyRead('HGETEX', ['EX', 'PX', 'EXAT', 'PXAT', 'PERSIST'], 'the hash'),
  hexists: hashRead(tracked('The key is remembered; every write to the hash sends an invalidation.')),
  hstrlen: hashRead(tracked('The key is remembered; every write to the hash sends an invalidation.')),
  hrandfield: hashRead(random('The key is remembered, but the fields are chosen at random on every call.')),
  hscan: hashRead(cursorScan('hash')),

  // Lists
  lrange: tracked('The key is remembered; every write to the list sends an invalidation.'),
  lindex: tracked('The key is remembered; every write to the list sends an invalidation.'),
  llen: tracked('The key is remembered; every write to the list sends an invalidation.'),
  lpos: tracked('The key is remembered; every write to the list sends an invalidation.'),

  // Sets
  smembers: tracked(`The key is remembered; every write to the set sends an invalidation. ${unstableOrder}`),
  sismember: tracked('The key is remembered; every write to the set sends an invalidation.'),
  smismember: tracked('The key is remembered; every write to the set sends an invalidation.'),
  scard: tracked('The key is remembered; every write to the set sends an invalidation.'),
  sinter: tracked(`Every key is remembered; a write to any of them sends an invalidation. ${unstableOrder}`),
  sintercard: tracked('Every key is remembered; a write to any of them sends an invalidation.'),
  sunion: tracked(`Every key is remembered; a write to any of them sends an invalidation. ${unstableOrder}`),
  sdiff: tracked(`Every key is remembered; a write to any of them sends an invalidation. ${unstableOrder}`),
  srandmember: random('The key is remembered, but the members are chosen at random on every call.'),
  sscan: cursorScan('set'),

  // Sorted sets
  zrange: tracked('The key is remembered; every write to the sorted set sends an invalidation.'),
  zrangebyscore: tracked('The key is remembered; every write to the sorted set sends an invalidation.'),
  zrangebylex: tracked('The key is remembered; every write to the sorted set sends an invalidation.'),
  zrevrange: tracked('The key is remembered; every write to the sorted set sends an invalidation.'),
  zrevrangebyscore: tracked('The key is remembered; every write to the sorted set sends an invalidation.'),
  zrevrangebylex: tracked('The key is remembered; every write to the sorted set sends an invalidation.'),
  zscore: tracked('The key is remembered; every write to the sorted set sends an invalidation.'),
  zmscore: tracked('The key is remembered; every write to the sorted set sends an invalidation.'),
  zrank: tracked('The key is remembered; every write to the sorted set sends an invalidation.'),
  zrevrank: tracked('The key is remembered; every write to the sorted set sends an invalidation.'),
  zcard: tracked('The key is remembered; every write to the sorted set sends an invalidation.'),
  zcount: tracked('The key is remembered; every write to the sorted set sends an invalidation.'),
  zlexcount: tracked('The key is remembered; every write to the sorted set sends an invalidation.'),
  zinter: tracked('Every key is remembered; a write to any of them sends an invalidation.'),
  zintercard: tracked('Every key is remembered; a write to any of them sends an invalidation.'),
  zunion: tracked('Every key is remembered; a write to any of them sends an invalidation.'),
  zdiff: tracked('Every key is remembered; a write to any of them sends an invalidation.'),
  zrandmember: random('The key is remembered, but the members are chosen at random on every call.'),
  zscan: cursorScan('sorted set'),

  // Geo (sorted sets underneath)
  geopos: tracked('The key is remembered; every write to it sends an invalidation.'),
  geodist: tracked('The key is remembered; every write to it sends an invalidation.'),
  geohash: tracked('The key is remembered; every write to it sends an invalidation.'),
  geosearch: tracked('The key is remembered; every write to it sends an invalidation.'),
  georadius_ro: tracked('The key is remembered; every write to it sends an invalidation.'),
  georadiusbymember_ro: tracked('The key is remembered; every write to it sends an invalidation.'),
  georadius: notReadonlyRead('GEORADIUS', ['STORE', 'STOREDIST'], 'the key'),
  georadiusbymember: notReadonlyRead('GEORADIUSBYMEMBER', ['STORE', 'STOREDIST'], 'the key'),

  // HyperLogLog
  pfcount: tracked('Every key is remembered; PFADD and PFMERGE send an invalidation.', {
    note: 'PFCOUNT on one key may rewrite its cached cardinality, which announces the key to tracking clients too.',
  }),

  // Streams
  xrange: tracked('The key is remembered; XADD, XDEL and XTRIM send an invalidation.'),
  xrevrange: tracked('The key is remembered; XADD, XDEL and XTRIM send an invalidation.'),
  xlen: tracked('The key is remembered; XADD, XDEL and XTRIM send an invalidation.'),
  xread: tracked('The keys are remembered; XADD, XDEL and XTRIM send an invalidation.', {
    note: 'With BLOCK too: the keys are remembered whether the call returns at once, is served by a later XADD, or times out (measured).',
    // Measured: on Valkey, XSETID past the last entry empties `XREAD ... +` with no invalidation; Redis 8.0
    // keeps returning the last entry. Redis 7.0 has no `+` id.
    perVersion: {
      valkey: {
        reasons: ['tracked-keys'],
        explanation: 'The keys are remembered; XADD, XDEL and XTRIM send an invalidation.',
        conditions: [
          {
            anyToken: ['+'],
            label: 'the id +',
            reasons: ['tracked-keys', 'changed-silently'],
            explanation:
              'With the id `+` (the last entry), XSETID past the last entry makes the reply empty, and XSETID sends no invalidation.',
          },
        ],
      },
    },
    serverDifference:
      'On Valkey, `XREAD ... STREAMS key +` goes empty after XSETID with no invalidation; Redis 8.0 keeps returning the last entry, and Redis 7.0 has no `+` id.',
  }),
  // Measured: XREADGROUP, XACK, XCLAIM, XAUTOCLAIM, XGROUP * and XSETID change this state without invalidating
  // the stream key (curated/writes.ts), so every read of consumer-group state is at best partial.
  'xinfo|stream': {
    reasons: ['tracked-keys', 'changed-silently'],
    explanation:
      'The key is remembered, but the consumer-group part of the reply and the last id change through XREADGROUP, XACK, XCLAIM and XSETID, which send no invalidation.',
    note: 'Full for a stream without consumer groups whose id is never set with XSETID.',
  },
  'xinfo|groups': {
    reasons: ['tracked-keys', 'changed-silently'],
    explanation:
      'The key is remembered, but pending counts, last-delivered id and lag change through XREADGROUP, XACK and XCLAIM, which send no invalidation.',
  },
  'xinfo|consumers': {
    reasons: ['tracked-keys', 'time-dependent', 'changed-silently'],
    explanation:
      "Each consumer's idle and inactive times grow with the clock, and its pending count changes through XREADGROUP and XACK, none of which sends an invalidation.",
  },
  xpending: {
    reasons: ['tracked-keys', 'changed-silently'],
    explanation:
      'The key is remembered, but the pending list changes through XREADGROUP, XACK and XCLAIM, which send no invalidation.',
    conditions: [
      {
        anyToken: ['IDLE'],
        minWords: 6,
        label: 'the extended form (start end count)',
        reasons: ['tracked-keys', 'time-dependent', 'changed-silently'],
        explanation:
          "The extended form also reports each pending entry's idle time, which grows with the clock, and the pending list changes through XREADGROUP, XACK and XCLAIM without an invalidation.",
      },
    ],
  },

  // Vector sets (Redis 8.0)
  vcard: vectorRead(
    'The key is remembered; VADD, VREM and every other write to the vector set send an invalidation.',
  ),
  vdim: vectorRead('The key is remembered; every write to the vector set sends an invalidation.'),
  vemb: vectorRead('The key is remembered; VADD and VREM send an invalidation.'),
  vinfo: vectorRead('The key is remembered; every write to the vector set sends an invalidation.'),
  vgetattr: vectorRead('The key is remembered; VSETATTR and VADD ... SETATTR send an invalidation.'),
  vlinks: vectorRead('The key is remembered; VADD and VREM, which relink the graph, send an invalidation.'),
  vismember: vectorRead('The key is remembered; VADD and VREM send an invalidation.'),
  vsim: vectorRead(
    'The key is remembered; VADD, VREM and VSETATTR, which change the graph, the vectors or what FILTER sees, send an invalidation.',
  ),
  vrandmember: {
    ...random('The key is remembered, but the elements are chosen at random on every call.'),
    note: 'Random even with a count at least the size of the set: the elements come in a different order on every call (measured), though Redis 8.0 gives it no nondeterministic_output tip.',
  },

  // Server introspection (Valkey 8.1 on): admin reads that no key invalidates.
  'commandlog|get': {
    reasons: ['admin'],
    explanation:
      'The command log (slow commands, large requests and replies) grows with every command logged, on any key or none, and nothing invalidates it.',
  },
  'commandlog|len': {
    reasons: ['admin'],
    explanation:
      'The number of logged commands grows with every command logged, on any key or none, and nothing invalidates it.',
  },

  // Cluster
  clusterscan: {
    reasons: ['key-pattern'],
    readsKeyspace: true,
    patternArgument: { afterToken: 'MATCH' },
    explanation:
      "It iterates the cluster's keys by cursor and remembers none of them, so a new or deleted key never invalidates a cached page.",
    note: 'Cluster mode only. Its cursor has a key spec flagged NOT_KEY, which is no key to remember.',
  },

  // Scripts and functions
  eval_ro: scriptRead('read-only script'),
  evalsha_ro: scriptRead('read-only script', codeByDigest),
  fcall_ro: scriptRead('read-only function', codeInLibrary),
  eval: scriptRead('script'),
  evalsha: scriptRead('script', codeByDigest),
  fcall: scriptRead('function', codeInLibrary),
};
