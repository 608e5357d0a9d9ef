import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { ServerKind } from '@valkey-track/rules-data/core';
import { progressBar } from '../report/progress-bar.js';
import type { AuditReport } from '../report/types.js';
import type { CategoryOverride } from './classifier.js';
import { monitorReport } from './monitor-report.js';
import { openLog } from './open-log.js';
import { auditInParallel, MIN_RANGE_BYTES } from './parallel-audit.js';
import { StreamAudit } from './stream-audit.js';
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

/**
 * `auto` never uses more threads than this: each worker costs about 25 MiB resident, and the audit keeps
 * within 128 MiB; the bytes come from one disk anyway.
 */
const MAX_AUTO_JOBS = 3;

/**
 * How many threads to audit `path` with, its size, and whether it is a regular, uncompressed file (read by
 * the workers themselves, in ranges); stdin and gzip stream through one worker.
 */
export function jobsFor(
  path: string,
  jobs: number | 'auto' = 'auto',
): { jobs: number; size: number; plain: boolean } {
  const stream = { jobs: 1, size: 0, plain: false };
  if (path === '-') return stream;
  let size: number;
  try {
    const info = statSync(path);
    if (!info.isFile()) return stream;
    size = info.size;
    const fd = openSync(path, 'r');
    const head = Buffer.alloc(2);
    readSync(fd, head, 0, 2, 0);
    closeSync(fd);
    if (head[0] === 0x1f && head[1] === 0x8b) return stream;
  } catch {
    // openLog reports what is wrong with the path.
    return stream;
  }
  if (jobs !== 'auto') return { jobs: Math.max(1, Math.floor(jobs)), size, plain: true };
  const byCores = Math.min(availableParallelism(), MAX_AUTO_JOBS);
  return { jobs: Math.max(1, Math.min(byCores, Math.floor(size / MIN_RANGE_BYTES))), size, plain: true };
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
      const { audit } = await auditInParallel(path, size, jobs, auditOptions(options), progress);
      return monitorReport(audit, { inputs: [path], version, bytes: size, ...serverOf(options) });
    } finally {
      progress?.finish();
    }
  }
  const source = await openLog(path);
  const stream = new StreamAudit(auditOptions(options));
  const progress = options.progress ? progressBar(source.size, 'bytes') : undefined;
  try {
    for await (const chunk of source.chunks) {
      await stream.write(chunk);
      progress?.update(source.bytesRead);
    }
  } catch (error) {
    stream.abort();
    throw error;
  } finally {
    progress?.finish();
  }
  const audit = await stream.end();
  return monitorReport(audit, { inputs: [path], version, bytes: source.bytesRead, ...serverOf(options) });
}
