import type { AuditReport, Finding } from '../report/types.js';
import type { ClientFacts, NodeFacts, RedirectFacts } from './node-facts.js';
import { nodeAddress } from './node-label.js';
import { OTHER_CLIENTS } from '../monitor/client-summary.js';
import { compareTimestamps } from './timestamps.js';

/** The rules of the checks that need every node's facts; a node's own report never decides them. */
export const crossNodeRules = ['monitor/tracking-on-some-nodes', 'monitor/redirect-to-other-node'] as const;

export interface NodeWithFacts {
  node: string;
  role?: 'primary' | 'replica';
  facts: NodeFacts;
  /** The node's report, for its input (where the example line is). */
  report: AuditReport;
}

const number = (n: number) => n.toLocaleString('en-US');
const list = (names: readonly string[]) =>
  names.length <= 4 ? names.join(', ') : `${names.slice(0, 4).join(', ')} and ${names.length - 4} more`;
const fileOf = (report: AuditReport) => {
  const input = report.inputs[0];
  return input === undefined || input === '-' || input.startsWith('live ') ? undefined : input;
};

/**
 * Tracking is per connection, so per node (https://valkey.io/topics/client-side-caching/): an application
 * client that turned it on for its connections to some nodes but reads from others caches replies from
 * those others that nothing ever invalidates. A typical cause is `cluster.call('CLIENT', 'TRACKING', 'ON')`,
 * which a cluster client sends to one node, or tracking turned on for the primaries while reads go to
 * replicas.
 */
function trackingOnSomeNodes(nodes: readonly NodeWithFacts[], totalCommands: number): Finding[] {
  const byClient = new Map<string, { node: NodeWithFacts; facts: ClientFacts }[]>();
  for (const node of nodes) {
    for (const facts of node.facts.clients) {
      if (facts.client === OTHER_CLIENTS) continue;
      byClient.set(facts.client, [...(byClient.get(facts.client) ?? []), { node, facts }]);
    }
  }
  const findings: Finding[] = [];
  for (const [client, seen] of byClient) {
    const tracking = seen.filter((s) => s.facts.trackingConnections > 0);
    const untracked = seen.filter((s) => s.facts.trackingConnections === 0 && s.facts.untrackedReads > 0);
    if (tracking.length === 0 || untracked.length === 0) continue;
    const count = untracked.reduce((sum, s) => sum + s.facts.untrackedReads, 0);
    const first = untracked
      .filter((s) => s.facts.example)
      .sort((a, b) => compareTimestamps(a.facts.example!.timestamp, b.facts.example!.timestamp))[0];
    const trackedOn = tracking.map((s) => s.node.node);
    const readOn = untracked.map((s) => s.node.node);
    // A node is a replica when the cluster says so (live) or the client sent READONLY there (logs).
    const replicas = untracked.every(
      (s) => s.node.role === 'replica' || (s.facts.readonlyConnections ?? 0) > 0,
    );
    const fromLogs = untracked.some((s) => !s.node.facts.clientList);
    const file = first ? fileOf(first.node.report) : undefined;
    findings.push({
      rule: 'monitor/tracking-on-some-nodes',
      command: 'client|tracking',
      category: 'none',
      reasons: [],
      client,
      line: first?.facts.example?.line ?? 0,
      column: 1,
      ...(file ? { file } : {}),
      shape: `${client}: tracks on ${trackedOn.length} of ${trackedOn.length + readOn.length} nodes it reads from`,
      count,
      share: totalCommands > 0 ? count / totalCommands : 0,
      ...(first?.facts.example
        ? { firstTimestamp: first.facts.example.timestamp, example: first.facts.example.text }
        : {}),
      clients: untracked
        .map((s) => ({ address: nodeAddress(s.node.node, client), count: s.facts.untrackedReads }))
        .sort((a, b) => b.count - a.count),
      nodes: untracked
        .map((s) => ({ node: s.node.node, count: s.facts.untrackedReads }))
        .sort((a, b) => b.count - a.count),
      message:
        `\`${client}\` turned CLIENT TRACKING on for its connections to ${list(trackedOn)} but sent ${number(count)} reads to ` +
        `${list(readOn)}, where none of its connections tracks: replies it caches from ${readOn.length === 1 ? 'that node' : 'those nodes'} are never invalidated. ` +
        (replicas
          ? `${readOn.length === 1 ? 'That node is a replica' : 'Those nodes are replicas'}: a client that reads from replicas must turn tracking on for its replica connections too.`
          : 'Tracking is per connection and per node: turn it on in the connect hook of every node connection (not with one `cluster.call`), or do not cache those reads.') +
        (fromLogs
          ? ' If its connections there tracked before the capture began, name them with --tracking-clients.'
          : ''),
    });
  }
  return findings;
}

/** Why a REDIRECT on a node is wrong, or undefined when nothing says it is. */
function redirectProblem(
  r: RedirectFacts,
  node: NodeWithFacts,
  group: readonly NodeWithFacts[],
): string | undefined {
  if (r.target) {
    if (!r.target.found) return `no connection of ${node.node} has id ${r.id}`;
    if (r.target.canReceive === false)
      return `id ${r.id} on ${node.node} is ${r.target.address ?? 'a connection'}, which speaks RESP2 and subscribes to nothing, so it receives no invalidation`;
    return undefined;
  }
  // A log names no client ids. The same id sent to several nodes by one client is evidence enough when the
  // capture shows its invalidation connection subscribing on some of them and not on this one.
  const host = node.facts.clients.find((c) => c.client === r.client)?.host;
  const subscribedOn = (n: NodeWithFacts) =>
    n.facts.clients.some((c) => c.host === host && c.invalidationSubscribers > 0);
  if (group.length < 2 || subscribedOn(node)) return undefined;
  const others = group.filter(subscribedOn).map((n) => n.node);
  if (others.length === 0) return undefined;
  return `${r.client} subscribed to __redis__:invalidate on ${list(others)} but not on ${node.node}, and client ids are numbered per node`;
}

/**
 * `CLIENT TRACKING ON REDIRECT <id>` sends a node's invalidations to the connection with that id *on that
 * node*: ids are per node, so an id read with CLIENT ID on one node names nothing (the server refuses the
 * command) or a stranger on the others.
 */
function redirectToOtherNode(nodes: readonly NodeWithFacts[]): Finding[] {
  const groups = new Map<string, { node: NodeWithFacts; redirect: RedirectFacts }[]>();
  for (const node of nodes) {
    for (const redirect of node.facts.redirects) {
      const key = `${redirect.client}\u0001${redirect.id}`;
      groups.set(key, [...(groups.get(key) ?? []), { node, redirect }]);
    }
  }
  const findings: Finding[] = [];
  for (const members of groups.values()) {
    const group = [...new Set(members.map((m) => m.node))];
    const wrong = members
      .map((m) => ({ ...m, problem: redirectProblem(m.redirect, m.node, group) }))
      .filter((m): m is typeof m & { problem: string } => m.problem !== undefined);
    if (wrong.length === 0) continue;
    const { redirect } = wrong.sort((a, b) =>
      compareTimestamps(a.redirect.firstTimestamp, b.redirect.firstTimestamp),
    )[0]!;
    const perNode = new Map<string, number>();
    for (const w of wrong) perNode.set(w.node.node, (perNode.get(w.node.node) ?? 0) + w.redirect.count);
    const count = [...perNode.values()].reduce((a, b) => a + b, 0);
    const file = fileOf(wrong[0]!.node.report);
    findings.push({
      rule: 'monitor/redirect-to-other-node',
      command: 'client|tracking',
      category: 'none',
      reasons: [],
      client: redirect.client,
      line: redirect.line,
      column: 1,
      ...(file ? { file } : {}),
      shape: `CLIENT TRACKING ON REDIRECT ${redirect.id}`,
      count,
      share: 0,
      firstTimestamp: redirect.firstTimestamp,
      example: redirect.example,
      clients: wrong
        .map((w) => ({ address: nodeAddress(w.node.node, w.redirect.address), count: w.redirect.count }))
        .sort((a, b) => b.count - a.count)
        .slice(0, 5),
      nodes: [...perNode].map(([node, n]) => ({ node, count: n })).sort((a, b) => b.count - a.count),
      message:
        `\`${redirect.client}\` redirects tracking to client id ${redirect.id}, which is not its invalidation connection on ` +
        `${list([...perNode.keys()])} (${wrong[0]!.problem}): that node refuses the command or sends its invalidations ` +
        'elsewhere, so replies cached from it are never invalidated. Open an invalidation connection on every node and ' +
        "redirect each node's connections to the CLIENT ID of that node's own, or use RESP3 without REDIRECT.",
    });
  }
  return findings;
}

/** The findings only several nodes' facts (or a live node's client list) can show. */
export function crossNodeFindings(nodes: readonly NodeWithFacts[], totalCommands: number): Finding[] {
  return [...redirectToOtherNode(nodes), ...trackingOnSomeNodes(nodes, totalCommands)];
}
