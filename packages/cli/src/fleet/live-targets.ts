import { describeTarget, resolveConnection, type ConnectionFlags } from '../connect/connection-options.js';
import { openClient } from '../connect/open-client.js';
import { discoverCluster } from './discover-cluster.js';
import type { NodeReport } from '../report/types.js';
import type { NodeTarget } from './capture-node.js';

export interface LiveTargets {
  nodes: NodeTarget[];
  /** Servers of a fleet (several `--url`) that could not be reached: the others are still captured. */
  unreachable: NodeReport[];
  /** Whether any `--url` was a cluster node. */
  cluster: boolean;
  notes: string[];
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const hostPort = (host: string, port: number) => `${host.includes(':') ? `[${host}]` : host}:${port}`;

/**
 * The nodes to capture: every `--url` as it is, or, for a cluster node, every primary of its cluster
 * (and its replicas with `replicas`), as CLUSTER SHARDS (or SLOTS) announces them, reached with the same
 * credentials and TLS settings; with `discover` false, only the servers given. A node named twice is captured
 * once.
 */
export async function liveTargets(
  seeds: readonly ConnectionFlags[],
  { replicas, discover }: { replicas: boolean; discover: boolean },
): Promise<LiveTargets> {
  const nodes = new Map<string, NodeTarget>();
  const unreachable: NodeReport[] = [];
  const notes: string[] = [];
  let cluster = false;
  for (const flags of seeds) {
    const seed = resolveConnection(flags);
    // A node of a cluster already found through another --url is captured once, with that cluster.
    if (nodes.has(hostPort(seed.host, seed.port))) continue;
    let live;
    try {
      live = await openClient(seed, 'valkey-track-audit');
    } catch (error) {
      if (seeds.length === 1) throw error;
      unreachable.push({
        node: hostPort(seed.host, seed.port),
        status: 'unreachable',
        error: (error as Error).message,
      });
      continue;
    }
    let discovery;
    try {
      discovery = await discoverCluster(live);
    } finally {
      await live.close();
    }
    if (!discovery.nodes) {
      const node = hostPort(seed.host, seed.port);
      if (!nodes.has(node)) nodes.set(node, { node, target: seed });
      continue;
    }
    cluster = true;
    if (!discover) {
      // Only this node: its role from the cluster's own view, the rest left to other processes.
      const self = discovery.nodes.find((n) => n.host === seed.host && n.port === seed.port);
      const node = hostPort(seed.host, seed.port);
      nodes.set(node, { node, target: seed, ...(self ? { role: self.role } : {}) });
      continue;
    }
    const wanted = discovery.nodes.filter((n) => n.role === 'primary' || replicas);
    const unhealthy = wanted.filter((n) => n.health !== 'online');
    for (const n of wanted.filter((n) => n.health === 'online')) {
      const node = hostPort(n.host, n.port);
      if (!nodes.has(node)) {
        nodes.set(node, { node, role: n.role, target: { ...seed, host: n.host, port: n.port, db: 0 } });
      }
    }
    const where = describeTarget(seed);
    const primaries = discovery.nodes.filter((n) => n.role === 'primary').length;
    const replicaCount = discovery.nodes.length - primaries;
    notes.push(
      `${where} is a cluster node: ${plural(primaries, 'primary', 'primaries')} and ${plural(replicaCount, 'replica', 'replicas')} (${discovery.via})` +
        (replicaCount > 0 && !replicas ? '; replicas were not captured (--replicas captures them too)' : ''),
    );
    if (unhealthy.length > 0) {
      notes.push(
        `not captured, as the cluster reports them unhealthy: ${unhealthy.map((n) => `${hostPort(n.host, n.port)} (${n.health})`).join(', ')}`,
      );
    }
  }
  // In address order (ports numerically), so reports of the same cluster list their nodes alike.
  const ordered = [...nodes.values()].sort(
    (a, b) => a.target.host.localeCompare(b.target.host) || a.target.port - b.target.port,
  );
  return { nodes: ordered, unreachable, cluster, notes };
}
