import type { CuratedCondition, CuratedEntry } from './curated-types.js';

// The curated judgement for every command that reads data, by the server's own name. Commands not listed here
// are classified from their metadata (write flag, pubsub and admin categories) in ../build/classify.ts, which
// fails loudly on a readonly command missing from this table. Categories are derived from the reasons
// (../build/category-of.ts); evidence is the integration suite in test/integration/.

const tracked = (explanation: string, extra: Partial<CuratedEntry> = {}): CuratedEntry => ({
  reasons: ['tracked-keys'],
  explanation,
  ...extra,
});

const withTime = (explanation: string, extra: Partial<CuratedEntry> = {}): CuratedEntry => ({
  reasons: ['tracked-keys', 'time-dependent'],
  explanation,
  ...extra,
});

const random = (explanation: string, extra: Partial<CuratedEntry> = {}): CuratedEntry => ({
  reasons: ['tracked-keys', 'random-output'],
  explanation,
  note: 'With a count at least the size of the collection the reply holds every element, but in random order.',
  ...extra,
});

const cursorScan = (type: string): CuratedEntry => ({
  reasons: ['tracked-keys', 'cursor'],
  explanation: `The key is remembered, but a page of a ${type} iteration can change when the collection is rehashed, which the server finishes over time with no write.`,
  note: `Full in practice while the ${type} is small enough for a compact encoding (listpack/intset): then one call returns every element whatever the cursor.`,
});

// Measured: Valkey 8.0 remembers every key a script's read commands touch, declared or not; Redis 7.0 remembers
// only the keys the script declares. Neither announces SCRIPT FLUSH or FUNCTION LOAD/DELETE/FLUSH/RESTORE.
const scriptRead = (what: string, codeChanges?: string): CuratedEntry => ({
  reasons: ['tracked-keys', 'script'],
  explanation: `The ${what}'s keys are remembered, but ${codeChanges ? `${codeChanges}, and ` : ''}a script that reads the time or random data changes its reply with no write.`,
  note: 'Measured full for a deterministic script that declares every key it reads and whose code cannot change under it (EVAL/EVAL_RO carry their code in the arguments).',
  serverDifference:
    'Valkey 8.0 remembers the keys the script reads without declaring them; Redis 7.0 remembers only declared keys, so on Redis a script that reads an undeclared key is never invalidated for it.',
  perServer: {
    redis: {
      reasons: ['tracked-keys', 'script', 'undeclared-keys'],
      explanation: `Redis 7.0 remembers only the keys the ${what} declares: a key it reads without declaring it never invalidates the cached reply${codeChanges ? `, and ${codeChanges}` : ''}.`,
      conditions: [
        {
          anyToken: [],
          noKeys: true,
          label: 'no declared key',
          reasons: ['script', 'undeclared-keys'],
          explanation: `The ${what} declares no key, and Redis 7.0 remembers only declared keys: nothing it reads is ever invalidated.`,
        },
      ],
    },
  },
});

const codeByDigest =
  'SCRIPT FLUSH empties the script cache with no invalidation (the cached reply stands where the server now answers NOSCRIPT)';
const codeInLibrary = 'FUNCTION LOAD REPLACE, DELETE and FLUSH change the code with no invalidation';

const notReadonlyRead = (name: string, writeTokens: string[], what: string): CuratedEntry => ({
  reasons: ['not-readonly'],
  explanation: `${name} is flagged as a write, so the server remembers none of its keys even when it only reads: no change to ${what} ever invalidates a cached reply.`,
  conditions: [
    {
      anyToken: writeTokens,
      reasons: ['write'],
      explanation: `With ${writeTokens.join('/')}, ${name} writes; its reply is not a cacheable read.`,
    },
  ],
});

const sortUndeclared: CuratedCondition = {
  anyToken: ['BY', 'GET'],
  reasons: ['tracked-keys', 'undeclared-keys'],
  explanation:
    'The sorted key is remembered, but the keys named by the BY and GET patterns are not, so changing a weight or a fetched key never invalidates the cached reply.',
  patternAfterTokens: ['BY', 'GET'],
};

export const curatedReads: Record<string, CuratedEntry> = {
  // Strings and bitmaps
  get: tracked('The key is remembered; every write to it, its expiry or deletion sends an invalidation.'),
  mget: tracked('Every key is remembered; a write to any of them sends an invalidation for that key.'),
  getrange: tracked('The key is remembered; every write to it sends an invalidation.'),
  substr: tracked('The key is remembered; every write to it sends an invalidation.'),
  strlen: tracked('The key is remembered; every write to it sends an invalidation.'),
  getbit: tracked('The key is remembered; every write to it sends an invalidation.'),
  bitcount: tracked('The key is remembered; every write to it sends an invalidation.'),
  bitpos: tracked('The key is remembered; every write to it sends an invalidation.'),
  bitfield_ro: tracked('The key is remembered; every write to it sends an invalidation.'),
  lcs: tracked('Both keys are remembered; a write to either sends an invalidation.'),
  bitfield: notReadonlyRead('BITFIELD', ['SET', 'INCRBY'], 'the key'),
  getex: notReadonlyRead('GETEX', ['EX', 'PX', 'EXAT', 'PXAT', 'PERSIST'], 'the key'),

  // Generic keyspace
  exists: tracked('Every key is remembered; creating, changing or deleting one sends an invalidation.'),
  type: tracked('The key is remembered; deleting or recreating it sends an invalidation.'),
  dump: tracked('The key is remembered; every write to its value sends an invalidation.', {
    note: 'The serialized value carries no TTL; pair it with PEXPIRETIME, which is covered too.',
  }),
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
  'object|refcount': {
    reasons: ['tracked-keys', 'server-state'],
    explanation:
      'The reference count of a shared object changes when other keys take or drop the same shared value, with no write to this key.',
  },
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
    reasons: ['no-key-args'],
    explanation: 'Reads no data; the art depends on the server version and its arguments.',
  },
  sort_ro: tracked('The sorted key is remembered; every write to it sends an invalidation.', {
    conditions: [sortUndeclared],
    note: 'Covered only without BY and GET patterns; `BY nosort` and `GET #` name no other key and keep it full.',
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
    ],
  },

  // Hashes
  hget: tracked('The key is remembered; every write to the hash sends an invalidation.'),
  hmget: tracked('The key is remembered; every write to the hash sends an invalidation.'),
  hgetall: tracked('The key is remembered; every write to the hash sends an invalidation.'),
  hkeys: tracked('The key is remembered; every write to the hash sends an invalidation.'),
  hvals: tracked('The key is remembered; every write to the hash sends an invalidation.'),
  hlen: tracked('The key is remembered; every write to the hash sends an invalidation.'),
  hexists: tracked('The key is remembered; every write to the hash sends an invalidation.'),
  hstrlen: tracked('The key is remembered; every write to the hash sends an invalidation.'),
  hrandfield: random('The key is remembered, but the fields are chosen at random on every call.'),
  hscan: cursorScan('hash'),

  // Lists
  lrange: tracked('The key is remembered; every write to the list sends an invalidation.'),
  lindex: tracked('The key is remembered; every write to the list sends an invalidation.'),
  llen: tracked('The key is remembered; every write to the list sends an invalidation.'),
  lpos: tracked('The key is remembered; every write to the list sends an invalidation.'),

  // Sets
  smembers: tracked('The key is remembered; every write to the set sends an invalidation.'),
  sismember: tracked('The key is remembered; every write to the set sends an invalidation.'),
  smismember: tracked('The key is remembered; every write to the set sends an invalidation.'),
  scard: tracked('The key is remembered; every write to the set sends an invalidation.'),
  sinter: tracked('Every key is remembered; a write to any of them sends an invalidation.'),
  sintercard: tracked('Every key is remembered; a write to any of them sends an invalidation.'),
  sunion: tracked('Every key is remembered; a write to any of them sends an invalidation.'),
  sdiff: tracked('Every key is remembered; a write to any of them sends an invalidation.'),
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

  // Scripts and functions
  eval_ro: scriptRead('read-only script'),
  evalsha_ro: scriptRead('read-only script', codeByDigest),
  fcall_ro: scriptRead('read-only function', codeInLibrary),
  eval: scriptRead('script'),
  evalsha: scriptRead('script', codeByDigest),
  fcall: scriptRead('function', codeInLibrary),
};
