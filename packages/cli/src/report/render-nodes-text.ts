import type { ChalkInstance } from 'chalk';
import type { AuditReport, NodeReport } from './types.js';

const number = (n: number) => n.toLocaleString('en-US');
const pad = (text: string, width: number) => text.padEnd(width);

function status(c: ChalkInstance, n: NodeReport): string {
  const text =
    (n.status === 'lost' || n.status === 'stopped') && n.endedAt ? `${n.status} at ${n.endedAt}` : n.status;
  return n.status === 'complete' ? text : n.report ? c.yellow(text) : c.red(text);
}

/** A multi-node report's table of nodes: role, how the capture went, and each node's own counts. */
export function renderNodes(report: AuditReport, c: ChalkInstance): string[] {
  const nodes = report.nodes;
  if (!nodes || nodes.length === 0) return [];
  const width = Math.max(4, ...nodes.map((n) => n.node.length));
  const lines = [
    c.bold(
      `${pad('NODE', width)}  ${pad('ROLE', 7)}  ${pad('COMMANDS', 12)}  ${pad('TRACKED', 12)}  ${pad('FINDINGS', 8)}  STATUS`,
    ),
  ];
  for (const n of nodes) {
    const totals = n.report?.totals ?? {};
    lines.push(
      `${pad(n.node, width)}  ${pad(n.role ?? '', 7)}  ${pad(number(totals.commands ?? 0), 12)}  ` +
        `${pad(number(totals.trackedCommands ?? 0), 12)}  ${pad(number(n.report?.findings.length ?? 0), 8)}  ${status(c, n)}` +
        (n.error && n.status !== 'complete' ? c.dim(`  ${n.error}`) : ''),
    );
  }
  return lines;
}
