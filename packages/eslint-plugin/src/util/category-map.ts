import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { categoryMapProblem, type CategoryMapCommand } from '@valkey-track/rules-data';

/** One command's verdict as a live server export gives it (`valkey-track commands --format json`). */
export interface MappedCategory {
  category: 'full' | 'partial' | 'none';
  reasons: string[];
  /** The map's own explanation (the CLI writes one per entry), preferred over the reason summaries. */
  explanation?: string;
}

export type CategoryMap = ReadonlyMap<string, MappedCategory>;

const loaded = new Map<string, CategoryMap>();

/**
 * Reads `{ "commands": { "<name>": { "category": "full|partial|none", "reasons": [...] } } }`. Names are the
 * server's own, lower case, subcommands as `object|idletime`. Throws one clear line on a bad file.
 */
export function loadCategoryMap(file: string, cwd: string): CategoryMap {
  const path = resolve(cwd, file);
  const cached = loaded.get(path);
  if (cached) return cached;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`valkey-track: cannot read the category map ${path}: ${(error as Error).message}`);
  }
  const problem = categoryMapProblem(json);
  if (problem) {
    throw new Error(
      `valkey-track: ${path} is not a category map: ${problem}. Write one with \`valkey-track commands --format json\``,
    );
  }
  const map = new Map<string, MappedCategory>();
  for (const [name, entry] of Object.entries(
    (json as { commands: Record<string, CategoryMapCommand> }).commands,
  )) {
    // `unknown`: neither the server nor the data judged it; it is a command the data does not know.
    if (entry.category === 'unknown') continue;
    map.set(name, {
      category: entry.category,
      reasons: entry.reasons,
      ...(entry.explanation ? { explanation: entry.explanation } : {}),
    });
  }
  loaded.set(path, map);
  return map;
}
