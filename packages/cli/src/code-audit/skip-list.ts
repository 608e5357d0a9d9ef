import type { Skipped } from '../report/types.js';

/** Why the code audit left something out; the text reads after a count: "Skipped 2 paths that do not exist". */
export const skipReasons = {
  missing: 'paths that do not exist',
  unreadable: 'files or directories that cannot be read',
  unparsable: 'files that do not parse',
  unanalysed:
    'modules the analysis could not judge (a bug in valkey-track: please report it; VALKEY_TRACK_DEBUG=1 shows where)',
} as const;

export type SkipReason = keyof typeof skipReasons;

const MAX_EXAMPLES = 5;

/** Counts what the audit skipped, by reason, with the first few examples. */
export class SkipList {
  private readonly byReason = new Map<SkipReason, Skipped>();

  add(reason: SkipReason, example: Skipped['examples'][number]): void {
    const entry = this.byReason.get(reason) ?? { reason: skipReasons[reason], count: 0, examples: [] };
    entry.count++;
    if (entry.examples.length < MAX_EXAMPLES) entry.examples.push(example);
    this.byReason.set(reason, entry);
  }

  count(reason: SkipReason): number {
    return this.byReason.get(reason)?.count ?? 0;
  }

  toArray(): Skipped[] {
    return [...this.byReason.values()];
  }
}
