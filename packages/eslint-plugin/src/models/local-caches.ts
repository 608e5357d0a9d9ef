import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction } from '../analysis/ast.js';
import type { FlowBuilder } from '../analysis/flow/builder.js';
import { runsWithin } from '../analysis/flow/callback-parameters.js';

/**
 * A cache a function makes for its own call: `const coverSeen = new QuickLRU()` or `const idleOf =
 * memoize(...)` in a route handler, then only asked (`coverSeen.get(id)`, `idleOf(key)`) in that handler or in
 * callbacks that run as it runs. It is dropped when the call ends, as a Map made there is. One that is returned,
 * passed on, stored or captured by a closure that outlives the call is not.
 */
export function madeForOneCall(b: FlowBuilder, made: TSESTree.Node): boolean {
  const fn = enclosingFunction(made);
  const declarator = made.parent;
  if (
    !fn ||
    declarator?.type !== AST_NODE_TYPES.VariableDeclarator ||
    declarator.init !== made ||
    declarator.id.type !== AST_NODE_TYPES.Identifier
  )
    return false;
  const variable = b.scopes.variableOf(declarator.id);
  if (!variable) return false;
  return variable.references.every((reference) => {
    if (reference.init) return true;
    const node = reference.identifier;
    const parent = node.parent;
    const asked =
      (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === node) ||
      (parent?.type === AST_NODE_TYPES.MemberExpression &&
        parent.object === node &&
        parent.parent?.type === AST_NODE_TYPES.CallExpression &&
        parent.parent.callee === parent &&
        b.memberName(parent) !== 'bind');
    return asked && runsWithin(b, node, fn);
  });
}
