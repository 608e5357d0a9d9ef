/**
 * One cell of a GitHub-flavoured Markdown table. A `|` splits the row wherever it stands, even inside a code
 * span (`acl|cat`), unless escaped as `\|` (https://github.github.com/gfm/#tables-extension-, example 200);
 * a line break ends the row.
 */
export const markdownCell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** A table row from its cells' text, each escaped. */
export const markdownRow = (cells: readonly string[]): string => `| ${cells.map(markdownCell).join(' | ')} |`;

/** The header row and its delimiter row. */
export const markdownHeader = (names: readonly string[]): string[] => [
  markdownRow(names),
  `| ${names.map(() => '---').join(' | ')} |`,
];
