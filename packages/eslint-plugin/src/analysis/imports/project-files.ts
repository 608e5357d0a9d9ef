import { readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, sep } from 'node:path';
import { packageDirectory } from '../../util/project-dependencies.js';

/** Directories no application module lives in: dependencies, build output, tool state. */
const SKIPPED = new Set([
  'node_modules',
  'dist',
  'build',
  'out',
  'coverage',
  '.next',
  '.nuxt',
  '.git',
  '.turbo',
]);
const SOURCE = /\.(?:[cm]?[jt]sx?)$/;
/** A project larger than this is not searched (a monorepo root, a home directory by mistake). */
const MAX_FILES = 5000;
/** How long a listing is trusted: one lint run, and an editor sees new files soon after. */
const LISTING_MS = 5000;

const listings = new Map<string, { at: number; files: string[] }>();
const found = new Map<string, { at: number; files: string[] }>();
/** Per module, by modification time: whether its text matches each pattern asked about. */
const matches = new Map<string, { mtimeMs: number; results: Map<string, boolean> }>();

/**
 * The project a module belongs to: the nearest directory above it with a package.json, outside node_modules. A
 * name that is no path (ESLint's `<input>`, a rule tester's `file.ts`) belongs to none: the working directory is
 * not its project.
 */
export function projectRoot(file: string): string | undefined {
  if (!isAbsolute(file) || file.includes(`${sep}node_modules${sep}`)) return undefined;
  return packageDirectory(file);
}

/** The project's source modules (no declaration files), read once per run. */
export function sourceFiles(root: string): string[] {
  const now = Date.now();
  const cached = listings.get(root);
  if (cached && now - cached.at < LISTING_MS) return cached.files;
  const files: string[] = [];
  const pending = [root];
  while (pending.length > 0 && files.length <= MAX_FILES) {
    const dir = pending.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name)) pending.push(join(dir, entry.name));
      } else if (entry.isFile() && SOURCE.test(entry.name) && !/\.d\.[cm]?ts$/.test(entry.name)) {
        files.push(join(dir, entry.name));
      }
    }
  }
  const kept = files.length > MAX_FILES ? [] : files.sort();
  listings.set(root, { at: now, files: kept });
  return kept;
}

/** Whether a module's text matches `pattern`, read once for each pattern as long as the file is unchanged. */
export function matchesPattern(file: string, pattern: RegExp): boolean {
  try {
    const mtimeMs = statSync(file).mtimeMs;
    let entry = matches.get(file);
    if (entry?.mtimeMs !== mtimeMs) {
      entry = { mtimeMs, results: new Map() };
      matches.set(file, entry);
    }
    let result = entry.results.get(pattern.source);
    if (result === undefined) {
      result = pattern.test(readFileSync(file, 'utf8'));
      entry.results.set(pattern.source, result);
    }
    return result;
  } catch {
    return false;
  }
}

/**
 * The modules of the project of `file` whose text matches `pattern` (a cheap filter before any is parsed):
 * where a framework registers what other modules receive by name or token (a Nest provider, a fastify
 * decoration), which no import between the two shows.
 */
export function projectModulesMatching(file: string, pattern: RegExp): string[] {
  const root = projectRoot(file);
  if (!root) return [];
  // Asked for every module linted: the answer is reused as long as the listing is.
  const key = `${root}\u0000${pattern.source}`;
  const now = Date.now();
  const cached = found.get(key);
  if (cached && now - cached.at < LISTING_MS) return cached.files;
  const files = sourceFiles(root).filter((candidate) => matchesPattern(candidate, pattern));
  found.set(key, { at: now, files });
  return files;
}
