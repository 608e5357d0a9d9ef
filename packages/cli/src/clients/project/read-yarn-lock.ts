import { parseSyml } from '@yarnpkg/parsers';
import { splitNameAtVersion } from './package-name.js';
import type { InstalledPackage } from './types.js';

/**
 * Versions of the wanted packages in a yarn lockfile, classic (v1) or Berry (YAML), both read by Yarn's own
 * parser. A key holds one or more descriptors (`redis@^5.0.0, redis@^5.8.0`); an alias's `resolution`
 * (`redis@npm:5.12.1`) names the real package.
 */
export function readYarnLock(text: string, wanted: ReadonlySet<string>, source: string): InstalledPackage[] {
  const lock = parseSyml(text) as Record<string, { version?: string; resolution?: string }>;
  const found = new Map<string, InstalledPackage>();
  for (const [key, entry] of Object.entries(lock)) {
    if (key === '__metadata' || !entry?.version) continue;
    const descriptor = key.split(',')[0]!.trim().replace(/^"|"$/g, '');
    const name = splitNameAtVersion(entry.resolution ?? descriptor)?.name;
    // The parser gives a key of several descriptors (`redis@^5.8.0, redis@^5.9.0`) once per descriptor.
    if (name && wanted.has(name))
      found.set(`${name}@${entry.version}`, { name, version: String(entry.version), source });
  }
  return [...found.values()];
}
