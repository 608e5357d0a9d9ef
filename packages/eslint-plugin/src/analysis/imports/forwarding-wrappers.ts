import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { type FunctionNode, parameterIdentifier, parameterIndex } from '../ast.js';
import type { FlowBuilder } from '../flow/builder.js';
import { forEachNode } from '../walk.js';

/**
 * The parameter of `outer` that the function it returns runs with its own arguments, in order: a route wrapper
 * (`catchAsync(handler)` returning `(req, res, next) => { handler(req, res, next).catch(next) }`,
 * `(fn) => (...args) => Promise.resolve(fn(...args)).catch(args[2])`). Its caller's function then runs with what
 * the returned one is given. Undefined for any other function.
 */
export function forwardedParameter(
  b: FlowBuilder,
  outer: FunctionNode,
  inner: FunctionNode,
): number | undefined {
  const own = inner.params.map((_parameter, index) => parameterIdentifier(inner, index)?.name);
  const rest = inner.params.length === 1 && inner.params[0]!.type === AST_NODE_TYPES.RestElement;
  let found: number | undefined;
  forEachNode(inner.body, b.sourceCode.visitorKeys, (node) => {
    if (found !== undefined || node.type !== AST_NODE_TYPES.CallExpression) return;
    if (node.callee.type !== AST_NODE_TYPES.Identifier) return;
    const definition = b.scopes.variableOf(node.callee)?.defs[0];
    if (definition?.type !== 'Parameter' || definition.node !== outer) return;
    const index = parameterIndex(outer, node.callee.name);
    if (index < 0) return;
    const args = node.arguments;
    const forwards = rest
      ? args.length === 1 && args[0]!.type === AST_NODE_TYPES.SpreadElement
      : args.length > 0 &&
        args.every((argument, i) => argument.type === AST_NODE_TYPES.Identifier && argument.name === own[i]);
    if (forwards) found = index;
  });
  return found;
}
