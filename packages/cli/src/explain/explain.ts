import {
  categorize,
  lookup,
  type CategorizeOptions,
  type CategorizeResult,
  type CommandEntry,
} from '@valkey-track/rules-data';

export interface Explanation extends CategorizeResult {
  entry?: CommandEntry;
}

/** How CLIENT TRACKING covers one invocation, with the whole data entry behind the verdict. */
export function explain(argv: readonly string[], options: CategorizeOptions = {}): Explanation {
  const result = categorize(argv, options);
  const entry = result.command ? lookup(result.command) : undefined;
  return entry ? { ...result, entry } : result;
}
