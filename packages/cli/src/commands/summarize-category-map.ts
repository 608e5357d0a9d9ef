import type { Category } from '@valkey-track/rules-data';
import type { CategoryMap, CategorySource, Drift } from './category-map-types.js';

export interface CategoryMapSummary {
  total: number;
  byCategory: Record<Category | 'unknown', number>;
  bySource: Record<CategorySource, number>;
  driftCount: number;
}

export const driftCount = (drift: Drift | undefined): number =>
  drift
    ? drift.missingFromData.length +
      drift.missingFromServer.length +
      drift.metadataDiffers.length +
      drift.categoryDiffers.length
    : 0;

export function summarizeCategoryMap(map: CategoryMap): CategoryMapSummary {
  const byCategory: Record<Category | 'unknown', number> = { full: 0, partial: 0, none: 0, unknown: 0 };
  const bySource: Record<CategorySource, number> = { 'acl-category': 0, tip: 0, bundled: 0, inferred: 0 };
  for (const entry of Object.values(map.commands)) {
    byCategory[entry.category]++;
    bySource[entry.source]++;
  }
  return { total: Object.keys(map.commands).length, byCategory, bySource, driftCount: driftCount(map.drift) };
}

/** The misleading metadata as lines of plain text, shared by the table and Markdown formats. */
export function misleadingLines(map: CategoryMap): string[] {
  return (map.misleading ?? []).map((m) => `${m.command}: ${m.detail}`);
}

/** Which captured versions the server was compared with, for a heading. */
export function comparedWith(map: CategoryMap): string {
  const { server } = map;
  const versions = server.comparedWith.join(', ');
  return server.versionKnown
    ? versions
    : `the data has no ${server.kind} ${server.version.split('.').slice(0, 2).join('.')}: ${versions}, worst case`;
}

/** The drift as lines of plain text, shared by the table and Markdown formats. */
export function driftLines(drift: Drift | undefined): string[] {
  if (!drift) return [];
  const lines: string[] = [];
  if (drift.missingFromData.length > 0) {
    lines.push(`The bundled data lacks ${drift.missingFromData.length}: ${drift.missingFromData.join(', ')}`);
  }
  if (drift.missingFromServer.length > 0) {
    lines.push(
      `The server lacks ${drift.missingFromServer.length} bundled: ${drift.missingFromServer.join(', ')}`,
    );
  }
  for (const d of drift.metadataDiffers) {
    lines.push(`${d.command}: ${d.field} is "${d.live}" on the server, "${d.bundled}" in the bundled data`);
  }
  for (const d of drift.categoryDiffers) {
    lines.push(
      `${d.command}: the server declares ${d.declared} (${d.declaredBy}), the bundled data says ${d.bundled}`,
    );
  }
  return lines;
}
