import type { VersionSelector } from '../versions/version-selector.js';

/** A source of change that is not a command on a key, and what tracking clients hear of it. */
export interface ChangeSource {
  name: string;
  /** `on-delete`: only when the server actually deletes the key; `flush`: one flush message (null) for everything. */
  invalidation: 'per-key' | 'on-delete' | 'flush' | 'none';
  explanation: string;
  /** The server versions it was measured on. */
  servers: VersionSelector[];
  evidence: string[];
}

// Measured by test/integration/change-sources.test.ts on every server of the test command.
export const changeSources: ChangeSource[] = [
  {
    name: 'expiry',
    invalidation: 'on-delete',
    explanation:
      "A key whose TTL has passed is invalidated only when the server deletes it: on the next access, or when the active expire cycle samples it (measured: within 600 ms with active expiry on, never with it off). A cached copy can be served after the TTL until then, so bound cache entries by the key's expiry. Under NOLOOP, when the client's own read is the access that deletes the key, it gets no invalidation for its other cached reads of that key; BCAST with NOLOOP does deliver it.",
    servers: ['valkey', 'redis'],
    evidence: [
      'measured:expiry-lazy',
      'measured:expiry-active',
      'measured:noloop-own-expiry',
      'measured:bcast-noloop-own-expiry',
    ],
  },
  {
    name: 'hash field expiry',
    invalidation: 'on-delete',
    explanation:
      'A hash field whose TTL has passed (HEXPIRE, HSETEX ... EX) is invalidated only when the server deletes it: the active expire cycle does within about 100 ms, never while it lags or is off. Until then reads hide the field, so cached hash reads still hold it. Redis 8.0 also deletes an expired field when HGET, HMGET, HEXISTS, HSTRLEN or HRANDFIELD reads it and invalidates it then, while HGETALL, HKEYS and HVALS only hide it; Valkey 9 has no lazy field expiry. Hash reads of such keys are partial: `categorize(argv, { hashFieldTtl: true })`.',
    servers: ['valkey >=9.0', 'redis >=8.0'],
    evidence: ['measured:field-expiry-active', 'measured:field-expiry-off'],
  },
  {
    name: 'eviction',
    invalidation: 'per-key',
    explanation: 'A key evicted under maxmemory is invalidated like a deleted key.',
    servers: ['valkey', 'redis'],
    evidence: ['measured:eviction'],
  },
  {
    name: 'flushdb/flushall',
    invalidation: 'flush',
    explanation:
      'FLUSHDB and FLUSHALL (also ASYNC) send one flush message with a null payload to every tracking client instead of one per key; a client that ignores it keeps every cached entry.',
    servers: ['valkey', 'redis'],
    evidence: ['measured:flushdb', 'measured:flushall-async'],
  },
  {
    name: 'swapdb',
    invalidation: 'none',
    explanation:
      'SWAPDB exchanges two whole databases and tells no tracking client: every cached read of either database is stale. Treat it like a flush.',
    servers: ['valkey', 'redis'],
    evidence: ['measured:swapdb'],
  },
];
