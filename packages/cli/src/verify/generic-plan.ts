import {
  commandOf,
  genericRead,
  genericRecipe,
  probeGenericRead,
  type EvidenceConnection,
  type ReadRecipe,
} from '@valkey-track/rules-data/evidence';
import type { LiveServer } from '../commands/read-live-server.js';

export interface NotMeasurable {
  command: string;
  why: string;
}

/**
 * Generic recipes for the live server's reads no recipe measures (module commands, a newer server's
 * commands): an invocation written from `COMMAND DOCS` and key specs, with a key setup the probe found the
 * command can read. The reads it cannot write a recipe for are listed, with why.
 */
export async function genericPlan(
  connection: EvidenceConnection,
  live: LiveServer,
  reads: readonly string[],
  recipes: readonly ReadRecipe[],
  prefix: string,
  database: number,
): Promise<{ recipes: ReadRecipe[]; notMeasurable: NotMeasurable[] }> {
  const measured = new Set(recipes.map((r) => commandOf(r.read)));
  const out: ReadRecipe[] = [];
  const notMeasurable: NotMeasurable[] = [];
  for (const name of reads.filter((n) => !measured.has(n))) {
    const meta = live.metadata.commands[name]!;
    const read = genericRead(meta, live.arguments.get(name));
    if (!read) {
      notMeasurable.push({
        command: name,
        why: meta.keySpecs.some((s) => !s.flags.includes('NOT_KEY'))
          ? 'no valid invocation could be written from its metadata'
          : 'it names no key, and no recipe measures it',
      });
      continue;
    }
    const setup = await probeGenericRead(connection, read, prefix, database);
    if (!setup) {
      notMeasurable.push({ command: name, why: 'no key of any type gave it something to read' });
      continue;
    }
    out.push(genericRecipe(read, setup));
  }
  return { recipes: out, notMeasurable };
}
