import { lookup, type Category } from '@valkey-track/rules-data';
import { UsageError } from '../util/usage-error.js';
import {
  categorySources,
  type CategoryMap,
  type CategoryMapEntry,
  type CategorySource,
  type Drift,
} from './category-map-types.js';

const categories: readonly (Category | 'unknown')[] = ['full', 'partial', 'none', 'unknown'];

export interface CategoryFilter {
  category?: string;
  source?: string;
}

/**
 * Keeps the commands of one category and/or one source, and the drift about those commands only: a bundled
 * entry the server lacks counts as `bundled`, with its bundled category. The server stays whole.
 */
export function filterCategoryMap(map: CategoryMap, filter: CategoryFilter): CategoryMap {
  const { category, source } = filter;
  if (category !== undefined && !categories.includes(category as Category | 'unknown')) {
    throw new UsageError(`--category must be full, partial, none or unknown (got "${category}")`);
  }
  if (source !== undefined && !categorySources.includes(source as CategorySource)) {
    throw new UsageError(`--source must be one of ${categorySources.join(', ')} (got "${source}")`);
  }
  if (category === undefined && source === undefined) return map;
  const keep = (entry: Pick<CategoryMapEntry, 'category' | 'source'>) =>
    (category === undefined || entry.category === category) &&
    (source === undefined || entry.source === source);
  const commands = Object.fromEntries(Object.entries(map.commands).filter(([, entry]) => keep(entry)));
  const kept = (name: string) => name in commands;
  const bundledOnly = (name: string) => {
    const entry = lookup(name);
    return entry !== undefined && keep({ category: entry.category, source: 'bundled' });
  };
  const drift: Drift | undefined = map.drift && {
    missingFromData: map.drift.missingFromData.filter(kept),
    missingFromServer: map.drift.missingFromServer.filter(bundledOnly),
    metadataDiffers: map.drift.metadataDiffers.filter((d) => kept(d.command)),
    categoryDiffers: map.drift.categoryDiffers.filter((d) => kept(d.command)),
  };
  return { ...map, commands, ...(drift ? { drift } : {}) };
}
