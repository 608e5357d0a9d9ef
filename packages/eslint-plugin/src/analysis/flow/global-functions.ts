import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { FlowBuilder } from './builder.js';

/**
 * A global function named as a value (`Number`, `JSON.parse`), not one the module declares: handed to
 * `.then(Number)` or rxjs's `map(Number)`, it still computes its result from the value it is given.
 */
export function isGlobalFunction(b: FlowBuilder, node: TSESTree.Node | undefined): boolean {
  if (node?.type === AST_NODE_TYPES.MemberExpression) node = node.object;
  return node?.type === AST_NODE_TYPES.Identifier && b.scopes.variableOf(node) === null;
}
