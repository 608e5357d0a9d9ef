import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { FunctionNode } from '../ast.js';
import type { FlowBuilder } from '../flow/builder.js';
import { namesInvalidationChannel } from './subscriptions.js';

/**
 * Code of a message listener that runs only for another channel: the `else` of `if (channel ===
 * '__redis__:invalidate')`, the `then` of `channel !== ...`, what follows an `if (channel === ...) { ...; return; }`,
 * a `case` of `switch (channel)` other than the channel's.
 * A listener of a connection subscribed to a broadcast channel too hands those messages on (`bus.emit('broadcast',
 * msg)`, `this.#dispatch(JSON.parse(message))`); that is no invalidation handled elsewhere.
 */
export function onOtherChannel(b: FlowBuilder, node: TSESTree.Node, handler: FunctionNode): boolean {
  for (
    let child = node, parent = node.parent;
    parent && child !== handler;
    child = parent, parent = parent.parent
  ) {
    if (parent.type === AST_NODE_TYPES.BlockStatement && afterInvalidationExit(b, parent.body, child))
      return true;
    // `switch (channel) { case INVALIDATE: ...; default: dispatch(message); }`: a case other than the channel's.
    if (
      parent.type === AST_NODE_TYPES.SwitchCase &&
      child !== parent.test &&
      !(parent.test && namesInvalidationChannel(b, parent.test)) &&
      (parent.parent as TSESTree.SwitchStatement).cases.some(
        (c) => c.test && namesInvalidationChannel(b, c.test),
      )
    )
      return true;
    if (parent.type !== AST_NODE_TYPES.IfStatement && parent.type !== AST_NODE_TYPES.ConditionalExpression)
      continue;
    if (child === parent.test) continue;
    const equal = comparesInvalidationChannel(b, parent.test);
    if (equal === undefined) continue;
    // In the branch where the channel is not the invalidation channel.
    if ((child === parent.consequent) !== equal) return true;
  }
  return false;
}

/** For `x === '__redis__:invalidate'` true, for `x !== ...` false; undefined for any other test. */
function comparesInvalidationChannel(b: FlowBuilder, test: TSESTree.Node): boolean | undefined {
  if (test.type !== AST_NODE_TYPES.BinaryExpression || !['===', '==', '!==', '!='].includes(test.operator))
    return undefined;
  if (![test.left, test.right].some((side) => namesInvalidationChannel(b, side))) return undefined;
  return test.operator === '===' || test.operator === '==';
}

/** Whether a statement of a block comes after an `if (channel === '__redis__:invalidate')` whose branch always exits. */
function afterInvalidationExit(
  b: FlowBuilder,
  body: readonly TSESTree.Node[],
  statement: TSESTree.Node,
): boolean {
  for (const earlier of body) {
    if (earlier === statement) return false;
    if (
      earlier.type === AST_NODE_TYPES.IfStatement &&
      !earlier.alternate &&
      comparesInvalidationChannel(b, earlier.test) === true &&
      exits(earlier.consequent)
    )
      return true;
  }
  return false;
}

/** A branch that ends in `return` or `throw`: what follows it does not run after it. */
function exits(branch: TSESTree.Statement): boolean {
  const last = branch.type === AST_NODE_TYPES.BlockStatement ? branch.body.at(-1) : branch;
  return last?.type === AST_NODE_TYPES.ReturnStatement || last?.type === AST_NODE_TYPES.ThrowStatement;
}
