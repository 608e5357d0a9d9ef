import { readFileSync, statSync } from 'node:fs';
import { sourceMentions } from '../../models/index.js';

let pattern: RegExp | undefined;

/** Whether a text names a client library, a tracking or client-side-cache marker, or an invalidation channel. */
export function mentionsSources(text: string, names: readonly string[] = []): boolean {
  pattern ??= new RegExp(sourceMentions().map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'i');
  return pattern.test(text) || names.some((name) => text.includes(name));
}

const byFile = new Map<string, { mtimeMs: number; mentions: boolean }>();

/** {@link mentionsSources} for a file, cached by modification time. */
export function fileMentionsSources(file: string): boolean {
  try {
    const mtimeMs = statSync(file).mtimeMs;
    const cached = byFile.get(file);
    if (cached?.mtimeMs === mtimeMs) return cached.mentions;
    const mentions = mentionsSources(readFileSync(file, 'utf8'));
    byFile.set(file, { mtimeMs, mentions });
    return mentions;
  } catch {
    return false;
  }
}
