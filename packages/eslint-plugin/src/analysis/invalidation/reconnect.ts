import type { FunctionNode } from '../ast.js';
import { enclosingFunction } from '../ast.js';
import type { FlowBuilder } from '../flow/builder.js';
import { forEachNode } from '../walk.js';
import { isFunctionNode } from '../ast.js';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

/**
 * Events a client emits on every new connection or on its loss (ioredis/iovalkey `connect`, `ready`,
 * `reconnecting`, `error`, `close`, `end`; node-redis the same names): code that runs from them runs again
 * after a reconnect.
 */
const connectionEvents = new Set(['ready', 'connect', 'reconnecting', 'error', 'close', 'end']);

/**
 * The functions that run again after a reconnect: repeating listeners of connection events, the functions
 * they call (through the module's call graph, however deep: a restart routine an error listener schedules
 * counts), and the functions written inside any of them.
 */
export function runAfterReconnect(b: FlowBuilder): Set<FunctionNode> {
  const safe = new Set<FunctionNode>();
  const pending: FunctionNode[] = [];
  const add = (fn: FunctionNode) => {
    if (safe.has(fn)) return;
    safe.add(fn);
    pending.push(fn);
  };
  for (const listener of b.listenerSites) {
    if (!listener.repeats || !connectionEvents.has(listener.event)) continue;
    for (const value of b.engine.valuesAt(listener.handlers)) {
      const described = b.describe(value);
      if (described.kind === 'function') add(described.fn);
    }
  }
  // A routine that reconnects (disconnects or quits a client, then connects it) or runs on a timer repeats too.
  for (const fn of b.functions) {
    let closes = false;
    let opens = false;
    forEachNode(fn.body, b.sourceCode.visitorKeys, (node: TSESTree.Node) => {
      if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression)
        return;
      const name = node.callee.property.type === AST_NODE_TYPES.Identifier ? node.callee.property.name : '';
      const onClient = b.engine
        .valuesAt(b.valueOf(node.callee.object))
        .some((v) => b.describe(v).kind === 'client');
      if (!onClient) return;
      if (name === 'disconnect' || name === 'quit' || name === 'close') closes = true;
      if (name === 'connect') opens = true;
    });
    const parent = fn.parent;
    const periodic =
      parent?.type === AST_NODE_TYPES.CallExpression &&
      parent.callee.type === AST_NODE_TYPES.Identifier &&
      parent.callee.name === 'setInterval';
    if ((closes && opens) || periodic) add(fn);
  }
  while (pending.length > 0) {
    const fn = pending.pop()!;
    forEachNode(fn.body, b.sourceCode.visitorKeys, (node: TSESTree.Node) => {
      if (isFunctionNode(node) && node !== fn) add(node);
      const site = b.callSiteOf(node);
      for (const target of site ? (b.engine.targets.get(site.id) ?? []) : []) add(target);
    });
  }
  return safe;
}

/** Whether code at a node runs in one of the functions. */
export function runsIn(node: TSESTree.Node, functions: ReadonlySet<FunctionNode>): boolean {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) if (functions.has(fn)) return true;
  return false;
}
