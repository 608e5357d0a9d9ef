import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { exitCodeFor } from '../report/exit-code.js';
import { renderReport } from '../report/render-report.js';
import { failOnChoices, reportFormats, type AuditReport } from '../report/types.js';
import { parseChoice } from '../util/parse-choice.js';
import { UsageError } from '../util/usage-error.js';
import { expandPaths } from './expand-paths.js';
import { asNodeReports, mergeNodeReports } from './merge-reports.js';

export interface MergeOptions {
  format?: string;
  failOn?: string;
}

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/** Reads one `audit --format json` report of a MONITOR audit, or says in one line why it is not one. */
export async function readReport(path: string): Promise<AuditReport> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `cannot read the report "${path}": ${code === 'ENOENT' ? 'no such file' : (code ?? 'unreadable')}`,
    );
  }
  let report: AuditReport;
  try {
    report = JSON.parse(text) as AuditReport;
  } catch (error) {
    throw new UsageError(
      `${path} is not JSON (${(error as Error).message}): give reports of \`valkey-track audit --format json\``,
    );
  }
  if (
    report?.tool?.name !== 'valkey-track' ||
    !Array.isArray(report.findings) ||
    typeof report.totals !== 'object'
  ) {
    throw new UsageError(
      `${path} is not a valkey-track report: give reports of \`valkey-track audit --monitor ... --format json\``,
    );
  }
  if (report.kind !== 'monitor') {
    throw new UsageError(
      `${path} is a ${report.kind} audit report; merge takes MONITOR audit reports (audit --monitor or --live)`,
    );
  }
  return report;
}

/**
 * `valkey-track merge r1.json r2.json …`: the JSON reports of separate MONITOR audits (one per node, or
 * reports that are merges already) as one report, exactly as `audit --monitor` of all the logs gives it.
 */
export async function runMerge(patterns: readonly string[], options: MergeOptions): Promise<void> {
  const format = parseChoice('format', options.format ?? 'text', reportFormats);
  const failOn = parseChoice('fail-on', options.failOn ?? 'partial', failOnChoices);
  if (patterns.length === 0)
    throw new UsageError('merge needs reports: valkey-track merge r1.json r2.json …');
  const paths = await expandPaths(patterns);
  if (paths.includes('-')) throw new UsageError('merge reads reports from files, not from stdin');
  const reports = await Promise.all(paths.map(readReport));
  const merged = mergeNodeReports(asNodeReports(reports), version);
  process.stdout.write(await renderReport(merged, format));
  process.exitCode = exitCodeFor(merged, failOn);
}
