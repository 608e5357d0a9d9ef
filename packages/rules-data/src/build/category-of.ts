import type { ReasonCode } from '../reason-codes.js';
import type { Category } from '../types.js';

/** Reasons that make a reply no cacheable read at all, whatever else is true. */
const notARead: ReadonlySet<ReasonCode> = new Set(['write', 'admin', 'pubsub', 'blocking', 'not-readonly']);

/**
 * The one rule from reasons to category: nothing remembered or not a read → none; everything the reply depends
 * on remembered → full; remembered keys plus any gap (time, randomness, undeclared keys, ...) → partial.
 */
export function categoryOf(allReasons: readonly ReasonCode[]): Category {
  // A silent write is a fact about what the command does to others' caches, not about its own reply.
  const reasons = allReasons.filter((r) => r !== 'silent-write');
  if (reasons.some((r) => notARead.has(r))) return 'none';
  if (!reasons.includes('tracked-keys')) return 'none';
  return reasons.length === 1 ? 'full' : 'partial';
}

/** Reasons BCAST cannot fix: the reply changes without any key changing. */
export const changesWithoutWrite: ReadonlySet<ReasonCode> = new Set([
  'time-dependent',
  'random-output',
  'cursor',
  'server-state',
  'script',
  'changed-silently',
  'field-expiry',
]);

export const isNotARead = (reasons: readonly ReasonCode[]) => reasons.some((r) => notARead.has(r));

/** How far from covered a category is: full 0, partial 1, none 2. */
export const categoryRank: Readonly<Record<Category, number>> = { full: 0, partial: 1, none: 2 };
export const worseCategory = (a: Category, b: Category): Category =>
  categoryRank[a] >= categoryRank[b] ? a : b;
