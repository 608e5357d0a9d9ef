import { cleanNamespace } from './keyspace.js';
import { expand, namespaceFor, type Namespace } from './namespace.js';
import { applyConfig } from './server-state.js';
import { stopTracking } from './tracking.js';
import type { ConfigOverride, EvidenceConnections } from './types.js';

export interface RunContext {
  connections: EvidenceConnections;
  /** Every key a recipe creates starts with this prefix. */
  prefix: string;
  /** The database the connections are on. */
  database: number;
}

interface RecipeEnvironment {
  id: string;
  config?: ConfigOverride[];
  activeExpire?: false;
  otherDatabases?: number[];
  libraries?: string[];
}

/**
 * Runs a recipe body with its config and debug switches applied and its keys cleaned before and after,
 * restoring everything even when the body fails.
 */
export const withRecipeEnvironment = async <T>(
  ctx: RunContext,
  recipe: RecipeEnvironment,
  body: (ns: Namespace, clean: () => Promise<void>) => Promise<T>,
): Promise<T> => {
  const ns = namespaceFor(ctx.prefix, recipe.id, ctx.database);
  const { observer } = ctx.connections;
  const libraries = (recipe.libraries ?? []).map((l) => expand(l, ns));
  const clean = () => cleanNamespace(observer, ns, ctx.database, recipe.otherDatabases, libraries);
  await clean();
  const restoreConfig = await applyConfig(observer, recipe.config ?? []);
  try {
    if (recipe.activeExpire === false) await observer.call(['DEBUG', 'SET-ACTIVE-EXPIRE', '0']);
    return await body(ns, clean);
  } finally {
    if (recipe.activeExpire === false) await observer.call(['DEBUG', 'SET-ACTIVE-EXPIRE', '1']);
    await restoreConfig();
    await stopTracking(ctx.connections);
    await clean();
  }
};
