import type { FlowBuilder } from '../analysis/flow/builder.js';

/**
 * The nodes holding the request objects a web framework calls a module's middleware and handlers with. A
 * middleware of another module whose summary keeps something read off them (`sessions.set(token, { user })` of
 * `ctx.state.valkey.hgetall(...)`) keeps nothing of the request objects themselves: they live for their request.
 */
const requestNodes = new WeakMap<FlowBuilder, Set<number>>();

export function markRequestObjects(b: FlowBuilder, nodes: readonly number[]): void {
  let known = requestNodes.get(b);
  if (!known) requestNodes.set(b, (known = new Set()));
  for (const node of nodes) known.add(node);
}

export const holdsRequestObjects = (b: FlowBuilder, node: number): boolean =>
  requestNodes.get(b)?.has(node) === true;
