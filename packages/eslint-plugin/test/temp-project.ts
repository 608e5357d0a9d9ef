import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A project written to a temporary directory, for rules that read the modules around the linted one. */
export function tempProject(prefix: string): {
  root: string;
  file: (path: string) => string;
  write: (path: string, ...source: string[]) => void;
} {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const file = (path: string) => join(root, path);
  const write = (path: string, ...source: string[]) => {
    mkdirSync(dirname(file(path)), { recursive: true });
    writeFileSync(file(path), source.join('\n'));
  };
  return { root, file, write };
}
