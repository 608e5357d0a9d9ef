import { colorsFor } from '../util/color.js';
import { disagreements, type VerifyReport } from './verify-report.js';

const pad = (text: string, width: number) =>
  text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);

/** Measured beside declared, one recipe a line, the details of every disagreement, then a summary. */
export function formatVerifyText(report: VerifyReport, env: NodeJS.ProcessEnv = process.env): string {
  const c = colorsFor(env);
  const mark = {
    agree: c.green('ok'),
    better: c.cyan('ok, better case'),
    disagree: c.red('DIFFERS'),
    inconclusive: c.yellow('inconclusive'),
  };
  const { server } = report;
  const lines = [
    c.bold(
      `verify ${server.kind} ${server.version} at ${server.address}, under the prefix ${report.prefix}`,
    ) +
      (server.cluster
        ? `\non the cluster node ${server.cluster.node}: every key hashes to slot ${server.cluster.slot} (hash tag ${server.cluster.hashTag}), which it serves`
        : ''),
    '',
    c.bold(
      `${pad('RECIPE', 32)} ${pad('MODE', 20)} ${pad('READ', 34)} ${pad('DECLARED', 22)} ${pad('STALE', 6)} ${pad('MEASURED', 13)}`,
    ),
  ];
  for (const row of report.reads) {
    const declared = `${row.declared.category} (${row.declared.source})`;
    // Of the changes that altered the reply, how many sent no invalidation: each would leave a cache stale.
    const changing = row.changes.filter((change) => change.changed);
    const stale = `${changing.filter((change) => !change.invalidated).length}/${changing.length}`;
    lines.push(
      `${pad(row.recipe, 32)} ${pad(row.mode, 20)} ${pad(row.read, 34)} ${pad(declared, 22)} ${pad(stale, 6)} ${pad(row.measured, 13)} ${mark[row.agreement]}`,
    );
    if (row.betterBecause)
      lines.push(c.dim(`    declared is the worst case; this one is better: ${row.betterBecause}`));
    if (row.agreement === 'disagree') {
      for (const change of row.changes) {
        lines.push(
          c.dim(
            `    after ${change.what}: reply ${change.changed ? 'changed' : 'unchanged'}, ` +
              `${change.invalidated ? 'invalidation arrived' : 'no invalidation'}`,
          ),
        );
      }
    }
  }
  if (report.writes.length > 0) {
    lines.push(
      '',
      c.bold(
        `${pad('WRITE RECIPE', 32)} ${pad('COMMAND', 20)} ${pad('DECLARED', 22)} ${pad('MEASURED', 13)}`,
      ),
    );
    for (const row of report.writes) {
      const say = (silent: boolean) => (silent ? 'silent write' : 'invalidates');
      lines.push(
        `${pad(row.recipe, 32)} ${pad(row.command, 20)} ${pad(say(row.declaredSilent), 22)} ${pad(say(row.measuredSilent), 13)} ${mark[row.agreement]}`,
      );
      if (row.agreement === 'disagree' && row.silentKeys.length > 0) {
        lines.push(
          c.dim(
            `    changed without invalidation: ${row.silentKeys.join(', ').replaceAll(report.prefix, '')}`,
          ),
        );
      }
    }
  }
  for (const error of report.errors) lines.push(c.red(`error in ${error.id}: ${error.message}`));
  const count = (rows: { agreement: string }[], a: string) => rows.filter((r) => r.agreement === a).length;
  const serverWide = report.skipped.filter((s) => s.reason === 'changes server-wide state').length;
  lines.push(
    '',
    `${report.reads.length} reads: ${count(report.reads, 'agree')} agree, ` +
      `${count(report.reads, 'better')} show a better case than the declared worst case, ${count(report.reads, 'disagree')} differ, ` +
      `${count(report.reads, 'inconclusive')} inconclusive. ${report.writes.length} writes: ` +
      `${count(report.writes, 'agree')} agree, ${count(report.writes, 'disagree')} differ. ` +
      `${report.errors.length} errors. ${report.skipped.length} skipped` +
      (serverWide > 0
        ? ` (${serverWide} change server-wide state: --server-wide runs them, on a server of your own)`
        : '') +
      '.',
    `Covered ${report.coverage.commands.length} commands and the reasons ${report.coverage.reasons.join(', ')}; ` +
      `took ${(report.durationMs / 1000).toFixed(1)} s; the keys under ${report.prefix} were removed.` +
      (report.coverage.reasonsNotMeasured.length > 0
        ? ` No recipe measured: ${report.coverage.reasonsNotMeasured.join(', ')}.`
        : ''),
    disagreements(report) === 0 && report.errors.length === 0
      ? c.green('The server behaves as declared.')
      : c.red(`${disagreements(report)} disagreements between what is declared and what the server does.`),
  );
  return `${lines.join('\n')}\n`;
}
