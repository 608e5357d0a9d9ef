import type { CommandEntry } from '../types.js';

/**
 * The checked-in data file (`generated/commands.json`, read by `command-data.ts`); a unit test renders it again
 * in memory and compares. One command per line, so that a new capture or a curated change diffs by command.
 * JSON read with `JSON.parse`, not a module: every thread that loads it (each MONITOR audit worker, the main
 * thread, an editor's ESLint) parses it in about a fifth of the time V8 takes to compile it as a module's string
 * literal, and as object literals it would cost each about 2.4 MiB more memory.
 */
export function renderGenerated(entries: readonly CommandEntry[], versions: readonly string[]): string {
  return [
    '{',
    '"generatedBy": "pnpm generate (packages/rules-data/scripts/generate.ts) from fixtures/server-metadata and src/curated. Do not edit.",',
    `"versions": ${JSON.stringify(versions)},`,
    '"entries": [',
    entries.map((e) => JSON.stringify(e)).join(',\n'),
    ']',
    '}',
    '',
  ].join('\n');
}
