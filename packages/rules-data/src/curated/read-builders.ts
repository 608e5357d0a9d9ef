import type { CuratedCondition, CuratedEntry } from './curated-types.js';

// The building blocks of curated/reads.ts: one shape per kind of read, each with the measurement behind it.

export const tracked = (explanation: string, extra: Partial<CuratedEntry> = {}): CuratedEntry => ({
  reasons: ['tracked-keys'],
  explanation,
  ...extra,
});

export const withTime = (explanation: string, extra: Partial<CuratedEntry> = {}): CuratedEntry => ({
  reasons: ['tracked-keys', 'time-dependent'],
  explanation,
  ...extra,
});

// Measured: with a count at least the size of the collection, SRANDMEMBER, HRANDFIELD and ZRANDMEMBER return
// every element in the collection's own order, the same on every call; VRANDMEMBER shuffles even then.
export const random = (explanation: string, extra: Partial<CuratedEntry> = {}): CuratedEntry => ({
  reasons: ['tracked-keys', 'random-output'],
  explanation,
  note: 'With a positive count at least the size of the collection the reply is not random: every element, in the same order on every call, so only writes (which invalidate) change it.',
  ...extra,
});

// Measured on every server: in a large hash or set the order of the elements changes when the server
// rehashes it, which other clients' reads alone finish (dict.c _dictRehashStep); the elements stay the same.
export const unstableOrder =
  'The order of the elements is not stable: in a large collection it changes when the server rehashes it, even when other clients only read it, so compare the reply as a set.';

/**
 * Hash fields with a TTL (HEXPIRE, HSETEX ... EX; Valkey 9.0 and Redis 7.4 on) expire without a write: an
 * expired field is invalidated only when the server deletes it, which the active expire cycle does within
 * about 100 ms and never while it lags or is off (measured). Until then a read hides the field, so the cached
 * reply still holds it. Redis 8.0 also deletes an expired field lazily when HGET, HMGET, HEXISTS, HSTRLEN or
 * HRANDFIELD reads it, invalidating it then; HGETALL, HKEYS and HVALS only hide it; Valkey 9 never deletes
 * lazily.
 */
export const fieldTtl = (base: CuratedEntry): CuratedCondition => ({
  anyToken: [],
  keyState: 'hash-field-ttl',
  servers: ['valkey >=9.0', 'redis >=7.4'],
  label: 'fields with a TTL',
  reasons: [...new Set([...base.reasons, 'field-expiry' as const])],
  explanation:
    "The hash's fields carry TTLs: an expired field is invalidated only when the server deletes it (the active expire cycle, within about 100 ms, later while it lags and never while it is off), and until then the cached reply still holds the field.",
});

/** A hash read whose reply hides expired fields: partial when the key's fields carry TTLs. */
export const hashRead = (entry: CuratedEntry): CuratedEntry => ({
  ...entry,
  conditions: [...(entry.conditions ?? []), fieldTtl(entry)],
  serverDifference:
    'Hash field expiry exists on Valkey 9.0 and Redis 7.4 on. Redis 8.0 deletes an expired field when HGET, HMGET, HEXISTS, HSTRLEN or HRANDFIELD reads it (invalidating it then) while HGETALL, HKEYS and HVALS only hide it; Valkey 9 deletes fields only in the active expire cycle.',
});

/** Vector-set reads (Redis 8.0): their key specs say RW, but they are flagged readonly and the key is remembered. */
export const vectorRead = (explanation: string, extra: Partial<CuratedEntry> = {}): CuratedEntry =>
  tracked(explanation, {
    note: 'Its key spec is marked RW although the command is flagged readonly: tracking remembers the key all the same (measured), so never judge from key-spec flags alone.',
    ...extra,
  });

export const cursorScan = (type: string): CuratedEntry => ({
  reasons: ['tracked-keys', 'cursor'],
  explanation: `The key is remembered, but a page of a ${type} iteration can change when the collection is rehashed, which the server finishes over time with no write.`,
  note: `Full in practice while the ${type} is small enough for a compact encoding (listpack/intset): then one call returns every element whatever the cursor.`,
});

// Measured: Valkey (8.0 to 9.1) and Redis 8.0 remember every key a script's read commands touch, declared or
// not; Redis 7.0 remembers only the keys the script declares. None announces SCRIPT FLUSH or FUNCTION
// LOAD/DELETE/FLUSH/RESTORE.
export const scriptRead = (what: string, codeChanges?: string): CuratedEntry => ({
  reasons: ['tracked-keys', 'script'],
  explanation: `The ${what}'s keys are remembered, but ${codeChanges ? `${codeChanges}, and ` : ''}a script that reads the time or random data changes its reply with no write.`,
  note: 'Measured full for a deterministic script that declares every key it reads and whose code cannot change under it (EVAL/EVAL_RO carry their code in the arguments).',
  serverDifference:
    'Valkey and Redis 8.0 remember the keys the script reads without declaring them; Redis 7.0 remembers only declared keys, so on Redis 7.0 a script that reads an undeclared key is never invalidated for it.',
  perVersion: {
    'redis <8.0': {
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

export const codeByDigest =
  'SCRIPT FLUSH empties the script cache with no invalidation (the cached reply stands where the server now answers NOSCRIPT)';
export const codeInLibrary = 'FUNCTION LOAD REPLACE, DELETE and FLUSH change the code with no invalidation';

export const notReadonlyRead = (name: string, writeTokens: string[], what: string): CuratedEntry => ({
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

export const sortUndeclared: CuratedCondition = {
  anyToken: ['BY', 'GET'],
  reasons: ['tracked-keys', 'undeclared-keys'],
  explanation:
    'The sorted key is remembered, but the keys named by the BY and GET patterns are not, so changing a weight or a fetched key never invalidates the cached reply.',
  patternAfterTokens: ['BY', 'GET'],
};

// Measured: with NOLOOP, a client's own PFCOUNT rewrites the HyperLogLog's bytes (its cached cardinality)
// and sends it no invalidation (with the default mode it does).
export const ownPfcount =
  "Its own PFCOUNT of a HyperLogLog key rewrites the key's bytes (the cached cardinality) with no invalidation to it, so its cached GET, GETRANGE or BITCOUNT of that key goes stale.";

// Measured on every server: SORT_RO on a set with BY nosort returns the set's own order, and LIMIT a page of it,
// which rehashing changes when other clients only read the set.
export const nosortPage: CuratedCondition = {
  anyToken: [],
  allTokens: ['NOSORT', 'LIMIT'],
  label: 'BY nosort LIMIT',
  reasons: ['tracked-keys', 'cursor'],
  explanation:
    "With BY nosort and LIMIT on a set, the reply is a page of the set's own order, which changes when the server rehashes the set, even when other clients only read it.",
};
