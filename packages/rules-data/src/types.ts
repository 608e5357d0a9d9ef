import type { ReasonCode } from './reason-codes.js';
import type { KeySpec, ServerKind } from './metadata/types.js';

export type Category = 'full' | 'partial' | 'none';
export type TrackingMode = 'default' | 'optin' | 'optout' | 'bcast';

/** The server facts an entry rests on, per server that has the command. */
export interface EntryMetadata {
  arity: number;
  flags: string[];
  tips: string[];
  aclCategories: string[];
  /** One entry per key spec: its flags, e.g. `RO ACCESS`. */
  keySpecFlags: string[][];
}

/**
 * An argument condition that changes how a concrete invocation is covered: `SORT_RO key BY w_*` reads
 * keys the server never remembers; `SORT key STORE dst` is a write.
 */
export interface ArgumentCondition {
  /** Upper-case tokens; the condition holds when any of them appears among the arguments. */
  anyToken: string[];
  /** Alternatively, the condition holds when every one of these tokens appears (`BY NOSORT LIMIT`). */
  allTokens?: string[];
  /**
   * Alternatively, the condition holds when the caller says so of a key the invocation reads:
   * `hash-field-ttl` — the hash's fields carry TTLs (`categorize(argv, { hashFieldTtl })`).
   */
  keyState?: KeyState;
  /** The captured versions the condition exists on (hash field TTLs from Valkey 9.0 and Redis 7.4); default all. */
  versions?: string[];
  /** Alternatively, the condition holds when the invocation has at least this many words (command included). */
  minWords?: number;
  /** Alternatively, the condition holds when the invocation names no key at all (a script with numkeys 0). */
  noKeys?: boolean;
  /** How the docs name the condition, e.g. `the extended form`; defaults to the tokens. */
  label?: string;
  reasons: ReasonCode[];
  category: Category;
  explanation: string;
  /** For pattern arguments: the argument right after this token is a key glob (BCAST compares its literal prefix). */
  patternAfterTokens?: string[];
}

/** What a caller can know about a key that the invocation itself does not show. */
export type KeyState = 'hash-field-ttl';

/** One server's own verdict for a command, where it differs from the other's. */
export interface ServerVerdict {
  reasons: ReasonCode[];
  explanation: string;
  conditions?: ArgumentCondition[];
}

/** The verdict of some server versions, where it differs from the entry's. */
export interface VersionVerdict extends ServerVerdict {
  /** As curated: `redis <8.0`, `valkey`. */
  appliesTo: string;
  /** The captured versions it applies to: `redis 7.0.15`. */
  versions: string[];
}

/** How one tracking mode changes the default-mode verdict. */
export interface ModeNote {
  category: Category;
  explanation: string;
}

export interface CommandEntry {
  /** The server's own name, lower case, subcommands as `container|sub`. */
  name: string;
  /** The servers that report this command (in any captured version). */
  servers: ServerKind[];
  /** Every captured server version that reports it, as `valkey 9.1.2`, in `dataVersions` order. */
  versions: string[];
  /** The same for people: `valkey 8.0.1–9.1.2, redis 8.0.2`. */
  versionRange: string;
  /** `COMMAND INFO` arity: positive is exact, negative is a minimum, both count the command name (and subcommand). */
  arity: number;
  /** The key specs keys are found by (the newest Valkey's where both servers have the command). */
  keySpecs: KeySpec[];
  /** For a container command (`object`, `client`): its subcommands' full names. */
  subcommands: string[];
  /** The default tracking mode's verdict for the command's plainest read form. */
  category: Category;
  reasons: ReasonCode[];
  explanation: string;
  /** When coverage depends on the key's type or state: the category is the worst realistic case, and this says when it is better. */
  note?: string;
  conditions: ArgumentCondition[];
  /** What the key-pattern argument is, for commands that select keys by glob (KEYS, SCAN). */
  patternArgument?: { position?: number; afterToken?: string };
  /** Reads whose reply depends on the whole keyspace (DBSIZE): BCAST without a prefix covers them. */
  readsKeyspace?: boolean;
  modes: Record<Exclude<TrackingMode, 'default'>, ModeNote> & {
    /** NOLOOP (default or BCAST): what the client's own commands do to its cache. */
    noloop: ModeNote;
  };
  /** The command changes data. */
  write: boolean;
  /** A write that can change data without sending an invalidation for it (measured, see `evidence`). */
  silentWrite?: boolean;
  /** How Valkey and Redis, or their versions, differ for this command, where they do. */
  serverDifference?: string;
  /** Where some versions' verdict differs: their reasons and explanation replace the entry's. */
  perVersion?: VersionVerdict[];
  /** A write that gives hash fields a TTL: always, or with one of these tokens (`HSETEX ... EX`). */
  setsFieldTtl?: { anyToken: string[] };
  /** Each server's newest captured metadata. */
  metadata: Partial<Record<ServerKind, EntryMetadata>>;
  /** An older version's metadata, where it differs from its server's newest: keyed by `redis 7.0.15`. */
  versionMetadata?: Record<string, EntryMetadata>;
  /** Where the verdict comes from: `measured:<recipe>` (empirical suite), `metadata`, `curated`. */
  evidence: string[];
}

export interface CategorizeOptions {
  mode?: TrackingMode;
  prefixes?: string[];
  server?: ServerKind;
  /**
   * The server's version: `9.1`, `8.0.2`. Matched by its leading components against the captured versions
   * (`9.1` is 9.1.2). Without it, or when no captured version matches, the worst case across the server's
   * captured versions (`versions` in the result says which).
   */
  version?: string;
  /**
   * The hash fields of the keys the invocation reads carry TTLs (HEXPIRE, HSETEX ... EX): true for every key,
   * or a predicate per key. Hash reads are then partial: an expired field is invalidated only when the
   * server deletes it. `hashFieldTtlKeys(argv)` tells which keys a write gives field TTLs.
   */
  hashFieldTtl?: boolean | ((key: string) => boolean);
}

export interface CategorizeResult {
  category: Category | 'unknown';
  reasons: string[];
  keys: string[];
  explanation: string;
  /** The entry's name (`object|idletime`), when the command is known. */
  command?: string;
  /** Why the category is `unknown`. */
  error?: 'empty' | 'unknown-command' | 'arity';
  /** The captured server versions the verdict is the worst case of: `valkey 9.1.2`. */
  versions?: string[];
}
