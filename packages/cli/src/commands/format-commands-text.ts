import { colorsFor } from '../util/color.js';
import { categoryColor } from '../util/category-color.js';
import type { CategoryMap } from './category-map-types.js';
import { clusterLines } from './cluster-lines.js';
import { driftLines, summarizeCategoryMap } from './summarize-category-map.js';

const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - text.length));

/** A table for the terminal: one command per line, its category, its source and its reasons. */
export function formatCommandsText(map: CategoryMap, env: NodeJS.ProcessEnv = process.env): string {
  const c = colorsFor(env);
  const names = Object.keys(map.commands);
  const width = Math.max('COMMAND'.length, ...names.map((n) => n.length)) + 2;
  const { server } = map;
  const summary = summarizeCategoryMap(map);
  const lines = [
    c.bold(`${server.kind} ${server.version} at ${server.address}`) +
      (server.trackingCategories.length > 0
        ? ` declares tracking categories: ${server.trackingCategories.join(', ')}`
        : ' declares no tracking categories'),
    ...(map.cluster
      ? clusterLines(map.cluster).map((line, i) =>
          i === 0 ? line : map.cluster!.disagreements.length > 0 ? c.yellow(`  ${line}`) : line,
        )
      : []),
    '',
    c.bold(`${pad('COMMAND', width)}${pad('CATEGORY', 10)}${pad('SOURCE', 14)}REASONS`),
  ];
  for (const name of names) {
    const entry = map.commands[name]!;
    const source = entry.source === 'inferred' ? c.italic(pad('inferred', 14)) : pad(entry.source, 14);
    const reasons = entry.reasons.join(', ') || (entry.declaredBy ?? '');
    lines.push(
      `${pad(name, width)}${categoryColor(c, entry.category)(pad(entry.category, 10))}${source}${c.dim(reasons)}`,
    );
  }
  lines.push(
    '',
    `${summary.total} commands: ${summary.byCategory.full} full, ${summary.byCategory.partial} partial, ` +
      `${summary.byCategory.none} none. Sources: ${summary.bySource['acl-category']} acl-category, ` +
      `${summary.bySource.tip} tip, ${summary.bySource.bundled} bundled, ${summary.bySource.inferred} inferred.`,
  );
  if (summary.bySource.inferred > 0) {
    lines.push(
      c.italic('inferred: guessed from readonly flag, key specs and tips; no declaration or data backs it.'),
    );
  }
  const drift = driftLines(map.drift);
  const versions = Object.entries(server.dataVersions)
    .map(([kind, version]) => `${kind} ${version}`)
    .join(', ');
  lines.push(
    '',
    c.bold(
      `Drift against the bundled data (${versions}): ${summary.driftCount === 0 ? 'none' : summary.driftCount}`,
    ),
  );
  lines.push(...drift.map((line) => `  ${line}`));
  return `${lines.join('\n')}\n`;
}
