import { categorize } from '../categorize.js';
import { categoryRank } from '../build/category-of.js';
import type { CategorizeOptions, Category } from '../types.js';
import { lookup } from '../lookup.js';
import type { ServerKind } from '../metadata/types.js';
import type { ReadMeasurement, WriteMeasurement } from './types.js';

export interface Disagreement {
  kind: 'read' | 'write';
  /** The recipe id (reads) or command name (writes). */
  id: string;
  measured: string;
  data: string;
  /** What the measurement saw, one line. */
  detail: string;
}

/**
 * A measurement better than what is declared: the declared category is the worst realistic case, so seeing a
 * better one is agreement ("ok, better case"), whether or not the recipe was written to show it. An unknown
 * declaration is not a better case of anything.
 */
export const isBetterCase = (m: ReadMeasurement, declared: Category | 'unknown'): boolean =>
  m.category !== 'inconclusive' &&
  declared !== 'unknown' &&
  categoryRank[m.category] < categoryRank[declared];

/** What `categorize()` is told for a measured read: its server, version, tracking mode and key state. */
export const categorizeOptionsFor = (
  m: ReadMeasurement,
  server: ServerKind,
  version?: string,
): CategorizeOptions => ({
  server,
  ...(version ? { version } : {}),
  mode: m.recipe.tracking?.mode ?? 'default',
  ...(m.prefixes ? { prefixes: m.prefixes } : {}),
  ...(m.recipe.keyState?.includes('hash-field-ttl') ? { hashFieldTtl: true } : {}),
});

const describeRead = (m: ReadMeasurement) =>
  m.outcomes
    .map(
      (o) =>
        `${o.change.kind}: ${o.changed ? 'changed' : 'same'}/${o.invalidated ? 'invalidated' : 'silent'}`,
    )
    .join('; ');

/**
 * Where a measurement contradicts the data: a read whose measured category differs from `categorize()`
 * in the same tracking mode, or a write command measured silent (in any recipe) that the data does not
 * mark `silentWrite`, or the reverse. Inconclusive reads and runs the data cannot describe (a missing
 * CLIENT CACHING call, a NOLOOP client's own write) are left out.
 */
export const compareWithData = (
  measurements: { reads: readonly ReadMeasurement[]; writes: readonly WriteMeasurement[] },
  server: ServerKind,
  version?: string,
): Disagreement[] => {
  const found: Disagreement[] = [];
  for (const m of measurements.reads) {
    if (
      m.category === 'inconclusive' ||
      ('describedByData' in m.recipe && m.recipe.describedByData === false)
    )
      continue;
    const data = categorize(m.read, categorizeOptionsFor(m, server, version));
    if (data.category !== m.category && !isBetterCase(m, data.category)) {
      found.push({
        kind: 'read',
        id: m.recipe.id,
        measured: m.category,
        data: data.category,
        detail: describeRead(m),
      });
    }
  }
  const silentByCommand = new Map<string, WriteMeasurement[]>();
  for (const m of measurements.writes) {
    silentByCommand.set(m.recipe.command, [...(silentByCommand.get(m.recipe.command) ?? []), m]);
  }
  for (const [command, runs] of silentByCommand) {
    const entry = lookup(command);
    if (!entry?.write && entry?.silentWrite === undefined) continue;
    const silent = runs.some((m) => m.silentWrite);
    if (silent !== Boolean(entry?.silentWrite)) {
      const silentKeys = runs.flatMap((m) => m.silentKeys);
      found.push({
        kind: 'write',
        id: command,
        measured: silent ? 'silent' : 'invalidates',
        data: entry?.silentWrite ? 'silent' : 'invalidates',
        detail: silent
          ? `changed without invalidation: ${silentKeys.join(', ')}`
          : 'every changed key was invalidated',
      });
    }
  }
  return found;
};
