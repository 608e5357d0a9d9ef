import { randomBytes } from 'node:crypto';
import calculateSlot from 'cluster-key-slot';
import { describeTarget } from '../connect/connection-options.js';
import type { LiveClient } from '../connect/open-client.js';
import { discoverCluster } from '../fleet/discover-cluster.js';
import { UsageError } from '../util/usage-error.js';

/** Where verify runs in a cluster: the node it was pointed at, and a hash tag of a slot that node serves. */
export interface ClusterPlacement {
  /** `host:port` of the node, as the cluster announces it. */
  node: string;
  /** `{vt-…}`: every key of the run carries it, so they all hash to `slot` (https://valkey.io/topics/cluster-spec/). */
  hashTag: string;
  slot: number;
}

/**
 * Chooses the hash tag of the run: random, and hashing to a slot the connected node serves, so every key
 * of every recipe (multi-key ones included) lives on that one node, beside the tracking connection that
 * reads it. Refuses a replica (verify writes) and a primary without slots.
 */
export async function clusterPlacement(live: LiveClient): Promise<ClusterPlacement> {
  const where = describeTarget(live.target);
  const myId = String(await live.run('reading CLUSTER MYID', (c) => c.call('CLUSTER', 'MYID')));
  const { nodes = [] } = await discoverCluster(live);
  const me = nodes.find((n) => n.id === myId);
  if (!me)
    throw new UsageError(`${where} is not among the nodes its cluster lists: is the cluster still forming?`);
  if (me.role === 'replica') {
    const primary = nodes.find((n) => n.id === me.primaryId);
    throw new UsageError(
      `${where} is a replica, and verify writes: point it at a primary${primary ? ` (this replica's is ${primary.host}:${primary.port})` : ''}`,
    );
  }
  if (me.slots.length === 0)
    throw new UsageError(`${where} serves no slots: point verify at a primary that does`);
  const served = (slot: number) => me.slots.some(([from, to]) => slot >= from && slot <= to);
  // A node serving s of the 16,384 slots takes 16384/s tries on average; one serving a single slot, ~16k.
  for (let tries = 0; tries < 1_000_000; tries++) {
    const tag = `vt-${randomBytes(4).toString('hex')}`;
    const slot = calculateSlot(tag);
    if (served(slot)) return { node: `${me.host}:${me.port}`, hashTag: `{${tag}}`, slot };
  }
  throw new UsageError(`found no hash tag for the slots of ${where}`);
}
