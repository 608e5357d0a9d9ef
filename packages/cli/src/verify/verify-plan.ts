import {
  modeVariants,
  readRecipes,
  writeRecipes,
  type ReadRecipe,
  type WriteRecipe,
} from '@valkey-track/rules-data/evidence';

export interface VerifyPlan {
  reads: ReadRecipe[];
  writes: WriteRecipe[];
}

/** The id of a recipe's BCAST twin; its namespace (and so its keys) differ from the original's. */
export const bcastId = (id: string) => `${id}-bcast`;

/**
 * Every read recipe twice, in the default mode and in BCAST with the recipe's own key prefix (the prefix a
 * team would register for those keys), plus the recipes written for OPTIN, OPTOUT, NOLOOP and BCAST edge
 * cases, plus the write recipes that check `silentWrite`.
 */
export function verifyPlan(options: { writes?: boolean } = {}): VerifyPlan {
  // A reply that depends on the whole keyspace (DBSIZE, RANDOMKEY) changes with writes outside any prefix, which a
  // run confined to its own prefix cannot make; BCAST without a prefix is measured by the mode variants.
  const twinned = readRecipes.filter((r) => !r.tracking && r.reason !== 'no-key-args');
  const bcast = twinned.map((r): ReadRecipe => ({
    ...r,
    id: bcastId(r.id),
    tracking: { mode: 'bcast', prefixes: ['{p}'] },
  }));
  return {
    reads: [...readRecipes, ...bcast, ...modeVariants],
    writes: options.writes === false ? [] : [...writeRecipes],
  };
}
