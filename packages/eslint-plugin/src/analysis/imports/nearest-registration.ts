import { readFileSync } from 'node:fs';
import { dirname, sep } from 'node:path';
import { resolveRelative } from './resolve-module.js';

/** The module specifiers a module's text imports or requires. */
const SPECIFIERS = /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*|\bimport\s+)(['"])([^'"\n]+)\1/g;

function imports(registering: string, file: string): boolean {
  let text: string;
  try {
    text = readFileSync(registering, 'utf8');
  } catch {
    return false;
  }
  for (const match of text.matchAll(SPECIFIERS))
    if (resolveRelative(registering, match[2]!) === file) return true;
  return false;
}

/** How many directories two files' paths share. */
function sharedDirectories(a: string, b: string): number {
  const left = dirname(a).split(sep);
  const right = dirname(b).split(sep);
  let shared = 0;
  while (shared < left.length && left[shared] === right[shared]) shared++;
  return shared;
}

/**
 * Of several modules that register one key (a Koa app's `app.context.valkey` and a tRPC `createContext` that
 * returns `{ valkey }`, in one package), the one `file` belongs to: the module that imports it (the app that
 * mounts this middleware), else the one whose directory is nearest.
 */
export function nearestRegistration<T extends { file: string }>(
  file: string,
  registrations: readonly T[],
): T | undefined {
  if (registrations.length <= 1) return registrations[0];
  const importer = registrations.find((registration) => imports(registration.file, file));
  if (importer) return importer;
  let best = registrations[0]!;
  for (const registration of registrations.slice(1))
    if (sharedDirectories(registration.file, file) > sharedDirectories(best.file, file)) best = registration;
  return best;
}
