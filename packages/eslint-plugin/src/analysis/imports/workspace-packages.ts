import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The packages a workspace declares, by name: the root package.json's `workspaces` (npm, yarn; an array or
 * `{ packages }`) or pnpm-workspace.yaml's `packages`. What a checkout that was never installed has in place of
 * the `node_modules` links the package manager would make (a repository audited as cloned).
 */

/** How deep a `**` pattern looks for package.json files: workspaces nest packages a level or two down. */
const MAX_GLOB_DEPTH = 3;
/** How long a workspace's package list is trusted: one audit or lint run, as directory listings are. */
const LISTING_MS = 2000;

const byRoot = new Map<string, { at: number; packages: Map<string, string> }>();

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The patterns a directory's manifests declare as workspace packages; undefined when it is no workspace root. */
function workspacePatterns(directory: string): string[] | undefined {
  const manifest = readText(join(directory, 'package.json'));
  if (manifest !== undefined) {
    try {
      const workspaces = (JSON.parse(manifest) as { workspaces?: unknown }).workspaces;
      const list = Array.isArray(workspaces)
        ? workspaces
        : (workspaces as { packages?: unknown } | undefined)?.packages;
      if (Array.isArray(list)) return list.filter((p): p is string => typeof p === 'string');
    } catch {
      // not JSON: no workspaces here
    }
  }
  const pnpm = readText(join(directory, 'pnpm-workspace.yaml'));
  if (pnpm === undefined) return undefined;
  // `packages:` followed by `- 'apps/*'` items: the one list of this small file the lookup needs.
  const block = /^packages:\s*\n((?:[ \t]*(?:-.*|#.*)?\n?)*)/m.exec(pnpm)?.[1] ?? '';
  return [...block.matchAll(/^[ \t]*-[ \t]*['"]?([^'"#\n]+?)['"]?[ \t]*(?:#.*)?$/gm)].map((m) => m[1]!);
}

function subdirectories(directory: string): string[] {
  try {
    return readdirSync(directory, { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.'))
      .map((e) => join(directory, e.name));
  } catch {
    return [];
  }
}

/** The directories a pattern names: `packages/*` one level, `packages/**` a few, `tools/cli` itself. */
function matchDirectories(root: string, pattern: string): string[] {
  const parts = pattern.replace(/^\.\//, '').replace(/\/+$/, '').split('/');
  let current = [root];
  for (const [i, part] of parts.entries()) {
    if (part === '**') {
      const found: string[] = [];
      let level = current;
      for (let depth = 0; depth < MAX_GLOB_DEPTH && level.length > 0; depth++) {
        found.push(...level);
        level = level.flatMap(subdirectories);
      }
      current = found;
      if (i === parts.length - 1) current = current.flatMap(subdirectories);
    } else if (part.includes('*')) {
      const name = new RegExp(`^${part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
      current = current.flatMap(subdirectories).filter((d) => name.test(d.slice(d.lastIndexOf('/') + 1)));
    } else {
      current = current.map((d) => join(d, part));
    }
  }
  return current;
}

function packagesOf(root: string, patterns: string[]): Map<string, string> {
  const packages = new Map<string, string>();
  const excluded = new Set(
    patterns.filter((p) => p.startsWith('!')).flatMap((p) => matchDirectories(root, p.slice(1))),
  );
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) continue;
    for (const directory of matchDirectories(root, pattern)) {
      if (excluded.has(directory)) continue;
      const manifest = readText(join(directory, 'package.json'));
      if (manifest === undefined) continue;
      try {
        const name = (JSON.parse(manifest) as { name?: unknown }).name;
        if (typeof name === 'string' && !packages.has(name)) packages.set(name, directory);
      } catch {
        // a package.json that is not JSON names no package
      }
    }
  }
  return packages;
}

/** The directory of the workspace package `name`, from the nearest workspace root above `fromFile`. */
export function workspacePackageDirectory(fromFile: string, name: string): string | undefined {
  for (let directory = dirname(fromFile); ;) {
    const now = Date.now();
    let cached = byRoot.get(directory);
    if (!cached || now - cached.at >= LISTING_MS) {
      const patterns = workspacePatterns(directory);
      cached = { at: now, packages: patterns ? packagesOf(directory, patterns) : new Map() };
      byRoot.set(directory, cached);
    }
    // The nearest root decides: a nested workspace's names are its own.
    if (cached.packages.size > 0) return cached.packages.get(name);
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}
