import { categorize } from '../categorize.js';
import { categoryRank } from '../build/category-of.js';
import type { Category } from '../types.js';
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

/** A measurement of the better case a recipe was written to show, where the data gives the worst case. */
export const isBetterCase = (m: ReadMeasurement, declared: Category | 'unknown'): boolean =>
  m.recipe.betterCase !== undefined &&
  m.category === m.recipe.betterCase.measured &&
  (declared === 'unknown' || categoryRank[m.category] < categoryRank[declared]);

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
): Disagreement[] => {
  const found: Disagreement[] = [];
  for (const m of measurements.reads) {
    if (
      m.category === 'inconclusive' ||
      ('describedByData' in m.recipe && m.recipe.describedByData === false)
    )
      continue;
    const mode = m.recipe.tracking?.mode ?? 'default';
    const data = categorize(m.read, { server, mode, ...(m.prefixes ? { prefixes: m.prefixes } : {}) });
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
