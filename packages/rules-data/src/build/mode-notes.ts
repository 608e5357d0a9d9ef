import type { ReasonCode } from '../reason-codes.js';
import type { Category, CommandEntry } from '../types.js';
import { categoryOf, changesWithoutWrite, isNotARead } from './category-of.js';

/** What the default-mode reasons become when BCAST announces every write under the prefixes. */
export function bcastReasons(reasons: readonly ReasonCode[]): ReasonCode[] {
  const kept = reasons.filter((r) => r !== 'not-readonly' || reasons.includes('write'));
  if (isNotARead(kept)) return kept;
  const intrinsic = kept.filter((r) => changesWithoutWrite.has(r));
  return ['tracked-keys', ...intrinsic];
}

// https://valkey.io/commands/client-tracking/: with NOLOOP the client is not sent invalidations for keys it
// modified itself.
const noloopDefault =
  "As in the mode NOLOOP is combined with, for other clients' changes; the client's own writes send it no invalidation, so it must update or drop what it cached itself when it writes.";

export function modeNotes(reasons: readonly ReasonCode[], noloop?: string): CommandEntry['modes'] {
  const category: Category = categoryOf(reasons);
  const bcast = categoryOf(bcastReasons(reasons));
  const notARead = isNotARead(bcastReasons(reasons));
  const bcastWhy = notARead
    ? 'Not a read under any mode.'
    : bcast === 'full'
      ? 'Full when the registered prefixes cover every key the reply depends on (for a pattern, its literal prefix; with no PREFIX every key is covered).'
      : 'Even with prefixes covering every key, the reply changes with no write, so it stays partial.';
  return {
    optin: {
      category,
      explanation:
        'As in the default mode when the read follows `CLIENT CACHING yes`; without it nothing is remembered and the cached reply is never invalidated.',
    },
    optout: {
      category,
      explanation:
        'As in the default mode, unless the read follows `CLIENT CACHING no`, which leaves it unremembered.',
    },
    bcast: { category: bcast, explanation: bcastWhy },
    noloop: {
      category,
      explanation: notARead
        ? 'Not a read under any mode.'
        : noloop
          ? `${noloopDefault} ${noloop}`
          : noloopDefault,
    },
  };
}
