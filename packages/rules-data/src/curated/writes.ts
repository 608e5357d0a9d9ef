import type { FieldTtlEnd, SilentWrite } from './curated-types.js';

// The writer side, measured by the writer sweep (test/integration/writer-sweep.test.ts) on both servers: every
// write command runs against keys a tracking client has read, and each key whose DUMP or expiry changed must
// have been invalidated. These changed data with no invalidation, identically on Valkey 8.0.1 and Redis 7.0.15
// (confirmed with a second, raw RESP3 client for XSETID, XGROUP CREATE, XACK, XREADGROUP and SWAPDB).

const both = ['valkey', 'redis'];
const consumerState = (what: string, id: string): SilentWrite => ({
  explanation: `It changes the stream's consumer-group state (${what}) without invalidating the stream key, so cached XINFO and XPENDING replies go stale.`,
  servers: [...both],
  evidence: [`measured:${id}`],
});
const functionCode = (what: string, id: string): SilentWrite => ({
  explanation: `It ${what} with no invalidation, so cached FCALL/FCALL_RO replies keep the old code's answer.`,
  servers: [...both],
  evidence: [`measured:${id}`],
});

export const silentWrites: Record<string, SilentWrite> = {
  'xgroup|create': consumerState(
    'a new group; with MKSTREAM creating the stream, the key is invalidated',
    'xgroup-create',
  ),
  'xgroup|createconsumer': consumerState('a new consumer', 'xgroup-createconsumer'),
  'xgroup|delconsumer': consumerState('a consumer and its pending entries removed', 'xgroup-delconsumer'),
  'xgroup|destroy': consumerState('a group removed', 'xgroup-destroy'),
  'xgroup|setid': consumerState("the group's last-delivered id", 'xgroup-setid'),
  xreadgroup: consumerState('delivered entries added to the pending list, NOACK too', 'xreadgroup'),
  xack: consumerState('entries removed from the pending list', 'xack'),
  xclaim: consumerState('pending entries moved to another consumer', 'xclaim'),
  xautoclaim: consumerState('pending entries moved to another consumer', 'xautoclaim'),
  xsetid: {
    explanation:
      "It changes the stream's last id and entries-added counter without invalidating the stream key, so cached XINFO STREAM replies go stale.",
    servers: [...both],
    evidence: ['measured:xsetid'],
  },
  swapdb: {
    explanation:
      'It exchanges two whole databases and sends no invalidation at all: every cached read of either database is stale.',
    servers: [...both],
    evidence: ['measured:swapdb'],
  },
  pfdebug: {
    explanation:
      'PFDEBUG TODENSE rewrites the HyperLogLog representation with no invalidation (the DUMP changes, the count does not).',
    servers: [...both],
    evidence: ['measured:pfdebug'],
  },
  'function|load': functionCode('loads or replaces library code', 'function-load'),
  'function|delete': functionCode('deletes library code', 'function-delete'),
  'function|flush': functionCode('deletes all library code', 'function-flush'),
  'function|restore': functionCode('replaces library code', 'function-restore'),
  'script|flush': {
    explanation:
      'Not flagged as a write, but it empties the script cache with no invalidation: cached EVALSHA/EVALSHA_RO replies stand where the server would now answer NOSCRIPT.',
    servers: [...both],
    evidence: ['measured:script-flush'],
  },
};

/** Every other write command: the sweep saw it invalidate every key it changed (MIGRATE cannot run against itself). */
export const measuredWrites = { evidence: 'measured:writer-sweep', except: ['migrate'] } as const;

/**
 * Writes that give hash fields a TTL, and the tokens that make them do so (none: always). Hash reads of
 * those keys are partial (`categorize(argv, { hashFieldTtl })`); `hashFieldTtlKeys(argv)` reads this.
 */
export const fieldTtlWrites: Record<string, string[]> = {
  hexpire: [],
  hpexpire: [],
  hexpireat: [],
  hpexpireat: [],
  hsetex: ['EX', 'PX', 'EXAT', 'PXAT'],
  hgetex: ['EX', 'PX', 'EXAT', 'PXAT'],
};

/**
 * What ends a key's field TTLs besides the rule `fieldTtlEffects` reads from key specs (a key a spec flags RM
 * is removed, one it flags OW with UPDATE has its whole value replaced: DEL, UNLINK, MSET, SETEX, SORT ...
 * STORE and the other STORE destinations). Keyed by the server's command name.
 */
export const fieldTtlEnds: Record<string, FieldTtlEnd> = {
  // Flagged RW for its GET option; it replaces the value unless NX (the key exists) or GET (a hash is refused).
  set: { kind: 'replaces', unlessToken: ['NX', 'GET'] },
  // The destination takes the source's value with its field TTLs; a RENAME leaves no source behind.
  rename: { kind: 'carries', moves: true, replaces: true },
  // Only when the destination does not exist; the source may stay.
  renamenx: { kind: 'carries', moves: false, replaces: false },
  // COPY ... REPLACE overwrites the destination; without it an existing destination stays.
  copy: { kind: 'carries', moves: false, replaces: 'REPLACE' },
  // The payload is a DUMP, which may be a hash with field TTLs; without REPLACE an existing key stays.
  restore: { kind: 'keeps' },
  'restore-asking': { kind: 'keeps' },
  // It deletes only a string equal to the value given: a hash is left alone.
  delifeq: { kind: 'keeps' },
  flushall: { kind: 'flushes' },
};
