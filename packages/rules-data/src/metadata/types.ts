/** How a key spec finds where its keys begin (`COMMAND INFO` key-spec `begin_search`). */
export type BeginSearch =
  | { type: 'index'; index: number }
  | { type: 'keyword'; keyword: string; startfrom: number }
  | { type: 'unknown' };

/** How a key spec finds its keys once it has begun (`COMMAND INFO` key-spec `find_keys`). */
export type FindKeys =
  | { type: 'range'; lastkey: number; step: number; limit: number }
  | { type: 'keynum'; keynumidx: number; firstkey: number; step: number }
  | { type: 'unknown' };

export interface KeySpec {
  flags: string[];
  beginSearch: BeginSearch;
  findKeys: FindKeys;
  notes?: string;
}

/**
 * One command or subcommand as a server reports it. Subcommands are named as `COMMAND INFO` names them,
 * container and subcommand joined by a pipe, lower case: `object|idletime`.
 */
export interface CommandMetadata {
  name: string;
  arity: number;
  flags: string[];
  aclCategories: string[];
  tips: string[];
  keySpecs: KeySpec[];
  summary: string;
  since: string;
  group: string;
  docFlags: string[];
  subcommands: string[];
}

export type ServerKind = 'valkey' | 'redis';

export interface ServerMetadata {
  server: ServerKind;
  version: string;
  /** Keyed by command name, subcommands included, sorted. */
  commands: Record<string, CommandMetadata>;
}

/** One argument of a command as `COMMAND DOCS` describes it, enough to write a valid invocation. */
export interface DocArgument {
  name: string;
  /** `key`, `string`, `integer`, `double`, `pattern`, `unix-time`, `pure-token`, `oneof`, `block`. */
  type: string;
  token?: string;
  optional: boolean;
  multiple: boolean;
  arguments?: DocArgument[];
}
