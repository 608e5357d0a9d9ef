import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleeMethodName, type FunctionNode } from '../ast.js';
import type { FlowBuilder } from '../flow/builder.js';
import { forEachNode } from '../walk.js';
import { deleteMethods } from './payload-use.js';
import { onOtherChannel } from './other-channel.js';

/** How far into the module's functions a handler's calls are followed (`this.#evict(key)` and what it calls). */
const MAX_DEPTH = 2;

/**
 * The stores a delete is written on, as the source names them (`this.planEtags` of
 * `this.planEtags.delete(key)`, `memo` of `delete memo[key]`); undefined for a call on no object.
 */
export function deletedStore(b: FlowBuilder, node: TSESTree.Node): string | undefined {
  if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression)
    return b.text(node.callee.object);
  if (node.type === AST_NODE_TYPES.UnaryExpression && node.argument.type === AST_NODE_TYPES.MemberExpression)
    return b.text(node.argument.object);
  return undefined;
}

/**
 * The stores a handler deletes anything from other than `whole` (the payload deleted as one key), in its body
 * and in the module's functions it calls: where the keys of a split payload go. A store deleted whole and also
 * key by key is handled (the whole delete only misses); one deleted only whole keeps every key of a
 * multi-key invalidation (`for (const key of message.split(',')) evict(key);` and
 * `etags.delete(message.slice(5))`).
 */
export function storesDeletedByKey(
  b: FlowBuilder,
  handler: FunctionNode,
  whole: readonly TSESTree.Node[],
): Set<string> {
  const stores = new Set<string>();
  const seen = new Set<FunctionNode>();
  const visit = (fn: FunctionNode, depth: number): void => {
    if (seen.has(fn)) return;
    seen.add(fn);
    forEachNode(fn.body, b.sourceCode.visitorKeys, (node) => {
      // The `else` of `channel === '__redis__:invalidate'` deletes another channel's messages, no invalidated key.
      if (whole.includes(node) || onOtherChannel(b, node, handler)) return;
      if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === 'delete') {
        const store = deletedStore(b, node);
        if (store !== undefined) stores.add(store);
        return;
      }
      if (node.type !== AST_NODE_TYPES.CallExpression) return;
      const method = calleeMethodName(node);
      if (method !== undefined && deleteMethods.has(method) && node.arguments.length > 0) {
        const store = deletedStore(b, node);
        if (store !== undefined) stores.add(store);
      }
      if (depth >= MAX_DEPTH) return;
      const site = b.callSiteOf(node);
      for (const target of site ? (b.engine.targets.get(site.id) ?? []) : []) visit(target, depth + 1);
    });
  };
  visit(handler, 0);
  return stores;
}
