import { createRequire } from 'node:module';
import { isatty } from 'node:tty';
import type { ConnectionFlags } from '../connect/connection-options.js';
import { exitCodeFor } from '../report/exit-code.js';
import { failOnChoices, reportFormats, type AuditReport } from '../report/types.js';
import { outputWidth } from '../util/output-width.js';
import { parseChoice } from '../util/parse-choice.js';
import { parseServerOption } from '../util/parse-server-option.js';
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
  /** `--live` on a cluster: capture the replicas too. */
  replicas?: boolean;
  /** `--no-discover`: capture only the servers given by `--url`. */
  discover?: boolean;
  /** One log: the node it was captured on, for merging with other nodes' reports. */
  node?: string;
  width?: string | boolean;
  /** Threads for a MONITOR log file: a number or `auto`. */
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

const connectionFlags: (keyof ConnectionFlags)[] = [
  'url',
  'host',
  'port',
  'user',
  'db',
  'passwordEnv',
  'passwordFile',
  'tls',
  'tlsCa',
  'tlsCert',
  'tlsKey',
  'tlsServername',
  'timeout',
];
const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

/** An option the chosen audit would silently ignore is a mistake to point out, not to pass over. */
function refuseOptionsThatDoNothing(options: AuditOptions): void {
  if (options.duration !== undefined && !options.live) {
    throw new UsageError('--duration sets how long --live captures: add --live, or leave --duration out');
  }
  if (options.trackingClients !== undefined && options.monitor === undefined && !options.live) {
    throw new UsageError('--tracking-clients is for MONITOR audits: add --monitor FILE or --live');
  }
  const connection = connectionFlags.find((flag) => options[flag] !== undefined);
  if (connection && !options.live) {
    throw new UsageError(
      `--${kebab(connection)} is for --live: the audit of ${options.monitor === undefined ? 'code' : 'a MONITOR log'} connects to no server`,
    );
  }
  if ((options.replicas || options.discover === false) && !options.live) {
    throw new UsageError(
      `--${options.replicas ? 'replicas' : 'no-discover'} is for --live on a cluster: add --live --url <node>`,
    );
  }
  if (options.node !== undefined && options.monitor === undefined && !options.live) {
    throw new UsageError('--node names the node a MONITOR log was captured on: add --monitor FILE');
  }
  if (options.jobs !== undefined && options.monitor === undefined) {
    throw new UsageError(
      options.live
        ? '--jobs is for MONITOR log files: --live audits each node it captures in a thread of its own'
        : '--jobs is for MONITOR log files: add --monitor FILE',
    );
  }
  if (options.server !== undefined && options.live) {
    throw new UsageError(
      '--server names the server a MONITOR log was captured on: --live asks each server its kind and version (HELLO)',
    );
  }
  if (options.prefilter === false && (options.monitor !== undefined || options.live)) {
    throw new UsageError('--no-prefilter is for the audit of code, not of MONITOR logs');
  }
}

/**
 * `valkey-track audit`: code (`[paths...]`, `--staged`), a MONITOR log (`--monitor FILE|-`) or a live
 * capture (`--live`). Prints the report, then sets the exit code: 1 for findings at or above `--fail-on`,
 * 2 when the input is not a MONITOR log.
 */
export async function runAudit(paths: string[], options: AuditOptions): Promise<void> {
  const format = parseChoice('format', options.format ?? 'text', reportFormats);
  const failOn = parseChoice('fail-on', options.failOn ?? 'partial', failOnChoices);
  const width = outputWidth(options.width);
  const { server, version: serverVersion } = parseServerOption(options.server);
  refuseOptionsThatDoNothing(options);
  if (options.monitor === undefined && !options.live) {
    if (serverVersion !== undefined) {
      throw new UsageError(
        `--server ${String(options.server)}: the audit of code takes the server alone (valkey or redis); a version is for MONITOR logs`,
      );
    }
    const { runCodeAudit } = await import('../code-audit/run-code-audit.js');
    return runCodeAudit(paths, { ...options, server, format, failOn, version, width });
  }
  if (options.staged) throw new UsageError('--staged audits code; it does not go with --monitor or --live');
  if (options.monitor !== undefined && options.live)
    throw new UsageError('give --monitor FILE or --live, not both');
  let logs: string[] = [];
  if (options.monitor === true || options.monitor === '') {
    // The option parser drops a lone `-`, so `--monitor -` arrives as a bare `--monitor`: read stdin.
    logs = paths.length > 0 ? paths : ['-'];
    // isatty, not process.stdin.isTTY: making the stdin stream would set a pipe non-blocking (open-log.ts).
    if (logs.length === 1 && logs[0] === '-' && isatty(0)) {
      throw new UsageError(
        '--monitor - reads a log from stdin, but stdin is a terminal: pipe a log in or give a file',
      );
    }
  } else if (options.monitor !== undefined) {
    // `--monitor a.log b.log.gz 'logs/*.log'`: one log per node, or a glob.
    logs = [String(options.monitor), ...paths];
  }
  if (options.node !== undefined && options.live) {
    throw new UsageError('--node names the node of a log; a live capture names its nodes itself');
  }

  const jobs = parseJobs(options.jobs);
  if (!options.live && logs.length === 1) {
    // The audit's threads start loading while this one loads the audit (about 90 ms each, overlapped).
    const { jobsFor, threadsFor } = await import('../monitor/jobs-for.js');
    const { prestartAuditThreads } = await import('../monitor/audit-threads.js');
    prestartAuditThreads(threadsFor(jobsFor(logs[0]!, jobs).jobs));
  }
  const { parseTrackingClients } = await import('../monitor/tracking-clients-option.js');
  const trackingClients = parseTrackingClients(options.trackingClients);
  let categories;
  if (options.categories !== undefined) {
    const { loadCategoryMap } = await import('../commands/load-category-map.js');
    categories = loadCategoryMap(String(options.categories));
  }
  const common = {
    jobs,
    trackingClients,
    ...(categories ? { categories } : {}),
    ...(server ? { server } : {}),
    ...(serverVersion ? { serverVersion } : {}),
    progress: options.progress !== false,
    version,
  };

  let report: AuditReport;
  const problems: string[] = [];
  if (options.live) {
    const { auditLiveNodes } = await import('../fleet/audit-live-nodes.js');
    const { parseDuration } = await import('../monitor/live-capture.js');
    const { interruptSignal } = await import('../util/interrupt-signal.js');
    // `--url` given more than once: a fleet of servers (or clusters), captured together.
    const urls = options.url === undefined ? [] : ([] as string[]).concat(options.url);
    const seeds = urls.length > 1 ? urls.map((url) => ({ ...options, url })) : [options];
    const interrupt = interruptSignal();
    try {
      const result = await auditLiveNodes(seeds, {
        ...common,
        durationMs: parseDuration(options.duration),
        replicas: Boolean(options.replicas),
        discover: options.discover !== false,
        signal: interrupt.signal,
      });
      report = result.report;
      problems.push(...result.failed.map((n) => `${n.node}: nothing captured: ${n.error ?? n.status}`));
    } finally {
      interrupt.dispose();
    }
  } else {
    const { expandPaths } = await import('../fleet/expand-paths.js');
    const { auditMonitorLogs } = await import('../fleet/audit-monitor-logs.js');
    const files = await expandPaths(logs);
    const result = await auditMonitorLogs(files, {
      ...common,
      ...(options.node !== undefined ? { node: String(options.node) } : {}),
    });
    report = result.report;
    problems.push(...result.failures.map((f) => f.message));
  }
  // Loaded once the audit is done: the renderers (text wrapping, colours) are no part of its peak memory.
  const { renderReport } = await import('../report/render-report.js');
  process.stdout.write(await renderReport(report, format, width));
  const notLogs = (report.nodes ?? [{ report }]).flatMap(({ report: r }) =>
    r && r.totals.commands === 0 && (r.totals.malformed ?? 0) + (r.totals.tooLong ?? 0) > 0 ? [r] : [],
  );
  if (notLogs.length > 0) {
    const { notALogHint } = await import('../monitor/not-a-log-hint.js');
    problems.push(
      ...notLogs.map(
        (r) => `${r.inputs[0]} is not a MONITOR log: no line is in MONITOR format; ${notALogHint(r)}`,
      ),
    );
  }
  if (problems.length > 0) {
    for (const problem of problems) process.stderr.write(`valkey-track: ${problem}\n`);
    process.exitCode = 2;
    return;
  }
  process.exitCode = exitCodeFor(report, failOn);
}
