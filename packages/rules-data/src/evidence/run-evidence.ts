import type { ServerKind } from '../metadata/types.js';
import { selectorMatches } from '../versions/version-selector.js';
import type { RunContext } from './environment.js';
import { recipeCommands } from './recipe-commands.js';
import { serverHasCommands } from './server-commands.js';
import { runReadRecipe } from './run-read-recipe.js';
import { runWriteRecipe } from './run-write-recipe.js';
import type {
  EvidenceConnections,
  ReadMeasurement,
  ReadRecipe,
  RecipeScope,
  WriteMeasurement,
  WriteRecipe,
} from './types.js';

export interface EvidenceProgress {
  kind: 'read' | 'write';
  id: string;
  index: number;
  total: number;
}

export interface EvidenceOptions {
  /** Every key the recipes create starts with it; choose one no application uses. */
  prefix: string;
  /** The database the connections are on (default 0). */
  database?: number;
  /**
   * Also run recipes that change server-wide state (config, DEBUG switches, FLUSHALL, SWAPDB, function
   * libraries). Only on a server you own; default false.
   */
  allowServerWide?: boolean;
  /** Which server this is, to skip recipes that hold only for others (`ReadRecipe.servers`). */
  server?: ServerKind;
  /** Its version (`9.1.2`), for the same. */
  version?: string;
  reads?: readonly ReadRecipe[];
  writes?: readonly WriteRecipe[];
  onProgress?: (progress: EvidenceProgress) => void;
}

export interface EvidenceReport {
  reads: ReadMeasurement[];
  writes: WriteMeasurement[];
  /** Recipes not run: server-wide ones without `allowServerWide`, ones for other servers or versions, ones
   * using a command the server does not have. */
  skipped: { id: string; reason: string }[];
  errors: { id: string; message: string }[];
}

const runnable = (
  recipe: { id: string; scope?: RecipeScope; servers?: string[]; otherDatabases?: number[] },
  needs: readonly string[],
  available: ReadonlySet<string>,
  options: EvidenceOptions,
  skipped: EvidenceReport['skipped'],
): boolean => {
  if ((recipe.scope ?? 'keys') === 'server' && !options.allowServerWide) {
    skipped.push({ id: recipe.id, reason: 'changes server-wide state' });
    return false;
  }
  if (recipe.otherDatabases?.includes(options.database ?? 0)) {
    skipped.push({
      id: recipe.id,
      reason: `needs database ${recipe.otherDatabases.join(', ')} besides the connections' own`,
    });
    return false;
  }
  const { server, version } = options;
  if (
    recipe.servers &&
    server &&
    !recipe.servers.some((selector) =>
      version ? selectorMatches(selector, server, version) : selector.split(' ')[0] === server,
    )
  ) {
    skipped.push({ id: recipe.id, reason: `only for ${recipe.servers.join(', ')}` });
    return false;
  }
  const missing = needs.filter((name) => !available.has(name));
  if (missing.length > 0) {
    skipped.push({ id: recipe.id, reason: `the server has no ${missing.join(', ').toUpperCase()}` });
    return false;
  }
  return true;
};

/** Runs read and write recipes one after another, cleaning up every key each creates. */
export const runEvidence = async (
  connections: EvidenceConnections,
  options: EvidenceOptions,
): Promise<EvidenceReport> => {
  const ctx: RunContext = { connections, prefix: options.prefix, database: options.database ?? 0 };
  const report: EvidenceReport = { reads: [], writes: [], skipped: [], errors: [] };
  const all = [...(options.reads ?? []), ...(options.writes ?? [])];
  const needs = new Map(all.map((r) => [r, recipeCommands(r)]));
  const available = await serverHasCommands(connections.observer, [...new Set([...needs.values()].flat())]);
  const reads = (options.reads ?? []).filter((r) =>
    runnable(r, needs.get(r)!, available, options, report.skipped),
  );
  const writes = (options.writes ?? []).filter((w) =>
    runnable(w, needs.get(w)!, available, options, report.skipped),
  );
  const total = reads.length + writes.length;
  let index = 0;
  const attempt = async <T>(id: string, body: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await body();
    } catch (error) {
      report.errors.push({ id, message: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
  };
  for (const recipe of reads) {
    options.onProgress?.({ kind: 'read', id: recipe.id, index: index++, total });
    const measured = await attempt(recipe.id, () => runReadRecipe(ctx, recipe));
    if (measured) report.reads.push(measured);
  }
  for (const recipe of writes) {
    options.onProgress?.({ kind: 'write', id: recipe.id, index: index++, total });
    const measured = await attempt(recipe.id, () => runWriteRecipe(ctx, recipe));
    if (measured) report.writes.push(measured);
  }
  return report;
};
