import type { ServerKind } from '../metadata/types.js';

/** A source of change that is not a command on a key, and what tracking clients hear of it. */
export interface ChangeSource {
  name: string;
  /** `on-delete`: only when the server actually deletes the key; `flush`: one flush message (null) for everything. */
  invalidation: 'per-key' | 'on-delete' | 'flush' | 'none';
  explanation: string;
  servers: ServerKind[];
  evidence: string[];
}

// Measured by test/integration/change-sources.test.ts on both servers.
export const changeSources: ChangeSource[] = [
  {
    name: 'expiry',
    invalidation: 'on-delete',
    explanation:
      "A key whose TTL has passed is invalidated only when the server deletes it: on the next access, or when the active expire cycle samples it (measured: within 600 ms with active expiry on, never with it off). A cached copy can be served after the TTL until then, so bound cache entries by the key's expiry.",
    servers: ['valkey', 'redis'],
    evidence: ['measured:expiry-lazy', 'measured:expiry-active'],
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
