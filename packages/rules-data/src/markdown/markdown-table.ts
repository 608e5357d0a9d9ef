/**
 * Text for one cell of a GitHub-flavoured Markdown table. A `|` ends the cell wherever it stands, even inside a
 * code span (`acl|cat`), unless escaped as `\|` (https://github.github.com/gfm/#tables-extension-, example 200);
 * a line break ends the row. The one escaping helper for every table the project writes.
 */
export const markdownCell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** A code span for a table cell: `` `object\|idletime` ``. */
export const markdownCode = (text: string): string => markdownCell(`\`${text}\``);

/** A table row from its cells' text, each escaped. */
export const markdownRow = (cells: readonly string[]): string => `| ${cells.map(markdownCell).join(' | ')} |`;

/** The header row and its delimiter row. */
export const markdownHeader = (names: readonly string[]): string[] => [
  markdownRow(names),
  `| ${names.map(() => '---').join(' | ')} |`,
];
