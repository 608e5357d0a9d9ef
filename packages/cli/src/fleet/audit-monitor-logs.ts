import { auditMonitorLog, type MonitorLogOptions } from '../monitor/audit-monitor-log.js';
import type { AuditReport, NodeReport } from '../report/types.js';
import { UsageError } from '../util/usage-error.js';
import { nodeLabel, uniqueLabels } from './node-label.js';

export interface MonitorLogsOptions extends MonitorLogOptions {
  /** One log: name its node and record its client facts, for `valkey-track merge` with other nodes. */
  node?: string;
}

/** Why a log could not be audited: one line for stderr. */
export interface LogFailure {
  path: string;
  message: string;
}

/**
 * Audits one log per node (a cluster's nodes, a fleet's primaries), each with its own per-client tracking
 * state through the MONITOR audit's own entry point, then merges the reports; a log that cannot be read is
 * reported and the others still are. One log stays a one-node report, with facts when `node` names it.
 */
export async function auditMonitorLogs(
  paths: readonly string[],
  options: MonitorLogsOptions = {},
): Promise<{ report: AuditReport; failures: LogFailure[] }> {
  const wildcard = (options.trackingClients ?? []).some((a) => a.address === '*');
  if (paths.length === 1) {
    const report = await auditMonitorLog(paths[0]!, options);
    if (options.node === undefined) return { report, failures: [] };
    const { scanLogFacts } = await import('./scan-log-facts.js');
    const facts = wildcard ? undefined : await scanLogFacts(paths[0]!, options.trackingClients);
    return { report: { ...report, node: options.node, ...(facts ? { facts } : {}) }, failures: [] };
  }
  if (options.node !== undefined) {
    throw new UsageError('--node names the node of one log; with several, each is named by its file');
  }
  // Loaded only for several logs: one log's audit runs without them (see `StreamAudit` on memory).
  const [{ mergeNodeReports }, { scanLogFacts }] = await Promise.all([
    import('./merge-reports.js'),
    import('./scan-log-facts.js'),
  ]);
  const labels = uniqueLabels(paths.map(nodeLabel));
  const nodes: NodeReport[] = [];
  const failures: LogFailure[] = [];
  for (const [i, path] of paths.entries()) {
    const node = labels[i]!;
    try {
      const report = await auditMonitorLog(path, options);
      const facts = wildcard ? undefined : await scanLogFacts(path, options.trackingClients);
      nodes.push({ node, status: 'complete', report: { ...report, node, ...(facts ? { facts } : {}) } });
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      failures.push({ path, message: error.message });
      nodes.push({ node, status: 'unreadable', error: error.message });
    }
  }
  const report = mergeNodeReports(nodes, options.version ?? '0.0.0');
  if (wildcard) {
    report.notes.push(
      '--tracking-clients * makes every client track on every node, so no check across nodes applies',
    );
  }
  return { report, failures };
}
