import {
  geoAndHyperLogLogWrites,
  hashWrites,
  listWrites,
  setWrites,
  sortedSetWrites,
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
  ...streamWrites,
  ...serverWrites,
];

export { sideEffectWrites, skippedWrites };
