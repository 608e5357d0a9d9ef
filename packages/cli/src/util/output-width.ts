import { UsageError } from './usage-error.js';

/** The width a bare `--width` asks for: the classic terminal. */
export const DEFAULT_WIDTH = 80;

/** Narrower than this, a hanging indent leaves no room for words. */
const NARROWEST = 40;

interface Terminal {
  isTTY?: boolean;
  columns?: number;
}

const columns = (text: string | undefined): number | undefined =>
  text !== undefined && /^\s*\d+\s*$/.test(text) ? Number(text) : undefined;

/**
 * The width text output wraps at, or undefined for none: `--width N` (0: none), a bare `--width`: 80, else
 * `COLUMNS` when it is a number (as ls reads it), else the terminal's width when stdout is a terminal. A pipe or
 * a file gets one line per record, for grep and diff. JSON, SARIF and Markdown are never wrapped.
 */
export function outputWidth(
  flag: unknown,
  stdout: Terminal = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): number | undefined {
  let width: number | undefined;
  if (flag === true || flag === '') {
    width = DEFAULT_WIDTH;
  } else if (flag !== undefined && flag !== false) {
    width = columns(String(flag));
    if (width === undefined) {
      throw new UsageError(
        `--width must be a number of columns, or 0 for no wrapping (got "${String(flag)}")`,
      );
    }
  } else {
    width = columns(env.COLUMNS) ?? (stdout.isTTY && stdout.columns ? stdout.columns : undefined);
  }
  return width === undefined || width === 0 ? undefined : Math.max(width, NARROWEST);
}
