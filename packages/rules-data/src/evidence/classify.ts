import type { ChangeOutcome, MeasuredCategory } from './types.js';

/**
 * full: every change that altered the reply was invalidated (and at least one did); none: no such change
 * was; partial: some were. With no reply-changing change the recipe proves nothing: inconclusive.
 */
export const classifyOutcomes = (outcomes: readonly ChangeOutcome[]): MeasuredCategory => {
  const changing = outcomes.filter((o) => o.changed);
  if (changing.length === 0) return 'inconclusive';
  const invalidated = changing.filter((o) => o.invalidated).length;
  if (invalidated === changing.length) return 'full';
  return invalidated === 0 ? 'none' : 'partial';
};
