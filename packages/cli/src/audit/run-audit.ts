import { createRequire } from 'node:module';
import type { ServerKind } from '@valkey-track/rules-data';
import type { ConnectionFlags } from '../connect/connection-options.js';
import { exitCodeFor } from '../report/exit-code.js';
import { renderJson } from '../report/render-json.js';
import { renderText } from '../report/render-text.js';
import { failOnChoices, reportFormats, type AuditReport } from '../report/types.js';
import { colorsFor } from '../util/color.js';
import { parseChoice } from '../util/parse-choice.js';
import { UsageError } from '../util/usage-error.js';

export interface AuditOptions extends ConnectionFlags {
  monitor?: string | boolean;
  live?: boolean;
  duration?: string;
  trackingClients?: string | string[];
  categories?: string;
  server?: string;
  format?: string;
  failOn?: string;
  progress?: boolean;
  staged?: boolean;
  prefilter?: boolean;
  jobs?: string | number;
}

function parseJobs(value: string | number | undefined): number | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new UsageError(`--jobs must be auto or a whole number from 1 to 64 (got "${value}")`);
  return n;
}

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

async function render(report: AuditReport, format: string): Promise<string> {
  if (format === 'json') return renderJson(report);
  // SARIF names the code rules from the plugin, which pulls in typescript-eslint: load it only when asked.
  if (format === 'sarif') return (await import('../report/render-sarif.js')).renderSarif(report);
  return renderText(report, colorsFor());
}

/**
 * `valkey-track audit`: code (`[paths...]`, `--staged`), a MONITOR log (`--monitor FILE|-`) or a live
 * capture (`--live`). Prints the report, then sets the exit code: 1 for findings at or above `--fail-on`,
 * 2 when the input is not a MONITOR log.
 */
export async function runAudit(paths: string[], options: AuditOptions): Promise<void> {
  const format = parseChoice('format', options.format ?? 'text', reportFormats);
  const failOn = parseChoice('fail-on', options.failOn ?? 'partial', failOnChoices);
  const server =
    options.server === undefined
      ? undefined
      : parseChoice<ServerKind>('server', options.server, ['valkey', 'redis']);
  if (options.monitor === undefined && !options.live) {
    const { runCodeAudit } = await import('../code-audit/run-code-audit.js');
    return runCodeAudit(paths, { ...options, server, format, failOn, version });
  }
  if (options.staged) throw new UsageError('--staged audits code; it does not go with --monitor or --live');
  if (options.monitor !== undefined && options.live)
    throw new UsageError('give --monitor FILE or --live, not both');
  if (options.monitor === true || options.monitor === '') {
    // The option parser drops a lone `-`, so `--monitor -` arrives as a bare `--monitor`: read stdin.
    if (paths.length > 1) throw new UsageError('audit one MONITOR log at a time');
    const path = paths[0] ?? '-';
    if (path === '-' && process.stdin.isTTY) {
      throw new UsageError(
        '--monitor - reads a log from stdin, but stdin is a terminal: pipe a log in or give a file',
      );
    }
    options = { ...options, monitor: path };
  } else if (options.monitor !== undefined && paths.length > 0) {
    throw new UsageError(`audit one MONITOR log at a time (also got ${paths.join(' ')})`);
  }

  const { parseTrackingClients } = await import('../monitor/tracking-clients-option.js');
  const trackingClients = parseTrackingClients(options.trackingClients);
  let categories;
  if (options.categories !== undefined) {
    const { loadCategoryMap } = await import('../commands/load-category-map.js');
    categories = loadCategoryMap(String(options.categories));
  }
  const jobs = parseJobs(options.jobs);
  const common = {
    jobs,
    trackingClients,
    ...(categories ? { categories } : {}),
    ...(server ? { server } : {}),
    progress: options.progress !== false,
    version,
  };

  let report: AuditReport;
  if (options.live) {
    const { auditLive, parseDuration } = await import('../monitor/live-capture.js');
    report = await auditLive(options, parseDuration(options.duration), common);
  } else {
    const { auditMonitorLog } = await import('../monitor/audit-monitor-log.js');
    report = await auditMonitorLog(String(options.monitor), common);
  }
  process.stdout.write(await render(report, format));
  if (report.totals.commands === 0 && (report.totals.malformed ?? 0) + (report.totals.tooLong ?? 0) > 0) {
    process.stderr.write(
      `valkey-track: ${report.inputs[0]} is not a MONITOR log: no line is in MONITOR format\n`,
    );
    process.exitCode = 2;
    return;
  }
  process.exitCode = exitCodeFor(report, failOn);
}
