import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

const extensions = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** How long a directory listing is trusted: one audit or lint run, and an editor sees new files soon after. */
const LISTING_MS = 2000;
type Kind = 'file' | 'directory' | 'other';
const listings = new Map<string, { at: number; entries: Map<string, Kind> }>();

/**
 * A directory's entries, read once per run: completing one import tries a dozen names (each extension, index
 * files), and an audit completes thousands, so one `readdir` replaces a `stat` per name.
 */
function entriesOf(directory: string): Map<string, Kind> {
  const now = Date.now();
  const cached = listings.get(directory);
  if (cached && now - cached.at < LISTING_MS) return cached.entries;
  const entries = new Map<string, Kind>();
  try {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      let kind: Kind = entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : 'other';
      if (entry.isSymbolicLink()) {
        try {
          const target = statSync(join(directory, entry.name));
          kind = target.isFile() ? 'file' : target.isDirectory() ? 'directory' : 'other';
        } catch {
          kind = 'other';
        }
      }
      entries.set(entry.name, kind);
    }
  } catch {
    // not a directory, or unreadable: nothing in it
  }
  listings.set(directory, { at: now, entries });
  return entries;
}

const kindOf = (path: string): Kind | undefined => entriesOf(dirname(path)).get(basename(path));
const isFile = (path: string): boolean => kindOf(path) === 'file';
const existsSync = (path: string): boolean => kindOf(path) !== undefined;

/** A path as Node and TypeScript complete it: itself, with a source extension, `.ts` behind `.js`, or an index file. */
function completePath(base: string): string | undefined {
  if (isFile(base)) return base;
  const stripped = base.replace(/\.(c|m)?jsx?$/, '');
  for (const extension of extensions) {
    if (isFile(stripped + extension)) return stripped + extension;
    if (isFile(base + extension)) return base + extension;
  }
  if (existsSync(base)) {
    for (const extension of extensions)
      if (isFile(join(base, `index${extension}`))) return join(base, `index${extension}`);
  }
  return undefined;
}

interface PathAliases {
  directory: string;
  paths: Array<[string, string[]]>;
}

const aliasesByDirectory = new Map<string, PathAliases | undefined>();

/** `compilerOptions.paths` of the nearest tsconfig.json or jsconfig.json (comments and trailing commas allowed). */
function aliasesFor(directory: string): PathAliases | undefined {
  if (aliasesByDirectory.has(directory)) return aliasesByDirectory.get(directory);
  let found: PathAliases | undefined;
  for (const name of ['tsconfig.json', 'jsconfig.json']) {
    const file = join(directory, name);
    if (!isFile(file)) continue;
    try {
      const text = readFileSync(file, 'utf8')
        .replace(
          /("(?:\\.|[^"\\])*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g,
          (match, string: string | undefined) => string ?? '',
        )
        .replace(/,(\s*[}\]])/g, '$1');
      const options = (
        JSON.parse(text) as { compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]> } }
      ).compilerOptions;
      if (options?.paths)
        found = {
          directory: resolve(directory, options.baseUrl ?? '.'),
          paths: Object.entries(options.paths),
        };
    } catch {
      found = undefined;
    }
    break;
  }
  if (!found) {
    const parent = dirname(directory);
    if (parent !== directory && !existsSync(join(directory, 'package.json'))) found = aliasesFor(parent);
  }
  aliasesByDirectory.set(directory, found);
  return found;
}

/** A specifier through `paths` aliases (`@/lib/redis` -> `src/lib/redis.ts`). */
function resolveAlias(fromFile: string, specifier: string): string | undefined {
  const aliases = aliasesFor(dirname(fromFile));
  if (!aliases) return undefined;
  for (const [pattern, targets] of aliases.paths) {
    const star = pattern.indexOf('*');
    const matched =
      star === -1
        ? specifier === pattern
          ? ''
          : undefined
        : specifier.startsWith(pattern.slice(0, star)) && specifier.endsWith(pattern.slice(star + 1))
          ? specifier.slice(star, specifier.length - (pattern.length - star - 1))
          : undefined;
    if (matched === undefined) continue;
    for (const target of targets) {
      const file = completePath(resolve(aliases.directory, target.replace('*', matched)));
      // A catch-all alias into node_modules names a package, not a module of the project.
      if (file && !file.includes('/node_modules/')) return file;
    }
  }
  return undefined;
}

/**
 * The file an import specifier names in the project: a relative path as Node and TypeScript find it (with each
 * source extension, a TypeScript file behind a `.js` specifier, or an index file), or a `paths` alias of the
 * nearest tsconfig.json/jsconfig.json. Packages are not followed.
 */
export function resolveRelative(fromFile: string, specifier: string): string | undefined {
  if (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..') {
    return completePath(resolve(dirname(fromFile), specifier));
  }
  if (specifier.startsWith('node:')) return undefined;
  return resolveAlias(fromFile, specifier);
}
