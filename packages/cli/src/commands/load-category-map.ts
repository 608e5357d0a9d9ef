import { readFileSync } from 'node:fs';
import { UsageError } from '../util/usage-error.js';
import { categorySources, type CategoryMap } from './category-map-types.js';

const categories = new Set(['full', 'partial', 'none']);
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Why `value` is not a category map, or undefined when it is one. */
export function categoryMapProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'it is not a JSON object';
  if (!isObject(value.server)) return 'it has no "server" object';
  if (!isObject(value.commands)) return 'it has no "commands" object';
  for (const [name, entry] of Object.entries(value.commands)) {
    if (name !== name.toLowerCase())
      return `command "${name}" is not lower case (write subcommands as "object|idletime")`;
    if (!isObject(entry)) return `command "${name}" is not an object`;
    if (!categories.has(entry.category as string)) {
      return `command "${name}" has category ${JSON.stringify(entry.category)}, not full, partial or none`;
    }
    if (!Array.isArray(entry.reasons) || !entry.reasons.every((r) => typeof r === 'string')) {
      return `command "${name}" has no "reasons" list of strings`;
    }
    if (!categorySources.includes(entry.source as never)) {
      return `command "${name}" has source ${JSON.stringify(entry.source)}, not one of ${categorySources.join(', ')}`;
    }
  }
  return undefined;
}

/**
 * Reads a category map written by `valkey-track commands --format json`, for the ESLint plugin and the audits
 * to use in place of the bundled data. A missing, unreadable or malformed file is a UsageError naming the file.
 */
export function loadCategoryMap(path: string): CategoryMap {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read the category map "${path}": ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the category map "${path}" is not valid JSON: ${(error as Error).message}`);
  }
  const problem = categoryMapProblem(value);
  if (problem) {
    throw new UsageError(
      `"${path}" is not a category map: ${problem}. Write one with \`valkey-track commands --format json > ${path}\``,
    );
  }
  return value as CategoryMap;
}
