import { keyspaceEventRecipes } from './read-keyspace-events.js';
import { trackedKeyRecipes } from './read-tracked-keys.js';
import { randomOutputRecipes, serverStateRecipes, timeDependentRecipes } from './read-changing-replies.js';
import { blockingRecipes, scriptRecipes } from './read-scripts-blocking.js';
import { hashFieldRecipes } from './read-hash-fields.js';
import { vectorSetRecipes } from './read-vector-sets.js';
import { unstableOrderRecipes } from './read-unstable-order.js';
import {
  notReadonlyRecipes,
  pubsubRecipes,
  streamGroupRecipes,
  unnamedKeyRecipes,
} from './read-unnamed-keys.js';

export { keyspaceEventRecipes } from './read-keyspace-events.js';
export { modeVariants, type ModeVariant } from './mode-variants.js';

/** The read recipes compared with the data's `categorize()`: one or more per reason code. */
export const readRecipes = [
  ...trackedKeyRecipes,
  ...notReadonlyRecipes,
  ...unnamedKeyRecipes,
  ...timeDependentRecipes,
  ...randomOutputRecipes,
  ...serverStateRecipes,
  ...scriptRecipes,
  ...blockingRecipes,
  ...streamGroupRecipes,
  ...pubsubRecipes,
  ...hashFieldRecipes,
  ...vectorSetRecipes,
  ...unstableOrderRecipes,
];

/** The read recipes plus those measuring changes no command names (expiry, eviction, flushes, SWAPDB). */
export const allReadRecipes = [...readRecipes, ...keyspaceEventRecipes];
