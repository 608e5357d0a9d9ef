import { commands, entryVerdict, markdownHeader, markdownRow, versionScope } from '@valkey-track/rules-data';
import type { Category, CommandEntry } from '@valkey-track/rules-data';
import { parseServerOption } from '../util/parse-server-option.js';
import { colorsFor } from '../util/color.js';
import { parseChoice } from '../util/parse-choice.js';
import { categoryColor } from '../util/category-color.js';
import { outputWidth } from '../util/output-width.js';
import { wrapLine } from '../util/wrap-line.js';

interface TableFlags {
  category?: string;
  server?: string;
  format?: string;
  width?: string | boolean;
}

interface Row {
  entry: CommandEntry;
  category: Category;
  reasons: string[];
  explanation: string;
}

/**
 * Prints the bundled data: every command, its category and reasons (the worst case across the versions
 * asked for), and the server versions it exists on. `--server valkey` or `--server valkey@9.1` keeps the
 * commands of those versions and gives their verdicts.
 */
export async function runTable(flags: TableFlags): Promise<void> {
  const format = parseChoice('format', flags.format ?? 'text', ['text', 'json', 'markdown']);
  const width = outputWidth(flags.width);
  const only =
    flags.category === undefined
      ? undefined
      : parseChoice<Category>('category', flags.category, ['full', 'partial', 'none']);
  const { server, version } = parseServerOption(flags.server);
  const scope = versionScope({ ...(server ? { server } : {}), ...(version ? { version } : {}) });
  const rows: Row[] = commands()
    .filter((e) => e.versions.some((l) => scope.labels.includes(l)))
    .map((entry) => ({
      entry,
      ...entryVerdict(entry, { ...(server ? { server } : {}), ...(version ? { version } : {}) }),
    }))
    .filter((r) => !only || r.category === only);

  if (format === 'json') {
    const map = Object.fromEntries(
      rows.map((r) => [
        r.entry.name,
        {
          category: r.category,
          reasons: r.reasons,
          source: 'bundled',
          versions: r.entry.versions,
          versionRange: r.entry.versionRange,
        },
      ]),
    );
    process.stdout.write(JSON.stringify({ versions: scope.labels, commands: map }, null, 2) + '\n');
    return;
  }
  if (format === 'markdown') {
    const out = markdownHeader(['command', 'category', 'reasons', 'versions', 'explanation']);
    for (const r of rows)
      out.push(
        markdownRow([
          `\`${r.entry.name}\``,
          r.category,
          r.reasons.join(', '),
          r.entry.versionRange,
          r.explanation,
        ]),
      );
    process.stdout.write(out.join('\n') + '\n');
    return;
  }
  const c = colorsFor();
  const nameWidth = Math.max(...rows.map((r) => r.entry.name.length));
  const reasonsWidth = Math.max(...rows.map((r) => r.reasons.join(', ').length));
  const out = rows.map((r) =>
    wrapLine(
      `${r.entry.name.padEnd(nameWidth)}  ${categoryColor(c, r.category)(r.category.padEnd(7))}  ${r.reasons.join(', ').padEnd(reasonsWidth)}  ${c.dim(r.entry.versionRange)}`,
      width,
      nameWidth + 11,
    ),
  );
  const count = (cat: Category) => rows.filter((r) => r.category === cat).length;
  out.push(
    '',
    wrapLine(
      `${rows.length} commands: ${count('full')} full, ${count('partial')} partial, ${count('none')} none ` +
        `(${scope.labels.join(', ')}${scope.labels.length > 1 ? ', worst case' : ''})`,
      width,
      2,
    ),
  );
  process.stdout.write(out.join('\n') + '\n');
}
