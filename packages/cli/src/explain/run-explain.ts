import type { TrackingMode } from '@valkey-track/rules-data';
import { parseServerOption } from '../util/parse-server-option.js';
import { colorsFor } from '../util/color.js';
import { asList, parseChoice } from '../util/parse-choice.js';
import { UsageError } from '../util/usage-error.js';
import { explain } from './explain.js';
import { outputWidth } from '../util/output-width.js';
import { wrapLine } from '../util/wrap-line.js';
import { categoryColor } from '../util/category-color.js';

interface ExplainFlags {
  mode?: string;
  prefix?: string | string[];
  server?: string;
  /** A string when the option parser took the command's first word for its value. */
  hashFieldTtl?: boolean | string;
  format?: string;
  width?: string | boolean;
}

export async function runExplain(argv: string[], flags: ExplainFlags): Promise<void> {
  if (argv.length === 0)
    throw new UsageError('give a command to explain, e.g. `valkey-track explain KEYS "user:*"`');
  const mode = parseChoice<TrackingMode>('mode', flags.mode ?? 'default', [
    'default',
    'optin',
    'optout',
    'bcast',
  ]);
  const { server, version } = parseServerOption(flags.server);
  const format = parseChoice('format', flags.format ?? 'text', ['text', 'json']);
  const width = outputWidth(flags.width);
  // cac gives kebab-case flags no boolean treatment: `--hash-field-ttl HGETALL k` reads HGETALL as its value.
  const hashFieldTtl = flags.hashFieldTtl !== undefined && flags.hashFieldTtl !== false;
  const words = typeof flags.hashFieldTtl === 'string' ? [flags.hashFieldTtl, ...argv] : argv;
  const result = explain(words.map(String), {
    mode,
    prefixes: asList(flags.prefix),
    ...(server ? { server } : {}),
    ...(version ? { version } : {}),
    ...(hashFieldTtl ? { hashFieldTtl: true } : {}),
  });

  if (format === 'json') {
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  } else {
    const c = colorsFor();
    const lines = [
      `${categoryColor(c, result.category)(result.category.toUpperCase())}  ${result.explanation}`,
    ];
    if (result.reasons.length) lines.push(`reasons: ${result.reasons.join(', ')}`);
    if (result.keys.length) lines.push(`keys remembered: ${result.keys.join(' ')}`);
    const entry = result.entry;
    if (result.versions?.length) lines.push(`for: ${result.versions.join(', ')}`);
    if (entry) lines.push(`exists on: ${entry.versionRange}`);
    if (entry?.note) lines.push(`note: ${entry.note}`);
    if (entry?.serverDifference) lines.push(`between servers: ${entry.serverDifference}`);
    if (entry && mode === 'default') {
      lines.push(`BCAST: ${entry.modes.bcast.category} — ${entry.modes.bcast.explanation}`);
      lines.push(`NOLOOP: ${entry.modes.noloop.explanation}`);
    }
    if (!hashFieldTtl && entry?.conditions.some((c) => c.keyState === 'hash-field-ttl')) {
      lines.push('if the hash fields carry TTLs (HEXPIRE, HSETEX ... EX): see --hash-field-ttl');
    }
    // The verdict's explanation hangs under itself, past the category word; the labelled lines under their label.
    const [verdict = '', ...rest] = lines;
    const wrapped = [
      wrapLine(verdict, width, result.category.length + 2),
      ...rest.map((line) => wrapLine(line, width, 2)),
    ];
    process.stdout.write(wrapped.join('\n') + '\n');
  }
  if (result.category === 'unknown') process.exitCode = 2;
}
