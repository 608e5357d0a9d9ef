import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { startValkey, type ThrowawayServer } from './live-helpers.js';

const require = createRequire(import.meta.url);
export const Valkey = require('iovalkey') as typeof import('iovalkey').default;
export const { Cluster } = require('iovalkey') as typeof import('iovalkey');

/** The cluster scripts/cluster.sh started: its first primary's URL and every node's. */
export function requireCluster(): { url: string; nodes: string[]; ports: number[] } {
  const url = process.env.VT_CLUSTER_URL;
  const nodes = process.env.VT_CLUSTER_NODES?.split(',').filter(Boolean) ?? [];
  if (!url || nodes.length < 4) {
    throw new Error(
      'VT_CLUSTER_URL and VT_CLUSTER_NODES are not set: start the cluster with `bash scripts/cluster.sh start`',
    );
  }
  return { url, nodes, ports: nodes.map((n) => Number(new URL(n).port)) };
}

/** Runs valkey-cli against one node, returning its output. */
export function nodeCli(port: number, ...args: string[]): string {
  return spawnSync('valkey-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], {
    encoding: 'utf8',
  }).stdout.trim();
}

/** Empties every primary of the shared cluster, so the next suite starts as the first did. */
export function flushCluster(): void {
  const { ports } = requireCluster();
  for (const port of ports) if (nodeCli(port, 'ROLE').startsWith('master')) nodeCli(port, 'FLUSHALL');
}

export interface ScratchCluster {
  nodes: ThrowawayServer[];
  ports: number[];
  /** The id of each node, in `ports` order. */
  ids: string[];
  /** The node serving `slot`. */
  ownerOf(slot: number): number;
  stop(): void;
}

/**
 * A cluster of the test's own, three primaries on `VT_CLUSTER_SCRATCH_PORTS` (default "17015 17016 17017"),
 * for tests that kill nodes, change ACLs, load modules or move slots. Cluster bus ports are the node ports
 * plus 10000, as by default.
 */
export async function startScratchCluster(extraArgs: string[] = []): Promise<ScratchCluster> {
  const ports = (process.env.VT_CLUSTER_SCRATCH_PORTS ?? '17015 17016 17017')
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
  const nodes: ThrowawayServer[] = [];
  const stop = () => {
    for (const node of nodes) node.stop();
  };
  try {
    for (const port of ports) {
      nodes.push(
        startValkey(port, ['--cluster-enabled', 'yes', '--cluster-node-timeout', '15000', ...extraArgs]),
      );
    }
    const created = spawnSync(
      'valkey-cli',
      [
        '--cluster',
        'create',
        ...ports.map((p) => `127.0.0.1:${p}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ],
      { encoding: 'utf8' },
    );
    if (created.status !== 0)
      throw new Error(`valkey-cli --cluster create failed:\n${created.stdout}${created.stderr}`);
    const deadline = Date.now() + 30_000;
    while (
      !ports.every(
        (p) =>
          /cluster_state:ok/.test(nodeCli(p, 'CLUSTER', 'INFO')) &&
          nodeCli(p, 'CLUSTER', 'NODES').split('\n').length === ports.length,
      )
    ) {
      if (Date.now() > deadline) throw new Error('the scratch cluster did not become ok within 30 s');
      await sleep(100);
    }
  } catch (error) {
    stop();
    throw error;
  }
  const ids = ports.map((p) => nodeCli(p, 'CLUSTER', 'MYID'));
  return {
    nodes,
    ports,
    ids,
    ownerOf(slot) {
      const lines = nodeCli(ports[0]!, 'CLUSTER', 'NODES').split('\n');
      for (const line of lines) {
        const [id, address, , , , , , , ...ranges] = line.split(' ');
        for (const range of ranges) {
          const [from, to = from] = range.split('-').map(Number);
          if (slot >= from! && slot <= to!)
            return Number(address!.split('@')[0]!.split(':').pop()) || ports[ids.indexOf(id!)]!;
        }
      }
      throw new Error(`no node serves slot ${slot}`);
    },
    stop,
  };
}
