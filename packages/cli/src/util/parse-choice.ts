import { UsageError } from './usage-error.js';

/** Validates an option against its allowed values, with a one-line error that lists them. */
export function parseChoice<T extends string>(flag: string, value: unknown, allowed: readonly T[]): T {
  const text = String(value).toLowerCase();
  if ((allowed as readonly string[]).includes(text)) return text as T;
  throw new UsageError(`--${flag} must be one of ${allowed.join(', ')} (got "${String(value)}")`);
}

/** cac gives a repeated option as an array and a single one as a string. */
export const asList = (value: unknown): string[] =>
  value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String);
