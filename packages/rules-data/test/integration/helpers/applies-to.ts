import { recipeCommands, type ReadRecipe, type WriteRecipe } from '../../../src/evidence/index.js';
import { lookup, selectorMatches, versionScope } from '../../../src/index.js';
import type { ServerUnderTest } from './servers-under-test.js';

/**
 * Whether a recipe should run on a server of the test command, from the data alone: its `servers` name the
 * server, and the data has every command it sends on that version. The suites assert the engine agreed.
 */
export function appliesTo(recipe: ReadRecipe | WriteRecipe, server: ServerUnderTest): boolean {
  if (recipe.servers && !recipe.servers.some((s) => selectorMatches(s, server.kind, server.version)))
    return false;
  const { labels } = versionScope({ server: server.kind, version: server.version });
  return recipeCommands(recipe).every((name) => lookup(name)?.versions.some((l) => labels.includes(l)));
}
