import { categoryOf, worseCategory } from './build/category-of.js';
import type { ReasonCode } from './reason-codes.js';
import type { Category, CommandEntry } from './types.js';
import { verdictOnVersion, versionScope } from './versions/version-scope.js';
import type { ServerKind } from './metadata/types.js';

export interface EntryVerdict {
  category: Category;
  reasons: ReasonCode[];
  explanation: string;
  /** The captured versions it is the worst case of. */
  versions: string[];
}

/**
 * A command's plainest verdict (no argument conditions) on a server and version, as `categorize()` would
 * choose the versions: the matching captured versions that have it, else every captured version of that
 * server that has it, else every one that has it. For tables of commands, where there is no argv.
 */
export function entryVerdict(
  entry: CommandEntry,
  options: { server?: ServerKind; version?: string } = {},
): EntryVerdict {
  const scoped = versionScope(options).labels.filter((l) => entry.versions.includes(l));
  const ofServer = options.server ? entry.versions.filter((l) => l.startsWith(`${options.server} `)) : [];
  const versions = scoped.length > 0 ? scoped : ofServer.length > 0 ? ofServer : entry.versions;
  let worst: EntryVerdict | undefined;
  for (const label of versions) {
    const { reasons, explanation } = verdictOnVersion(entry, label);
    const category = categoryOf(reasons);
    if (!worst || worseCategory(worst.category, category) !== worst.category)
      worst = { category, reasons: [...reasons], explanation, versions };
  }
  return (
    worst ?? {
      category: entry.category,
      reasons: [...entry.reasons],
      explanation: entry.explanation,
      versions,
    }
  );
}
