import type { Argv, WriteRecipe } from '../types.js';

/** A writer-sweep recipe; its id is the command name unless `extra.id` names a variant. */
export const sweep = (
  command: string,
  setup: Argv[],
  write: Argv,
  keys: string[],
  extra: Partial<WriteRecipe> = {},
): WriteRecipe => ({ id: command.replace('|', '-'), command, setup, write, keys, ...extra });
