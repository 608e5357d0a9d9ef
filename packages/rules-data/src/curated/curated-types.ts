import type { ReasonCode } from '../reason-codes.js';
import type { KeyState } from '../types.js';
import type { VersionSelector } from '../versions/version-selector.js';

/** A token-triggered change of verdict, written without its category: that is derived from the reasons. */
export interface CuratedCondition {
  anyToken: string[];
  /** Alternatively, the condition holds when every one of these tokens appears. */
  allTokens?: string[];
  /** Alternatively, the condition holds when the caller says so of a key the invocation reads. */
  keyState?: KeyState;
  /** The server versions it exists on (`valkey >=9.0`); default every one. */
  servers?: VersionSelector[];
  /** Alternatively, the condition holds when the invocation has at least this many words (command included). */
  minWords?: number;
  /** Alternatively, the condition holds when the invocation names no key at all (a script with numkeys 0). */
  noKeys?: boolean;
  /** How the docs name the condition, e.g. `the extended form`; defaults to the tokens. */
  label?: string;
  reasons: ReasonCode[];
  explanation: string;
  patternAfterTokens?: string[];
}

/** The judgement the server's metadata cannot give: written by hand, one per read command. */
export interface CuratedEntry {
  reasons: ReasonCode[];
  explanation: string;
  note?: string;
  conditions?: CuratedCondition[];
  patternArgument?: { position?: number; afterToken?: string };
  readsKeyspace?: boolean;
  /**
   * Where some server versions behave differently (`redis <8.0`): their reasons and explanation replace the
   * entry's. The first selector that names a version wins.
   */
  perVersion?: Record<
    VersionSelector,
    { reasons: ReasonCode[]; explanation: string; conditions?: CuratedCondition[] }
  >;
  serverDifference?: string;
  /** What NOLOOP changes for this read, when it is more than "your own writes send you nothing". */
  noloop?: string;
  evidence?: string[];
}

/** A measured writer-side fact: the write changes data without an invalidation. */
export interface SilentWrite {
  explanation: string;
  /** The server versions it was measured silent on. */
  servers: VersionSelector[];
  evidence: string[];
}

/**
 * How a write ends the field TTLs of the keys it names, where its key specs do not say it (`fieldTtlEffects`):
 * `replaces` its keys' whole value unless one of the tokens is given; `carries` its first key's value, field
 * TTLs and all, to its second (`moves`: the first is gone afterwards; `replaces`: the second's old value is gone
 * whenever the first exists: always, or with that token); `keeps` a key with field TTLs as it may
 * be (the spec says overwrite or remove, but not of a hash with field TTLs); `flushes` every key.
 */
export type FieldTtlEnd =
  | { kind: 'replaces'; unlessToken: string[] }
  | { kind: 'carries'; moves: boolean; replaces: boolean | string }
  | { kind: 'keeps' }
  | { kind: 'flushes' };
