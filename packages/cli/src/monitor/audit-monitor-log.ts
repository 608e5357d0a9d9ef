import type { ServerKind } from '@valkey-track/rules-data';
import { progressBar } from '../report/progress-bar.js';
import type { AuditReport } from '../report/types.js';
import type { CategoryOverride } from './classifier.js';
import { MonitorAudit } from './monitor-audit.js';
import { monitorReport } from './monitor-report.js';
import { openLog } from './open-log.js';
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
}

/** The options the audit itself takes, from the programmatic ones. */
export function auditOptions(options: MonitorLogOptions) {
  return {
    assumed: options.trackingClients ?? [],
    ...(options.server ? { server: options.server } : {}),
    ...(options.categories ? { overrides: new Map(Object.entries(options.categories.commands)) } : {}),
  };
}

/**
 * Audits a captured MONITOR log (a path, `-` for stdin, gzip or not), streaming it chunk by chunk: the
 * reads of tracking clients CLIENT TRACKING does not fully cover, and the silent writes run while clients track.
 */
export async function auditMonitorLog(path: string, options: MonitorLogOptions = {}): Promise<AuditReport> {
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
