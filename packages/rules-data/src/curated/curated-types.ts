import type { ReasonCode } from '../reason-codes.js';
import type { ServerKind } from '../metadata/types.js';

/** A token-triggered change of verdict, written without its category: that is derived from the reasons. */
export interface CuratedCondition {
  anyToken: string[];
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
  /** Where one server behaves differently: that server's reasons and explanation replace the entry's. */
  perServer?: Partial<
    Record<ServerKind, { reasons: ReasonCode[]; explanation: string; conditions?: CuratedCondition[] }>
  >;
  serverDifference?: string;
  evidence?: string[];
}

/** A measured writer-side fact: the write changes data without an invalidation. */
export interface SilentWrite {
  explanation: string;
  /** The servers it was measured silent on. */
  servers: ServerKind[];
  evidence: string[];
}
