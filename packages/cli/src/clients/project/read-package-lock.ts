import type { InstalledPackage } from './types.js';

interface PackageLockEntry {
  version?: string;
  name?: string;
  dependencies?: Record<string, PackageLockEntry>;
}

interface PackageLock {
  packages?: Record<string, PackageLockEntry>;
  dependencies?: Record<string, PackageLockEntry>;
}

/**
 * Versions of the wanted packages in an npm lockfile: `packages` (lockfileVersion 2 and 3, keyed by the
 * node_modules path; an alias records the real name in `name`) or `dependencies` (version 1, nested).
 */
export function readPackageLock(
  text: string,
  wanted: ReadonlySet<string>,
  source: string,
): InstalledPackage[] {
  const lock = JSON.parse(text) as PackageLock;
  const found: InstalledPackage[] = [];
  if (lock.packages) {
    for (const [path, entry] of Object.entries(lock.packages)) {
      const installedAs = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
      const name = entry.name ?? installedAs;
      if (path.includes('node_modules/') && wanted.has(name) && entry.version) {
        found.push({ name, version: entry.version, source });
      }
    }
    return found;
  }
  const walk = (dependencies: Record<string, PackageLockEntry> | undefined) => {
    for (const [name, entry] of Object.entries(dependencies ?? {})) {
      if (wanted.has(name) && entry.version) found.push({ name, version: entry.version, source });
      walk(entry.dependencies);
    }
  };
  walk(lock.dependencies);
  return found;
}
