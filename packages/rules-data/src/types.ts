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

/** One server's own verdict for a command, where it differs from the other's. */
export interface ServerVerdict {
  reasons: ReasonCode[];
  explanation: string;
  conditions?: ArgumentCondition[];
}

/** How one tracking mode changes the default-mode verdict. */
export interface ModeNote {
  category: Category;
  explanation: string;
}

export interface CommandEntry {
  /** The server's own name, lower case, subcommands as `container|sub`. */
  name: string;
  /** The servers that report this command. */
  servers: ServerKind[];
  /** `COMMAND INFO` arity: positive is exact, negative is a minimum, both count the command name (and subcommand). */
  arity: number;
  /** The key specs keys are found by (Valkey's where both servers have the command). */
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
  modes: Record<Exclude<TrackingMode, 'default'>, ModeNote>;
  /** The command changes data. */
  write: boolean;
  /** A write that can change data without sending an invalidation for it (measured, see `evidence`). */
  silentWrite?: boolean;
  /** How Valkey and Redis differ for this command, where they do. */
  serverDifference?: string;
  /** Where one server's verdict differs: that server's reasons and explanation. */
  perServer?: Partial<Record<ServerKind, ServerVerdict>>;
  metadata: Partial<Record<ServerKind, EntryMetadata>>;
  /** Where the verdict comes from: `measured:<recipe>` (empirical suite), `metadata`, `curated`. */
  evidence: string[];
}

export interface CategorizeOptions {
  mode?: TrackingMode;
  prefixes?: string[];
  server?: ServerKind;
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
}
