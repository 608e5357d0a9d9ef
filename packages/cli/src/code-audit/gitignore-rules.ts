import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** The rules of one `.gitignore` (or `.git/info/exclude`), which apply relative to its directory. */
interface IgnoreFile {
  directory: string;
  rules: Ignore;
}

function readIgnoreFile(directory: string, path: string): IgnoreFile | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  return { directory, rules: ignore().add(text) };
}

/**
 * The `.gitignore` files in force at a directory, outermost first. A deeper file overrides an outer one,
 * and an ignored directory is never entered, as in git (https://git-scm.com/docs/gitignore).
 */
export class GitignoreRules {
  private constructor(private readonly files: readonly IgnoreFile[]) {}

  /** The rules above `directory`: ancestors' `.gitignore` files up to the repository top and its `info/exclude`. */
  static above(directory: string): GitignoreRules {
    if (existsSync(join(directory, '.git'))) return new GitignoreRules([]);
    const ancestors: string[] = [];
    let top: string | undefined;
    for (let current = dirname(directory); top === undefined; current = dirname(current)) {
      ancestors.unshift(current);
      if (existsSync(join(current, '.git'))) top = current;
      else if (dirname(current) === current) break;
    }
    // Outside a repository, only the .gitignore files of the audited tree itself apply.
    if (top === undefined) return new GitignoreRules([]);
    const files = [
      readIgnoreFile(top, join(top, '.git', 'info', 'exclude')),
      ...ancestors.map((d) => readIgnoreFile(d, join(d, '.gitignore'))),
    ];
    return new GitignoreRules(files.filter((f): f is IgnoreFile => f !== undefined));
  }

  /** The rules inside `directory`, adding its own `.gitignore` (and `.git/info/exclude` at a repository top). */
  enter(directory: string): GitignoreRules {
    const own = readIgnoreFile(directory, join(directory, '.gitignore'));
    const exclude = existsSync(join(directory, '.git'))
      ? readIgnoreFile(directory, join(directory, '.git', 'info', 'exclude'))
      : undefined;
    const added = [exclude, own].filter((f): f is IgnoreFile => f !== undefined);
    return added.length === 0 ? this : new GitignoreRules([...this.files, ...added]);
  }

  /** Whether git would ignore the path; `isDirectory` matters to patterns ending in `/`. */
  ignores(path: string, isDirectory: boolean): boolean {
    let ignored = false;
    for (const file of this.files) {
      const relativePath = relative(file.directory, path).split(sep).join('/');
      if (relativePath === '' || relativePath.startsWith('..')) continue;
      const result = file.rules.test(isDirectory ? `${relativePath}/` : relativePath);
      if (result.ignored) ignored = true;
      else if (result.unignored) ignored = false;
    }
    return ignored;
  }
}
