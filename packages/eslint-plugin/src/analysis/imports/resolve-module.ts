import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { projectDependencies } from '../../util/project-dependencies.js';
import { workspacePackageDirectory } from './workspace-packages.js';

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
  /** Where `paths` targets resolve from: `baseUrl`, else the directory of the config that sets `paths`. */
  directory: string;
  paths: Array<[string, string[]]>;
  /** `compilerOptions.baseUrl`: non-relative specifiers also resolve under it, as TypeScript resolves them. */
  baseUrl: string | undefined;
}

interface CompilerOptions {
  baseUrl?: string;
  paths?: Record<string, string[]>;
}

const aliasesByDirectory = new Map<string, PathAliases | undefined>();

/** A tsconfig.json's text as JSON: comments and trailing commas removed. */
function readConfigJson(file: string): { compilerOptions?: CompilerOptions; extends?: string | string[] } {
  const text = readFileSync(file, 'utf8')
    .replace(
      /("(?:\\.|[^"\\])*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g,
      (match, string: string | undefined) => string ?? '',
    )
    .replace(/,(\s*[}\]])/g, '$1');
  return JSON.parse(text) as { compilerOptions?: CompilerOptions; extends?: string | string[] };
}

/**
 * `baseUrl` and `paths` of a config file and the configs it `extends` (relative ones: a package's shared
 * config is not read), each resolved against the file that sets it, as TypeScript does; the nearer one wins.
 */
function configOptions(
  file: string,
  depth = 0,
): { baseUrl?: string; paths?: Record<string, string[]>; pathsFrom?: string } {
  const json = readConfigJson(file);
  let inherited: { baseUrl?: string; paths?: Record<string, string[]>; pathsFrom?: string } = {};
  const parents =
    json.extends === undefined ? [] : Array.isArray(json.extends) ? json.extends : [json.extends];
  for (const parent of parents) {
    if (depth > 4 || !parent.startsWith('.')) continue;
    let target = resolve(dirname(file), parent);
    if (!isFile(target) && isFile(`${target}.json`)) target = `${target}.json`;
    if (!isFile(target)) continue;
    try {
      inherited = { ...inherited, ...configOptions(target, depth + 1) };
    } catch {
      // an unreadable parent adds nothing
    }
  }
  const own = json.compilerOptions ?? {};
  return {
    ...inherited,
    ...(own.baseUrl !== undefined ? { baseUrl: resolve(dirname(file), own.baseUrl) } : {}),
    ...(own.paths ? { paths: own.paths, pathsFrom: dirname(file) } : {}),
  };
}

/**
 * SvelteKit's `$lib` (src/lib), which its generated tsconfig declares: a repository does not hold that file. A
 * project is SvelteKit's by its svelte.config, or by depending on `@sveltejs/kit`.
 */
function svelteKitAliases(directory: string): Array<[string, string[]]> {
  const entries = entriesOf(directory);
  const isKit =
    ['svelte.config.js', 'svelte.config.mjs', 'svelte.config.ts'].some((n) => entries.get(n) === 'file') ||
    (entries.get('package.json') === 'file' &&
      '@sveltejs/kit' in projectDependencies(join(directory, 'package.json')));
  return isKit
    ? [
        ['$lib', ['./src/lib']],
        ['$lib/*', ['./src/lib/*']],
      ]
    : [];
}

/**
 * `compilerOptions.paths` and `baseUrl` of the nearest tsconfig.json or jsconfig.json (comments, trailing commas
 * and relative `extends` followed), up to the nearest package.json.
 */
function aliasesFor(directory: string): PathAliases | undefined {
  if (aliasesByDirectory.has(directory)) return aliasesByDirectory.get(directory);
  let found: PathAliases | undefined;
  for (const name of ['tsconfig.json', 'jsconfig.json']) {
    const file = join(directory, name);
    if (!isFile(file)) continue;
    try {
      const options = configOptions(file);
      const kit = svelteKitAliases(directory);
      const paths = [...Object.entries(options.paths ?? {}), ...kit.filter(([p]) => !options.paths?.[p])];
      if (paths.length > 0 || options.baseUrl !== undefined)
        found = {
          directory: options.baseUrl ?? (options.paths ? options.pathsFrom! : directory),
          paths: paths.map(([p, targets]) =>
            // SvelteKit's own entries resolve from the project, whatever baseUrl says.
            kit.some(([k]) => k === p) && !options.paths?.[p]
              ? [p, targets.map((t) => resolve(directory, t))]
              : [p, targets],
          ),
          baseUrl: options.baseUrl,
        };
    } catch {
      found = undefined;
    }
    break;
  }
  if (!found) {
    const parent = dirname(directory);
    const isPackage = existsSync(join(directory, 'package.json'));
    if (parent !== directory && !isPackage) found = aliasesFor(parent);
    // A SvelteKit project with no tsconfig or jsconfig of its own still has `$lib`.
    const kit = isPackage ? svelteKitAliases(directory) : [];
    if (kit.length > 0)
      found = {
        directory,
        paths: kit.map(([p, targets]) => [p, targets.map((t) => resolve(directory, t))]),
        baseUrl: undefined,
      };
  }
  aliasesByDirectory.set(directory, found);
  return found;
}

/** A file of the project, not of a published package. */
const inProject = (file: string | undefined): file is string =>
  file !== undefined && !file.includes('/node_modules/');

/** A specifier through `paths` aliases (`@/lib/redis` -> `src/lib/redis.ts`), or under `baseUrl` (`lib/redis`). */
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
      if (inProject(file)) return file;
    }
  }
  if (aliases.baseUrl !== undefined) {
    const file = completePath(resolve(aliases.baseUrl, specifier));
    if (inProject(file)) return file;
  }
  return undefined;
}

/** The condition names a workspace package's `exports` are read by, source first. */
const CONDITIONS = ['source', 'development', 'import', 'module', 'node', 'require', 'default', 'types'];

/** The target of one `exports` entry: a path, a conditions object, or a list of either. */
function exportTarget(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry;
  if (Array.isArray(entry)) {
    for (const item of entry) {
      const target = exportTarget(item);
      if (target) return target;
    }
    return undefined;
  }
  if (entry && typeof entry === 'object') {
    const conditions = entry as Record<string, unknown>;
    for (const name of CONDITIONS) {
      const target = exportTarget(conditions[name]);
      // A declaration file has no code to follow.
      if (target && !/\.d\.[cm]?ts$/.test(target)) return target;
    }
  }
  return undefined;
}

/** The target a package.json `exports` or `imports` map gives `key`: its own entry, or a `*` pattern's. */
function mappedTarget(map: Record<string, unknown>, key: string): string | undefined {
  const own = exportTarget(map[key]);
  if (own !== undefined) return own;
  for (const [pattern, entry] of Object.entries(map)) {
    const star = pattern.indexOf('*');
    if (star < 0 || !key.startsWith(pattern.slice(0, star)) || !key.endsWith(pattern.slice(star + 1)))
      continue;
    const target = exportTarget(entry)?.replace(
      '*',
      key.slice(star, key.length - (pattern.length - star - 1)),
    );
    if (target) return target;
  }
  return undefined;
}

/** The manifest of a package directory, or undefined when it has none or it does not parse. */
function manifestOf(directory: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/**
 * A subpath import (`#services/search_service`, `#lib/redis`) through the `imports` of the nearest package.json
 * (AdonisJS's `"#services/*": "./app/services/*.js"`): a target in the package; one naming a package is not followed.
 */
function resolvePackageImport(fromFile: string, specifier: string): string | undefined {
  for (let directory = dirname(fromFile); ; directory = dirname(directory)) {
    if (entriesOf(directory).get('package.json') === 'file') {
      const imports = manifestOf(directory)?.imports;
      if (!imports || typeof imports !== 'object' || Array.isArray(imports)) return undefined;
      const target = mappedTarget(imports as Record<string, unknown>, specifier);
      return target?.startsWith('./') ? completePath(resolve(directory, target)) : undefined;
    }
    if (dirname(directory) === directory) return undefined;
  }
}

/** The module of a workspace package that `subpath` (`.`, `./keys`) names, from its package.json. */
function packageEntry(directory: string, subpath: string): string | undefined {
  const manifest = manifestOf(directory);
  if (!manifest) return undefined;
  const exports = manifest.exports;
  const candidates: string[] = [];
  if (exports !== undefined && exports !== null) {
    const map =
      typeof exports === 'object' &&
      !Array.isArray(exports) &&
      Object.keys(exports).some((k) => k.startsWith('.'))
        ? (exports as Record<string, unknown>)
        : { '.': exports };
    const target = mappedTarget(map, subpath);
    if (target) candidates.push(target);
  } else if (subpath === '.') {
    for (const field of ['source', 'module', 'main', 'types'])
      if (typeof manifest[field] === 'string') candidates.push(manifest[field] as string);
  } else {
    candidates.push(subpath);
  }
  if (subpath === '.') candidates.push('./src/index', './index');
  for (const candidate of candidates) {
    if (/\.d\.[cm]?ts$/.test(candidate)) continue;
    const file = completePath(resolve(directory, candidate));
    if (file) return file;
  }
  return undefined;
}

/**
 * A bare specifier that names a package of the same workspace (`@acme/cache`, `@acme/cache/keys`): its
 * `node_modules` entry links to a directory outside any node_modules (pnpm, npm, yarn workspaces), whose
 * source is the project's own; with no entry, the package the workspace's manifest declares by that name. A
 * published package is not followed.
 */
function resolveWorkspacePackage(fromFile: string, specifier: string): string | undefined {
  const parts = specifier.split('/');
  const nameParts = specifier.startsWith('@') ? 2 : 1;
  if (parts.length < nameParts || parts.slice(0, nameParts).some((p) => p === '' || p === '.' || p === '..'))
    return undefined;
  const name = parts.slice(0, nameParts).join('/');
  const subpath = parts.length > nameParts ? `./${parts.slice(nameParts).join('/')}` : '.';
  for (let directory = dirname(fromFile); ;) {
    if (entriesOf(directory).get('node_modules') === 'directory') {
      const link = join(directory, 'node_modules', name);
      if (kindOf(link) === 'directory') {
        let real: string;
        try {
          real = realpathSync(link);
        } catch {
          return undefined;
        }
        return inProject(real) ? packageEntry(real, subpath) : undefined;
      }
    }
    const parent = dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  // Not installed (a repository as cloned): the package the workspace's manifest declares by that name.
  const declared = workspacePackageDirectory(fromFile, name);
  return declared ? packageEntry(declared, subpath) : undefined;
}

/**
 * The file an import specifier names in the project: a relative path as Node and TypeScript find it (with each
 * source extension, a TypeScript file behind a `.js` specifier, or an index file), a subpath import of the
 * nearest package.json (`#services/x`), a `paths` alias or a `baseUrl`-relative path of the nearest
 * tsconfig.json/jsconfig.json, or a package of the same workspace.
 * Published packages are not followed.
 */
export function resolveRelative(fromFile: string, specifier: string): string | undefined {
  if (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..') {
    return completePath(resolve(dirname(fromFile), specifier));
  }
  if (specifier.startsWith('node:')) return undefined;
  if (specifier.startsWith('#'))
    return resolvePackageImport(fromFile, specifier) ?? resolveAlias(fromFile, specifier);
  return resolveAlias(fromFile, specifier) ?? resolveWorkspacePackage(fromFile, specifier);
}

/** The module specifiers a module's text imports, re-exports, requires or loads (`import()`). */
const SPECIFIERS = /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*|\bimport\s+)(['"])([^'"\n]+)\1/g;
/** The name a module gives the `require` it makes: `const load = createRequire(import.meta.url)`. */
const MADE_REQUIRE = /\b(?:const|let|var)\s+([\w$]+)\s*=\s*(?:[\w$]+\.)?createRequire\s*\(/g;

/** The module specifiers a module's text names: `SPECIFIERS`, and what a `require` it makes itself loads. */
export function moduleSpecifiers(text: string): string[] {
  const found = [...text.matchAll(SPECIFIERS)].map((match) => match[2]!);
  for (const [, name] of text.matchAll(MADE_REQUIRE)) {
    const calls = new RegExp(
      `(?<![\\w$.])${name!.replace(/\$/g, '\\$')}\\s*\\(\\s*(['"])([^'"\\n]+)\\1`,
      'g',
    );
    for (const match of text.matchAll(calls)) found.push(match[2]!);
  }
  return found;
}

/** The project files a module's text names as modules, resolved from `fromFile` as `resolveRelative` does. */
export function* importedFiles(fromFile: string, text: string): Generator<string> {
  for (const specifier of moduleSpecifiers(text)) {
    const file = resolveRelative(fromFile, specifier);
    if (file) yield file;
  }
}
