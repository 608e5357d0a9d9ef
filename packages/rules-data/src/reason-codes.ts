/**
 * The closed set of reasons a command is or is not covered by CLIENT TRACKING. Every entry of the data
 * carries one or more of these; docs/commands.md and `valkey-track` print the `summary`.
 */
export const reasonCodes = [
  {
    code: 'tracked-keys',
    summary: 'The server remembers every key the reply depends on, and every change to them sends an invalidation.',
  },
  {
    code: 'write',
    summary: 'The command changes data; its reply is the result of a write, not a read to cache.',
  },
  {
    code: 'not-readonly',
    summary:
      'The command is not flagged readonly, so the server remembers none of its keys even when it only reads (e.g. SORT or GEORADIUS without STORE).',
  },
  {
    code: 'no-key-args',
    summary: 'The reply depends on the whole keyspace or server state but names no key, so nothing is remembered.',
  },
  {
    code: 'key-pattern',
    summary:
      'The command selects keys by a glob pattern (KEYS, SCAN MATCH); no key is remembered, so a new or deleted matching key sends no invalidation.',
  },
  {
    code: 'undeclared-keys',
    summary:
      'The command reads keys named inside the data (SORT BY/GET patterns) that the server never remembers; changing them sends no invalidation.',
  },
  {
    code: 'time-dependent',
    summary: 'The reply changes with the passage of time (TTL, idle time, pending-entry idle) with no write at all.',
  },
  {
    code: 'random-output',
    summary: 'The reply is random, so two identical calls may differ with no change to the data.',
  },
  {
    code: 'cursor',
    summary:
      'The reply is one page of a cursor iteration; which elements a page holds can change with rehashing or resizing, with no write to the key.',
  },
  {
    code: 'server-state',
    summary:
      'The reply reflects internal state (memory use, encoding, LFU counter, reference count) that changes without a write to the key.',
  },
  {
    code: 'script',
    summary:
      'The reply is computed by a script or function: only the keys it declares and the keys its read commands touch are remembered, and the code itself can change without any key changing.',
  },
  {
    code: 'pubsub',
    summary: 'Pub/Sub commands deliver messages, not data; there is nothing to cache.',
  },
  {
    code: 'admin',
    summary:
      'Server, connection, cluster, replication or transaction control; the reply is not data the keyspace invalidates.',
  },
  {
    code: 'blocking',
    summary:
      'The command may block until data arrives; its reply depends on when it was called, so it is not a cacheable read.',
  },
  {
    code: 'silent-write',
    summary:
      'A write that can change data (value, expiry or state) without sending an invalidation for it, so cached reads of that data go stale.',
  },
] as const;

export type ReasonCode = (typeof reasonCodes)[number]['code'];

export const isReasonCode = (code: string): code is ReasonCode => reasonCodes.some((r) => r.code === code);
