import { readFileSync, statSync } from 'node:fs';
import { sourcePattern } from '../../models/index.js';
import { resolveRelative } from './resolve-module.js';

let pattern: RegExp | undefined;

/** Whether a text can hold a client ({@link sourcePattern}), or names one of the settings. */
export function mentionsSources(text: string, names: readonly string[] = []): boolean {
  pattern ??= sourcePattern();
  return pattern.test(text) || names.some((name) => text.includes(name));
}

const byFile = new Map<string, { mtimeMs: number; mentions: boolean }>();

const reexports = /\bexport\s*(?:\*|\{[^}]*\}|\*\s+as\s+[\w$]+)\s*from\s*(['"])([^'"\n]+)\1/g;

/**
 * {@link mentionsSources} for a file, or for a module it re-exports (`export { client } from './redis.js'`,
 * up to three deep), cached by modification time.
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
      for (const match of text.matchAll(reexports)) {
        const target = resolveRelative(file, match[2]!);
        if (target && fileMentionsSources(target, depth + 1)) {
          mentions = true;
          break;
        }
      }
    }
    byFile.set(file, { mtimeMs, mentions });
    return mentions;
  } catch {
    return false;
  }
}
