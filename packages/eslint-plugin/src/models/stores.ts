import type { TSESTree } from '@typescript-eslint/utils';
import type { FlowBuilder } from '../analysis/flow/builder.js';
import { Step, type CallSite } from '../analysis/flow/engine.js';
import { deletesItselfWhenSettled, perRequestObject } from './short-lived-entries.js';

/** What a store method does with the values it is given (Map, Set, lru-cache, node-cache, keyv, cache-manager, RxJS subjects). */
type StoreOperation =
  'put' | 'add' | 'put-many' | 'get' | 'get-many' | 'each' | 'wrap' | 'fetch' | 'memo' | 'none';

const operations: Record<string, StoreOperation> = {
  set: 'put',
  put: 'put',
  setItem: 'put',
  add: 'add',
  // An RxJS BehaviorSubject or ReplaySubject keeps what it is given.
  next: 'add',
  mset: 'put-many',
  setMany: 'put-many',
  get: 'get',
  peek: 'get',
  take: 'get',
  getItem: 'get',
  getValue: 'get',
  pop: 'get',
  mget: 'get-many',
  getMany: 'get-many',
  values: 'get-many',
  entries: 'get-many',
  rvalues: 'get-many',
  forEach: 'each',
  wrap: 'wrap',
  // cacheable's `getOrSet(key, load, options)`.
  getOrSet: 'wrap',
  fetch: 'fetch',
  // lru-cache 11.1's `memo(key)`, computed by its `memoMethod`.
  memo: 'memo',
  has: 'none',
  delete: 'none',
  del: 'none',
  clear: 'none',
  reset: 'none',
  flushAll: 'none',
  keys: 'none',
};

/** The node holding everything a store holds. */
export const contents = (b: FlowBuilder, store: number): number => b.engine.field(store, '*');

/** One `[key, value]` entry of a Map, as iterating it or its `entries()` gives: the value is what it holds. */
export function mapEntry(b: FlowBuilder, store: number, site: TSESTree.Node): number {
  const entry = b.value({ kind: 'object', site, shape: 'pair' });
  b.engine.edge(contents(b, store), b.engine.field(entry, '1'), Step.Store);
  return entry;
}

/**
 * A method of a store: values put in go to its contents (and the call is a candidate sink), values read
 * come from them, `wrap(key, load)` and lru-cache's `fetch` keep what their loader returns.
 */
export function storeMethod(b: FlowBuilder, site: CallSite, store: number, name: string): boolean {
  const operation = operations[name];
  if (operation === undefined) return false;
  const engine = b.engine;
  const content = contents(b, store);
  const receiverText = b.receiverText(site.node) ?? 'the store';
  const keep = (value: number, into = content) => {
    engine.edge(value, into, Step.Store);
    b.recordStore({
      node: site.node,
      kind: 'content',
      base: site.receiver ?? b.constant(store),
      value,
      place: receiverText,
    });
  };
  switch (operation) {
    case 'put': {
      const value = site.args[1];
      const call = site.node.type === 'CallExpression' ? site.node : undefined;
      if (value === undefined || (call && leavesWithItsRequest(b, store, call, receiverText))) break;
      keep(value);
      // A reply's members as the keys (`flags.set(key.slice(5), values[i])` for each key of a KEYS reply): the
      // store holds them as an object's keys do, apart from its values (`get` gives no key).
      const key = site.args[0];
      if (key !== undefined) keep(key, engine.field(store, '#keys'));
      break;
    }
    case 'add': {
      const value = site.args[0];
      if (value !== undefined) keep(value);
      break;
    }
    case 'put-many': {
      const value = site.args[0];
      if (value !== undefined) {
        const derived = engine.node();
        engine.edge(value, derived, Step.Derive);
        keep(derived);
      }
      break;
    }
    case 'get':
      engine.edge(content, site.result);
      break;
    case 'get-many': {
      const list = b.value({ kind: 'object', site: site.node, shape: 'array' });
      engine.addValue(site.result, list);
      engine.edge(content, engine.field(list, '*'), Step.Store);
      const described = b.describe(store);
      if (name === 'entries' && described.kind === 'store' && described.library === 'map')
        engine.addValue(engine.field(list, '*'), mapEntry(b, store, site.node));
      break;
    }
    case 'each':
      if (site.args[0] !== undefined) b.callCallback(site.node, site.args[0], [content]);
      break;
    case 'wrap': {
      const loader = site.args[1];
      if (loader !== undefined) {
        const loaded = engine.node();
        b.callCallback(site.node, loader, [], loaded);
        keep(loaded);
      }
      engine.edge(content, site.result);
      break;
    }
    case 'fetch':
    case 'memo': {
      const loaded = engine.node();
      const method = operation === 'fetch' ? 'fetchMethod' : 'memoMethod';
      b.callCallback(site.node, engine.field(store, method), site.args.slice(0, 1), loaded);
      keep(loaded);
      engine.edge(content, site.result);
      break;
    }
    case 'none':
      break;
  }
  return true;
}

/**
 * A `set` whose entry lives no longer than what it serves: a promise that deletes its own entry when it settles
 * (`inflight.set(key, p)` with `p = load().finally(() => inflight.delete(key))`, concurrent callers sharing one
 * round trip), or a WeakMap entry keyed by a request (it dies with the request).
 */
function leavesWithItsRequest(
  b: FlowBuilder,
  store: number,
  call: TSESTree.CallExpression,
  receiverText: string,
): boolean {
  const [key, value] = call.arguments;
  if (value && deletesItselfWhenSettled(b, value, receiverText)) return true;
  const described = b.describe(store);
  return (
    described.kind === 'store' &&
    described.library === 'weakmap' &&
    key !== undefined &&
    perRequestObject(b, key)
  );
}
