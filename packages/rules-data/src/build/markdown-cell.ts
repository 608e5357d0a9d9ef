/**
 * Text for one cell of a GitHub-flavoured Markdown table: a `|` ends the cell even inside a code span, so it
 * is escaped (`acl\|cat`); a line break would end the row. The one escaping helper for generated tables.
 */
export const markdownCell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** A code span for a table cell: `` `object\|idletime` ``. */
export const markdownCode = (text: string): string => markdownCell(`\`${text}\``);
