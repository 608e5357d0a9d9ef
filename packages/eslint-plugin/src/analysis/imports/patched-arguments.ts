import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import {
  declaredFunction,
  type FunctionNode,
  isFunctionNode,
  staticPropertyName,
  within,
  withoutTypes,
} from '../ast.js';
import type { FlowBuilder } from '../flow/builder.js';
import { forEachNode } from '../walk.js';

/** A function put on a member of a parameter: `res.json = (body) => { ... }`. */
export interface PatchedMember {
  index: number;
  member: string;
  patch: FunctionNode;
}

/**
 * The functions `fn` puts on members of its parameters, written out or named: a response-cache middleware's
 * `res.send = (body) => { store.set(req.originalUrl, body); send(body); }`, also inside a callback it passes on
 * (`client.get(url, (err, hit) => { ... res.send = ... })`). Its caller's later `res.send(x)` calls that function.
 */
export function patchedMembers(b: FlowBuilder, fn: FunctionNode): PatchedMember[] {
  const found: PatchedMember[] = [];
  // An overload signature or an abstract method has no body.
  if (!fn.body) return found;
  forEachNode(fn.body, b.sourceCode.visitorKeys, (node) => {
    if (node.type !== AST_NODE_TYPES.AssignmentExpression || node.operator !== '=') return;
    const { left } = node;
    // `res.send = ((body) => { ... }) as Response['send']`
    const right = withoutTypes(node.right);
    if (left.type !== AST_NODE_TYPES.MemberExpression || left.object.type !== AST_NODE_TYPES.Identifier)
      return;
    const member = staticPropertyName(left.property, left.computed);
    const definition = b.scopes.variableOf(left.object)?.defs[0];
    if (member === undefined || definition?.type !== 'Parameter' || definition.node !== fn) return;
    const index = fn.params.findIndex((parameter) => within(definition.name, parameter));
    const patch = isFunctionNode(right)
      ? right
      : right.type === AST_NODE_TYPES.Identifier
        ? declaredFunction(b.scopes.variableOf(right)?.defs[0]?.node)
        : undefined;
    if (index >= 0 && patch) found.push({ index, member, patch });
  });
  return found;
}
