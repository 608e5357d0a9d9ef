import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const extensions = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

const isFile = (path: string): boolean => {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

/**
 * The file a relative import specifier names, as Node and TypeScript find it: the path itself, with each
 * source extension, a TypeScript file behind a `.js` specifier (`./db.js` -> `./db.ts`), or an index file.
 * Bare specifiers (packages, path aliases) are left to the program when there is type information.
 */
export function resolveRelative(fromFile: string, specifier: string): string | undefined {
  if (!specifier.startsWith('./') && !specifier.startsWith('../') && specifier !== '.' && specifier !== '..') return undefined;
  const base = resolve(dirname(fromFile), specifier);
  if (isFile(base)) return base;
  const stripped = base.replace(/\.(c|m)?jsx?$/, '');
  for (const extension of extensions) {
    if (isFile(stripped + extension)) return stripped + extension;
    if (isFile(base + extension)) return base + extension;
  }
  if (existsSync(base)) {
    for (const extension of extensions) if (isFile(join(base, `index${extension}`))) return join(base, `index${extension}`);
  }
  return undefined;
}
