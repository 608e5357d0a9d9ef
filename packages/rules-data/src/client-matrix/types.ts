import type { ServerKind } from '../metadata/types.js';
import type { Category } from '../types.js';
import type { ClientLibraryModel } from '../client-libraries/types.js';

/** What the matrix needs of one command in one server's `COMMAND INFO`. */
export interface CapturedCommand {
  flags: string[];
  tips: string[];
  /** One entry per key spec: its flags (`RO ACCESS`). No key specs: the command takes no key. */
  keySpecFlags: string[][];
}

/** One captured server (fixtures/server-metadata/<server>-<version>.json), reduced to what the matrix reads. */
export interface ServerCapture {
  server: ServerKind;
  version: string;
  commands: Record<string, CapturedCommand>;
}

export type VerdictCategory = Category | 'unknown';

/** An argument form that changes the category: `SORT_RO ... BY/GET` is partial where the plain form is full. */
export interface VerdictCondition {
  label: string;
  category: Category;
  reasons: string[];
}

/** How CLIENT TRACKING covers a command as a given cache uses it, on one server. */
export interface CommandVerdict {
  category: VerdictCategory;
  reasons: string[];
  conditions: VerdictCondition[];
  /** The worse of `category` and every condition's. */
  worst: VerdictCategory;
  explanation: string;
  /** `bundled` (valkey-track data), or what a live server's category map says: `acl-category`, `tip`, `inferred`. */
  source: string;
  /** How the bundled verdict was established (`measured:<recipe>`, `curated`, `metadata`). */
  evidence: string[];
}

/** The tracking a cache turns on, as the verdicts need it. */
export type CacheTracking = 'default' | 'optin' | 'bcast' | 'off';

/** One server the matrix is evaluated on: a capture, or a live server read with `--url`. */
export interface ServerView {
  /** `valkey 8.0.1`, or `valkey 9.1.2 at 127.0.0.1:6379` for a live server. */
  label: string;
  server: ServerKind;
  version: string;
  commands: Record<string, CapturedCommand>;
  verdict(command: string, tracking: CacheTracking): CommandVerdict;
}

/** One command a library caches, on one server. */
export type MatrixCell =
  | { state: 'cached'; verdict: CommandVerdict }
  /** The server has the command, but the library's rule does not cache it there (a rule on server metadata). */
  | { state: 'not-cached'; why: string }
  /** The server has no such command (a module command, or one from a newer version). */
  | { state: 'absent' };

export interface MatrixRow {
  command: string;
  /** Keyed by ServerView.label. */
  cells: Record<string, MatrixCell>;
  /** The worst verdict over every server where the library caches the command. */
  worst: VerdictCategory | 'absent';
}

/** Whether a library's cache starts at all on a server (Jedis and redis-py refuse anything but Redis ≥ 7.4). */
export interface ServerSupport {
  starts: boolean;
  why?: string;
}

export interface LibraryMatrix {
  model: ClientLibraryModel;
  rows: MatrixRow[];
  /** Keyed by ServerView.label. */
  support: Record<string, ServerSupport>;
}

export interface ClientMatrix {
  servers: { label: string; server: ServerKind; version: string }[];
  libraries: LibraryMatrix[];
}
