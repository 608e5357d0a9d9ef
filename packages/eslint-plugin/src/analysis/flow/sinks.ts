import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { calleeMethodName, enclosingFunction, type FunctionNode, isFunctionNode } from '../ast.js';
import type { FlowBuilder, StoreSite } from './builder.js';
import { ReplyLabels } from './reply-labels.js';
import { passesThrough } from './values.js';
import { callingMethods, onlyCalledWhereDeclared } from './callback-parameters.js';

type Variable = TSESLint.Scope.Variable;

/** A reply kept in a place that outlives the request. */
export interface Sink {
  site: StoreSite;
  /** The fact of the reply at the store: its tag and via say which call site brought it there. */
  fact: number;
  /** The store puts the reply (or a value computed from it) there itself, not an object that holds it. */
  direct: boolean;
  /**
   * How far the place is from what outlives the request: 0 for a module variable, 1 for an object one holds
   * (`kept.set(...)`), more for an object inside it (a helper's `found` array a caller keeps).
   */
  depth: number;
}

/** Stream events of one request's work: a listener of them runs within that request. */
const requestEvents = new Set(['data', 'end', 'error', 'close', 'finish']);

const readCallsCache = new WeakMap<FlowBuilder, Set<TSESTree.Node>>();

/** The calls that send a command (read once the analysis is done). */
function readCalls(b: FlowBuilder): Set<TSESTree.Node> {
  let calls = readCallsCache.get(b);
  if (!calls || calls.size === 0) {
    calls = new Set(b.reads.map((read) => read.site.node));
    readCallsCache.set(b, calls);
  }
  return calls;
}

/** A function that runs once, during the call that creates it: its variables do not outlive that call. */
export function runsOnce(b: FlowBuilder, fn: FunctionNode): boolean {
  if (b.oneShot.has(fn)) return true;
  const parent = fn.parent;
  if (
    parent?.type === AST_NODE_TYPES.NewExpression &&
    parent.callee.type === AST_NODE_TYPES.Identifier &&
    parent.callee.name === 'Promise'
  )
    return true;
  if (parent?.type !== AST_NODE_TYPES.CallExpression || !parent.arguments.includes(fn as never)) return false;
  const method = calleeMethodName(parent);
  if (method === undefined) return false;
  if (callingMethods.has(method)) return true;
  if (method === 'on' || method === 'once') {
    const event = parent.arguments[0];
    return event?.type === AST_NODE_TYPES.Literal && requestEvents.has(String(event.value));
  }
  // A node-style callback of a command (`redis.ttl(key, (error, seconds) => ...)`) runs once.
  return parent.arguments[parent.arguments.length - 1] === fn && readCalls(b).has(parent);
}

function functionScopeBlock(variable: Variable, b: FlowBuilder): TSESTree.Node | undefined {
  for (let scope = b.scopes.scopeOf(variable); scope; scope = scope.upper ?? undefined) {
    if (isFunctionNode(scope.block)) return scope.block;
    if (scope.block.type === AST_NODE_TYPES.Program) return undefined;
  }
  return undefined;
}

/**
 * Whether code at `node` runs in a function that outlives the function declaring `variable` and runs more
 * than once: a closure returned, stored or registered as a listener, as opposed to a promise callback.
 */
function inLongLivedClosure(b: FlowBuilder, variable: Variable, node: TSESTree.Node): boolean {
  const owner = functionScopeBlock(variable, b);
  if (!owner) return false;
  for (let fn = enclosingFunction(node); fn && fn !== owner; fn = enclosingFunction(fn)) {
    if (!runsOnce(b, fn) && !onlyCalledWhereDeclared(b, fn)) return true;
  }
  return false;
}

/** Variables of a function captured by a closure that outlives it: what they hold outlives the call. */
function capturedVariables(b: FlowBuilder): number[] {
  const nodes: number[] = [];
  for (const [variable, node] of b.variableNodes()) {
    if (b.scopes.moduleVariables.has(variable)) continue;
    if (variable.references.some((reference) => inLongLivedClosure(b, variable, reference.identifier)))
      nodes.push(node);
  }
  return nodes;
}

/**
 * The shape suffix of an object that lives for one request (a web framework's `ctx`, `req`, `res`, `res.locals`,
 * models/web-frameworks.ts): one value stands for every request's, so nothing reached through it is long-lived,
 * whatever else the module does with it. What the app holds (`app.locals`, `app.context`) has no such suffix.
 */
export const PER_REQUEST_SHAPE = ':per-request';

/** The nodes whose values outlive a request: module variables, exports, globals and captured variables. */
export function longLivedRoots(b: FlowBuilder, exportNodes: readonly number[]): number[] {
  const roots: number[] = [...b.rootNodes, ...exportNodes, ...capturedVariables(b)];
  for (const [variable, node] of b.variableNodes())
    if (b.scopes.moduleVariables.has(variable)) roots.push(node);
  return roots;
}

/** The values that outlive a request, with how many objects away from a root each one is. */
export class LongLivedValues extends Set<number> {
  readonly #depths = new Map<number, number>();

  addAt(value: number, depth: number): void {
    this.add(value);
    this.#depths.set(value, depth);
  }

  depthOf(value: number): number {
    return this.#depths.get(value) ?? Number.MAX_SAFE_INTEGER;
  }
}

/** The values that outlive a request: reachable from module variables, exports, globals, captured variables and caches. */
export function longLivedValues(b: FlowBuilder, roots: readonly number[]): LongLivedValues {
  // Breadth first, so that each value's depth is its shortest distance from a root.
  let level: number[] = roots.flatMap((node) => b.engine.valuesAt(node));
  for (let id = 0; id < b.engine.values.size; id++) {
    const value = b.describe(id);
    if (value.kind === 'store' && value.cache && !value.held) level.push(id);
  }
  const seen = new LongLivedValues();
  for (let depth = 1; level.length > 0; depth++) {
    const next: number[] = [];
    for (const value of level) {
      if (seen.has(value)) continue;
      const described = b.describe(value);
      // A web framework's request objects (models/web-frameworks.ts) hold what one request needs, however
      // the module passes them around: a callback capturing `res` does not make `res.locals` live on.
      if (described.kind === 'object' && described.shape.endsWith(PER_REQUEST_SHAPE)) continue;
      seen.addAt(value, depth);
      // A constructor function's prototype stands for its instances: they live as long as what holds them.
      for (const [name, field] of b.engine.fieldsOf(value))
        if ((name !== 'prototype' || described.kind !== 'function') && !passesThrough(name))
          next.push(...b.engine.valuesAt(field));
    }
    level = next;
  }
  return seen;
}

/**
 * Whether a module variable given a value at the top level is served later: a function that runs more than
 * once reads it, and the module exports something or hands that function on (a handler it registers). A
 * script's start-up value (`const keys = await redis.keys('*')` used by its own top level) is no cache; a
 * Lambda's init-phase read, or a server module's, that its handlers answer from for the life of the process is.
 */
function servedLater(b: FlowBuilder, variable: Variable, moduleExports: boolean): boolean {
  return variable.references.some((reference) => {
    if (!reference.isRead()) return false;
    for (let fn = enclosingFunction(reference.identifier); fn; fn = enclosingFunction(fn)) {
      if (!runsOnce(b, fn)) return moduleExports || handedOn(fn);
    }
    return false;
  });
}

/** A function passed to a call, directly or in an object (`app.get(path, fn)`, `app.http(name, { handler })`). */
function handedOn(fn: FunctionNode): boolean {
  for (let node: TSESTree.Node = fn; node.parent; node = node.parent) {
    const parent = node.parent;
    if (parent.type === AST_NODE_TYPES.CallExpression || parent.type === AST_NODE_TYPES.NewExpression)
      return parent.callee !== node;
    if (parent.type !== AST_NODE_TYPES.Property && parent.type !== AST_NODE_TYPES.ObjectExpression)
      return false;
  }
  return false;
}

function isSinkSite(
  b: FlowBuilder,
  site: StoreSite,
  longLived: ReadonlySet<number>,
  moduleExports: boolean,
): boolean {
  if (site.kind === 'variable') {
    const variable = site.variable!;
    if (b.scopes.moduleVariables.has(variable))
      return enclosingFunction(site.node) !== undefined || servedLater(b, variable, moduleExports);
    // Given the reply in a long-lived closure, or given it in its own function and read by one that outlives
    // the call (a WebSocket's `message` listener answering from the TTL read when the socket connected).
    return (
      inLongLivedClosure(b, variable, site.node) ||
      variable.references.some(
        (reference) => reference.isRead() && inLongLivedClosure(b, variable, reference.identifier),
      )
    );
  }
  const held = b.engine.valuesAt(site.base!);
  // `this.client.set(key, json)` on a client (a parameter typed as one, say): a command, not a store.
  if (site.kind === 'content' && held.some((value) => b.describe(value).kind === 'client')) return false;
  return held.some((value) => longLived.has(value) && b.describe(value).kind !== 'reply');
}

/**
 * Whether the object a declaration holds was made with the reply in it (`{ picks }`, `keys.map(...)`, `new
 * Set(keys)`), not given it later: by a store site of the module (`memo.set(k, reply)`), or by what a library's
 * object does with what it is handed (`subject$.next(reply)` of a `new Subject()`).
 */
function madeWith(
  b: FlowBuilder,
  replies: ReplyLabels,
  site: StoreSite,
  label: number,
  putLater: ReadonlyMap<number, ReadonlySet<number>>,
): boolean {
  if (b.engine.valuesAt(site.value).some((value) => putLater.get(label)?.has(value))) return false;
  const init = site.node.type === AST_NODE_TYPES.VariableDeclarator ? site.node.init : undefined;
  if (init?.type !== AST_NODE_TYPES.NewExpression) return true;
  return init.arguments.some((argument) => replies.at(b.valueOf(argument)).has(label));
}

/** For each reply, the objects a store site of the module puts it in (a field, a store's content). */
function objectsPutInto(b: FlowBuilder, replies: ReplyLabels): Map<number, Set<number>> {
  const put = new Map<number, Set<number>>();
  for (const site of b.storeSites) {
    if (site.base === undefined) continue;
    const objects = b.engine.valuesAt(site.base);
    for (const [label] of replies.at(site.value)) {
      let set = put.get(label);
      if (!set) put.set(label, (set = new Set()));
      for (const value of objects) set.add(value);
    }
  }
  return put;
}

/**
 * A store that declares the object it puts there: a variable's declaration, or a literal the module's top level
 * assigns (`module.exports = { actions: {...} }`, a service schema whose methods fill `this.index` later).
 */
function declares(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.VariableDeclarator) return true;
  return (
    node.type === AST_NODE_TYPES.AssignmentExpression &&
    LITERALS.has(node.right.type) &&
    enclosingFunction(node) === undefined
  );
}

const LITERALS = new Set<string>([
  AST_NODE_TYPES.ObjectExpression,
  AST_NODE_TYPES.ArrayExpression,
  AST_NODE_TYPES.ClassExpression,
  AST_NODE_TYPES.FunctionExpression,
  AST_NODE_TYPES.ArrowFunctionExpression,
]);

/**
 * Every reply kept in a place that outlives the request, with the store that keeps it. `keeps` can say that
 * a store keeps one reply after all not (an object a helper makes per call, kept only from other calls).
 */
export function sinksOf(
  b: FlowBuilder,
  longLived: LongLivedValues,
  keeps: (site: StoreSite, label: number) => boolean = () => true,
  moduleExports = false,
): Map<number, Sink[]> {
  const sinks = new Map<number, Sink[]>();
  const replies = new ReplyLabels(b);
  const putLater = objectsPutInto(b, replies);
  for (const site of b.storeSites) {
    if (!isSinkSite(b, site, longLived, moduleExports)) continue;
    const direct = new Set(b.engine.valuesAt(site.value));
    const depth =
      site.kind === 'variable'
        ? 0
        : Math.min(...b.engine.valuesAt(site.base!).map((value) => longLived.depthOf(value)));
    // A declaration keeps the reply it is given, and what the object it declares is made with (`{ picks }`,
    // `keys.map(...)`); what later goes into that object is kept where it goes (`memo.set(k, reply)`).
    const declaration = declares(site.node);
    for (const [label, f] of replies.at(site.value)) {
      if (!keeps(site, label)) continue;
      if (declaration && !direct.has(label) && !madeWith(b, replies, site, label, putLater)) continue;
      let list = sinks.get(label);
      if (!list) {
        list = [];
        sinks.set(label, list);
      }
      list.push({ site, fact: f, direct: direct.has(label), depth });
    }
  }
  return sinks;
}
