import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { UsageError } from '../util/usage-error.js';

/**
 * The files named on the command line (logs, reports), a glob (quoted, so the shell left it, or on a shell
 * that does not expand) giving its matches in name order. A path that exists is taken as it is, even with
 * `*` in its name; `-` is stdin, which can only be one input.
 */
export async function expandPaths(patterns: readonly string[]): Promise<string[]> {
  const paths: string[] = [];
  for (const pattern of patterns) {
    if (pattern === '-' || existsSync(pattern) || !isDynamicPattern(pattern)) {
      paths.push(pattern);
      continue;
    }
    const matches = (
      await glob(pattern, {
        onlyFiles: true,
        expandDirectories: false,
        dot: true,
        absolute: isAbsolute(pattern),
      })
    ).sort();
    if (matches.length === 0) throw new UsageError(`no file matches "${pattern}"`);
    paths.push(...matches);
  }
  if (paths.includes('-') && paths.length > 1) {
    throw new UsageError('- (stdin) can be the only input; give several inputs as files');
  }
  return [...new Set(paths)];
}
