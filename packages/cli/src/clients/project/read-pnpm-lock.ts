import { parse } from 'yaml';
import { splitNameAtVersion } from './package-name.js';
import type { InstalledPackage } from './types.js';

/**
 * Versions of the wanted packages in a pnpm lockfile: its `packages` keys are `name@version` (lockfile 9) or
 * `/name@version` (6), with peer suffixes in parentheses. An alias resolves to the real package's key.
 */
export function readPnpmLock(text: string, wanted: ReadonlySet<string>, source: string): InstalledPackage[] {
  const lock = parse(text) as { packages?: Record<string, unknown> } | null;
  const found: InstalledPackage[] = [];
  for (const key of Object.keys(lock?.packages ?? {})) {
    const spec = splitNameAtVersion(key.replace(/^\//, '').replace(/\(.*$/, ''));
    if (spec && wanted.has(spec.name)) found.push({ ...spec, source });
  }
  return found;
}
