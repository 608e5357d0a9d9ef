/**
 * The closed set of reasons a command is or is not covered by CLIENT TRACKING. Every entry of the data
 * carries one or more of these; docs/commands.md and `valkey-track` print the `summary`.
 */
export const reasonCodes = [
  {
    code: 'tracked-keys',
    summary:
      'The server remembers every key the reply depends on, and every change to them sends an invalidation.',
    advice: '',
  },
  {
    code: 'write',
    summary: 'The command changes data; its reply is the result of a write, not a read to cache.',
    advice: "Don't cache the reply of a write.",
  },
  {
    code: 'not-readonly',
    summary:
      'The command is not flagged readonly, so the server remembers none of its keys even when it only reads (e.g. SORT or GEORADIUS without STORE).',
    advice:
      "Use the read-only variant (SORT_RO, GEORADIUS_RO/GEOSEARCH, BITFIELD_RO, GET), or don't cache this call.",
  },
  {
    code: 'no-key-args',
    summary:
      'The reply depends on the whole keyspace or server state but names no key, so nothing is remembered.',
    advice: "Use BCAST with no PREFIX, or don't cache this call.",
  },
  {
    code: 'key-pattern',
    summary:
      'The command selects keys by a glob pattern (KEYS, SCAN MATCH); no key is remembered, so a new or deleted matching key sends no invalidation.',
    advice: "Use BCAST with a PREFIX that covers the pattern's literal prefix, or don't cache this call.",
  },
  {
    code: 'undeclared-keys',
    summary:
      'The command reads keys named inside the data (SORT BY/GET patterns) that the server never remembers; changing them sends no invalidation.',
    advice:
      'Use BCAST with prefixes that cover the BY/GET patterns, or read those keys with tracked commands.',
  },
  {
    code: 'time-dependent',
    summary:
      'The reply changes with the passage of time (TTL, idle time, pending-entry idle) with no write at all.',
    advice:
      'Cache an absolute value (PEXPIRETIME) and compute on the client, or bound the cache entry by a short TTL.',
  },
  {
    code: 'random-output',
    summary: 'The reply is random, so two identical calls may differ with no change to the data.',
    advice: "Don't cache this call.",
  },
  {
    code: 'cursor',
    summary:
      "The reply is one page of a cursor iteration, or of a set's own order (SORT_RO ... BY nosort LIMIT); which elements a page holds can change with rehashing or resizing, with no write to the key.",
    advice: 'Cache whole iterations of small collections only, never single pages.',
  },
  {
    code: 'server-state',
    summary:
      "The reply reflects internal state (memory use, LFU counter, a serialized collection's element order) that changes without a write to the key.",
    advice: "Don't cache this call; read it fresh when you need it.",
  },
  {
    code: 'field-expiry',
    summary:
      "The hash's fields carry TTLs: an expired field is invalidated only when the server deletes it (the active expire cycle, normally within about 100 ms, never while it is off), and until then the cached reply still holds the field.",
    advice:
      "Bound cached hash reads by the fields' expiry (HPEXPIRETIME), or don't cache reads of hashes whose fields expire.",
  },
  {
    code: 'changed-silently',
    summary:
      'Writes that send no invalidation change what the reply depends on (consumer-group state by XREADGROUP, XACK, XCLAIM; the last id by XSETID), so even BCAST misses them.',
    advice: 'Drop the cached reply yourself after those writes, or read it fresh.',
  },
  {
    code: 'script',
    summary:
      'The reply is computed by a script or function: only the keys it declares and the keys its read commands touch are remembered, and the code itself can change without any key changing.',
    advice:
      'Declare every key the script reads, and drop cached script replies on SCRIPT FLUSH or FUNCTION LOAD.',
  },
  {
    code: 'pubsub',
    summary: 'Pub/Sub commands deliver messages, not data; there is nothing to cache.',
    advice: "Don't cache this call.",
  },
  {
    code: 'admin',
    summary:
      'Server, connection, cluster, replication or transaction control; the reply is not data the keyspace invalidates.',
    advice: "Don't cache this call.",
  },
  {
    code: 'blocking',
    summary:
      'The command may block until data arrives; its reply depends on when it was called, so it is not a cacheable read.',
    advice: "Don't cache a blocking call.",
  },
  {
    code: 'uncovered-prefix',
    summary:
      'Under BCAST, a key or pattern the reply depends on lies outside every registered prefix, so its changes are never announced.',
    advice: "Add a PREFIX that covers it to CLIENT TRACKING ... BCAST, or don't cache this call.",
  },
  {
    code: 'silent-write',
    summary:
      'A write that can change data (value, expiry or state) without sending an invalidation for it, so cached reads of that data go stale.',
    advice: "Drop the affected cache entries yourself after this write, or don't cache reads of that data.",
  },
] as const;

export type ReasonCode = (typeof reasonCodes)[number]['code'];

export const isReasonCode = (code: string): code is ReasonCode => reasonCodes.some((r) => r.code === code);
