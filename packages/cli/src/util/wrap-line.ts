import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';

/**
 * Wraps one line of text output at `width` columns with a hanging indent: continuation lines start `indent`
 * columns in (at most half the width), so a finding's message lines up under its own start. Colours survive
 * (wrap-ansi closes and reopens them at each break); a word longer than a line is broken. Without a width, or
 * when it fits, the line is returned as it is.
 */
export function wrapLine(line: string, width: number | undefined, indent = 0): string {
  if (width === undefined || stringWidth(line) <= width) return line;
  const hang = Math.min(indent, Math.floor(width / 2));
  // `trim: false` only inserts line breaks, so the lines after the first join back into the exact remainder.
  const [first = '', ...rest] = wrapAnsi(line, width, { hard: true, trim: false }).split('\n');
  const pad = ' '.repeat(hang);
  const continued = wrapAnsi(rest.join(''), width - hang, { hard: true })
    .split('\n')
    .map((part) => pad + part);
  return [first.trimEnd(), ...continued].join('\n');
}

/** Wraps every line of a block the same way. */
export const wrapLines = (lines: readonly string[], width: number | undefined, indent = 0): string[] =>
  lines.map((line) => wrapLine(line, width, indent));
