import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const byDirectory = new Map<string, Record<string, string>>();

/** The dependency ranges of the nearest package.json above a file (cached per directory). */
export function projectDependencies(filename: string): Record<string, string> {
  let directory = dirname(filename);
  const visited: string[] = [];
  for (;;) {
    const cached = byDirectory.get(directory);
    if (cached) return remember(visited, cached);
    visited.push(directory);
    const candidate = join(directory, 'package.json');
    if (existsSync(candidate)) {
      try {
        const json = JSON.parse(readFileSync(candidate, 'utf8')) as Record<
          string,
          Record<string, string> | undefined
        >;
        return remember(visited, { ...json.devDependencies, ...json.peerDependencies, ...json.dependencies });
      } catch {
        return remember(visited, {});
      }
    }
    const parent = dirname(directory);
    if (parent === directory) return remember(visited, {});
    directory = parent;
  }
}

function remember(directories: string[], dependencies: Record<string, string>): Record<string, string> {
  for (const directory of directories) byDirectory.set(directory, dependencies);
  return dependencies;
}
