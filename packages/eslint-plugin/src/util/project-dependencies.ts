import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const packageByDirectory = new Map<string, string | undefined>();
const dependenciesByPackage = new Map<string, Record<string, string>>();

/** The nearest directory above a file that has a package.json (cached for every directory walked through). */
export function packageDirectory(filename: string): string | undefined {
  const visited: string[] = [];
  let found: string | undefined;
  for (let directory = dirname(filename); ;) {
    if (packageByDirectory.has(directory)) {
      found = packageByDirectory.get(directory);
      break;
    }
    visited.push(directory);
    if (existsSync(join(directory, 'package.json'))) {
      found = directory;
      break;
    }
    const parent = dirname(directory);
    if (parent === directory) break;
    directory = parent;
  }
  for (const directory of visited) packageByDirectory.set(directory, found);
  return found;
}

/** The dependency ranges of the nearest package.json above a file (cached per package). */
export function projectDependencies(filename: string): Record<string, string> {
  const directory = packageDirectory(filename);
  if (directory === undefined) return {};
  let dependencies = dependenciesByPackage.get(directory);
  if (!dependencies) {
    try {
      const json = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as Record<
        string,
        Record<string, string> | undefined
      >;
      dependencies = { ...json.devDependencies, ...json.peerDependencies, ...json.dependencies };
    } catch {
      dependencies = {};
    }
    dependenciesByPackage.set(directory, dependencies);
  }
  return dependencies;
}
