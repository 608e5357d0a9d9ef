import type { Category } from '@valkey-track/rules-data';
import { UsageError } from '../util/usage-error.js';
import { categorySources, type CategoryMap, type CategorySource } from './category-map-types.js';

const categories: readonly (Category | 'unknown')[] = ['full', 'partial', 'none', 'unknown'];

export interface CategoryFilter {
  category?: string;
  source?: string;
}

/** Keeps the commands of one category and/or one source; the server and drift stay whole. */
export function filterCategoryMap(map: CategoryMap, filter: CategoryFilter): CategoryMap {
  const { category, source } = filter;
  if (category !== undefined && !categories.includes(category as Category | 'unknown')) {
    throw new UsageError(`--category must be full, partial, none or unknown (got "${category}")`);
  }
  if (source !== undefined && !categorySources.includes(source as CategorySource)) {
    throw new UsageError(`--source must be one of ${categorySources.join(', ')} (got "${source}")`);
  }
  if (category === undefined && source === undefined) return map;
  const commands = Object.fromEntries(
    Object.entries(map.commands).filter(
      ([, entry]) =>
        (category === undefined || entry.category === category) &&
        (source === undefined || entry.source === source),
    ),
  );
  return { ...map, commands };
}
