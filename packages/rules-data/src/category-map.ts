import type { Category } from './types.js';

/**
 * Where a category map entry's category comes from, in order of authority: the server's own declaration (a
 * tracking ACL category, valkey-io/valkey#2894), a `dont_cache` command tip (redis/redis#14603), the bundled
 * data, or an inference from the command's metadata for commands the data does not know.
 */
export type CategorySource = 'acl-category' | 'tip' | 'bundled' | 'inferred';

export const categorySources: readonly CategorySource[] = ['acl-category', 'tip', 'bundled', 'inferred'];

/**
 * One command of a category map: what `valkey-track commands --format json` writes per command. `unknown`:
 * a command neither the server nor the data judges and whose metadata alone cannot say (an inference is never
 * `full` without evidence); readers treat it like a command the data does not know.
 */
export interface CategoryMapCommand {
  category: Category | 'unknown';
  reasons: string[];
  source?: CategorySource;
  explanation?: string;
}

const categories = new Set(['full', 'partial', 'none', 'unknown']);
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Why `value` is not a category map (`{ "commands": { "<name>": { "category", "reasons", ... } } }`, names
 * lower case with subcommands as `object|idletime`), or undefined when it is one. Shared by the ESLint plugin
 * and the CLI, which each read the file and report the problem their own way.
 */
export function categoryMapProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'it is not a JSON object';
  if (!isObject(value.commands)) return 'it has no "commands" object';
  for (const [name, entry] of Object.entries(value.commands)) {
    if (name !== name.toLowerCase())
      return `command "${name}" is not lower case (write subcommands as "object|idletime")`;
    if (!isObject(entry)) return `command "${name}" is not an object`;
    if (!categories.has(entry.category as string)) {
      return `command "${name}" has category ${JSON.stringify(entry.category)}, not full, partial, none or unknown`;
    }
    if (!Array.isArray(entry.reasons) || !entry.reasons.every((r) => typeof r === 'string')) {
      return `command "${name}" has no "reasons" list of strings`;
    }
    if (entry.source !== undefined && !categorySources.includes(entry.source as CategorySource)) {
      return `command "${name}" has source ${JSON.stringify(entry.source)}, not one of ${categorySources.join(', ')}`;
    }
  }
  return undefined;
}
