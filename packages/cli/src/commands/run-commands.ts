import type { ConnectionFlags } from '../connect/connection-options.js';
import { outputWidth } from '../util/output-width.js';
import { UsageError } from '../util/usage-error.js';
import { filterCategoryMap } from './filter-category-map.js';
import { formatCommandsMarkdown } from './format-commands-markdown.js';
import { formatCommandsText } from './format-commands-text.js';
import { readCategoryMap } from './read-category-map.js';
import { driftCount } from './summarize-category-map.js';
import { disagreementCount } from './cluster-lines.js';

export interface CommandsOptions extends ConnectionFlags {
  format?: string;
  category?: string;
  source?: string;
  failOnDrift?: boolean;
  width?: string | boolean;
}

const formats = ['text', 'json', 'markdown'];

/** `valkey-track commands`: prints the live server's category map; exit 1 on drift only with --fail-on-drift. */
export async function runCommands(options: CommandsOptions): Promise<void> {
  const format = options.format ?? 'text';
  if (!formats.includes(format))
    throw new UsageError(`--format must be text, json or markdown (got "${format}")`);
  const width = outputWidth(options.width);
  const map = filterCategoryMap(await readCategoryMap(options), {
    ...(options.category !== undefined ? { category: String(options.category) } : {}),
    ...(options.source !== undefined ? { source: String(options.source) } : {}),
  });
  const out =
    format === 'json'
      ? `${JSON.stringify(map, null, 2)}\n`
      : format === 'markdown'
        ? formatCommandsMarkdown(map)
        : formatCommandsText(map, process.env, width);
  process.stdout.write(out);
  if (options.failOnDrift && driftCount(map.drift) + disagreementCount(map.cluster) > 0) process.exitCode = 1;
}
