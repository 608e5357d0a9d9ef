import type { ClientSummary } from '../report/types.js';
import { nodeAddress } from './node-label.js';

/** CONTRACT-timeline.md: the row that sums every client past the top ones, and how many rows come first. */
export const OTHER_CLIENTS = '(other clients)';
const MAX_CLIENT_ROWS = 200;

const order = (a: ClientSummary, b: ClientSummary) =>
  b.findings - a.findings || b.commands - a.commands || a.address.localeCompare(b.address);

/**
 * Every node's client rows as one list, addresses as `node/address` (the same address on two nodes is two
 * connections). Exact: a node's rows past its own top 200 are in its `(other clients)` row, and no client
 * past a node's top 200 can be in the joint top 200, since no address is on two nodes.
 */
export function mergeClientSummaries(
  perNode: readonly { node: string; clients: readonly ClientSummary[] }[],
): ClientSummary[] {
  const rows: ClientSummary[] = [];
  const other = { commands: 0, trackedCommands: 0, findings: 0, present: false };
  for (const { node, clients } of perNode) {
    for (const row of clients) {
      if (row.address === OTHER_CLIENTS) {
        other.commands += row.commands;
        other.trackedCommands += row.trackedCommands;
        other.findings += row.findings;
        other.present = true;
      } else {
        rows.push({ ...row, prefixes: [...row.prefixes], address: nodeAddress(node, row.address) });
      }
    }
  }
  rows.sort(order);
  for (const row of rows.slice(MAX_CLIENT_ROWS)) {
    other.commands += row.commands;
    other.trackedCommands += row.trackedCommands;
    other.findings += row.findings;
    other.present = true;
  }
  const top = rows.slice(0, MAX_CLIENT_ROWS);
  if (other.present) {
    top.push({
      address: OTHER_CLIENTS,
      mode: '',
      prefixes: [],
      commands: other.commands,
      trackedCommands: other.trackedCommands,
      findings: other.findings,
    });
  }
  return top;
}
