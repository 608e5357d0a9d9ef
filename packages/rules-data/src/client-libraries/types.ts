import type { ServerKind } from '../metadata/types.js';

/** Where a library's list of cached commands was read: a published package or a tagged source file. */
export interface ListSource {
  /** The repository the list lives in, `owner/name`. */
  repository: string;
  /** The release the list was read from: a tag, or the npm package and version that was installed and read. */
  release: string;
  /** The commit of that release, where one was read. */
  commit?: string;
  /** The file(s) holding the list or the rule. */
  file: string;
  /** How the list was checked: `installed-package` (a test reads the installed npm package), `source` (read in the tagged source). */
  checkedBy: 'installed-package' | 'source';
}

/** How a library decides what to cache. */
export type CacheDecision =
  /** A list of commands written by hand in the library. */
  | 'hand-list'
  /** The cross-client rule on command metadata: a table shipped inside the library, or the server's own `COMMAND INFO`. */
  | 'metadata-rule'
  /** The library has no client-side cache of its own. */
  | 'no-cache';

/** The tracking a library's cache turns on, which decides how CLIENT TRACKING covers what it caches. */
export interface TrackingUse {
  /**
   * `default` (`CLIENT TRACKING ON`), `optin` (`... OPTIN` plus `CLIENT CACHING yes` before each cached read),
   * `bcast` (`... BCAST`, with `prefixes`), `off` (no tracking at all: entries live until a client-side TTL).
   */
  mode: 'default' | 'optin' | 'bcast' | 'off';
  /**
   * Set only when an option of the library chooses the tracking mode: every mode it can turn on, `mode` (the one
   * it turns on when the option is not given) first. `optout` is `CLIENT TRACKING ON OPTOUT`, with
   * `CLIENT CACHING no` before a read the library does not want tracked. Absent: `mode` is the only one.
   */
  modes?: readonly ('default' | 'optin' | 'optout')[];
  /** BCAST prefixes the library registers; `['']` is BCAST with no PREFIX (every key). */
  prefixes?: readonly string[];
  /** What the library sends, in its own words. */
  how: string;
}

/** The servers a library's cache agrees to run on. */
export interface ServerRequirement {
  /** The servers and lowest versions it accepts. */
  accepts: { server: ServerKind; minVersion: string }[];
  /** What it does on any other server, and how to get past it. */
  otherwise: string;
}

/** The cross-client rule, with the library's own per-command overrides (`CACHEABLE: false` in node-redis 6.2). */
export interface MetadataRuleUse {
  /** `bundled`: a table shipped in the library (the list is in `cached`); `server`: the connected server's metadata. */
  table: 'bundled' | 'server';
  /** Commands the library decides itself whatever the metadata says. */
  overrides: Record<string, boolean>;
  /** Where the bundled table comes from, in the library's words. */
  tableSource?: string;
}

/**
 * One client library (and version range) as a model: which commands its client-side cache caches, how it
 * decides, what tracking it turns on, and where each fact was read. Command names are the server's own,
 * lower case, subcommands joined with a pipe (`memory|usage`), as everywhere in this package.
 */
export interface ClientLibraryModel {
  /** Stable, kebab-case: `node-redis-6.3`. */
  id: string;
  /** The library as people name it: `node-redis`, `valkey-glide (server-assisted)`. */
  library: string;
  language: 'Node.js' | 'Java' | 'Python' | 'Go' | 'Rust' | 'any';
  /** The package as its registry names it, and other packages that ship the same cache (`@redis/client`). */
  package: {
    registry: 'npm' | 'maven' | 'pypi' | 'go' | 'crates' | 'none';
    name: string;
    alsoPublishedAs?: readonly string[];
  };
  /** The versions this model holds for, as a semver range (`>=5.1.0 <6.2.0`), and as people say it. */
  versions: string;
  versionLabel: string;
  decides: CacheDecision;
  /** One sentence: how the cache decides what to keep. */
  decision: string;
  /** The commands cached. Absent only for a rule on the server's own metadata, which is evaluated per server. */
  cached?: readonly string[];
  rule?: MetadataRuleUse;
  tracking: TrackingUse;
  /** How an application turns the cache on. */
  setup: string;
  requires?: ServerRequirement;
  source: ListSource;
  /** Known gaps and issues, each with its upstream reference. */
  notes: string[];
  /** True when the list is not the library's own but an approximation (stated in `notes`). */
  approximate?: boolean;
}
