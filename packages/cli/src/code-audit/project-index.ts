import { readFileSync } from 'node:fs';
import { exportsAnything, moduleSpecifiers, resolveImport } from '@valkey-track/eslint-plugin';

const MAX_DEPTH = 4;

/**
 * The project index of the code audit: which files can hold a finding. The plugin reads the modules a file
 * imports (relative specifiers and tsconfig `paths` aliases) to learn the clients, caches and wrappers they
 * export, so a file that never names a client library can still hold a finding when it imports a module
 * that does, directly or through modules that export something of it (re-exports, CommonJS barrels, services
 * whose functions return replies). Modules outside the audited files (a staged
 * file's imports) are read from disk.
 */
export function filesThatMayHoldFindings(
  texts: ReadonlyMap<string, string>,
  keep: (text: string, file: string) => boolean,
): Set<string> {
  const read = new Map<string, string | undefined>();
  const textOf = (file: string): string | undefined => {
    if (texts.has(file)) return texts.get(file);
    if (!read.has(file)) {
      try {
        read.set(file, readFileSync(file, 'utf8'));
      } catch {
        read.set(file, undefined);
      }
    }
    return read.get(file);
  };
  const importsOf = (file: string, text: string): string[] =>
    moduleSpecifiers(text)
      .map((specifier) => resolveImport(file, specifier))
      .filter((t): t is string => t !== undefined);
  const exportsClients = new Map<string, boolean>();
  const exporter = (file: string, depth: number): boolean => {
    const known = exportsClients.get(file);
    if (known !== undefined) return known;
    const text = textOf(file);
    exportsClients.set(file, false);
    const result =
      text !== undefined &&
      (keep(text, file) ||
        (depth < MAX_DEPTH &&
          exportsAnything(text) &&
          importsOf(file, text).some((t) => exporter(t, depth + 1))));
    exportsClients.set(file, result);
    return result;
  };
  const result = new Set<string>();
  for (const [file, text] of texts) {
    if (keep(text, file) || importsOf(file, text).some((target) => exporter(target, 0))) result.add(file);
  }
  return result;
}
