import type { AuditReport, NodeReport, Skipped } from '../report/types.js';
import { crossNodeFindings, crossNodeRules, type NodeWithFacts } from './cross-node-findings.js';
import { mergeClientSummaries, OTHER_CLIENTS } from '../monitor/client-summary.js';
import { mergeTimelines } from '../monitor/timeline.js';
import { mergeFindings } from './merge-findings.js';
import { nodeAddress, nodeLabel, uniqueLabels } from './node-label.js';

const MAX_SKIPPED_EXAMPLES = 5;
const crossNode = new Set<string>(crossNodeRules);

/**
 * The nodes of any mix of reports: a multi-node report gives its nodes, a single-node report is one node
 * named by `--node`, its capture or its file. Merging merged reports is merging all their nodes at once.
 */
export function asNodeReports(reports: readonly AuditReport[]): NodeReport[] {
  return uniqueNodes(
    reports.flatMap((report): NodeReport[] =>
      report.nodes
        ? report.nodes
        : [{ node: report.node ?? nodeLabel(report.inputs[0] ?? '-'), status: 'complete', report }],
    ),
  );
}

/** Nodes with the same name (two captures of one node, two files called `monitor.log`) told apart: `a#2`. */
function uniqueNodes(nodes: readonly NodeReport[]): NodeReport[] {
  const labels = uniqueLabels(nodes.map((n) => n.node));
  return nodes.map((n, i) =>
    labels[i] === n.node
      ? n
      : { ...n, node: labels[i]!, ...(n.report ? { report: { ...n.report, node: labels[i]! } } : {}) },
  );
}

function sumTotals(reports: readonly AuditReport[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const report of reports) {
    for (const [key, value] of Object.entries(report.totals)) {
      if (key === 'firstSeconds') totals[key] = Math.min(totals[key] ?? Infinity, value);
      else if (key === 'lastSeconds') totals[key] = Math.max(totals[key] ?? -Infinity, value);
      else totals[key] = (totals[key] ?? 0) + value;
    }
  }
  return totals;
}

function mergeSkipped(nodes: readonly NodeReport[]): Skipped[] {
  const byReason = new Map<string, Skipped>();
  for (const { report } of nodes) {
    for (const s of report?.skipped ?? []) {
      const merged = byReason.get(s.reason) ?? { reason: s.reason, count: 0, examples: [] };
      merged.count += s.count;
      for (const example of s.examples) {
        if (merged.examples.length < MAX_SKIPPED_EXAMPLES) {
          merged.examples.push({ ...example, file: example.file ?? report!.inputs[0] });
        }
      }
      byReason.set(s.reason, merged);
    }
  }
  return [...byReason.values()];
}

/** Each distinct note once, saying which nodes it is about unless it is about all of them. */
function mergeNotes(nodes: readonly NodeReport[]): string[] {
  const byNote = new Map<string, string[]>();
  for (const { node, report } of nodes) {
    for (const note of report?.notes ?? []) byNote.set(note, [...(byNote.get(note) ?? []), node]);
  }
  const captured = nodes.filter((n) => n.report).length;
  const notes = [...byNote].map(([note, on]) =>
    on.length === captured && captured > 1 ? `${note} (every node)` : `${note} (${on.join(', ')})`,
  );
  for (const n of nodes) {
    if (n.status === 'lost' || n.status === 'stopped') {
      notes.unshift(
        `${n.node}: the capture ended at ${n.endedAt ?? 'an unknown time'} (${n.error ?? 'connection lost'}); what it captured before is reported`,
      );
    } else if (n.report === undefined) {
      notes.unshift(`${n.node}: nothing captured: ${n.error ?? n.status}`);
    }
  }
  const withoutFacts = nodes.filter((n) => n.report && !n.report.facts).map((n) => n.node);
  if (withoutFacts.length > 0 && nodes.length > 1) {
    notes.push(
      `the checks across nodes left out ${withoutFacts.join(', ')}: their reports carry no client facts (audit each log with --node NAME, or several logs in one run)`,
    );
  }
  return notes;
}

/**
 * One report of many nodes: each node's report kept as it is (`nodes`), and over all of them the findings
 * merged (counts summed, clients as `node/address`), the findings only several nodes show, totals summed,
 * what was skipped and noted, and the timeline and client rows of CONTRACT-timeline.md, merged exactly.
 */
export function mergeNodeReports(nodeReports: readonly NodeReport[], version: string): AuditReport {
  const nodes = uniqueNodes(nodeReports);
  const captured = nodes.filter((n): n is NodeReport & { report: AuditReport } => n.report !== undefined);
  const reports = captured.map((n) => n.report);
  const totals = sumTotals(reports);
  const named = captured.map((n) => ({
    node: n.node,
    report: { ...n.report, findings: n.report.findings.filter((f) => !crossNode.has(f.rule)) },
  }));
  const withFacts: NodeWithFacts[] = captured
    .filter((n) => n.report.facts)
    .map((n) => ({
      node: n.node,
      ...(n.role ? { role: n.role } : {}),
      facts: n.report.facts!,
      report: n.report,
    }));
  const findings = [
    ...crossNodeFindings(withFacts, totals.commands ?? 0),
    ...mergeFindings(named, { commands: totals.commands ?? 0, trackedCommands: totals.trackedCommands ?? 0 }),
  ];
  const timelines = reports.flatMap((r) => (r.timeline ? [r.timeline] : []));
  const timeline = timelines.length > 0 ? mergeTimelines(timelines) : undefined;
  const withClients = captured.filter((n) => n.report.clients);
  const bytes = reports.flatMap((r) => (r.input?.bytes !== undefined ? [r.input.bytes] : []));
  const servers = [...new Set(reports.flatMap((r) => (r.input?.server ? [r.input.server] : [])))];
  return {
    tool: { name: 'valkey-track', version },
    kind: 'monitor',
    inputs: nodes.flatMap((n) => n.report?.inputs ?? [n.node]),
    findings,
    totals: { nodes: nodes.length, ...totals },
    skipped: mergeSkipped(nodes),
    notes: mergeNotes(nodes),
    ...(timeline ? { timeline } : {}),
    ...(withClients.length > 0
      ? {
          // The same address on two nodes is two connections.
          clients: mergeClientSummaries(
            withClients.map((n) =>
              n.report.clients!.map((row) =>
                row.address === OTHER_CLIENTS ? row : { ...row, address: nodeAddress(n.node, row.address) },
              ),
            ),
          ),
        }
      : {}),
    ...(bytes.length > 0 || servers.length > 0
      ? {
          input: {
            ...(bytes.length > 0 ? { bytes: bytes.reduce((a, b) => a + b, 0) } : {}),
            ...(servers.length > 0 ? { server: servers.join(', ') } : {}),
          },
        }
      : {}),
    nodes,
  };
}
