import { readFileSync } from 'node:fs';
import { UsageError } from '../util/usage-error.js';
import { categoryMapProblem } from '@valkey-track/rules-data';
import type { CategoryMap } from './category-map-types.js';

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
  const problem =
    categoryMapProblem(value) ??
    (typeof (value as CategoryMap).server !== 'object' ? 'it has no "server" object' : undefined);
  if (problem) {
    throw new UsageError(
      `"${path}" is not a category map: ${problem}. Write one with \`valkey-track commands --format json > ${path}\``,
    );
  }
  return value as CategoryMap;
}
