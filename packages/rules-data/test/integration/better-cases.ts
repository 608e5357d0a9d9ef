import type { ServerKind } from '../../src/metadata/types.js';
import type { MeasuredCategory } from '../../src/evidence/index.js';

/**
 * Recipes that measure a case better than the entry's category, which is the worst realistic case
 * (issue: commands whose coverage depends on the state take their worst case, and the note says when it is
 * better). The suite asserts the measurement, that the data is worse, and that the entry's note explains it.
 */
export interface BetterCase {
  recipe: string;
  server: ServerKind;
  measured: MeasuredCategory;
  data: 'partial' | 'none';
  why: string;
}

const bothServers = (entry: Omit<BetterCase, 'server'>): BetterCase[] => [
  { ...entry, server: 'valkey' },
  { ...entry, server: 'redis' },
];

export const betterCases: BetterCase[] = [
  ...bothServers({
    recipe: 'eval_ro-declared-key',
    measured: 'full',
    data: 'partial',
    why: 'A deterministic script that declares its key: EVAL_RO carries its code in the arguments, so nothing but the key can change the reply.',
  }),
  ...bothServers({
    recipe: 'eval-declared-key',
    measured: 'full',
    data: 'partial',
    why: 'A deterministic script that declares its key; the GET it runs makes the server remember the key although EVAL is not flagged readonly.',
  }),
  {
    recipe: 'eval_ro-undeclared-key',
    server: 'valkey',
    measured: 'full',
    data: 'partial',
    why: 'Valkey 8.0 remembers keys read by commands inside the script, declared or not; the script is deterministic.',
  },
  {
    recipe: 'evalsha_ro-undeclared-key',
    server: 'valkey',
    measured: 'full',
    data: 'partial',
    why: 'Valkey 8.0 remembers keys read inside the script; the recipe does not flush the script cache.',
  },
];

export const betterCaseFor = (recipe: string, server: ServerKind): BetterCase | undefined =>
  betterCases.find((d) => d.recipe === recipe && d.server === server);
