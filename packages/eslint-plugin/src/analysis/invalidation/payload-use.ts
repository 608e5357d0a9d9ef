import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { staticValue } from '../static-value.js';
import { calleeMethodName, type FunctionNode, parameterIdentifier } from '../ast.js';
import type { FlowBuilder } from '../flow/builder.js';
import { forEachNode } from '../walk.js';
import { doesSomething, exitsOnFlush, isEmptyLiteral, testHandlesFlush } from './flush-branch.js';
import { onOtherChannel } from './other-channel.js';

/** How an invalidation handler uses its payload. */
export interface PayloadUse {
  /** Calls that delete the payload itself as one key (`cache.delete(message)`, `delete memo[message]`). */
  deletes: TSESTree.Node[];
  /** The payload is split into keys (`message.split(',')`). */
  split: boolean;
  /** The payload is iterated as a list of keys (`for (const key of keys)`, `keys.map(...)`). */
  iterated: boolean;
  /** An empty payload is told apart (`!message`, `message === ''`, `keys === null`) or the whole cache is cleared. */
  flushHandled: boolean;
  /** The payload goes to a function the module does not show: the handling is someone else's. */
  handedOff: boolean;
  /**
   * The payload is compared with one key, and the match changes state (`if (key === FEATURED) featured = null;`):
   * a handler of single keys, which a flush (a null key) passes by.
   */
  keyMatched: boolean;
}

export const deleteMethods = new Set([
  'delete',
  'del',
  'remove',
  'invalidate',
  'evict',
  'forget',
  'unlink',
  'drop',
  'expire',
]);
const clearMethods = new Set([
  'clear',
  'reset',
  'flushAll',
  'flushall',
  'purge',
  'flush',
  'clearAll',
  'invalidateAll',
  'wipe',
]);
/** String methods whose result is the payload reshaped (a prefix cut, case folded), not split into keys. */
const reshaping = new Set([
  'slice',
  'substring',
  'substr',
  'replace',
  'replaceAll',
  'trim',
  'trimStart',
  'trimEnd',
  'toString',
  'toLowerCase',
  'toUpperCase',
  'normalize',
]);
const iterating = new Set(['forEach', 'map', 'filter', 'flatMap', 'reduce', 'some', 'every', 'join']);
const MAX_DEPTH = 3;

/** `Array.isArray(p)`. */
function isArrayCheck(node: TSESTree.Node, argument: TSESTree.Node): boolean {
  if (node.type !== AST_NODE_TYPES.CallExpression || node.arguments[0] !== argument) return false;
  const callee = node.callee;
  return (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    callee.object.type === AST_NODE_TYPES.Identifier &&
    callee.object.name === 'Array' &&
    callee.property.type === AST_NODE_TYPES.Identifier &&
    callee.property.name === 'isArray'
  );
}

/** `!p`, `p === ''`, `p == null`, `if (p)`, `p ? a : b`, `p || ...`, `p?.x`: a place where an empty payload is told apart (`testHandlesFlush` says whether that handles it). */
function isTest(node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  switch (parent.type) {
    case AST_NODE_TYPES.UnaryExpression:
      return parent.operator === '!';
    case AST_NODE_TYPES.BinaryExpression:
      return ['===', '==', '!==', '!=', '<', '>', '<=', '>='].includes(parent.operator);
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ConditionalExpression:
    case AST_NODE_TYPES.WhileStatement:
      return parent.test === node;
    case AST_NODE_TYPES.LogicalExpression:
      return parent.left === node;
    case AST_NODE_TYPES.MemberExpression:
      return parent.object === node && parent.optional;
    default:
      return false;
  }
}

/** `payload ?? []`, `payload || ''`, `payload ?? new Set()`: the payload, or an empty one on a flush. */
function isEmptyDefault(parent: TSESTree.Node, id: TSESTree.Node): boolean {
  if (parent.type !== AST_NODE_TYPES.LogicalExpression || parent.left !== id || parent.operator === '&&')
    return false;
  const fallback = parent.right;
  return (
    (fallback.type === AST_NODE_TYPES.ArrayExpression && fallback.elements.length === 0) ||
    (fallback.type === AST_NODE_TYPES.Literal && fallback.value === '') ||
    (fallback.type === AST_NODE_TYPES.TemplateLiteral &&
      fallback.expressions.length === 0 &&
      fallback.quasis[0]?.value.cooked === '') ||
    (fallback.type === AST_NODE_TYPES.NewExpression && fallback.arguments.length === 0)
  );
}

/** `message.split(',')` (or a regular expression with a comma): splitting the payload into its keys. */
function splitsOnComma(b: FlowBuilder, member: TSESTree.MemberExpression): boolean {
  const call = member.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression) return false;
  const separator = call.arguments[0];
  if (!separator) return false;
  if (separator.type === AST_NODE_TYPES.Literal && 'regex' in separator && separator.regex)
    return separator.regex.pattern.includes(',');
  const value = staticValue(separator, b.sourceCode.getScope(separator));
  return typeof value?.value === 'string' ? value.value.includes(',') : true;
}

/** Whether an expression is computed from the payload without splitting it into keys. */
function derivedFrom(
  b: FlowBuilder,
  init: TSESTree.Node,
  variables: readonly TSESLint.Scope.Variable[],
): boolean {
  let uses = false;
  let splits = false;
  forEachNode(init, b.sourceCode.visitorKeys, (node) => {
    if (node.type === AST_NODE_TYPES.Identifier) {
      const variable = variableOf(b, node);
      if (variable && variables.includes(variable)) uses = true;
    }
    if (node.type === AST_NODE_TYPES.MemberExpression && b.memberName(node) === 'split') splits = true;
  });
  return uses && !splits;
}

function variableOf(b: FlowBuilder, identifier: TSESTree.Identifier): TSESLint.Scope.Variable | undefined {
  return ASTUtils.findVariable(b.sourceCode.getScope(identifier), identifier) ?? undefined;
}

/**
 * Follows a payload through a handler: where it is deleted whole, split, iterated or tested, and into the
 * functions of the module it is handed to (`this.#invalidate(message)`), up to three deep. Aliases
 * (`const key = message`) are the payload too. Walks the AST, so code in comments is never read.
 */
export function payloadUse(
  b: FlowBuilder,
  handler: FunctionNode,
  payload: TSESTree.Identifier,
  depth = 0,
  seen = new Set<FunctionNode>(),
): PayloadUse {
  const use: PayloadUse = {
    deletes: [],
    split: false,
    iterated: false,
    flushHandled: false,
    handedOff: false,
    keyMatched: false,
  };
  seen.add(handler);
  // Where a guard leaves the function at a flush (`if (!message) return;`): a clear after it never runs then.
  let flushLeavesAt = Infinity;
  // A test of the payload handles the flush when what runs on the flush's side clears something.
  const handles = (test: TSESTree.Node) => {
    const handled = testHandlesFlush(b.sourceCode, test);
    if (handled === false && exitsOnFlush(b.sourceCode, test))
      flushLeavesAt = Math.min(flushLeavesAt, test.range[1]);
    return handled !== false;
  };
  const variables = [variableOf(b, payload)].filter((v): v is TSESLint.Scope.Variable => v !== undefined);
  const visit = (id: TSESTree.Node): void => {
    const parent = id.parent;
    if (!parent || onOtherChannel(b, id, handler)) return;
    // `keys ?? []`, `message || ''`: a default that turns the flush into an empty payload is the payload still,
    // and no test of it: the handler then does nothing on a flush.
    if (isEmptyDefault(parent, id)) {
      visit(parent);
      return;
    }
    // `if (key === FEATURED_KEY) featured = null;`: the match does something, so the handler acts per key.
    if (
      parent.type === AST_NODE_TYPES.BinaryExpression &&
      (parent.operator === '===' || parent.operator === '==') &&
      !isEmptyLiteral(parent.left === id ? parent.right : parent.left) &&
      parent.parent?.type === AST_NODE_TYPES.IfStatement &&
      parent.parent.test === parent &&
      doesSomething(b.sourceCode, parent.parent.consequent)
    )
      use.keyMatched = true;
    // `message as string[] | null`, `message!`: a type changes nothing at run time.
    if (
      (parent.type === AST_NODE_TYPES.TSAsExpression ||
        parent.type === AST_NODE_TYPES.TSSatisfiesExpression ||
        parent.type === AST_NODE_TYPES.TSTypeAssertion ||
        parent.type === AST_NODE_TYPES.TSNonNullExpression) &&
      parent.expression === id
    ) {
      visit(parent);
      return;
    }
    // `const key = message`, `const keys = String(payload)`: the same payload under another name.
    if (
      parent.type === AST_NODE_TYPES.VariableDeclarator &&
      parent.init === id &&
      parent.id.type === AST_NODE_TYPES.Identifier
    ) {
      const alias = variableOf(b, parent.id);
      if (alias && !variables.includes(alias)) variables.push(alias);
      return;
    }
    // `String(message)`: the same payload, as it is split or deleted next.
    if (
      parent.type === AST_NODE_TYPES.CallExpression &&
      (parent.arguments as TSESTree.Node[]).includes(id) &&
      parent.callee.type === AST_NODE_TYPES.Identifier &&
      parent.callee.name === 'String'
    ) {
      visit(parent);
      return;
    }
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === id) {
      const name = b.memberName(parent);
      // `message.slice(prefix.length)`, `message.trim()`: the whole payload reshaped, one key still.
      const call = parent.parent;
      if (
        name !== undefined &&
        reshaping.has(name) &&
        call?.type === AST_NODE_TYPES.CallExpression &&
        call.callee === parent
      ) {
        visit(call);
        return;
      }
      if (name === 'split' && splitsOnComma(b, parent)) use.split = true;
      else if (name !== undefined && iterating.has(name)) use.iterated = true;
      if ((name === 'length' && isTest(parent)) || parent.optional) use.flushHandled ||= handles(id);
      return;
    }
    if (parent.type === AST_NODE_TYPES.ForOfStatement && parent.right === id) {
      use.iterated = true;
      return;
    }
    if (parent.type === AST_NODE_TYPES.SpreadElement) {
      use.iterated = true;
      return;
    }
    // `if (!Array.isArray(keys)) return;`: truthy as an array payload is, so a test of the payload as it stands.
    if (isArrayCheck(parent, id)) {
      if (isTest(parent)) use.flushHandled ||= handles(parent);
      return;
    }
    if (parent.type === AST_NODE_TYPES.CallExpression && (parent.arguments as TSESTree.Node[]).includes(id)) {
      followCall(b, parent, (parent.arguments as TSESTree.Node[]).indexOf(id), use, depth, seen);
      return;
    }
    if (
      parent.type === AST_NODE_TYPES.MemberExpression &&
      parent.property === id &&
      parent.computed &&
      parent.parent?.type === AST_NODE_TYPES.UnaryExpression &&
      parent.parent.operator === 'delete'
    ) {
      use.deletes.push(parent.parent);
      return;
    }
    if (isTest(id)) use.flushHandled ||= handles(id);
  };
  for (let i = 0; i < variables.length; i++) {
    for (const reference of variables[i]!.references) {
      if (!reference.init) visit(reference.identifier);
    }
  }
  // Values computed from the payload (`const parsed = parseKey(message)`) are still one key per message.
  forEachNode(handler.body, b.sourceCode.visitorKeys, (node) => {
    if (
      node.type !== AST_NODE_TYPES.VariableDeclarator ||
      node.id.type !== AST_NODE_TYPES.Identifier ||
      !node.init
    )
      return;
    if (!derivedFrom(b, node.init, variables)) return;
    const derived = variableOf(b, node.id);
    if (!derived) return;
    for (const reference of derived.references) {
      // `parsed` or a property of it (`parsed.id`), as it stands in the call.
      let used: TSESTree.Node = reference.identifier;
      while (used.parent?.type === AST_NODE_TYPES.MemberExpression && used.parent.object === used)
        used = used.parent;
      const parent = used.parent;
      if (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments[0] === used) {
        const method = calleeMethodName(parent);
        const site = b.callSiteOf(parent);
        const local = site && (b.engine.targets.get(site.id)?.size ?? 0) > 0;
        if (!local && method !== undefined && deleteMethods.has(method)) use.deletes.push(parent);
      }
      if (
        parent?.type === AST_NODE_TYPES.MemberExpression &&
        parent.property === reference.identifier &&
        parent.computed &&
        parent.parent?.type === AST_NODE_TYPES.UnaryExpression &&
        parent.parent.operator === 'delete'
      ) {
        use.deletes.push(parent.parent);
      }
    }
  });
  forEachNode(handler.body, b.sourceCode.visitorKeys, (node) => {
    // `cache.clear()`, `lru.reset()`: the whole cache. `loader.clear(id)` (DataLoader) drops one key only.
    if (node.type === AST_NODE_TYPES.CallExpression && node.arguments.length === 0) {
      const method = calleeMethodName(node);
      if (method !== undefined && clearMethods.has(method) && node.range[0] < flushLeavesAt)
        use.flushHandled = true;
    }
    // A test on anything derived from the payload (`keys[0] === ''`, `parts.length === 0`) may be the flush check.
    if (node.type === AST_NODE_TYPES.BinaryExpression && [node.left, node.right].some(isEmptyLiteral))
      use.flushHandled ||= handles(isEmptyLiteral(node.left) ? node.right : node.left);
    // A reassignment of the cache to a fresh object (`this.#memo = {}`) clears it.
    if (
      node.type === AST_NODE_TYPES.AssignmentExpression &&
      node.operator === '=' &&
      node.left.type === AST_NODE_TYPES.MemberExpression &&
      (node.right.type === AST_NODE_TYPES.ObjectExpression ||
        node.right.type === AST_NODE_TYPES.NewExpression) &&
      node.range[0] < flushLeavesAt
    ) {
      use.flushHandled = true;
    }
  });
  return use;
}

/** The payload passed to a call: a delete of it whole, or a function of the module that handles it. */
function followCall(
  b: FlowBuilder,
  call: TSESTree.CallExpression,
  index: number,
  use: PayloadUse,
  depth: number,
  seen: Set<FunctionNode>,
): void {
  const site = b.callSiteOf(call);
  const targets = site ? [...(b.engine.targets.get(site.id) ?? [])] : [];
  if (targets.length > 0) {
    if (depth >= MAX_DEPTH) {
      use.handedOff = true;
      return;
    }
    for (const fn of targets) {
      if (seen.has(fn)) continue;
      const parameter = parameterIdentifier(fn, index);
      if (!parameter) {
        use.handedOff = true;
        continue;
      }
      const inner = payloadUse(b, fn, parameter, depth + 1, seen);
      use.deletes.push(...inner.deletes);
      use.split ||= inner.split;
      use.iterated ||= inner.iterated;
      use.flushHandled ||= inner.flushHandled;
      use.handedOff ||= inner.handedOff;
      use.keyMatched ||= inner.keyMatched;
    }
    return;
  }
  const method = calleeMethodName(call);
  if (method !== undefined && deleteMethods.has(method) && index === 0) {
    use.deletes.push(call);
    return;
  }
  if (method === undefined || !['log', 'info', 'debug', 'warn', 'error', 'trace'].includes(method))
    use.handedOff = true;
}
