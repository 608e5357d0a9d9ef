import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { capturedView, serverCaptures, type ServerKind } from '@valkey-track/rules-data';
import { yourLibraries, type YourLibraries } from '../clients/project/your-libraries.js';

/**
 * The audit's "client libraries" section: the client libraries the audited project installs and which
 * commands their caches keep that CLIENT TRACKING does not fully cover, from its lockfile, node_modules or
 * package.json, before a line of code is read. Undefined when the project installs none.
 */
export function clientLibrariesSection(
  paths: readonly string[],
  cwd: string,
  server?: ServerKind,
): YourLibraries | undefined {
  const starts = new Set(
    (paths.length > 0 ? paths : ['.']).map((p) => {
      const path = resolve(cwd, p);
      return existsSync(path) && statSync(path).isDirectory() ? path : dirname(path);
    }),
  );
  const views = serverCaptures.filter((c) => !server || c.server === server).map((c) => capturedView(c));
  let merged: YourLibraries | undefined;
  for (const start of starts) {
    const found = yourLibraries(start, views);
    if (!merged) merged = found;
    else {
      const seen = new Set(merged.packages.map((p) => `${p.name}@${p.version}`));
      merged.packages.push(...found.packages.filter((p) => !seen.has(`${p.name}@${p.version}`)));
      merged.problems.push(...found.problems.filter((p) => !merged!.problems.includes(p)));
    }
  }
  return merged && (merged.packages.length > 0 || merged.problems.length > 0) ? merged : undefined;
}
