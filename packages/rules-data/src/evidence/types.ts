import type { Category, KeyState } from '../types.js';
import type { VersionSelector } from '../versions/version-selector.js';
import type { ReasonCode } from '../reason-codes.js';

/**
 * One command as the recipes write it. `{p}` stands for the recipe's key namespace (every key a recipe
 * creates starts with it, patterns too: `{p}user:*`), `{lib}` for an identifier made from it (function
 * library and function names cannot hold `:`), `{db}` for the connections' database.
 */
export type Argv = readonly string[];

/**
 * A connection to the server under test. Rejects with an Error carrying the server's message on an
 * error reply.
 */
export interface EvidenceConnection {
  /** Byte arguments (a DUMP payload for RESTORE) arrive as Uint8Array; replies may hold either. */
  call(argv: readonly (string | Uint8Array)[]): Promise<unknown>;
}

/** What the subscriber connection delivered: keys from an invalidation message, or a flush (null payload). */
export type Invalidation = { kind: 'keys'; keys: string[] } | { kind: 'flush' };

/**
 * The connection SUBSCRIBEd to `__redis__:invalidate` that the tracking connection redirects to (RESP2
 * clients receive invalidations only this way; https://valkey.io/topics/client-side-caching/).
 */
export interface InvalidationListener {
  /** `CLIENT ID` of the subscriber connection, for `CLIENT TRACKING ON REDIRECT <id>`. */
  readonly clientId: number;
  /**
   * Resolves once every invalidation the server queued before the call has been delivered: a PING on the
   * subscriber connection is answered after everything already in its output buffer.
   */
  sync(): Promise<void>;
  /** The invalidations delivered since the last drain, oldest first. */
  drain(): Invalidation[];
  /**
   * SUBSCRIBE / UNSUBSCRIBE one more channel on the same subscriber connection: "another client subscribes",
   * for the recipes that show Pub/Sub replies change with no keyspace event. Optional: without it those
   * recipes cannot run.
   */
  subscribe?(channel: string): Promise<void>;
  unsubscribe?(channel: string): Promise<void>;
}

/** The connections a run needs. `tracking` gets CLIENT TRACKING; `observer` and `writer` never do. */
export interface EvidenceConnections {
  tracking: EvidenceConnection;
  /** Prepares keys, re-reads and fingerprints with no tracking. */
  observer: EvidenceConnection;
  /** Makes the changes: "another client". May be the same connection as `observer`. */
  writer: EvidenceConnection;
  invalidations: InvalidationListener;
}

/** How the tracking connection turns tracking on for a recipe. */
export type TrackingSetup =
  | { mode: 'default'; noloop?: boolean }
  | { mode: 'bcast'; prefixes: string[]; noloop?: boolean }
  /** `caching: true` sends `CLIENT CACHING yes` right before the read. */
  | { mode: 'optin'; caching: boolean }
  /** `caching: false` sends `CLIENT CACHING no` right before the read. */
  | { mode: 'optout'; caching: boolean };

/**
 * What a recipe needs beyond its own keys. `keys`: only keys under the namespace (safe on any server);
 * `server`: it changes server-wide state (config, debug switches, the function library, FLUSHALL, SWAPDB)
 * or walks the whole keyspace (KEYS), so it runs only when the caller allows it.
 */
export type RecipeScope = 'keys' | 'server';

/** A config parameter a recipe sets for its run; the runner restores the previous value afterwards. */
export interface ConfigOverride {
  parameter: string;
  value: string;
}

export type ReadChange =
  /** Another client (or, for NOLOOP, the tracking client itself) runs a command touching `touches`. */
  | {
      kind: 'command';
      argv: Argv;
      touches: string[];
      by?: 'other' | 'tracking';
      /** Sent this many times, pipelined (a read repeated to advance incremental rehashing). */
      times?: number;
      /** Time to let pass first (a key's TTL running out before the client's own read). */
      delayMs?: number;
      note?: string;
    }
  /**
   * Time passes: `ms`, or with `untilInvalidated` up to `ms`, ending as soon as an invalidation for a touched
   * key arrives (an expire cycle that runs late on a loaded machine still gets its chance).
   */
  | { kind: 'wait'; ms: number; touches?: string[]; untilInvalidated?: boolean; note?: string }
  /** The same read again, up to `attempts` times, until its reply differs. */
  | { kind: 'repeat'; attempts: number; note?: string }
  /** Another client subscribes to a channel (`{p}` expanded) until the re-read is done. */
  | { kind: 'subscribe'; channel: string; note?: string }
  /** maxmemory is set just below the memory in use so that the server evicts keys, then restored. */
  | { kind: 'evict'; policy: string; touches: string[]; note?: string };

export interface ReadRecipe {
  id: string;
  /** The reason code this recipe demonstrates. */
  reason: ReasonCode;
  setup: Argv[];
  /** Sent by the tracking connection. */
  read: Argv;
  /**
   * How replies are compared: exactly (default), as a set of elements (`SMEMBERS`), or as a set of pairs
   * (`HGETALL`): for commands whose reply order is not part of the answer. A change of order alone is then
   * recorded as `reordered`, not as a change.
   */
  compare?: 'exact' | 'as-set' | 'as-pairs';
  changes: ReadChange[];
  tracking?: TrackingSetup;
  config?: ConfigOverride[];
  /** `DEBUG SET-ACTIVE-EXPIRE 0` for the recipe, restored to 1 after. */
  activeExpire?: false;
  scope?: RecipeScope;
  /** Databases besides the connections' own that the recipe writes keys into (cleaned up too). */
  otherDatabases?: number[];
  /** Function libraries the recipe loads (`{lib}` expanded), deleted after. */
  libraries?: string[];
  /** The server versions the recipe holds for (`valkey`, `redis >=8.0`); default every one. */
  servers?: VersionSelector[];
  /** What `categorize()` must be told about the keys the recipe reads (`hash-field-ttl`). */
  keyState?: KeyState[];
  /**
   * False when `categorize(read)` does not describe the run: it measures a change source (expiry, SWAPDB)
   * rather than the read, or leaves out what the mode expects (OPTIN without CLIENT CACHING yes).
   */
  describedByData?: boolean;
  /**
   * The recipe shows a case better than the entry's category, which is the worst realistic case; the entry's
   * note says when it is better. Any measurement better than declared is agreement ("ok, better case"); this
   * says why it is expected.
   */
  betterCase?: { measured: Category; why: string };
  note?: string;
}

export interface ChangeOutcome {
  change: ReadChange;
  /** The reply after the change (read again by a non-tracking connection) differs from the tracked reply. */
  changed: boolean;
  /** An invalidation (or a flush) arrived for a key the change touched, before the re-read. */
  invalidated: boolean;
  /** Every key invalidated between the tracked read and the re-read (`*` for a flush message). */
  invalidatedKeys: string[];
  /** Keys invalidated only by the re-read itself (a lazy expiry, PFCOUNT refreshing its cache). */
  lateInvalidatedKeys: string[];
  /** For recipes compared as a set: the elements stayed the same but came in another order. */
  reordered?: boolean;
  before: string;
  after: string;
}

export type MeasuredCategory = Category | 'inconclusive';

export interface ReadMeasurement {
  recipe: ReadRecipe;
  /** The read as sent (placeholders expanded). */
  read: string[];
  /** The BCAST prefixes as registered (placeholders expanded), for BCAST recipes. */
  prefixes?: string[];
  outcomes: ChangeOutcome[];
  category: MeasuredCategory;
}

export interface WriteRecipe {
  id: string;
  /** The command's name as the data names it: `xgroup|create`. */
  command: string;
  setup: Argv[];
  /** Sent by the writer connection. */
  write: Argv;
  /**
   * Keys the tracking connection reads before the write and whose state is compared around it; `1:{p}k`
   * is `{p}k` in database 1 (tracking remembers key names, not databases).
   */
  keys: string[];
  scope?: RecipeScope;
  /** Databases besides the connections' own that the recipe writes keys into (cleaned up too). */
  otherDatabases?: number[];
  libraries?: string[];
  /**
   * What to compare per key instead of DUMP and PEXPIRETIME, each probe followed by the key: TOUCH needs
   * `OBJECT FREQ` alone, since DUMP itself counts as an access.
   */
  fingerprint?: Argv[];
  /**
   * Server state that is not a key (a function library, the script cache), compared around the write:
   * a change there is silent unless a flush message arrived.
   */
  probes?: Argv[];
  /**
   * A byte payload the write needs (DUMP for RESTORE, FUNCTION DUMP for FUNCTION RESTORE): `argv` runs after
   * setup, its reply becomes argument `into` of the write, then `then` runs.
   */
  capture?: { argv: Argv; into: number; then?: Argv[] };
  config?: ConfigOverride[];
  /** The server versions the recipe holds for (`valkey`, `redis >=8.0`); default every one. */
  servers?: VersionSelector[];
  note?: string;
}

export interface KeyChange {
  key: string;
  invalidated: boolean;
}

export interface WriteMeasurement {
  recipe: WriteRecipe;
  /** Keys whose value, expiry or state the write changed. */
  changedKeys: KeyChange[];
  /** Every key invalidated after the write (`*` for a flush message). */
  invalidatedKeys: string[];
  /** Changed keys with no invalidation. */
  silentKeys: string[];
  silentWrite: boolean;
  /** The write's reply, or its error. */
  reply: string;
}

export interface SkippedWrite {
  command: string;
  reason: string;
}
