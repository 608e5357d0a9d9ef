import { readFileSync, statSync } from 'node:fs';

/** Larger JSON files are data, not configuration: not read. */
const MAX_BYTES = 512 * 1024;

const cache = new Map<string, { mtimeMs: number; constants: Map<string, unknown> | undefined }>();

/**
 * The constants of a JSON module (`const config = require('./config.json')`, `import config from
 * './config.json' with { type: 'json' }`): the whole value as a CommonJS module and a default import see it,
 * and its top-level members by name. Cached by modification time; unreadable or invalid JSON has none.
 */
export function jsonConstants(file: string): Map<string, unknown> | undefined {
  let mtimeMs: number;
  let size: number;
  try {
    ({ mtimeMs, size } = statSync(file));
  } catch {
    return undefined;
  }
  const cached = cache.get(file);
  if (cached?.mtimeMs === mtimeMs) return cached.constants;
  let constants: Map<string, unknown> | undefined;
  if (size <= MAX_BYTES) {
    try {
      const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
      constants = new Map([
        ['', value],
        ['default', value],
      ]);
      if (value !== null && typeof value === 'object' && !Array.isArray(value))
        for (const [name, member] of Object.entries(value)) constants.set(name, member);
    } catch {
      constants = undefined;
    }
  }
  cache.set(file, { mtimeMs, constants });
  return constants;
}
