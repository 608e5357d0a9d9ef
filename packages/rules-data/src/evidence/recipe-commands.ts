import { lookup } from '../lookup.js';
import type { Argv, ReadRecipe, WriteRecipe } from './types.js';

/** The server's name for the command an argv runs: `get`, `object|freq` (container and subcommand). */
export function commandOf(argv: Argv): string {
  const [first = '', second] = argv;
  const name = first.toLowerCase();
  if (second !== undefined && lookup(name)?.subcommands.length) return `${name}|${second.toLowerCase()}`;
  return name;
}

/** Every command a recipe sends, setup and changes included: a server lacking any cannot run it. */
export function recipeCommands(recipe: ReadRecipe | WriteRecipe): string[] {
  const argvs: Argv[] = [...recipe.setup];
  if ('read' in recipe) {
    argvs.push(recipe.read);
    for (const change of recipe.changes) if (change.kind === 'command') argvs.push(change.argv);
  } else {
    argvs.push(
      recipe.write,
      ...(recipe.capture ? [recipe.capture.argv, ...(recipe.capture.then ?? [])] : []),
    );
  }
  return [...new Set(argvs.filter((argv) => argv[0]?.toUpperCase() !== 'SELECT').map(commandOf))];
}
