import { BoundedCounts } from '../monitor/bounded-counts.js';
import { CLIENTS_PER_GROUP, LISTED_CLIENTS } from '../monitor/finding-group.js';
import { addressHash } from '../monitor/monitor-line.js';
import type { AuditReport, Finding } from '../report/types.js';
import { nodeAddress } from './node-label.js';
import { compareTimestamps, earliest, latest } from './timestamps.js';

/** One node's report with its name and input, as the merge sees it. */
export interface NamedReport {
  node: string;
  report: AuditReport;
}

/** Findings are the same finding on every node when rule, shape, mode, category and reasons agree. */
const keyOf = (f: Finding) =>
  [f.rule, f.shape ?? f.command, f.mode ?? '', f.category, ...f.reasons].join('\u0001');

/** The input a finding's example line is in, when it is a file (SARIF points there). */
const fileOf = (report: AuditReport) => {
  const input = report.inputs[0];
  return input === undefined || input === '-' || input.startsWith('live ') ? undefined : input;
};

/**
 * `monitorReport` puts the count of a silent write into its message (`ran 3 times while clients tracked`);
 * the merged message says the merged count. Reads' messages carry no count.
 */
function recount(message: string, count: number): string {
  const times = count === 1 ? 'once' : `${count.toLocaleString('en-US')} times`;
  return message.replace(
    / ran (?:once|[\d,]+ times) while clients tracked/,
    ` ran ${times} while clients tracked`,
  );
}

/**
 * Every node's findings as one list: a finding seen on several nodes once, with its counts summed, its
 * share of the merged totals, its first and last time over all nodes, its top clients over all nodes (as
 * `node/address`), the example of the node that saw it first, and how many each node saw.
 */
export function mergeFindings(
  named: readonly NamedReport[],
  totals: { commands: number; trackedCommands: number },
): Finding[] {
  // Each node's top clients, as `node/address`, in the bounded counts a finding keeps of one log's clients.
  const groups = new Map<string, { finding: Finding; clients: BoundedCounts }>();
  for (const { node, report } of named) {
    for (const f of report.findings) {
      const key = keyOf(f);
      const count = f.count ?? 0;
      let group = groups.get(key);
      const first = group === undefined;
      if (!group) {
        const file = fileOf(report);
        group = {
          finding: { ...f, ...(file ? { file } : {}), count: 0, nodes: [] },
          clients: new BoundedCounts(CLIENTS_PER_GROUP, addressHash),
        };
        groups.set(key, group);
      }
      for (const c of f.clients ?? []) {
        const address = nodeAddress(node, c.address);
        group.clients.add(address, addressHash(address), c.count);
      }
      const m = group.finding;
      m.count = (m.count ?? 0) + count;
      m.nodes!.push({ node, count });
      if (first) continue;
      if (
        f.firstTimestamp &&
        (!m.firstTimestamp || compareTimestamps(f.firstTimestamp, m.firstTimestamp) < 0)
      ) {
        const file = fileOf(report);
        // The message of a read quotes its example's arguments: both come from the node that saw it first.
        Object.assign(m, {
          line: f.line,
          column: f.column,
          example: f.example,
          message: f.message,
          firstTimestamp: f.firstTimestamp,
        });
        if (file) m.file = file;
        else delete m.file;
      }
      if (f.lastTimestamp)
        m.lastTimestamp = m.lastTimestamp ? latest(m.lastTimestamp, f.lastTimestamp) : f.lastTimestamp;
      if (f.firstTimestamp)
        m.firstTimestamp = m.firstTimestamp ? earliest(m.firstTimestamp, f.firstTimestamp) : f.firstTimestamp;
    }
  }
  const merged: Finding[] = [];
  for (const { finding, clients } of groups.values()) {
    const top = clients.top(LISTED_CLIENTS).map(({ key, count }) => ({ address: key, count }));
    const base = finding.rule === 'monitor/uncovered-read' ? totals.trackedCommands : totals.commands;
    const count = finding.count ?? 0;
    merged.push({
      ...finding,
      client: top[0]?.address ?? finding.client ?? '',
      clients: top,
      clientCount: clients.size,
      share: base > 0 ? count / base : 0,
      message: recount(finding.message, count),
      nodes: finding.nodes!.sort((a, b) => b.count - a.count || a.node.localeCompare(b.node)),
    });
  }
  return merged.sort(
    (a, b) => (b.count ?? 0) - (a.count ?? 0) || (a.shape ?? '').localeCompare(b.shape ?? ''),
  );
}
