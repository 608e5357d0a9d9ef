import type { ConnectionFlags } from '../connect/connection-options.js';
import type { MonitorLogOptions } from '../monitor/audit-monitor-log.js';
import type { AuditReport, NodeReport } from '../report/types.js';
import { UsageError } from '../util/usage-error.js';
import { captureNode } from './capture-node.js';
import { captureDisplay } from './capture-progress.js';
import { crossNodeFindings } from './cross-node-findings.js';
import { liveTargets } from './live-targets.js';
import { mergeNodeReports } from './merge-reports.js';

export interface LiveNodesOptions extends MonitorLogOptions {
  durationMs: number;
  /** Capture a cluster's replicas too. */
  replicas?: boolean;
  /** False: capture only the servers given, not the rest of their cluster (default true). */
  discover?: boolean;
  /** Aborting (Ctrl-C) stops every capture; what each captured is still reported. */
  signal?: AbortSignal;
}

export interface LiveNodesResult {
  report: AuditReport;
  /** Nodes that could not be captured at all (refused MONITOR, unreachable). */
  failed: NodeReport[];
}

/**
 * `audit --live`: captures MONITOR on every node at once (a standalone server, each `--url` of a fleet,
 * or every primary of a cluster found from any one of its nodes), audits each node's stream on its own,
 * and merges the reports. One standalone server gives a one-node report, as a log does.
 */
export async function auditLiveNodes(
  seeds: readonly ConnectionFlags[],
  options: LiveNodesOptions,
): Promise<LiveNodesResult> {
  const {
    nodes: targets,
    unreachable,
    cluster,
    notes,
  } = await liveTargets(seeds, {
    replicas: Boolean(options.replicas),
    discover: options.discover !== false,
  });
  const display = captureDisplay(
    targets.map((t) => t.node),
    options.durationMs,
    process.stderr,
    options.progress !== false,
  );
  const nodes = [
    ...(await Promise.all(
      targets.map((target) => captureNode(target, { ...options, onProgress: (p) => display.update(p) })),
    )),
    ...unreachable,
  ];
  display.finish();
  const failed = nodes.filter((n) => n.report === undefined);

  if (!cluster && seeds.length === 1 && nodes.length === 1) {
    const [only] = nodes;
    if (!only!.report) throw new UsageError(only!.error ?? `${only!.node}: nothing captured`);
    const report = only!.report;
    const facts = report.facts!;
    const findings = crossNodeFindings([{ node: only!.node, facts, report }], report.totals.commands ?? 0);
    if (only!.status === 'lost' || only!.status === 'stopped')
      report.notes.unshift(
        `the capture ended at ${only!.endedAt} (${only!.error}); what came before is reported`,
      );
    return { report: { ...report, findings: [...findings, ...report.findings] }, failed: [] };
  }
  if (failed.length === nodes.length) {
    throw new UsageError(
      `nothing captured: ${failed.map((n) => n.error ?? `${n.node} ${n.status}`).join('; ')}`,
    );
  }
  const report = mergeNodeReports(nodes, options.version ?? '0.0.0');
  report.notes.unshift(...notes);
  return { report, failed };
}
