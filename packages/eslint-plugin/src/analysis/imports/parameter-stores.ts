import { basename } from 'node:path';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, type FunctionNode, isFunctionNode } from '../ast.js';
import type { FlowBuilder, StoreSite } from '../flow/builder.js';
import type { CallSite } from '../flow/engine.js';
import { ReplyLabels } from '../flow/reply-labels.js';
import { continuationOf, giveContinuation } from './continuations.js';
import { argumentBelow, type ParameterOrigin, parameterOrigin } from './parameter-reads.js';

/**
 * Stores the caller passes: `remember(cache, key, load)` doing `cache.set(key, await load())`, or `warm(cache)`
 * doing `cache.set(k, await redis.ttl(k))`, keeps a reply in whatever `cache` the caller gives. Whether that
 * outlives the request is the caller's to know (a module's Map, a request's object), so a summary says where the
 * value goes and each call judges the store it passes.
 */

/** The argument that is (or holds, below `path`) the store, and where the function puts the value in it. */
export interface ArgumentStore {
  store: number;
  path: string[];
  file: string;
  line: number;
  /**
   * Put there by a function the call returns (`createShop({ cache })` whose `listProducts` fills `cache`): the
   * store lives as long as what the call returns holds that function.
   */
  captured?: true;
}

/** An argument (or, `result`, the result of a callback argument) the function puts in a store it is given. */
export interface StoredArgument extends ArgumentStore {
  value: number;
  result: boolean;
  /** The position of what the argument (a loader) passes its continuation, when that is what is stored. */
  continuation?: number;
}

/** Store methods that put a value in, by the index of that value's argument (`set(key, value)`, `add(value)`). */
const putArgument: Record<string, number> = { set: 1, put: 1, setItem: 1, add: 0, push: 0, unshift: 0 };

/** A handler's response parameter: Express's `res.set(field, value)` sets a header, it keeps nothing. */
const RESPONSE_NAMES = /^(?:res|response|reply)$/;

const isResponseParameter = (b: FlowBuilder, node: TSESTree.Node): boolean =>
  node.type === AST_NODE_TYPES.Identifier &&
  RESPONSE_NAMES.test(node.name) &&
  b.scopes.variableOf(node)?.defs[0]?.type === 'Parameter';

/** `cache.set(key, value)` on a parameter (or `deps.cache`): a store site whose store the caller passes. */
export function recordParameterStore(b: FlowBuilder, site: CallSite, receiver: number, name: string): void {
  const index = putArgument[name];
  const value = index === undefined ? undefined : site.args[index];
  if (value === undefined || site.receiver === undefined || !parameterOrigin(b, receiver)) return;
  const call = site.node;
  if (
    call.type === AST_NODE_TYPES.CallExpression &&
    call.callee.type === AST_NODE_TYPES.MemberExpression &&
    isResponseParameter(b, call.callee.object)
  )
    return;
  const place = b.receiverText(site.node) ?? 'the store';
  b.recordStore({ node: site.node, kind: 'content', base: site.receiver, value, place });
}

/** A store site whose store is a parameter (or a property below one), with the replies it puts there. */
interface ParameterStoreSite {
  site: StoreSite;
  origin: ParameterOrigin;
  labels: number[];
}

const sitesByBuilder = new WeakMap<FlowBuilder, Map<FunctionNode, ParameterStoreSite[]>>();

/** The store sites on parameters, by the function whose parameter holds the store (once the analysis is done). */
function parameterStoreSites(b: FlowBuilder): Map<FunctionNode, ParameterStoreSite[]> {
  let byFunction = sitesByBuilder.get(b);
  if (byFunction) return byFunction;
  byFunction = new Map();
  const replies = new ReplyLabels(b);
  for (const site of b.storeSites) {
    if (site.base === undefined) continue;
    let labels: number[] | undefined;
    for (const base of b.engine.valuesAt(site.base)) {
      const origin = parameterOrigin(b, base);
      if (!origin || !isFunctionNode(origin.fn)) continue;
      labels ??= replies.labelsAt(site.value);
      const sites = byFunction.get(origin.fn) ?? [];
      sites.push({ site, origin, labels });
      byFunction.set(origin.fn, sites);
    }
  }
  sitesByBuilder.set(b, byFunction);
  return byFunction;
}

/** The stores `fn` is given and puts something in, with the replies each site puts there. */
function storesOf(b: FlowBuilder, fn: FunctionNode, file: string) {
  return (parameterStoreSites(b).get(fn) ?? []).map(({ site, origin, labels }) => ({
    store: {
      store: origin.index,
      path: [...origin.path],
      file,
      line: site.node.loc.start.line,
      ...(enclosingFunction(site.node) !== origin.fn ? { captured: true as const } : {}),
    },
    labels,
  }));
}

/**
 * The replies `fn` reads and puts in a store it is given, by label: sent again at each call, into its store.
 * Not those its module keeps itself (`kept`): a store known by its type (`store: LRUCache<...>`) is a cache
 * there, and the module reports the read.
 */
export function replyStores(
  b: FlowBuilder,
  fn: FunctionNode,
  file: string,
  kept: (label: number) => boolean,
): Map<number, ArgumentStore> {
  const found = new Map<number, ArgumentStore>();
  for (const { store, labels } of storesOf(b, fn, file))
    for (const label of labels) if (!found.has(label) && !kept(label)) found.set(label, store);
  return found;
}

/**
 * The arguments (and callbacks' results) `fn` puts in a store it is given: store sites on its parameters whose
 * value holds a parameter's marker (`summary.ts`'s `seedParameterMarkers`).
 */
export function storedArguments(
  b: FlowBuilder,
  fn: FunctionNode,
  file: string,
  markerOf: (index: number, result: boolean) => number | undefined,
): StoredArgument[] {
  const parameterOfLabel = new Map<number, { value: number; result: boolean }>();
  fn.params.forEach((_parameter, value) => {
    for (const result of [false, true]) {
      const label = markerOf(value, result);
      if (label !== undefined) parameterOfLabel.set(label, { value, result });
    }
  });
  const found = new Map<string, StoredArgument>();
  for (const { store, labels } of storesOf(b, fn, file)) {
    for (const label of labels) {
      const continued = continuationOf(b, fn, label);
      const parameter = continued
        ? { value: continued.index, result: true, continuation: continued.position }
        : parameterOfLabel.get(label);
      if (!parameter || parameter.value === store.store) continue;
      const key = `${parameter.value}:${parameter.result}:${continued?.position ?? ''}:${store.store}:${store.path.join('.')}`;
      if (!found.has(key)) found.set(key, { ...parameter, ...store });
    }
  }
  return [...found.values()];
}

/**
 * At a call of a summarized function: `value` goes in the store the call passes, a store site of the caller's,
 * kept where that store outlives the request.
 */
export function putInArgumentStore(
  b: FlowBuilder,
  site: CallSite,
  into: ArgumentStore,
  value: number,
  name: string,
): void {
  const store = argumentBelow(b, site, into.store, into.path);
  if (store === undefined) return;
  b.store(store, '*', value);
  if (into.captured) holdWithResult(b, site, store);
  const args =
    site.node.type === 'CallExpression' || site.node.type === 'NewExpression' ? site.node.arguments : [];
  const written = args[into.store];
  const place = written ? `\`${[b.text(written), ...into.path].join('.')}\`` : 'a store it is given';
  b.recordStore({
    node: site.node,
    kind: 'content',
    base: store,
    value,
    place: `${place}, through \`${name}()\` of ${basename(into.file)} (line ${into.line})`,
  });
}

/**
 * What a call returns holds a store it was given whose functions fill it (their closures keep it): a service
 * made once (`const shop = createShop({ cache: new Map() })` at the top level) keeps it for the process, one
 * made per request for that request.
 */
function holdWithResult(b: FlowBuilder, site: CallSite, store: number): void {
  const holder = b.value({ kind: 'object', site: site.node, shape: 'closure-scope' });
  b.engine.addValue(site.result, holder);
  b.engine.edge(store, b.engine.field(holder, CAPTURED_FIELD));
}

/** The field of a call's result that stands for what its returned functions capture. */
const CAPTURED_FIELD = '#captured';

/** At a call: what the function puts in the stores the call passes (its arguments, its callbacks' results). */
export function storeArguments(
  b: FlowBuilder,
  site: CallSite,
  stored: readonly StoredArgument[],
  name: string,
): void {
  for (const into of stored) {
    const argument = site.args[into.value];
    if (argument === undefined) continue;
    if (into.continuation !== undefined) {
      giveContinuation(b, site, { ...into, continuation: into.continuation }, argument, name);
      continue;
    }
    const value = into.result ? b.callCallback(site.node, argument, []).result : argument;
    putInArgumentStore(b, site, into, value, name);
  }
}
