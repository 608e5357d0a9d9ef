import { readFileSync } from 'node:fs';
import { dirname, sep } from 'node:path';
import { importedFiles } from './resolve-module.js';

const REUSE_MS = 5000;
const importedBy = new Map<string, { at: number; files: Set<string> }>();

/** Whether the registering module imports `file` (the modules it imports, read once a run). */
function imports(registering: string, file: string): boolean {
  const now = Date.now();
  let cached = importedBy.get(registering);
  if (!cached || now - cached.at >= REUSE_MS) {
    let files = new Set<string>();
    try {
      files = new Set(importedFiles(registering, readFileSync(registering, 'utf8')));
    } catch {
      // An unreadable module imports nothing.
    }
    cached = { at: now, files };
    importedBy.set(registering, cached);
  }
  return cached.files.has(file);
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
