import { readFileSync, statSync } from 'node:fs';
import { sourcePattern } from '../../models/index.js';
import { importedFiles } from './resolve-module.js';

let pattern: RegExp | undefined;

/** Whether a text can hold a client ({@link sourcePattern}), or names one of the settings. */
export function mentionsSources(text: string, names: readonly string[] = []): boolean {
  pattern ??= sourcePattern();
  return pattern.test(text) || names.some((name) => text.includes(name));
}

const byFile = new Map<string, { mtimeMs: number; mentions: boolean }>();

/**
 * A module that exports anything (ESM or CommonJS): what it exports may be a client it imports, re-exported
 * (`export { client } from`, `import { client } ...; export { client }`, `module.exports = { client: redis.client }`).
 */
const exportsSomething = /\bexport\b|\bmodule\.exports\b|\bexports\.[\w$]+\s*=/;

/** Whether a module's text exports anything, ESM or CommonJS (the code audit's pre-filter asks the same). */
export const exportsAnything = (text: string): boolean => exportsSomething.test(text);

/**
 * {@link mentionsSources} for a file, or, when it exports anything, for a module it imports (a barrel, a
 * service exporting what it made of a client), up to three deep, cached by modification time.
 */
export function fileMentionsSources(file: string, depth = 0): boolean {
  try {
    const mtimeMs = statSync(file).mtimeMs;
    const cached = byFile.get(file);
    if (cached?.mtimeMs === mtimeMs) return cached.mentions;
    byFile.set(file, { mtimeMs, mentions: false });
    const text = readFileSync(file, 'utf8');
    let mentions = mentionsSources(text);
    if (!mentions && depth < 3) {
      const targets = exportsAnything(text) ? importedFiles(file, text) : [];
      for (const target of targets) {
        if (fileMentionsSources(target, depth + 1)) {
          mentions = true;
          break;
        }
      }
    }
    // Past the depth limit a module's imports were not read: what it says holds only at that depth.
    if (mentions || depth < 3) byFile.set(file, { mtimeMs, mentions });
    else byFile.delete(file);
    return mentions;
  } catch {
    return false;
  }
}

/**
 * Whether a module names a client or imports one ({@link fileMentionsSources} of what it imports), exported or
 * not: an app's entry module registers a client it imports (`context: async () => ({ redis: storeCache })`)
 * and exports nothing.
 */
export function fileUsesSources(file: string): boolean {
  if (fileMentionsSources(file)) return true;
  try {
    const text = readFileSync(file, 'utf8');
    for (const target of importedFiles(file, text)) if (fileMentionsSources(target, 1)) return true;
    return false;
  } catch {
    return false;
  }
}
