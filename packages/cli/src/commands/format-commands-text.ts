import { colorsFor } from '../util/color.js';
import { categoryColor } from '../util/category-color.js';
import { wrapLine } from '../util/wrap-line.js';
import type { CategoryMap } from './category-map-types.js';
import { clusterLines } from './cluster-lines.js';
import { comparedWith, driftLines, misleadingLines, summarizeCategoryMap } from './summarize-category-map.js';

const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - text.length));

/**
 * A table for the terminal: one command per line, its category, its source and its reasons; with a `width`,
 * reasons wrap under their column and every other line at the width.
 */
export function formatCommandsText(
  map: CategoryMap,
  env: NodeJS.ProcessEnv = process.env,
  width?: number,
): string {
  const c = colorsFor(env);
  const wrap = (line: string, indent = 0) => wrapLine(line, width, indent);
  const names = Object.keys(map.commands);
  const nameWidth = Math.max('COMMAND'.length, ...names.map((n) => n.length)) + 2;
  const { server } = map;
  const summary = summarizeCategoryMap(map);
  const lines = [
    wrap(
      c.bold(`${server.kind} ${server.version} at ${server.address}`) +
        (server.trackingCategories.length > 0
          ? ` declares tracking categories: ${server.trackingCategories.join(', ')}`
          : ' declares no tracking categories'),
      2,
    ),
    ...(map.cluster
      ? clusterLines(map.cluster).map((line, i) =>
          wrap(i === 0 ? line : map.cluster!.disagreements.length > 0 ? c.yellow(`  ${line}`) : line, 4),
        )
      : []),
    '',
    c.bold(`${pad('COMMAND', nameWidth)}${pad('CATEGORY', 10)}${pad('SOURCE', 14)}REASONS`),
  ];
  for (const name of names) {
    const entry = map.commands[name]!;
    const source = entry.source === 'inferred' ? c.italic(pad('inferred', 14)) : pad(entry.source, 14);
    const reasons = entry.reasons.join(', ') || (entry.declaredBy ?? '');
    lines.push(
      wrap(
        `${pad(name, nameWidth)}${categoryColor(c, entry.category)(pad(entry.category, 10))}${source}${c.dim(reasons)}`,
        nameWidth + 24,
      ),
    );
  }
  lines.push(
    '',
    wrap(
      `${summary.total} commands: ${summary.byCategory.full} full, ${summary.byCategory.partial} partial, ` +
        `${summary.byCategory.none} none, ${summary.byCategory.unknown} unknown. Sources: ` +
        `${summary.bySource['acl-category']} acl-category, ${summary.bySource.tip} tip, ` +
        `${summary.bySource.bundled} bundled, ${summary.bySource.inferred} inferred.`,
    ),
  );
  if (summary.bySource.inferred > 0) {
    lines.push(
      wrap(
        c.italic(
          'inferred: from the readonly flag, key specs and tips alone, which can show a read is not covered but never that it is: unknown until `valkey-track verify` measures it.',
        ),
      ),
    );
  }
  const misleading = misleadingLines(map);
  lines.push(
    '',
    wrap(
      c.bold(
        `Metadata that would mislead a client caching by metadata (node-redis 6.2's rule): ${misleading.length === 0 ? 'none' : misleading.length}`,
      ),
    ),
    ...misleading.map((line) => wrap(`  ${line}`, 4)),
  );
  const drift = driftLines(map.drift);
  lines.push(
    '',
    wrap(
      c.bold(
        `Drift against the bundled data (${comparedWith(map)}): ${summary.driftCount === 0 ? 'none' : summary.driftCount}`,
      ),
    ),
  );
  lines.push(...drift.map((line) => wrap(`  ${line}`, 4)));
  return `${lines.join('\n')}\n`;
}
