import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { type FunctionNode, staticPropertyName } from '../ast.js';
import { commandOfMethod } from '../../clients/command-names.js';
import type { FlowBuilder } from '../flow/builder.js';
import { forEachNode } from '../walk.js';

/** A parameter named for options (`options.load()`), not a client or a service whose methods are its own. */
const OPTIONS_NAME = /^(?:opts?|options|config|settings|params|spec)$/i;

/**
 * The members of parameter `index` that `fn` calls, as an options object's callbacks are called: `options.load()`,
 * or `getFreshValue()` of a parameter written `{ key, getFreshValue }` (a cachified-style helper of the app's
 * own, `getCached(key, { ttlMs, getFreshValue })`). Their results get markers, so what the function keeps of
 * them is known (`keepsMemberResultsOf`).
 */
export function calledOptionMembers(b: FlowBuilder, fn: FunctionNode, index: number): string[] {
  // Asked when the markers are seeded and again when the summary reads them: the body is walked once.
  let byIndex = membersByFunction.get(fn);
  if (!byIndex) membersByFunction.set(fn, (byIndex = new Map()));
  let members = byIndex.get(index);
  if (!members) byIndex.set(index, (members = findCalledMembers(b, fn, index)));
  return members;
}

const membersByFunction = new WeakMap<FunctionNode, Map<number, string[]>>();

function findCalledMembers(b: FlowBuilder, fn: FunctionNode, index: number): string[] {
  let parameter: TSESTree.Node | undefined = fn.params[index];
  if (parameter?.type === AST_NODE_TYPES.AssignmentPattern) parameter = parameter.left;
  if (parameter?.type === AST_NODE_TYPES.TSParameterProperty) return [];
  // The local name each member is called by: the parameter's own name for `p.m()`, the binding for `{ m }`.
  const byBinding = new Map<string, string>();
  let objectName: string | undefined;
  if (parameter?.type === AST_NODE_TYPES.Identifier && OPTIONS_NAME.test(parameter.name))
    objectName = parameter.name;
  else if (parameter?.type === AST_NODE_TYPES.ObjectPattern)
    for (const property of parameter.properties) {
      if (property.type !== AST_NODE_TYPES.Property) continue;
      const name = staticPropertyName(property.key, property.computed);
      const value =
        property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
      if (name !== undefined && value.type === AST_NODE_TYPES.Identifier) byBinding.set(value.name, name);
    }
  if (objectName === undefined && byBinding.size === 0) return [];
  const called = new Set<string>();
  forEachNode(fn.body, b.sourceCode.visitorKeys, (node) => {
    if (node.type !== AST_NODE_TYPES.CallExpression) return;
    const callee = node.callee;
    if (callee.type === AST_NODE_TYPES.Identifier && byBinding.has(callee.name))
      called.add(byBinding.get(callee.name)!);
    if (
      objectName !== undefined &&
      callee.type === AST_NODE_TYPES.MemberExpression &&
      callee.object.type === AST_NODE_TYPES.Identifier &&
      callee.object.name === objectName
    ) {
      const name = staticPropertyName(callee.property, callee.computed);
      if (name !== undefined) called.add(name);
    }
  });
  // A command method (`{ redis }` calling `get`) is a read on what the caller passes, not a callback.
  return [...called].filter((name) => commandOfMethod(name) === undefined);
}
