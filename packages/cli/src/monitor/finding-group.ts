import { BoundedCounts, type SerializedCounts } from './bounded-counts.js';
import { addressHash } from './monitor-line.js';
import { GROUPS_PER_CLIENT } from './pending-findings.js';

/** Per finding, the clients whose counts are kept exactly; past this many, a sample of this many. */
export const CLIENTS_PER_GROUP = 10_000;
/**
 * Per finding, the clients a report lists, most lines first: enough to look up a client of a pool or a burst of
 * short connections; text and HTML show the first few and count the rest.
 */
export const LISTED_CLIENTS = 1_000;

/** Every logged line of one reportable verdict (or one silent write), counted without keeping the lines. */
export interface FindingGroup {
  /** Identifies the group across workers and files: kind, shape, mode, category, reasons. */
  key: string;
  /** `unknown`: a command of a tracking client that neither the data nor the category map knows. */
  kind: 'read' | 'silent-write' | 'unknown';
  command: string;
  shape: string;
  /** The tracking mode of the clients whose reads these are; for silent writes, empty. */
  mode: string;
  category: 'partial' | 'none' | 'unknown';
  reasons: string[];
  /** What `categorize` says of the first line (for reads), or of the command (silent writes). */
  explanation: string;
  count: number;
  /** Timestamps as seconds and microseconds, so the hot path makes no string. */
  firstSeconds: number;
  firstMicros: number;
  lastSeconds: number;
  lastMicros: number;
  /** Lines per client address (for `lua` lines, the address of the script's caller). */
  clients: BoundedCounts;
  exampleLine: number;
  example: string;
  /** Left out of the bounded sample of unknown commands (`FindingRecorder`): its lines count apart. */
  dropped: boolean;
  /** Which of a client's entries in `PendingFindings` its lines count in (groups made one after another differ). */
  slot: number;
}

export type SerializedGroup = Omit<FindingGroup, 'clients' | 'dropped' | 'slot'> & {
  clients: SerializedCounts;
};

let nextSlot = 0;

export function newFindingGroup(
  fields: Pick<
    FindingGroup,
    'key' | 'kind' | 'command' | 'shape' | 'mode' | 'category' | 'reasons' | 'explanation'
  >,
): FindingGroup {
  // One literal, fields in one order, whatever object the fields come from (a spread would copy a merged
  // group's extra fields too): every group has one hidden class, and the per-line counting that reads and
  // writes them stays monomorphic.
  return {
    key: fields.key,
    kind: fields.kind,
    command: fields.command,
    shape: fields.shape,
    mode: fields.mode,
    category: fields.category,
    reasons: fields.reasons,
    explanation: fields.explanation,
    count: 0,
    firstSeconds: 0,
    firstMicros: 0,
    lastSeconds: 0,
    lastMicros: 0,
    clients: new BoundedCounts(CLIENTS_PER_GROUP, addressHash),
    exampleLine: 0,
    example: '',
    dropped: false,
    slot: nextSlot++ & (GROUPS_PER_CLIENT - 1),
  };
}

/** `1700000000.123456`, as MONITOR prints it. */
export const formatTimestamp = (seconds: number, micros: number) =>
  `${seconds}.${String(micros).padStart(6, '0')}`;

/** The clients with most lines first, at most `limit`. */
export function topClients(group: FindingGroup, limit: number): { address: string; count: number }[] {
  return group.clients.top(limit).map(({ key, count }) => ({ address: key, count }));
}
