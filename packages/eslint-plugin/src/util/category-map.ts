import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

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
  const commands = (json as { commands?: unknown } | null)?.commands;
  if (!commands || typeof commands !== 'object') {
    throw new Error(`valkey-track: ${path} is not a category map: it needs a "commands" object`);
  }
  const map = new Map<string, MappedCategory>();
  for (const [name, value] of Object.entries(commands as Record<string, unknown>)) {
    const entry = value as Partial<MappedCategory> | null;
    if (entry?.category !== 'full' && entry?.category !== 'partial' && entry?.category !== 'none') {
      throw new Error(`valkey-track: ${path}: command "${name}" has no category full, partial or none`);
    }
    map.set(name.toLowerCase(), {
      category: entry.category,
      reasons: Array.isArray(entry.reasons) ? entry.reasons.map(String) : [],
    });
  }
  loaded.set(path, map);
  return map;
}
