/**
 * Text made safe for one GitHub-flavoured Markdown table cell: a pipe would end the cell (`acl|cat` splits the
 * row, even inside backticks, per the GFM spec's table extension), and a newline would end the row.
 */
export const markdownCell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
