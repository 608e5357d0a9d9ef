import { metadataRuleText } from '../client-libraries/metadata-rule.js';
import { markdownCell, markdownRow } from '../markdown/markdown-table.js';
import { reasonCodes } from '../reason-codes.js';
import { cacheReasons } from './bundled-verdict.js';
import { measuredBy } from './measured-by.js';
import {
  describeCell,
  describeDecision,
  describeReasons,
  describeSource,
  describeTracking,
  libraryTitle,
} from './describe.js';
import type { ServerMetadataGaps } from './metadata-gaps.js';
import type { ClientMatrix, LibraryMatrix } from './types.js';

const code = (s: string) => `\`${s}\``;
const row = markdownRow;
const header = (cells: string[]) => [row(cells), row(cells.map(() => '---'))];
const codeList = (names: readonly string[]) => names.map(code).join(', ');

const uncoveredRows = (lib: LibraryMatrix) =>
  lib.rows.filter((r) => r.worst !== 'full' && r.worst !== 'absent');

/** `1 partial`, `21 none, 10 partial`, `none`, with `refuses to start` where the cache will not run. */
function countsOn(lib: LibraryMatrix, label: string): string {
  if (lib.model.decides === 'no-cache') return '—';
  const counts = { none: 0, unknown: 0, partial: 0 };
  for (const r of lib.rows) {
    const cell = r.cells[label];
    if (cell?.state === 'cached' && cell.verdict.worst !== 'full') counts[cell.verdict.worst]++;
  }
  const parts = (['none', 'unknown', 'partial'] as const)
    .filter((c) => counts[c] > 0)
    .map((c) => `${counts[c]} ${c}`);
  const refused = lib.support[label]?.starts === false ? ' (refuses to start)' : '';
  return `${parts.length > 0 ? parts.join(', ') : 'all full'}${refused}`;
}

function summary(matrix: ClientMatrix): string[] {
  const out = [
    ...header([
      'library',
      'decides by',
      'tracking',
      'caches',
      ...matrix.servers.map((s) => `not full on ${s.label}`),
    ]),
  ];
  for (const lib of matrix.libraries) {
    const { model } = lib;
    const caches = model.decides === 'no-cache' ? 'no cache' : String(lib.rows.length);
    out.push(
      `| [${markdownCell(libraryTitle(model))}](#${anchor(model)}) | ${[
        describeDecision(model),
        describeTracking(model),
        caches,
        ...matrix.servers.map((s) => countsOn(lib, s.label)),
      ]
        .map(markdownCell)
        .join(' | ')} |`,
    );
  }
  out.push(
    '',
    'What each cache keeps that CLIENT TRACKING does not fully cover (the worst case over the servers):',
    '',
  );
  for (const lib of matrix.libraries) {
    const uncovered = uncoveredRows(lib);
    if (uncovered.length === 0) continue;
    const groups = (['none', 'unknown', 'partial'] as const)
      .map((c) => [c, uncovered.filter((r) => r.worst === c).map((r) => code(r.command))] as const)
      .filter(([, names]) => names.length > 0)
      .map(([c, names]) => `${c}: ${names.join(', ')}`);
    out.push(`- **${libraryTitle(lib.model)}**: ${groups.join('; ')}.`);
  }
  return out;
}

const anchor = (model: { id: string }) => model.id.replace(/\./g, '');

function librarySection(lib: LibraryMatrix, matrix: ClientMatrix): string[] {
  const { model } = lib;
  const out = [`<a id="${anchor(model)}"></a>`, '', `## ${libraryTitle(model)}`, ''];
  out.push(`- **Decides:** ${model.decision}`);
  if (model.rule?.tableSource) out.push(`- **Table:** ${model.rule.tableSource}`);
  out.push(`- **Tracking:** ${model.tracking.how}`);
  out.push(`- **Set-up:** ${model.setup}`);
  out.push(`- **Source:** ${describeSource(model)}`);
  const refused = matrix.servers.filter((s) => lib.support[s.label]?.starts === false);
  if (refused.length > 0) {
    const why = lib.support[refused[0]!.label]!.why;
    out.push(
      `- **Servers:** on ${refused.map((s) => s.label).join(', ')} it ${why}. The table shows what it caches where it runs.`,
    );
  }
  for (const note of model.notes) out.push(`- ${note}`);
  out.push('');
  if (model.decides === 'no-cache') return out;

  const uncovered = uncoveredRows(lib);
  if (uncovered.length > 0) {
    out.push(...header(['command', ...matrix.servers.map((s) => s.label), 'why']));
    for (const r of uncovered) {
      out.push(
        row([
          code(r.command),
          ...matrix.servers.map((s) => describeCell(r.cells[s.label])),
          describeReasons(r),
        ]),
      );
    }
    out.push('');
  } else {
    out.push('Every command it caches is fully covered wherever the server has it.', '');
  }
  const full = lib.rows.filter((r) => r.worst === 'full').map((r) => r.command);
  if (full.length > 0) out.push(`Fully covered wherever cached (${full.length}): ${codeList(full)}.`, '');
  const absent = lib.rows.filter((r) => r.worst === 'absent').map((r) => r.command);
  if (absent.length > 0) out.push(`On none of these servers (${absent.length}): ${codeList(absent)}.`, '');
  return out;
}

/** The section fit to paste into an upstream issue: where each server's metadata misleads a metadata-based cache. */
export function renderMetadataGaps(all: readonly ServerMetadataGaps[]): string[] {
  const out = [
    '## Metadata gaps a metadata-based cache falls into',
    '',
    `A client that caches what the cross-client rule allows (${metadataRuleText}) on a server's own \`COMMAND INFO\` caches these commands, although CLIENT TRACKING does not fully cover them. Each line says what the metadata leaves out and what would say it; \`measured:\` names the recipe (packages/rules-data/src/evidence/recipes) that shows it on a live server, which \`valkey-track verify\` runs.`,
    '',
  ];
  for (const server of all) {
    out.push(`### ${server.label}`, '');
    if (server.gaps.length === 0) {
      out.push('The rule caches nothing that tracking does not fully cover.', '');
    } else {
      out.push(
        ...header([
          'command',
          'flags',
          'tips',
          'tracking',
          'what the metadata leaves out',
          'would say it',
          'evidence',
        ]),
      );
      for (const g of server.gaps) {
        const tracking = `${g.verdict.worst}${g.form ? ` with ${g.form}` : ''} (${g.reasons.join(', ')})`;
        out.push(
          row([
            code(g.command),
            g.metadata.flags.join(', '),
            g.metadata.tips.filter((t) => !t.includes('_policy:')).join(', ') || '(none)',
            tracking,
            g.missing.join('; '),
            g.fixes.join('; '),
            measuredBy(g.command)
              .map((id) => `measured: ${id}`)
              .join(', ') || g.verdict.evidence.join(', '),
          ]),
        );
      }
      out.push('');
    }
    if (server.misses.length > 0) {
      out.push(
        `Fully covered reads the rule refuses: ${server.misses.map((m) => `${code(m.command)} (${m.refusal})`).join(', ')}.`,
        '',
      );
    }
    if (server.writingReadonly.length > 0) {
      out.push(
        `Flagged \`readonly\` although a key spec says it writes: ${server.writingReadonly.map((w) => `${code(w.command)} (${w.keySpecFlags.map((f) => f.join(' ')).join('; ')})`).join(', ')}. Never decide from key-spec flags alone.`,
        '',
      );
    }
  }
  return out;
}

export interface ClientsDocOptions {
  /** The first line: how the page was made and how to make it again. */
  generatedBy: string;
  /** Sections to put before the summary (`valkey-track clients` inside a project: your libraries). */
  preamble?: string[];
}

/** docs/clients.md, and `valkey-track clients --format markdown`: the summary, one section per library, the gaps. */
export function renderClientsMarkdown(
  matrix: ClientMatrix,
  gaps: readonly ServerMetadataGaps[],
  options: ClientsDocOptions,
): string {
  const servers = matrix.servers.map((s) => s.label).join(', ');
  const out = [
    options.generatedBy,
    '# Which client libraries cache what',
    '',
    `Client-side caches decide for themselves which replies to keep. For each library and version range: the commands its cache keeps and how CLIENT TRACKING covers each on ${servers} — **full** (every change sends an invalidation), **partial** (some changes do not), **none** (nothing invalidates it), **—** (the server has no such command). The partial and none ones come first, with the reason codes of [docs/commands.md](commands.md). A library's tracking mode counts: a cache that turns no tracking on covers nothing.`,
    '',
    ...(options.preamble ?? []),
    '## Summary',
    '',
    ...summary(matrix),
    '',
  ];
  for (const lib of matrix.libraries) out.push(...librarySection(lib, matrix));
  out.push(...renderMetadataGaps(gaps));
  out.push('## Reasons', '');
  const used = new Set(
    matrix.libraries.flatMap((l) =>
      l.rows.flatMap((r) =>
        Object.values(r.cells).flatMap((c) =>
          c.state === 'cached'
            ? [...c.verdict.reasons, ...c.verdict.conditions.flatMap((x) => x.reasons)]
            : [],
        ),
      ),
    ),
  );
  for (const r of [...reasonCodes, ...cacheReasons])
    if (used.has(r.code)) out.push(`- ${code(r.code)}: ${r.summary}`);
  return `${out.join('\n')}\n`;
}
