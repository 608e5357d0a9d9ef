import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleeMethodName, isFunctionNode } from './ast.js';
import type { ModuleAnalysis } from './module-analysis.js';

/** Methods that put a value into a Map, lru-cache, node-cache, keyv or similar store. */
const storeMethods = new Set(['set', 'put', 'setItem', 'mset']);

/** Climbs from a value to the expression that consumes it, through `await`, casts and `.then(...)`. */
function consumerOf(node: TSESTree.Node): { node: TSESTree.Node; parent: TSESTree.Node | undefined } {
  let current: TSESTree.Node = node;
  for (;;) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (
      !parent ||
      isFunctionNode(parent) ||
      parent.type.endsWith('Statement') ||
      parent.type === AST_NODE_TYPES.VariableDeclarator ||
      parent.type === AST_NODE_TYPES.AssignmentExpression ||
      parent.type === AST_NODE_TYPES.Property
    ) {
      return { node: current, parent };
    }
    if (
      parent.type === AST_NODE_TYPES.CallExpression &&
      parent.arguments.includes(current as TSESTree.CallExpressionArgument)
    ) {
      if (isStoreCall(parent) || collectorOf(parent)) return { node: current, parent };
    }
    if (parent.type === AST_NODE_TYPES.SpreadElement) {
      const call = parent.parent;
      if (call.type === AST_NODE_TYPES.CallExpression && collectorOf(call))
        return { node: parent, parent: call };
    }
    current = parent;
  }
}

/** `found.push(...keys)`: the value is collected into a local array that may be stored later. */
function collectorOf(call: TSESTree.CallExpression): TSESTree.Identifier | undefined {
  const method = calleeMethodName(call);
  if (method !== 'push' && method !== 'unshift') return undefined;
  const callee = call.callee as TSESTree.MemberExpression;
  return callee.object.type === AST_NODE_TYPES.Identifier ? callee.object : undefined;
}

const isStoreCall = (call: TSESTree.CallExpression): boolean => {
  const method = calleeMethodName(call);
  return method !== undefined && storeMethods.has(method) && call.arguments.length >= 2;
};

/** Whether a value flows into a cache: a store's `set(key, value)`, a member assignment, or a class field. */
function flowsIntoStore(value: TSESTree.Node, analysis: ModuleAnalysis, depth: number): boolean {
  const { node, parent } = consumerOf(value);
  if (!parent) return false;
  if (parent.type === AST_NODE_TYPES.CallExpression) {
    if (isStoreCall(parent)) return true;
    const collector = collectorOf(parent);
    return collector !== undefined && depth > 0 && variableStored(collector, analysis, depth - 1);
  }
  if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.right === node) {
    return (
      parent.left.type === AST_NODE_TYPES.MemberExpression ||
      (parent.left.type === AST_NODE_TYPES.Identifier &&
        depth > 0 &&
        variableStored(parent.left, analysis, depth - 1))
    );
  }
  if (parent.type === AST_NODE_TYPES.Property && parent.value === node) {
    // `{ value: reply, expires }` stored as a whole
    const object = parent.parent;
    return (
      object.type === AST_NODE_TYPES.ObjectExpression &&
      depth > 0 &&
      flowsIntoStore(object, analysis, depth - 1)
    );
  }
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node) {
    return depth > 0 && patternIdentifiers(parent.id).some((id) => variableStored(id, analysis, depth - 1));
  }
  return false;
}

/** The variables a declaration pattern binds: `[next, keys]`, `{ rows }`. */
function patternIdentifiers(pattern: TSESTree.Node): TSESTree.Identifier[] {
  switch (pattern.type) {
    case AST_NODE_TYPES.Identifier:
      return [pattern];
    case AST_NODE_TYPES.ArrayPattern:
      return pattern.elements.flatMap((element) => (element ? patternIdentifiers(element) : []));
    case AST_NODE_TYPES.ObjectPattern:
      return pattern.properties.flatMap((p) =>
        patternIdentifiers(p.type === AST_NODE_TYPES.Property ? p.value : p.argument),
      );
    case AST_NODE_TYPES.AssignmentPattern:
      return patternIdentifiers(pattern.left);
    case AST_NODE_TYPES.RestElement:
      return patternIdentifiers(pattern.argument);
    default:
      return [];
  }
}

function variableStored(id: TSESTree.Identifier, analysis: ModuleAnalysis, depth: number): boolean {
  const variable = analysis.variableOf(id);
  if (!variable) return false;
  return variable.references.some((reference) => {
    if (reference.identifier === id || !reference.isRead()) return false;
    // The variable may sit inside a larger expression: `cache.set(key, JSON.parse(raw))`.
    return flowsIntoStore(reference.identifier, analysis, depth);
  });
}

/** Whether the reply of a read call ends up in an application cache. */
export function replyIsStored(call: TSESTree.CallExpression, analysis: ModuleAnalysis): boolean {
  return flowsIntoStore(call, analysis, 3);
}
