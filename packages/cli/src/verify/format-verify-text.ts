import { colorsFor } from '../util/color.js';
import { wrapLine } from '../util/wrap-line.js';
import { disagreements, type ReadRow, type VerifyReport, type WriteRow } from './verify-report.js';

const pad = (text: string, width: number) =>
  text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);

const READ_COLUMNS = { recipe: 32, mode: 20, read: 34, declared: 22, stale: 6, measured: 13 };
const WRITE_COLUMNS = { recipe: 32, command: 20, declared: 22, measured: 13 };
/** The longest agreement mark, "ok, better case". */
const MARK = 15;
const tableWidth = (columns: Record<string, number>) =>
  Object.values(columns).reduce((sum, n) => sum + n + 1, 0) + MARK;

const declaredText = (row: ReadRow) => `${row.declared.category} (${row.declared.source})`;
// Of the changes that altered the reply, how many sent no invalidation: each would leave a cache stale.
const staleText = (row: ReadRow) => {
  const changing = row.changes.filter((change) => change.changed);
  return `${changing.filter((change) => !change.invalidated).length}/${changing.length}`;
};
const silentText = (silent: boolean) => (silent ? 'silent write' : 'invalidates');

/**
 * Measured beside declared, one recipe a line, the details of every disagreement, then a summary. With a
 * `width` narrower than the table, each recipe takes two lines instead (name and mode, then what was read,
 * declared and measured), and every line wraps at the width.
 */
export function formatVerifyText(
  report: VerifyReport,
  env: NodeJS.ProcessEnv = process.env,
  width?: number,
): string {
  const c = colorsFor(env);
  const wrap = (line: string, indent = 0) => wrapLine(line, width, indent);
  const mark = {
    agree: c.green('ok'),
    better: c.cyan('ok, better case'),
    disagree: c.red('DIFFERS'),
    inconclusive: c.yellow('inconclusive'),
    measured: c.cyan('measured (nothing declared)'),
  };
  const { server } = report;
  const readsFit = width === undefined || width >= tableWidth(READ_COLUMNS);
  const writesFit = width === undefined || width >= tableWidth(WRITE_COLUMNS);
  const R = READ_COLUMNS;
  const W = WRITE_COLUMNS;
  function writeLines(row: WriteRow, fits: boolean): string[] {
    const out = fits
      ? [
          `${pad(row.recipe, W.recipe)} ${pad(row.command, W.command)} ${pad(silentText(row.declaredSilent), W.declared)} ${pad(silentText(row.measuredSilent), W.measured)} ${mark[row.agreement]}`,
        ]
      : [
          wrap(
            `${c.bold(row.recipe)}  ${row.command}  ${c.dim('declared')} ${silentText(row.declaredSilent)}  ` +
              `${c.dim('measured')} ${silentText(row.measuredSilent)}  ${mark[row.agreement]}`,
            4,
          ),
        ];
    if (row.agreement === 'disagree' && row.silentKeys.length > 0) {
      out.push(
        wrap(
          c.dim(
            `    changed without invalidation: ${row.silentKeys.join(', ').replaceAll(report.prefix, '')}`,
          ),
          6,
        ),
      );
    }
    return out;
  }
  const lines = [
    wrap(
      c.bold(
        `verify ${server.kind} ${server.version} at ${server.address}, under the prefix ${report.prefix}`,
      ),
      2,
    ),
    ...(server.cluster
      ? [
          wrap(
            `on the cluster node ${server.cluster.node}: every key hashes to slot ${server.cluster.slot} (hash tag ${server.cluster.hashTag}), which it serves`,
            2,
          ),
        ]
      : []),
    '',
  ];
  if (readsFit) {
    lines.push(
      c.bold(
        `${pad('RECIPE', R.recipe)} ${pad('MODE', R.mode)} ${pad('READ', R.read)} ${pad('DECLARED', R.declared)} ${pad('STALE', R.stale)} ${pad('MEASURED', R.measured)}`,
      ),
    );
  }
  for (const row of report.reads) {
    if (readsFit) {
      lines.push(
        `${pad(row.recipe, R.recipe)} ${pad(row.mode, R.mode)} ${pad(row.read, R.read)} ${pad(declaredText(row), R.declared)} ${pad(staleText(row), R.stale)} ${pad(row.measured, R.measured)} ${mark[row.agreement]}`,
      );
    } else {
      lines.push(
        wrap(`${c.bold(row.recipe)}  ${row.mode}  ${mark[row.agreement]}`, 4),
        wrap(
          `  ${row.read}  ${c.dim('declared')} ${declaredText(row)}  ${c.dim('measured')} ${row.measured}  ${c.dim('stale')} ${staleText(row)}`,
          4,
        ),
      );
    }
    if (row.betterBecause)
      lines.push(wrap(c.dim(`    declared is the worst case; this one is better: ${row.betterBecause}`), 6));
    if (row.generic)
      lines.push(
        wrap(
          c.dim(
            '    a generic recipe written from the metadata: read, wait, read again with no write, delete',
          ),
          6,
        ),
      );
    if (row.agreement === 'disagree') {
      for (const change of row.changes) {
        lines.push(
          wrap(
            c.dim(
              `    after ${change.what}: reply ${change.changed ? 'changed' : 'unchanged'}, ` +
                `${change.invalidated ? 'invalidation arrived' : 'no invalidation'}`,
            ),
            6,
          ),
        );
      }
    }
  }
  if (report.writes.length > 0) {
    lines.push('');
    if (writesFit) {
      lines.push(
        c.bold(
          `${pad('WRITE RECIPE', W.recipe)} ${pad('COMMAND', W.command)} ${pad('DECLARED', W.declared)} ${pad('MEASURED', W.measured)}`,
        ),
      );
    }
    for (const row of report.writes) lines.push(...writeLines(row, writesFit));
  }
  for (const error of report.errors) lines.push(wrap(c.red(`error in ${error.id}: ${error.message}`), 2));
  const count = (rows: { agreement: string }[], a: string) => rows.filter((r) => r.agreement === a).length;
  const serverWide = report.skipped.filter((s) => s.reason === 'changes server-wide state').length;
  const unmeasured = report.coverage.readsNotMeasured;
  if (unmeasured.length > 0) {
    lines.push('', c.bold(`Reads not measured (${unmeasured.length}):`));
    for (const read of unmeasured) lines.push(wrap(`  ${read.command}: ${read.why}`, 4));
  }
  const differ = disagreements(report);
  lines.push(
    '',
    wrap(
      `${report.reads.length} reads: ${count(report.reads, 'agree')} agree, ` +
        `${count(report.reads, 'better')} show a better case than the declared worst case, ${count(report.reads, 'disagree')} differ, ` +
        `${count(report.reads, 'measured')} measured where nothing was declared, ` +
        `${count(report.reads, 'inconclusive')} inconclusive. ${report.writes.length} writes: ` +
        `${count(report.writes, 'agree')} agree, ${count(report.writes, 'disagree')} differ. ` +
        `${report.errors.length} errors. ${report.skipped.length} skipped` +
        (serverWide > 0
          ? ` (${serverWide} change server-wide state: --server-wide runs them, on a server of your own)`
          : '') +
        '.',
    ),
    wrap(
      `Covered ${report.coverage.commands.length} commands and the reasons ${report.coverage.reasons.join(', ')}; ` +
        `took ${(report.durationMs / 1000).toFixed(1)} s; the keys under ${report.prefix} were removed.` +
        (report.coverage.reasonsNotMeasured.length > 0
          ? ` No recipe measured: ${report.coverage.reasonsNotMeasured.join(', ')}.`
          : ''),
    ),
    wrap(
      differ > 0 || report.errors.length > 0
        ? c.red(`${differ} disagreements between what is declared and what the server does.`)
        : unmeasured.length > 0
          ? c.yellow(
              `No disagreement in what was measured, but ${unmeasured.length} of the server's reads went unmeasured ` +
                `(${unmeasured.map((r) => r.command).join(', ')}): this is not a verification of every read.`,
            )
          : c.green('The server behaves as declared: every read it has was measured.'),
    ),
  );
  return `${lines.join('\n')}\n`;
}
