import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { declaredFunction, enclosingFunction, type FunctionNode, within } from '../ast.js';
import type { FlowBuilder, StoreSite } from './builder.js';
import { flowsTo } from './reaches.js';
import { forEachNode } from '../walk.js';

/**
 * A helper of the module that calls the callback it is given and returns what it returns (`retry(fn)`,
 * `withDeadline(ms, read)`, `withSpan(name, fn)`) is one function for all its calls, so what one call's callback
 * reads comes out of every call: a TTL one route only returns looks kept where another route keeps its own
 * read. A reply read in a callback written in such a call is kept by a store outside the helper and the
 * callback only when that call's result gets to the store. Anything this cannot tell keeps the store, as before.
 */
export function wrappedCallbacks(b: FlowBuilder): (site: StoreSite, label: number) => boolean {
  const readOf = new Map(b.reads.map((read) => [read.label, read]));
  const known = new Map<string, boolean>();
  return (site, label) => {
    const callback = readOf.get(label)?.enclosing;
    const call = callback?.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.some((arg) => arg === callback))
      return true;
    const helper =
      call.callee.type === AST_NODE_TYPES.Identifier
        ? declaredFunction(b.scopes.variableOf(call.callee)?.defs[0]?.node)
        : undefined;
    if (!helper || within(site.node, callback!) || within(site.node, helper)) return true;
    // A store of a function the helper calls (`remember(key, await fn())` putting it in the module's Map).
    if (calledBy(b, helper).has(enclosingFunction(site.node)!)) return true;
    const result = b.callSiteOf(call)?.result;
    if (result === undefined) return true;
    const key = `${result}:${site.value}`;
    let reaches = known.get(key);
    if (reaches === undefined) {
      reaches = flowsTo(b, result, site.value);
      known.set(key, reaches);
    }
    return reaches;
  };
}

/** How many calls deep a helper's own calls are followed. */
const CALL_DEPTH = 3;
const calledByMemo = new WeakMap<FlowBuilder, Map<FunctionNode, Set<FunctionNode>>>();

/** The module's functions a helper calls by name, and those they call, a few calls deep. */
function calledBy(b: FlowBuilder, helper: FunctionNode): Set<FunctionNode> {
  let memo = calledByMemo.get(b);
  if (!memo) calledByMemo.set(b, (memo = new Map()));
  let called = memo.get(helper);
  if (called) return called;
  called = new Set();
  let level: FunctionNode[] = [helper];
  for (let depth = 0; depth < CALL_DEPTH && level.length > 0; depth++) {
    const next: FunctionNode[] = [];
    for (const fn of level)
      forEachNode(fn.body, b.sourceCode.visitorKeys, (node) => {
        if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.Identifier)
          return;
        const target = declaredFunction(b.scopes.variableOf(node.callee)?.defs[0]?.node);
        if (target && !called!.has(target) && target !== helper) {
          called!.add(target);
          next.push(target);
        }
      });
    level = next;
  }
  memo.set(helper, called);
  return called;
}
