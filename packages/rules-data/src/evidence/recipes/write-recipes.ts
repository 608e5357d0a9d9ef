import {
  geoAndHyperLogLogWrites,
  hashWrites,
  listWrites,
  setWrites,
  sortedSetWrites,
  vectorSetWrites,
} from './write-collections.js';
import { keyspaceWrites } from './write-keyspace.js';
import { serverWrites, sideEffectWrites, skippedWrites } from './write-server.js';
import { streamWrites } from './write-streams.js';

/** The writer sweep: a recipe or more for every command either server flags `write`, bar `skippedWrites`. */
export const writeRecipes = [
  ...keyspaceWrites,
  ...hashWrites,
  ...listWrites,
  ...setWrites,
  ...sortedSetWrites,
  ...geoAndHyperLogLogWrites,
  ...vectorSetWrites,
  ...streamWrites,
  ...serverWrites,
];

export { sideEffectWrites, skippedWrites };
