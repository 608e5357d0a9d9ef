import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, type FunctionNode, parameterIndex, unwrapExpression } from './ast.js';
import { clientSubcommand, readInstances } from './client-states.js';
import type { FlowBuilder } from './flow/builder.js';
import type { Read } from './flow/reads.js';
import { isKnown } from './static-args.js';
import { forEachNode } from './walk.js';

export type Directive = 'sent' | 'missing' | 'raced';

const contains = (outer: TSESTree.Node, inner: TSESTree.Node): boolean =>
  outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];

const connections = new WeakMap<FlowBuilder, Map<number, number | string>>();

/**
 * The connection a client value stands for: the value itself, or, for a client of another module reached at
 * several places (`this.redis` of an imported base class's getter is made again at each use), its origin.
 * A summary's parameter markers are reads on no client (-1). Cached: every read is compared with every other.
 */
function connectionOf(b: FlowBuilder, client: number): number | string {
  let known = connections.get(b);
  if (!known) {
    known = new Map();
    connections.set(b, known);
  }
  let connection = known.get(client);
  if (connection === undefined) {
    const described = client < 0 ? undefined : b.describe(client);
    connection =
      described?.kind === 'client' && described.origin.startsWith('import:') ? described.origin : client;
    known.set(client, connection);
  }
  return connection;
}

/**
 * Whether `CLIENT CACHING yes|no` goes out on the read's client right before the read, in the same function,
 * directly or through a function of the module it calls. It applies to the *next* command the connection
 * sends (https://valkey.io/topics/client-side-caching/, "Opt-in caching"): an `await` between the two lets
 * other code send a command first (`raced`).
 */
export function cachingDirective(b: FlowBuilder, read: Read, answer: 'YES' | 'NO'): Directive {
  const connection = connectionOf(b, read.client);
  const directives = b.reads.filter(
    (other) => connectionOf(b, other.client) === connection && sendsDirective(b, other, answer),
  );
  if (directives.length === 0) return 'missing';
  const call = read.site.node;
  const calls = directives.map((d) => d.site.node);
  // `pipeline().client('CACHING', 'no').hgetall(key)`: the directive is the command queued right before the read.
  if (
    call.type === AST_NODE_TYPES.CallExpression &&
    call.callee.type === AST_NODE_TYPES.MemberExpression &&
    calls.includes(unwrapExpression(call.callee.object))
  )
    return 'sent';
  // The directive before the read in the read's own function; else before the callback the read is in, in the
  // function that hands it over (`client('CACHING', 'yes').then(() => client.get(key))`): that callback runs
  // only after the directive's reply arrives, and other code may send a command first.
  let inner: TSESTree.Node = call;
  for (let scope = enclosingFunction(call) ?? b.sourceCode.ast; ;) {
    const opener = lastOpener(b, scope, inner, calls);
    if (opener && inner === call && sentBetween(b, read, connection, scope, opener)) return 'missing';
    if (opener) return inner !== call || suspendsBetween(b, scope, opener, call) ? 'raced' : 'sent';
    if (scope.type === AST_NODE_TYPES.Program || !isCallback(scope)) return 'missing';
    inner = scope;
    scope = enclosingFunction(scope) ?? b.sourceCode.ast;
  }
}

/** Whether a read is `CLIENT CACHING yes` (or `no`), in some form its words may take. */
function sendsDirective(b: FlowBuilder, read: Read, answer: 'YES' | 'NO'): boolean {
  return readInstances(b, read).some(({ words }) => {
    const value = words[2];
    return (
      clientSubcommand(words) === 'CACHING' &&
      value !== undefined &&
      isKnown(value) &&
      value.toUpperCase() === answer
    );
  });
}

/** A function written as an argument of a call (a promise callback, a listener), not a declared one. */
const isCallback = (fn: FunctionNode): boolean =>
  fn.parent?.type === AST_NODE_TYPES.CallExpression && (fn.parent.arguments as TSESTree.Node[]).includes(fn);

/** The last call in `scope` (its own code) that ends before `before` starts and sends one of `calls`. */
function lastOpener(
  b: FlowBuilder,
  scope: FunctionNode | TSESTree.Program,
  before: TSESTree.Node,
  calls: readonly TSESTree.Node[],
): TSESTree.Node | undefined {
  const ownScope = (node: TSESTree.Node) => (enclosingFunction(node) ?? b.sourceCode.ast) === scope;
  const openers: TSESTree.Node[] = [];
  forEachNode(scope, b.sourceCode.visitorKeys, (node) => {
    if (node.type !== AST_NODE_TYPES.CallExpression || node === before) return;
    if (!ownScope(node) || node.range[1] > before.range[0]) return;
    if (calls.includes(node)) {
      openers.push(node);
      return;
    }
    const site = b.callSiteOf(node);
    const targets = site ? b.engine.targets.get(site.id) : undefined;
    if (targets && [...targets].some((fn) => calls.some((c) => contains(fn, c)))) openers.push(node);
  });
  if (openers.length === 0) return undefined;
  return openers.reduce((last, node) => (node.range[1] > last.range[1] ? node : last));
}

/**
 * Whether another command goes out on the connection between the directive and the read, in the same function
 * (`Promise.all([client('CACHING', 'yes'), get(min), get(max)])`): the directive was that command's, not the read's.
 */
function sentBetween(
  b: FlowBuilder,
  read: Read,
  connection: number | string,
  scope: FunctionNode | TSESTree.Program,
  opener: TSESTree.Node,
): boolean {
  const call = read.site.node;
  return b.reads.some((other) => {
    const node = other.site.node;
    return (
      other !== read &&
      node !== call &&
      node !== opener &&
      node.range[0] >= opener.range[1] &&
      node.range[1] <= call.range[0] &&
      (enclosingFunction(node) ?? b.sourceCode.ast) === scope &&
      connectionOf(b, other.client) === connection
    );
  });
}

/** Whether the function suspends (`await`, `yield`) between the directive and the read. */
function suspendsBetween(
  b: FlowBuilder,
  scope: FunctionNode | TSESTree.Program,
  opener: TSESTree.Node,
  call: TSESTree.Node,
): boolean {
  const ownScope = (node: TSESTree.Node) => (enclosingFunction(node) ?? b.sourceCode.ast) === scope;
  let raced = false;
  forEachNode(scope, b.sourceCode.visitorKeys, (node) => {
    const suspends =
      node.type === AST_NODE_TYPES.AwaitExpression || node.type === AST_NODE_TYPES.YieldExpression;
    if (suspends && ownScope(node) && node.range[1] > opener.range[0] && node.range[1] <= call.range[0])
      raced = true;
  });
  return raced;
}

/**
 * For a summary: the callback parameters `fn` calls right after sending `CLIENT CACHING yes` on some connection
 * (a base class's `cachedRead(key, read)` doing `Promise.all([this.client.client('CACHING', 'YES'), read()])`),
 * `sent`, or after awaiting it, `raced`. The read a caller's callback makes is judged with that directive.
 */
export function cachingBeforeCallbacks(
  b: FlowBuilder,
  fn: FunctionNode,
): Record<number, 'sent' | 'raced'> | undefined {
  const calls = b.reads
    .filter((read) => sendsDirective(b, read, 'YES'))
    .map((read) => read.site.node)
    .filter((node) => enclosingFunction(node) === fn);
  if (calls.length === 0) return undefined;
  let found: Record<number, 'sent' | 'raced'> | undefined;
  forEachNode(fn, b.sourceCode.visitorKeys, (node) => {
    if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.Identifier) return;
    if (enclosingFunction(node) !== fn) return;
    const index = parameterIndex(fn, node.callee.name);
    if (index < 0 || found?.[index]) return;
    const opener = lastOpener(b, fn, node, calls);
    if (opener) (found ??= {})[index] = suspendsBetween(b, fn, opener, node) ? 'raced' : 'sent';
  });
  return found;
}

/**
 * A callback a function of the module runs right after its own `CLIENT CACHING yes`: `withCaching(() =>
 * redis.get(k))` with `withCaching(read)` doing `Promise.all([redis.client('CACHING', 'YES'), read()])`, or a
 * method of the same class (`this.cachedRead(key, () => this.client.get(key))`).
 */
export function localCallbackDirective(
  b: FlowBuilder,
  callback: TSESTree.Node,
): 'sent' | 'raced' | undefined {
  const call = callback.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const index = (call.arguments as readonly TSESTree.Node[]).indexOf(callback);
  if (index < 0) return undefined;
  // The functions the flow resolved the callee to (a declared helper, `this.cachedRead` of the class or a base).
  for (const value of b.engine.valuesAt(b.valueOf(call.callee))) {
    const described = b.describe(value);
    const directive =
      described.kind === 'function' ? cachingBeforeCallbacks(b, described.fn)?.[index] : undefined;
    if (directive) return directive;
  }
  return undefined;
}
