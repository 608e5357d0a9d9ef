import { readRecipes } from '../evidence/recipes/index.js';
import { resolveEntry } from '../invocation/resolve-entry.js';
import { lookup } from '../lookup.js';
import { dataVersions } from '../command-data.js';
import { versionScope } from '../versions/version-scope.js';

let byCommand: Map<string, string[]> | undefined;

/**
 * The read recipes that measure a command on a live server (src/evidence/recipes; run by the integration
 * suites and `valkey-track verify`), by id: the evidence an upstream report can point at.
 */
export function measuredBy(command: string): string[] {
  if (!byCommand) {
    byCommand = new Map();
    for (const recipe of readRecipes) {
      const resolved = resolveEntry(recipe.read, lookup, versionScope({}), dataVersions);
      if (!resolved.ok) continue;
      const name = resolved.entry.name;
      byCommand.set(name, [...(byCommand.get(name) ?? []), recipe.id]);
    }
  }
  return byCommand.get(command) ?? [];
}
