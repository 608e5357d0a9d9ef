import { commands, type Category } from '@valkey-track/rules-data';
import { colorsFor } from '../util/color.js';
import { parseChoice } from '../util/parse-choice.js';
import { categoryColor } from '../util/category-color.js';
import { markdownHeader, markdownRow } from '../util/markdown-table.js';
import { outputWidth } from '../util/output-width.js';
import { wrapLine } from '../util/wrap-line.js';

interface TableFlags {
  category?: string;
  format?: string;
  width?: string | boolean;
}

/** Prints the bundled data: every command, its category and reasons. */
export async function runTable(flags: TableFlags): Promise<void> {
  const format = parseChoice('format', flags.format ?? 'text', ['text', 'json', 'markdown']);
  const width = outputWidth(flags.width);
  const only =
    flags.category === undefined
      ? undefined
      : parseChoice<Category>('category', flags.category, ['full', 'partial', 'none']);
  const rows = commands().filter((e) => !only || e.category === only);

  if (format === 'json') {
    const map = Object.fromEntries(
      rows.map((e) => [e.name, { category: e.category, reasons: e.reasons, source: 'bundled' }]),
    );
    process.stdout.write(JSON.stringify({ commands: map }, null, 2) + '\n');
    return;
  }
  if (format === 'markdown') {
    const out = markdownHeader(['command', 'category', 'reasons', 'explanation']);
    for (const e of rows)
      out.push(markdownRow([`\`${e.name}\``, e.category, e.reasons.join(', '), e.explanation]));
    process.stdout.write(out.join('\n') + '\n');
    return;
  }
  const c = colorsFor();
  const nameWidth = Math.max(...rows.map((e) => e.name.length));
  const out = rows.map((e) =>
    wrapLine(
      `${e.name.padEnd(nameWidth)}  ${categoryColor(c, e.category)(e.category.padEnd(7))}  ${e.reasons.join(', ')}`,
      width,
      nameWidth + 11,
    ),
  );
  const count = (cat: Category) => rows.filter((e) => e.category === cat).length;
  out.push(
    '',
    `${rows.length} commands: ${count('full')} full, ${count('partial')} partial, ${count('none')} none`,
  );
  process.stdout.write(out.join('\n') + '\n');
}
