import type { FunctionNode } from '../ast.js';
import { calleeName, enclosingFunction } from '../ast.js';
import type { FlowBuilder, ListenerSite } from '../flow/builder.js';
import { perBuilder } from '../flow/per-builder.js';
import { forEachNode } from '../walk.js';
import { isFunctionNode } from '../ast.js';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

/**
 * Events a client emits on every new connection or on its loss (ioredis/iovalkey `connect`, `ready`,
 * `reconnecting`, `error`, `close`, `end`; node-redis the same names): code that runs from them runs again
 * after a reconnect.
 */
const connectionEvents = new Set(['ready', 'connect', 'reconnecting', 'error', 'close', 'end']);

/**
 * The functions that run again after a reconnect: repeating listeners of connection events (of the emitters
 * `listensTo` accepts), the functions
 * they call (through the module's call graph, however deep: a restart routine an error listener schedules
 * counts), and the functions written inside any of them.
 */
export function runAfterReconnect(
  b: FlowBuilder,
  listensTo: (listener: ListenerSite) => boolean = () => true,
): Set<FunctionNode> {
  const safe = new Set<FunctionNode>();
  const pending: FunctionNode[] = [];
  const add = (fn: FunctionNode) => {
    if (safe.has(fn)) return;
    safe.add(fn);
    pending.push(fn);
  };
  for (const listener of b.listenerSites) {
    if (!listener.repeats || !connectionEvents.has(listener.event) || !listensTo(listener)) continue;
    for (const value of b.engine.valuesAt(listener.handlers)) {
      const fn = functionOf(b, value);
      if (fn) add(fn);
    }
  }
  for (const fn of repeatingRoutines(b)) add(fn);
  while (pending.length > 0) for (const next of runsFrom(b, pending.pop()!)) add(next);
  return safe;
}

const routinesCache = new WeakMap<FlowBuilder, FunctionNode[]>();

/** Routines that reconnect (disconnect or quit a client, then connect it) or run on a timer: they repeat too. */
function repeatingRoutines(b: FlowBuilder): FunctionNode[] {
  const known = routinesCache.get(b);
  if (known) return known;
  const found: FunctionNode[] = [];
  const add = (fn: FunctionNode) => found.push(fn);
  const closes = new Set<FunctionNode>();
  const opens = new Set<FunctionNode>();
  for (const site of b.engine.callSites) {
    const call = site?.node;
    if (
      !site ||
      site.synthetic ||
      call?.type !== AST_NODE_TYPES.CallExpression ||
      call.callee.type !== AST_NODE_TYPES.MemberExpression
    )
      continue;
    const name = call.callee.property.type === AST_NODE_TYPES.Identifier ? call.callee.property.name : '';
    if (name !== 'disconnect' && name !== 'quit' && name !== 'close' && name !== 'connect') continue;
    if (
      site.receiver === undefined ||
      !b.engine.valuesAt(site.receiver).some((v) => b.describe(v).kind === 'client')
    )
      continue;
    const fn = enclosingFunction(call);
    if (fn) (name === 'connect' ? opens : closes).add(fn);
  }
  for (const fn of closes) if (opens.has(fn)) add(fn);
  for (const fn of b.functions) {
    const parent = fn.parent;
    if (
      parent?.type === AST_NODE_TYPES.CallExpression &&
      parent.callee.type === AST_NODE_TYPES.Identifier &&
      parent.callee.name === 'setInterval'
    )
      add(fn);
  }
  routinesCache.set(b, found);
  return found;
}

const runsFromCache = perBuilder<FunctionNode, FunctionNode[]>();

/**
 * The functions a function's own code runs or writes (read once the analysis is done, once per function): the
 * functions written directly inside it, the targets of its calls, and what it schedules on a timer. A function
 * written inside is read on its own, not again as part of the one around it.
 */
function runsFrom(b: FlowBuilder, fn: FunctionNode): FunctionNode[] {
  const byFunction = runsFromCache(b);
  let found = byFunction.get(fn);
  if (found) return found;
  const next = new Set<FunctionNode>();
  forEachNode(fn.body, b.sourceCode.visitorKeys, (node: TSESTree.Node) => {
    if (isFunctionNode(node) && node !== fn) {
      next.add(node);
      return false;
    }
    const site = b.callSiteOf(node);
    for (const target of site ? (b.engine.targets.get(site.id) ?? []) : []) next.add(target);
    // `setTimeout(restart, 1000)` from an error listener: the routine runs after the reconnect too.
    if (node.type === AST_NODE_TYPES.CallExpression && timers.has(calleeName(node) ?? '')) {
      const scheduled = node.arguments[0];
      for (const value of scheduled ? b.engine.valuesAt(b.valueOf(scheduled)) : []) {
        const target = functionOf(b, value);
        if (target) next.add(target);
      }
    }
    return undefined;
  });
  found = [...next];
  byFunction.set(fn, found);
  return found;
}

const timers = new Set(['setTimeout', 'setImmediate', 'queueMicrotask', 'nextTick', 'setInterval']);

/** The function of the module a value calls: itself, or the target of `fn.bind(this)` (bound again or not). */
function functionOf(b: FlowBuilder, value: number, depth = 0): FunctionNode | undefined {
  const described = b.describe(value);
  if (described.kind === 'function') return described.fn;
  if (described.kind === 'bound' && depth < 4) return functionOf(b, described.target, depth + 1);
  return undefined;
}

/** Whether code at a node runs in one of the functions. */
export function runsIn(node: TSESTree.Node, functions: ReadonlySet<FunctionNode>): boolean {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) if (functions.has(fn)) return true;
  return false;
}

/**
 * When tracking sent on `client` (at `sites`) runs again only from the reconnect listeners of other clients
 * (`subscriber.on('ready', () => client.client('TRACKING', ...))`), the text of one such emitter; undefined when
 * a listener of the client itself, or of an emitter that is no client the module knows, sends it again.
 */
export function restoredOnlyByOther(
  b: FlowBuilder,
  client: number,
  sites: readonly TSESTree.Node[],
  receiver?: number,
): string | undefined {
  // Every client the tracking call may be sent on: a helper's `node: Valkey` parameter is also each node a
  // cluster's `+node` listener hands it, whose own `ready` listener then restores it.
  const same = new Set([client, ...(receiver === undefined ? [] : b.engine.valuesAt(receiver))]);
  const ofOther = (listener: ListenerSite) => {
    const clients = b.engine.valuesAt(listener.emitter).filter((v) => b.describe(v).kind === 'client');
    return clients.length > 0 && !clients.some((value) => same.has(value));
  };
  const own = runAfterReconnect(b, (listener) => !ofOther(listener));
  if (sites.some((site) => runsIn(site, own))) return undefined;
  const other = b.listenerSites.find(
    (listener) =>
      ofOther(listener) &&
      sites.some((site) =>
        runsIn(
          site,
          runAfterReconnect(b, (candidate) => candidate === listener),
        ),
      ),
  );
  const callee = other?.call.callee;
  return callee?.type === AST_NODE_TYPES.MemberExpression ? b.sourceCode.getText(callee.object) : undefined;
}
