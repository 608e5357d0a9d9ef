import { readdirSync, statSync, type Dirent } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { GitignoreRules } from './gitignore-rules.js';
import type { SkipList } from './skip-list.js';

/** The extensions the built-in configuration parses: espree for JavaScript, typescript-eslint for TypeScript. */
export const sourceExtensions: readonly string[] = [
  '.js',
  '.mjs',
  '.cjs',
  '.jsx',
  '.ts',
  '.mts',
  '.cts',
  '.tsx',
];

/** Directories ESLint itself never lints (its default `ignores`: `**\/node_modules/`, `.git/`). */
const alwaysSkipped = new Set(['node_modules', '.git']);

export const isSourceFile = (path: string): boolean =>
  sourceExtensions.includes(extname(path)) && !path.endsWith('.d.ts');

export interface SourceFile {
  /** Absolute path. */
  path: string;
  /** The content to lint when it is not the file's (the index version, for --staged). */
  text?: string;
}

const errorText = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? String(error);

function walk(
  directory: string,
  rules: GitignoreRules,
  out: SourceFile[],
  skips: SkipList,
  cwd: string,
): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch (error) {
    skips.add('unreadable', { file: relative(cwd, directory) || '.', preview: errorText(error) });
    return;
  }
  const inside = rules.enter(directory);
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(directory, entry.name);
    // Symbolic links to directories are not followed, so a link cycle cannot trap the walk.
    if (entry.isDirectory()) {
      if (!alwaysSkipped.has(entry.name) && !inside.ignores(path, true)) walk(path, inside, out, skips, cwd);
    } else if (
      (entry.isFile() || entry.isSymbolicLink()) &&
      isSourceFile(path) &&
      !inside.ignores(path, false)
    ) {
      out.push({ path });
    }
  }
}

/**
 * The JavaScript and TypeScript files under `paths`, honouring `.gitignore` (and `.git/info/exclude`) like
 * git, skipping `node_modules` and `.git`. A file named on the command line is audited even when git ignores
 * it: hooks (pre-commit, lint-staged) name exactly the files to check. Missing paths and unreadable
 * directories are counted in `skips`.
 */
export function findSourceFiles(
  paths: readonly string[],
  skips: SkipList,
  cwd = process.cwd(),
): SourceFile[] {
  const out: SourceFile[] = [];
  for (const given of paths) {
    const path = resolve(cwd, given);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      skips.add(code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'unreadable', {
        file: given,
        preview: errorText(error),
      });
      continue;
    }
    if (isDirectory) walk(path, GitignoreRules.above(path), out, skips, cwd);
    else if (isSourceFile(path)) out.push({ path });
  }
  const seen = new Set<string>();
  return out.filter((f) => !seen.has(f.path) && seen.add(f.path));
}
