import type { ServerKind } from '@valkey-track/rules-data/core';
import { progressBar, type Progress } from '../report/progress-bar.js';
import type { AuditReport } from '../report/types.js';
import type { CategoryOverride } from './classifier.js';
import type { MonitorAudit, MonitorAuditOptions } from './monitor-audit.js';
import { gzipError, openRawLog } from './open-log.js';
import { GzipDataError } from './run-task.js';
import { jobsFor } from './jobs-for.js';
import { StreamAudit } from './stream-audit.js';
import { auditWholeFile } from './whole-file-audit.js';
import type { AssumedTracking } from './tracking-clients-option.js';

export interface MonitorLogOptions {
  /** Clients that tracked before the capture began. */
  trackingClients?: AssumedTracking[];
  /** A category map's verdicts (`--categories FILE`), by command name; `unknown` ones give no verdict. */
  categories?: {
    commands: Record<
      string,
      Omit<CategoryOverride, 'category'> & { category: CategoryOverride['category'] | 'unknown' }
    >;
  };
  /** The server the log was captured on (`--server valkey@9.1`): verdicts are its; without, the worst case. */
  server?: ServerKind;
  serverVersion?: string;
  /** Draw a progress bar on stderr when it is a terminal. */
  progress?: boolean;
  version?: string;
  /** Threads for a regular, uncompressed file: a number, or `auto` (the default) for one per core on large files. */
  jobs?: number | 'auto';
  /** Clients holding state at once before the idlest are forgotten (default 65,536). */
  maxClients?: number;
}

/** The options the audit itself takes, from the programmatic ones. */
export function auditOptions(options: MonitorLogOptions) {
  return {
    assumed: options.trackingClients ?? [],
    ...(options.server ? { server: options.server } : {}),
    ...(options.serverVersion ? { version: options.serverVersion } : {}),
    ...(options.maxClients ? { maxClients: options.maxClients } : {}),
    ...(options.categories
      ? {
          overrides: new Map(
            Object.entries(options.categories.commands).filter(
              (pair): pair is [string, CategoryOverride] => pair[1].category !== 'unknown',
            ),
          ),
        }
      : {}),
  };
}

/** The server the report's header names: the one `--server` says the log is of (`valkey 9.1`). */
const serverOf = (options: MonitorLogOptions) =>
  options.server ? { server: [options.server, options.serverVersion].filter(Boolean).join(' ') } : {};

/** A regular file: whole in one worker, or in ranges on `jobs` threads, this one among them. */
async function auditFile(
  path: string,
  size: number,
  jobs: number,
  options: MonitorAuditOptions,
  progress: Progress | undefined,
): Promise<MonitorAudit> {
  if (jobs === 1) return auditWholeFile(path, size, options, progress);
  const { auditInParallel } = await import('./parallel-audit.js');
  return (await auditInParallel(path, size, jobs, options, progress)).audit;
}

/**
 * Audits a captured MONITOR log (a path, `-` for stdin, gzip or not), streaming it chunk by chunk: the
 * reads of tracking clients CLIENT TRACKING does not fully cover, and the silent writes run while clients track.
 */
export async function auditMonitorLog(path: string, options: MonitorLogOptions = {}): Promise<AuditReport> {
  const version = options.version ?? '0.0.0';
  const { jobs, size, plain } = jobsFor(path, options.jobs);
  if (plain) {
    const progress = options.progress ? progressBar(size, 'bytes') : undefined;
    try {
      const audit = await auditFile(path, size, jobs, auditOptions(options), progress);
      const { monitorReport } = await import('./monitor-report.js');
      return monitorReport(audit, { inputs: [path], version, bytes: size, ...serverOf(options) });
    } finally {
      progress?.finish();
    }
  }
  const source = await openRawLog(path);
  const stream = new StreamAudit(auditOptions(options), source.gzip);
  // The worker decompresses gzip; data that is not gzip all the way is the log's fault (exit 2).
  const inputError = (error: unknown) =>
    error instanceof GzipDataError ? gzipError(path, error.message) : error;
  const progress = options.progress ? progressBar(source.size, 'bytes') : undefined;
  try {
    for await (const chunk of source.chunks) {
      await stream.write(chunk);
      progress?.update(source.bytesRead);
    }
  } catch (error) {
    stream.abort();
    throw inputError(error);
  } finally {
    progress?.finish();
  }
  const audit = await stream.end().catch((error: unknown) => {
    throw inputError(error);
  });
  // Loaded only now: the stream's worker held the audit's memory until `end` (`StreamAudit`).
  const { monitorReport } = await import('./monitor-report.js');
  return monitorReport(audit, { inputs: [path], version, bytes: source.bytesRead, ...serverOf(options) });
}
