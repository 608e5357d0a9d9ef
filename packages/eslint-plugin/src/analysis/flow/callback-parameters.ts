import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { commandOfMethod } from '../../clients/command-names.js';
import {
  calleeMethodName,
  enclosingFunction,
  type FunctionNode,
  parameterIdentifier,
  staticPropertyName,
} from '../ast.js';
import type { FlowBuilder } from './builder.js';

/**
 * Callbacks a function only calls while it runs: `eachPage(pattern, async (keys) => { total += keys.length })`
 * with `eachPage` calling `onPage(keys)` in its loop. Such a callback runs within the call that is given it, as
 * an array method's does, so the variables it writes do not outlive that call. One that the function stores,
 * returns, hands on or calls from a listener or a timer may run later: that one is a long-lived closure.
 */

/** Array methods and promise executors run their callback before (or as) they return, once per call. */
export const callingMethods = new Set([
  'forEach',
  'map',
  'filter',
  'reduce',
  'reduceRight',
  'some',
  'every',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'flatMap',
  'sort',
  'toSorted',
  'then',
  'catch',
  'finally',
]);

const known = new WeakMap<FunctionNode, Map<number, boolean>>();

/** Whether `fn` only calls its parameter `index` (or tests it), in itself or in callbacks that run as it runs. */
export function onlyCalledWhileRunning(b: FlowBuilder, fn: FunctionNode, index: number): boolean {
  let byIndex = known.get(fn);
  if (!byIndex) known.set(fn, (byIndex = new Map()));
  let answer = byIndex.get(index);
  if (answer === undefined) {
    answer = callsOnly(b, fn, index);
    byIndex.set(index, answer);
  }
  return answer;
}

function callsOnly(b: FlowBuilder, fn: FunctionNode, index: number): boolean {
  const id = parameterIdentifier(fn, index);
  const variable = id && b.scopes.variableOf(id);
  if (!variable) return false;
  const uses = variable.references.filter((reference) => !reference.init);
  const calls = (node: TSESTree.Node) => isCallee(node) || isContinuation(b, node);
  return (
    uses.some((reference) => calls(reference.identifier)) &&
    uses.every(
      (reference) =>
        (calls(reference.identifier) || isTest(reference.identifier)) &&
        runsWithin(b, reference.identifier, fn),
    )
  );
}

const isCallee = (node: TSESTree.Node): boolean =>
  node.parent?.type === AST_NODE_TYPES.CallExpression && node.parent.callee === node;

/**
 * A completion callback handed on as the last argument of one step of the same operation: the callback form of a
 * client command (`client.object('IDLETIME', key, next)`), or a call of a parameter (`iterator(item, next)`,
 * `task(done)` in a hand-written `eachSeries` or `parallel`). It is called when that step is done, and not kept
 * by anything that outlives it, as a listener or a route handler would be.
 */
function isContinuation(b: FlowBuilder, node: TSESTree.Node): boolean {
  const call = node.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments.at(-1) !== node) return false;
  const callee = call.callee;
  if (callee.type === AST_NODE_TYPES.Identifier)
    return b.scopes.variableOf(callee)?.defs.some((def) => def.type === 'Parameter') ?? false;
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const name = staticPropertyName(callee.property, callee.computed);
  if (name === undefined || (commandOfMethod(name) === undefined && name !== 'send_command')) return false;
  return b.engine.valuesAt(b.valueOf(callee.object)).some((value) => b.describe(value).kind === 'client');
}

/** `if (onPage)`, `onPage && ...`, `typeof onPage === 'function'`, `onPage ? ... : ...`. */
function isTest(node: TSESTree.Node): boolean {
  const parent = node.parent;
  switch (parent?.type) {
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ConditionalExpression:
      return parent.test === node;
    case AST_NODE_TYPES.LogicalExpression:
      return parent.left === node;
    case AST_NODE_TYPES.UnaryExpression:
      return parent.operator === 'typeof' || parent.operator === '!';
    default:
      return false;
  }
}

/**
 * Whether code at `node` runs while `fn` does: in it, in array-method and promise callbacks inside it, or in a
 * closure it declares and only calls (`const walk = async (cursor) => { ... return walk(next) }`).
 */
export function runsWithin(b: FlowBuilder, node: TSESTree.Node, fn: FunctionNode): boolean {
  for (let inner = enclosingFunction(node); inner !== fn; inner = enclosingFunction(inner)) {
    if (!inner) return false;
    const parent = inner.parent;
    const method =
      parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(inner as never)
        ? calleeMethodName(parent)
        : undefined;
    if (
      (method === undefined || !callingMethods.has(method)) &&
      !onlyCalledWhereDeclared(b, inner) &&
      !isContinuation(b, inner)
    )
      return false;
  }
  return true;
}

const calledLocally = new WeakMap<FunctionNode, boolean>();

/**
 * A function the function declaring it only calls, there or from inside itself (`const ttlOnce = async () =>
 * (ttl ??= await redis.ttl(k))` called twice for one response, a recursive page walker, also one recurring from
 * a `.then` callback): never stored, returned or passed, it runs within that call, however often.
 */
export function onlyCalledWhereDeclared(b: FlowBuilder, fn: FunctionNode): boolean {
  let known = calledLocally.get(fn);
  if (known === undefined) {
    // Closures that call each other: the one asked again while it is being answered is taken as outliving.
    calledLocally.set(fn, false);
    known = calledOnlyThere(b, fn);
    calledLocally.set(fn, known);
  }
  return known;
}

function calledOnlyThere(b: FlowBuilder, fn: FunctionNode): boolean {
  const parent = fn.parent;
  // `(function next(err) { ...; iterator(items[i++], next); })()`: a step run at once, then handed on as the
  // continuation of the step it starts.
  if (
    fn.type === AST_NODE_TYPES.FunctionExpression &&
    fn.id &&
    parent?.type === AST_NODE_TYPES.CallExpression
  )
    return (
      parent.callee === fn &&
      (b.scopes.variableOf(fn.id)?.references ?? []).every(
        (reference) => isCallee(reference.identifier) || isContinuation(b, reference.identifier),
      )
    );
  const id =
    fn.type === AST_NODE_TYPES.FunctionDeclaration
      ? fn.id
      : parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === fn
        ? parent.id
        : undefined;
  if (id?.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = b.scopes.variableOf(id);
  const declaredIn = enclosingFunction(fn);
  if (!variable || !declaredIn) return false;
  // Called there or from inside itself, also from callbacks that run as those do (`.then(() => step(next))`).
  return variable.references.every((reference) => {
    if (reference.init) return true;
    const node = reference.identifier;
    return isCallee(node) && (runsWithin(b, node, fn) || runsWithin(b, node, declaredIn));
  });
}
