import { spawnSync } from 'node:child_process';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../util/usage-error.js';

function git(args: string[], cwd: string): string {
  const run = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 << 20 });
  if (run.error) throw new UsageError(`--staged needs git: ${run.error.message}`);
  if (run.status !== 0) {
    throw new UsageError(`--staged: git ${args[0]} failed: ${run.stderr.trim().split('\n')[0] ?? ''}`);
  }
  return run.stdout;
}

/**
 * The files staged in git (added, copied, modified or renamed; deletions have nothing to lint), limited to
 * `paths` when some are given, as absolute paths. They are read from the working tree, as pre-commit and
 * lint-staged leave it (both set unstaged changes aside before running hooks).
 */
export function stagedFiles(paths: readonly string[], cwd = process.cwd()): string[] {
  const top = git(['rev-parse', '--show-toplevel'], cwd).trim();
  const names = git(['diff', '--cached', '--name-only', '--diff-filter=ACMR', '-z'], cwd)
    .split('\0')
    .filter(Boolean)
    .map((name) => join(top, name));
  if (paths.length === 0) return names;
  const roots = paths.map((p) => resolve(cwd, p));
  return names.filter((name) =>
    roots.some((root) => {
      const inside = relative(root, name);
      return inside === '' || (inside !== '..' && !inside.startsWith(`..${sep}`) && !isAbsolute(inside));
    }),
  );
}
