import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Finding } from '../types.js';
import { sourceKey, type SourceLines } from './code-sections.js';

/** A source line longer than this is cut: minified bundles have lines of megabytes. */
const MAX_LINE_CHARS = 400;

/**
 * The source line of every code finding, read from disk once per file (relative paths from `cwd`). A file
 * that cannot be read (deleted since, permissions) just has no source line in the report.
 */
export function readSourceLines(findings: readonly Finding[], cwd = process.cwd()): SourceLines {
  const lines = new Map<string, string>();
  const byFile = new Map<string, Set<number>>();
  for (const f of findings) {
    if (!f.file) continue;
    byFile.set(f.file, (byFile.get(f.file) ?? new Set()).add(f.line));
  }
  for (const [file, wanted] of byFile) {
    let text: string;
    try {
      text = readFileSync(resolve(cwd, file), 'utf8');
    } catch {
      continue;
    }
    const all = text.split(/\r?\n/);
    for (const line of wanted) {
      const source = all[line - 1];
      if (source === undefined) continue;
      lines.set(
        sourceKey(file, line),
        source.length > MAX_LINE_CHARS ? `${source.slice(0, MAX_LINE_CHARS)}…` : source,
      );
    }
  }
  return lines;
}
