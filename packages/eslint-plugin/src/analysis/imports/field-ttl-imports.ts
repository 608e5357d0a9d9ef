import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TSESLint } from '@typescript-eslint/utils';
import type { FieldTtlKey } from '../field-ttl.js';
import { mentionsFieldTtl } from '../field-ttl.js';
import type { PluginSettings } from '../../util/settings.js';
import { loadSummary } from './load-summary.js';
import { importedFiles } from './resolve-module.js';

type RuleContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

const MAX_DEPTH = 3;

const mentions = new Map<string, { mtimeMs: number; text: string | undefined }>();

/** A module's text when it names a field-TTL command (cached by modification time), else undefined. */
function fieldTtlText(file: string): string | undefined {
  try {
    const mtimeMs = statSync(file).mtimeMs;
    const cached = mentions.get(file);
    if (cached?.mtimeMs === mtimeMs) return cached.text;
    const text = readFileSync(file, 'utf8');
    const kept = mentionsFieldTtl(text) || /\bexport\b[^;\n]*\bfrom\b/.test(text) ? text : undefined;
    mentions.set(file, { mtimeMs, text: kept });
    return kept;
  } catch {
    return undefined;
  }
}

/**
 * The keys other modules give hash field TTLs: the modules this one imports (relative and tsconfig `paths`
 * specifiers, through `export ... from` re-exports), and the modules the settings name
 * (`hashFieldTtlModules`, which the code audit fills from its project index). A key is shared by every
 * module that names it, so a session store's `HSETEX` counts for the route that caches its `HGETALL`.
 */
export function importedFieldTtlKeys(context: RuleContext, settings: PluginSettings): FieldTtlKey[] {
  const languageOptions = context.languageOptions as unknown as Record<string, unknown>;
  const keys: FieldTtlKey[] = [];
  const seen = new Set<string>([context.filename]);
  const visit = (file: string, depth: number) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = fieldTtlText(file);
    if (text === undefined) return;
    if (mentionsFieldTtl(text))
      keys.push(...(loadSummary(file, languageOptions, settings)?.fieldTtlKeys ?? []));
    if (depth >= MAX_DEPTH) return;
    // A re-exporting index (`export * from './sessions.js'`) stands for the modules it re-exports.
    for (const target of importedFiles(file, text)) visit(target, depth + 1);
  };
  for (const target of importedFiles(context.filename, context.sourceCode.text)) visit(target, 1);
  for (const file of settings.hashFieldTtlModules) visit(resolve(context.cwd, file), MAX_DEPTH);
  return keys;
}
