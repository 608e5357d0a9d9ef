import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { ServerKind } from '@valkey-track/rules-data';
import { progressBar } from '../report/progress-bar.js';
import type { AuditReport } from '../report/types.js';
import type { CategoryOverride } from './classifier.js';
import { MonitorAudit } from './monitor-audit.js';
import { monitorReport } from './monitor-report.js';
import { openLog } from './open-log.js';
import { auditInParallel, MIN_RANGE_BYTES } from './parallel-audit.js';
import type { AssumedTracking } from './tracking-clients-option.js';

export interface MonitorLogOptions {
  /** Clients that tracked before the capture began. */
  trackingClients?: AssumedTracking[];
  /** A category map's verdicts (`--categories FILE`), by command name. */
  categories?: { commands: Record<string, CategoryOverride> };
  server?: ServerKind;
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

/** How many threads to audit `path` with, and its size: 1 for stdin, gzip and small files under `auto`. */
export function jobsFor(path: string, jobs: number | 'auto' = 'auto'): { jobs: number; size: number } {
  if (path === '-' || jobs === 1) return { jobs: 1, size: 0 };
  let size: number;
  try {
    const info = statSync(path);
    if (!info.isFile()) return { jobs: 1, size: 0 };
    size = info.size;
    const fd = openSync(path, 'r');
    const head = Buffer.alloc(2);
    readSync(fd, head, 0, 2, 0);
    closeSync(fd);
    if (head[0] === 0x1f && head[1] === 0x8b) return { jobs: 1, size };
  } catch {
    // openLog reports what is wrong with the path.
    return { jobs: 1, size: 0 };
  }
  if (jobs !== 'auto') return { jobs: Math.max(1, Math.floor(jobs)), size };
  const byCores = Math.min(availableParallelism(), MAX_AUTO_JOBS);
  return { jobs: Math.max(1, Math.min(byCores, Math.floor(size / MIN_RANGE_BYTES))), size };
}

/** The options the audit itself takes, from the programmatic ones. */
export function auditOptions(options: MonitorLogOptions) {
  return {
    assumed: options.trackingClients ?? [],
    ...(options.server ? { server: options.server } : {}),
    ...(options.maxClients ? { maxClients: options.maxClients } : {}),
    ...(options.categories ? { overrides: new Map(Object.entries(options.categories.commands)) } : {}),
  };
}

/**
 * Audits a captured MONITOR log (a path, `-` for stdin, gzip or not), streaming it chunk by chunk: the
 * reads of tracking clients CLIENT TRACKING does not fully cover, and the silent writes run while clients track.
 */
export async function auditMonitorLog(path: string, options: MonitorLogOptions = {}): Promise<AuditReport> {
  const version = options.version ?? '0.0.0';
  const { jobs, size } = jobsFor(path, options.jobs);
  if (jobs > 1) {
    const progress = options.progress ? progressBar(size, 'bytes') : undefined;
    try {
      const { audit } = await auditInParallel(path, size, jobs, auditOptions(options), progress);
      return monitorReport(audit, { inputs: [path], version, bytes: size });
    } finally {
      progress?.finish();
    }
  }
  const audit = new MonitorAudit(auditOptions(options));
  const source = await openLog(path);
  const progress = options.progress ? progressBar(source.size, 'bytes') : undefined;
  try {
    for await (const chunk of source.chunks) {
      audit.write(chunk);
      progress?.update(source.bytesRead);
    }
  } finally {
    progress?.finish();
  }
  audit.end();
  return monitorReport(audit, {
    inputs: [path],
    version: options.version ?? '0.0.0',
    bytes: source.bytesRead,
  });
}
