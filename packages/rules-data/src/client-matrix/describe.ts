import type { ClientLibraryModel } from '../client-libraries/types.js';
import type { MatrixCell, MatrixRow } from './types.js';

/** One cell in words: `partial`, `full; partial with BY/GET`, `—` (no such command), `not cached (blocking flag)`. */
export function describeCell(cell: MatrixCell | undefined): string {
  if (!cell || cell.state === 'absent') return '—';
  if (cell.state === 'not-cached') return `not cached (${cell.why})`;
  const { verdict } = cell;
  const forms = verdict.conditions
    .filter((c) => c.category !== verdict.category)
    .map((c) => `${c.category} with ${c.label}`);
  return [verdict.category, ...forms].join('; ');
}

/** Why a row is not full, from the verdicts of every server that caches it: reason codes, forms named. */
export function describeReasons(row: MatrixRow): string {
  const parts = new Set<string>();
  for (const cell of Object.values(row.cells)) {
    if (cell.state !== 'cached') continue;
    const own = cell.verdict.reasons.filter((r) => r !== 'tracked-keys');
    if (cell.verdict.category !== 'full' && own.length > 0) parts.add(own.join(', '));
    for (const c of cell.verdict.conditions) {
      const extra = c.reasons.filter((r) => r !== 'tracked-keys' && !own.includes(r));
      if (extra.length > 0) parts.add(`with ${c.label}: ${extra.join(', ')}`);
    }
  }
  return [...parts].join('; ');
}

/** The name people call the command by: upper case, a space before a subcommand (`MEMORY USAGE`). */
export const wireName = (command: string): string => command.toUpperCase().replace('|', ' ');

/** `node-redis 6.4 and later`, `Metadata rule on the server's own COMMAND INFO`. */
export const libraryTitle = (model: ClientLibraryModel): string =>
  model.package.registry === 'none' ? model.library : `${model.library} ${model.versionLabel}`;

const decisionWords: Record<ClientLibraryModel['decides'], string> = {
  'hand-list': 'hand list',
  'metadata-rule': 'metadata rule',
  'no-cache': 'no cache',
};

/** `hand list`, `metadata rule (bundled table)`, `metadata rule (server's metadata)`. */
export function describeDecision(model: ClientLibraryModel): string {
  const words = decisionWords[model.decides];
  if (!model.rule) return words;
  return `${words} (${model.rule.table === 'bundled' ? 'bundled table' : "server's metadata"}${model.approximate ? ', approximate' : ''})`;
}

const modeWord = (mode: 'default' | 'optin' | 'optout'): string =>
  mode === 'default' ? mode : mode.toUpperCase();

/** `default`, `OPTIN`, `BCAST, no prefix`, `none (TTL only)`, `default; OPTIN or OPTOUT by option`. */
export function describeTracking(model: ClientLibraryModel): string {
  const { mode, prefixes, modes } = model.tracking;
  if (model.decides === 'no-cache') return "the application's";
  if (mode === 'off') return 'none (TTL only)';
  if (mode === 'bcast') {
    const shown = (prefixes ?? []).filter((p) => p !== '');
    return shown.length > 0 ? `BCAST, prefixes ${shown.join(', ')}` : 'BCAST, no prefix';
  }
  const own = modeWord(mode);
  const chosen = (modes ?? []).filter((m) => m !== mode).map(modeWord);
  return chosen.length > 0 ? `${own}; ${chosen.join(' or ')} by option` : own;
}

/** `redis/jedis v7.5.3 (d0ca056), src/.../DefaultCacheable.java`. */
export function describeSource(model: ClientLibraryModel): string {
  const { repository, release, commit, file } = model.source;
  return `${repository} ${release}${commit ? ` (${commit.slice(0, 10)})` : ''}: ${file}`;
}
