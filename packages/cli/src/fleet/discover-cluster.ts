import type { LiveClient } from '../connect/open-client.js';
import { UsageError } from '../util/usage-error.js';

/** A node of a cluster as the cluster announces it. */
export interface ClusterNode {
  id: string;
  host: string;
  port: number;
  role: 'primary' | 'replica';
  /** Slot ranges served (primaries). */
  slots: [number, number][];
  /** `online`, `failed` or `loading` (CLUSTER SHARDS); `online` from CLUSTER SLOTS, which lists no others. */
  health: string;
  /** For a replica: the id of its primary (the shard's), when the reply shows it. */
  primaryId?: string;
}

export interface Discovery {
  /** Undefined for a server that does not run in cluster mode. */
  nodes?: ClusterNode[];
  /** Which command answered: `CLUSTER SHARDS` (Valkey, Redis 7+) or `CLUSTER SLOTS` (older servers). */
  via?: 'CLUSTER SHARDS' | 'CLUSTER SLOTS';
}

/** A RESP2 map (a flat array of names and values) as a Map. */
function fields(reply: unknown): Map<string, unknown> {
  const map = new Map<string, unknown>();
  if (Array.isArray(reply))
    for (let i = 0; i + 1 < reply.length; i += 2) map.set(String(reply[i]), reply[i + 1]);
  return map;
}

/** The address clients are told to use: `endpoint` (https://valkey.io/commands/cluster-shards/), else `ip`. */
function announcedHost(node: Map<string, unknown>): string {
  const endpoint = String(node.get('endpoint') ?? '');
  return endpoint !== '' && endpoint !== '?' ? endpoint : String(node.get('ip') ?? '');
}

/** Parses a `CLUSTER SHARDS` reply; `tls` picks `tls-port` where a node announces one. */
export function parseClusterShards(reply: unknown, tls = false): ClusterNode[] {
  const nodes: ClusterNode[] = [];
  for (const shard of Array.isArray(reply) ? reply : []) {
    const first = nodes.length;
    const s = fields(shard);
    const flat = (s.get('slots') as unknown[] | undefined)?.map(Number) ?? [];
    const slots: [number, number][] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) slots.push([flat[i]!, flat[i + 1]!]);
    for (const raw of (s.get('nodes') as unknown[] | undefined) ?? []) {
      const n = fields(raw);
      const role = String(n.get('role')) === 'master' ? 'primary' : 'replica';
      const port = Number((tls ? n.get('tls-port') : undefined) ?? n.get('port'));
      nodes.push({
        id: String(n.get('id')),
        host: announcedHost(n),
        port,
        role,
        slots: role === 'primary' ? slots : [],
        health: String(n.get('health') ?? 'online'),
      });
    }
    const primary = nodes.slice(first).find((n) => n.role === 'primary');
    for (const n of nodes.slice(first)) if (n.role === 'replica' && primary) n.primaryId = primary.id;
  }
  return nodes;
}

/** Parses a `CLUSTER SLOTS` reply: per slot range, the primary then its replicas, as `[host, port, id, ...]`. */
export function parseClusterSlots(reply: unknown): ClusterNode[] {
  const byId = new Map<string, ClusterNode>();
  for (const range of Array.isArray(reply) ? reply : []) {
    const [start, end, ...served] = range as unknown[];
    const primaryId = String((served[0] as unknown[] | undefined)?.[2] ?? '');
    served.forEach((raw, i) => {
      const [host, port, id] = raw as unknown[];
      const key = String(id ?? `${String(host)}:${String(port)}`);
      const node = byId.get(key) ?? {
        id: key,
        host: String(host),
        port: Number(port),
        role: i === 0 ? 'primary' : 'replica',
        slots: [],
        health: 'online',
        ...(i > 0 && primaryId ? { primaryId } : {}),
      };
      if (i === 0) node.slots.push([Number(start), Number(end)]);
      byId.set(key, node);
    });
  }
  return [...byId.values()];
}

const message = (error: unknown) => String((error as Error)?.message ?? error);

/**
 * The nodes of the cluster the connected server belongs to, through `CLUSTER SHARDS`, or `CLUSTER SLOTS` where
 * the server lacks SHARDS (or the user may not run it); a server without cluster mode is no cluster.
 */
export async function discoverCluster(live: LiveClient): Promise<Discovery> {
  const run = (sub: string) => live.client.call('CLUSTER', sub);
  try {
    return {
      nodes: parseClusterShards(await run('SHARDS'), Boolean(live.target.tls)),
      via: 'CLUSTER SHARDS',
    };
  } catch (error) {
    const text = message(error);
    if (/cluster support disabled|cluster mode is not enabled/i.test(text)) return {};
    if (!/unknown (sub)?command|NOPERM/i.test(text)) {
      return live.run('reading CLUSTER SHARDS', () => Promise.reject(error));
    }
  }
  try {
    return { nodes: parseClusterSlots(await run('SLOTS')), via: 'CLUSTER SLOTS' };
  } catch (error) {
    if (/cluster support disabled/i.test(message(error))) return {};
    if (/NOPERM/.test(message(error))) {
      const user = live.target.username ?? 'default';
      throw new UsageError(
        `user "${user}" may run neither CLUSTER SHARDS nor CLUSTER SLOTS, which list the nodes to capture; grant one (ACL SETUSER ${user} +cluster|shards)`,
      );
    }
    return live.run('reading CLUSTER SLOTS', () => Promise.reject(error));
  }
}
