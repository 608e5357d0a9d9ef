import type { ServerKind } from '../metadata/types.js';
import type { RunContext } from './environment.js';
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
  /** Which server this is, to skip recipes for commands the other one lacks. */
  server?: ServerKind;
  reads?: readonly ReadRecipe[];
  writes?: readonly WriteRecipe[];
  onProgress?: (progress: EvidenceProgress) => void;
}

export interface EvidenceReport {
  reads: ReadMeasurement[];
  writes: WriteMeasurement[];
  /** Recipes not run: server-wide ones without `allowServerWide`, or ones for the other server. */
  skipped: { id: string; reason: string }[];
  errors: { id: string; message: string }[];
}

const runnable = (
  recipe: { id: string; scope?: RecipeScope; servers?: ServerKind[]; otherDatabases?: number[] },
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
  if (recipe.servers && options.server && !recipe.servers.includes(options.server)) {
    skipped.push({ id: recipe.id, reason: `only for ${recipe.servers.join(', ')}` });
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
  const reads = (options.reads ?? []).filter((r) => runnable(r, options, report.skipped));
  const writes = (options.writes ?? []).filter((w) => runnable(w, options, report.skipped));
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
