import type { ReasonCode } from '../reason-codes.js';
import type { EntryMetadata } from '../types.js';

/** Reasons a reply changes with no write at all: a cache keyed on metadata alone must not hold it. */
const changesAlone: ReadonlySet<string> = new Set<ReasonCode>([
  'time-dependent',
  'random-output',
  'cursor',
  'server-state',
  'changed-silently',
  'field-expiry',
]);

export type MisleadingKind = 'no-nondeterministic-tip' | 'readonly-with-rw-key-spec';

export interface MisleadingMetadata {
  kind: MisleadingKind;
  detail: string;
}

const noTip = (tips: readonly string[]) =>
  !tips.some((t) => t === 'nondeterministic_output' || /^dont[_-]?cache/i.test(t));

/**
 * Where a server's metadata would mislead a client that decides what to cache from `COMMAND INFO` alone
 * (node-redis 6.2: readonly, takes a key, no `nondeterministic_output` tip): a read whose reply changes
 * with time or at random without the tip, and a readonly command whose key specs say RW (Redis 8.0's
 * vector-set reads), which a client reading key specs would take for a write.
 */
export function misleadingMetadata(meta: EntryMetadata, reasons: readonly string[]): MisleadingMetadata[] {
  const found: MisleadingMetadata[] = [];
  const readonly = meta.flags.includes('readonly');
  const gaps = reasons.filter((r) => changesAlone.has(r));
  if (readonly && meta.keySpecFlags.length > 0 && noTip(meta.tips) && gaps.length > 0) {
    found.push({
      kind: 'no-nondeterministic-tip',
      detail: `readonly with a key and no nondeterministic_output tip, but the reply changes with no write (${gaps.join(', ')})`,
    });
  }
  if (readonly && meta.keySpecFlags.some((flags) => flags.includes('RW'))) {
    found.push({
      kind: 'readonly-with-rw-key-spec',
      detail: 'flagged readonly, but its key spec says RW (read-write)',
    });
  }
  return found;
}
