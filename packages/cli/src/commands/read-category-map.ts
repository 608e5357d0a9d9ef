import {
  describeTarget,
  resolveConnection,
  type ConnectionFlags,
  type ConnectionTarget,
} from '../connect/connection-options.js';
import { openClient, type LiveClient } from '../connect/open-client.js';
import { discoverCluster } from '../fleet/discover-cluster.js';
import { buildCategoryMap } from './build-category-map.js';
import type { CategoryMap } from './category-map-types.js';
import { compareNodes, type NodeView } from './compare-nodes.js';
import { readLiveServer } from './read-live-server.js';

/** `name@version` of every loaded module (MODULE LIST), or undefined when the user may not list them. */
async function readModules(live: LiveClient): Promise<string[] | undefined> {
  try {
    const reply = (await live.client.call('MODULE', 'LIST')) as unknown[][];
    return reply
      .map((fields) => {
        const f = new Map<string, unknown>();
        for (let i = 0; i + 1 < fields.length; i += 2) f.set(String(fields[i]), fields[i + 1]);
        return `${String(f.get('name'))}@${String(f.get('ver'))}`;
      })
      .sort();
  } catch {
    return undefined;
  }
}

async function readNode(target: ConnectionTarget, node: string): Promise<NodeView> {
  const live = await openClient(target);
  try {
    const map = buildCategoryMap(await readLiveServer(live), describeTarget(target));
    const modules = await readModules(live);
    return { node, map, ...(modules ? { modules } : {}) };
  } finally {
    await live.close();
  }
}

/**
 * Connects, reads the server's declarations and metadata, and gives every command its tracking category.
 * On a cluster node it reads every primary too and says where they disagree (`cluster`); the map itself
 * is the connected node's.
 */
export async function readCategoryMap(flags: ConnectionFlags): Promise<CategoryMap> {
  const target = resolveConnection(flags);
  const live = await openClient(target);
  let map: CategoryMap;
  let discovery;
  try {
    map = buildCategoryMap(await readLiveServer(live), describeTarget(target));
    discovery = await discoverCluster(live).catch(() => ({}) as Awaited<ReturnType<typeof discoverCluster>>);
  } finally {
    await live.close();
  }
  if (!discovery.nodes) return map;
  const primaries = discovery.nodes
    .filter((n) => n.role === 'primary' && n.health === 'online')
    .sort((a, b) => a.host.localeCompare(b.host) || a.port - b.port);
  const views = await Promise.all(
    primaries.map((n) => readNode({ ...target, host: n.host, port: n.port, db: 0 }, `${n.host}:${n.port}`)),
  );
  return { ...map, cluster: compareNodes(views, discovery.via ?? 'CLUSTER SHARDS') };
}
