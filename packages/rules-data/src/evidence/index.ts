/**
 * The evidence engine: recipes that run reads and writes against a live server with CLIENT TRACKING on and
 * record what changed and what was invalidated. It talks to the abstract `EvidenceConnections` (types.ts),
 * so it has no client dependency; the integration suites and `valkey-track verify` adapt iovalkey to it.
 * Every key a run creates lies under the caller's prefix and is deleted after each recipe.
 */
export * from './types.js';
export { classifyOutcomes } from './classify.js';
export { namespaceFor, expandArgv, globEscape } from './namespace.js';
export { replyText } from './reply.js';
export { findLeftovers, type Leftovers } from './leftovers.js';
export {
  compareWithData,
  isBetterCase,
  categorizeOptionsFor,
  type Disagreement,
} from './compare-with-data.js';
export { commandOf, recipeCommands } from './recipe-commands.js';
export { runReadRecipe } from './run-read-recipe.js';
export { runWriteRecipe } from './run-write-recipe.js';
export {
  runEvidence,
  type EvidenceOptions,
  type EvidenceProgress,
  type EvidenceReport,
} from './run-evidence.js';
export type { RunContext } from './environment.js';
export {
  readRecipes,
  allReadRecipes,
  keyspaceEventRecipes,
  modeVariants,
  type ModeVariant,
} from './recipes/index.js';
export { writeRecipes, sideEffectWrites, skippedWrites } from './recipes/write-recipes.js';
export { genericRead, genericRecipe, type GenericRead } from './recipes/generic-read.js';
export { probeGenericRead } from './probe-generic-read.js';
