import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import semver from 'semver';
import { splitNameAtVersion } from './package-name.js';
import { readPackageLock } from './read-package-lock.js';
import { readPnpmLock } from './read-pnpm-lock.js';
import { readYarnLock } from './read-yarn-lock.js';
import type { InstalledPackage } from './types.js';

const lockfiles: [string, typeof readPnpmLock][] = [
  ['pnpm-lock.yaml', readPnpmLock],
  ['package-lock.json', readPackageLock],
  ['npm-shrinkwrap.json', readPackageLock],
  ['yarn.lock', readYarnLock],
];

export interface ProjectPackages {
  /** The directory searched from. */
  directory: string;
  /** The lockfiles read, relative to `directory`. */
  lockfiles: string[];
  packages: InstalledPackage[];
  /** Files that could not be read, one line each. */
  problems: string[];
}

/** `directory` and its parents, up to and including the first that holds a lockfile or a `.git`. */
function projectDirectories(directory: string): string[] {
  const out = [directory];
  let current = directory;
  while (!lockfiles.some(([f]) => existsSync(join(current, f))) && !existsSync(join(current, '.git'))) {
    const parent = dirname(current);
    if (parent === current) break;
    out.push(parent);
    current = parent;
  }
  return out;
}

const readJson = (file: string): Record<string, unknown> => JSON.parse(readFileSync(file, 'utf8'));

/** The ranges package.json declares for the wanted packages (`npm:redis@^5` aliases included). */
function declaredRanges(manifest: Record<string, unknown>, wanted: ReadonlySet<string>): [string, string][] {
  const out: [string, string][] = [];
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
    for (const [name, spec] of Object.entries((manifest[field] ?? {}) as Record<string, string>)) {
      const alias = spec.startsWith('npm:') ? splitNameAtVersion(spec.slice(4)) : undefined;
      const real = alias?.name ?? name;
      if (wanted.has(real)) out.push([real, alias?.version ?? spec]);
    }
  }
  return out;
}

/**
 * Which versions of the wanted packages a project has: every version its lockfile holds (pnpm, npm or yarn,
 * found in the directory or the nearest parent that has one), the versions installed in node_modules on the
 * way up, and, for a package neither knows, the lowest version of the range package.json declares.
 */
export function findInstalledPackages(directory: string, wanted: ReadonlySet<string>): ProjectPackages {
  const found: InstalledPackage[] = [];
  const problems: string[] = [];
  const read: string[] = [];
  const directories = projectDirectories(directory);
  // Relative to the working directory where it lies inside it, as people type paths; absolute otherwise.
  const show = (file: string) => {
    const path = relative(process.cwd(), file);
    return path === '' || path.startsWith('..') ? file : path;
  };
  for (const [name, reader] of lockfiles) {
    const file = join(directories.at(-1)!, name);
    if (!existsSync(file)) continue;
    read.push(show(file));
    try {
      found.push(...reader(readFileSync(file, 'utf8'), wanted, show(file)));
    } catch (error) {
      problems.push(
        `${show(file)} could not be read: ${((error as Error).message ?? String(error)).split('\n')[0]}`,
      );
    }
  }
  for (const dir of directories) {
    for (const name of wanted) {
      const manifest = join(dir, 'node_modules', name, 'package.json');
      if (!existsSync(manifest)) continue;
      try {
        const version = readJson(manifest).version;
        if (typeof version === 'string')
          found.push({ name, version, source: show(join(dir, 'node_modules')) });
      } catch (error) {
        problems.push(`${show(manifest)} could not be read: ${(error as Error).message}`);
      }
    }
  }
  const manifestDir = directories.find((d) => existsSync(join(d, 'package.json')));
  if (manifestDir) {
    const file = join(manifestDir, 'package.json');
    try {
      for (const [name, range] of declaredRanges(readJson(file), wanted)) {
        if (found.some((p) => p.name === name)) continue;
        const lowest = semver.validRange(range) ? semver.minVersion(range)?.version : undefined;
        if (lowest) found.push({ name, version: lowest, source: show(file), declared: range });
      }
    } catch (error) {
      problems.push(`${show(file)} could not be read: ${(error as Error).message}`);
    }
  }
  const unique = new Map<string, InstalledPackage>();
  for (const p of found.filter((f) => semver.valid(f.version)))
    if (!unique.has(`${p.name}@${p.version}`)) unique.set(`${p.name}@${p.version}`, p);
  return {
    directory,
    lockfiles: read,
    packages: [...unique.values()].sort(
      (a, b) => a.name.localeCompare(b.name) || semver.compare(a.version, b.version),
    ),
    problems,
  };
}
