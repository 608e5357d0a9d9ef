import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import type { FlowBuilder } from '../analysis/flow/builder.js';
import type { CallSite } from '../analysis/flow/engine.js';
import type { Value } from '../analysis/flow/values.js';
import { listenMethods, staticString } from './listen.js';

/**
 * The node connections of an ioredis/iovalkey `Cluster`: what `cluster.nodes('master')` lists and what its
 * `+node` event hands a listener are one client standing for every node, so tracking a helper turns on for
 * "the node" and the node's own `ready` listener meet on it (`cluster.on('+node', (node) => node.on('ready',
 * () => trackNode(node)))`).
 */
const nodesByBuilder = new WeakMap<FlowBuilder, Map<number, number>>();

function nodeOf(b: FlowBuilder, cluster: number, described: Extract<Value, { kind: 'client' }>): number {
  let nodes = nodesByBuilder.get(b);
  if (!nodes) nodesByBuilder.set(b, (nodes = new Map()));
  let node = nodes.get(cluster);
  if (node === undefined) {
    node = b.value({
      kind: 'client',
      site: described.site,
      library: described.library,
      cluster: false,
      origin: `${described.origin}:node`,
    });
    nodes.set(cluster, node);
  }
  return node;
}

/** `cluster.nodes(role)` and `cluster.on('+node', listener)`: true when the call was one of them. */
export function clusterNodeCall(
  b: FlowBuilder,
  site: CallSite,
  cluster: number,
  described: Extract<Value, { kind: 'client' }>,
  name: string,
): boolean {
  if (!described.cluster || site.node.type !== AST_NODE_TYPES.CallExpression) return false;
  if (name === 'nodes') {
    const list = b.value({ kind: 'object', site: site.node, shape: 'array' });
    b.engine.addValue(b.engine.field(list, '*'), nodeOf(b, cluster, described));
    b.engine.addValue(site.result, list);
    return true;
  }
  if (!(name in listenMethods) || staticString(b, site.node.arguments[0]) !== '+node') return false;
  const listener = site.args[1];
  if (listener === undefined) return false;
  const node = b.engine.node();
  b.engine.addValue(node, nodeOf(b, cluster, described));
  b.callCallback(site.node, listener, [node]);
  b.engine.edge(site.receiver!, site.result);
  return true;
}
