import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { isFunctionNode } from '../analysis/ast.js';
import type { FlowBuilder } from '../analysis/flow/builder.js';
import { Step, type CallSite } from '../analysis/flow/engine.js';
import type { FlowModel } from '../analysis/flow/model.js';
import { contents, storeMethod } from './stores.js';

/** Array methods that call their callback with the elements. */
const elementCallbacks = new Set([
  'forEach',
  'map',
  'filter',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'some',
  'every',
  'flatMap',
]);
/** Array methods whose result holds the receiver's elements. */
const sameElements = new Set([
  'filter',
  'slice',
  'sort',
  'toSorted',
  'reverse',
  'toReversed',
  'concat',
  'flat',
  'splice',
  'toSpliced',
  'with',
]);
const oneElement = new Set(['find', 'findLast', 'at', 'pop', 'shift']);
const globalStores: Record<string, string> = {
  Map: 'map',
  Set: 'set',
  WeakMap: 'weakmap',
  WeakSet: 'weakset',
};
const arrayShapes = new Set(['array', 'rest', 'exec', 'pair']);

/** Globals of the language and of Node, whose methods are no store. */
const knownGlobals = new Set([
  'Promise',
  'Object',
  'Array',
  'JSON',
  'Math',
  'Number',
  'String',
  'Boolean',
  'Reflect',
  'console',
  'process',
  'Buffer',
  'Date',
  'Symbol',
  'BigInt',
  'Intl',
  'URL',
  'crypto',
  'performance',
  'globalThis',
  'window',
  'document',
  'navigator',
  'module',
  'exports',
  'require',
]);

const handledArrays = new WeakMap<FlowBuilder, Set<number>>();

/** Timers and queues that call their callback once. */
const RUN_ONCE_LATER = new Set(['setTimeout', 'setImmediate', 'queueMicrotask']);

function arrayMethod(b: FlowBuilder, site: CallSite, name: string): boolean {
  let handled = handledArrays.get(b);
  if (!handled) {
    handled = new Set();
    handledArrays.set(b, handled);
  }
  const engine = b.engine;
  const receiver = site.receiver!;
  const first = handled.has(site.id) === false;
  handled.add(site.id);
  if (!first) return true;
  if (site.node.type === AST_NODE_TYPES.CallExpression) {
    for (const argument of site.node.arguments) if (isFunctionNode(argument)) b.oneShot.add(argument);
  }
  const elements = b.loadAll(receiver);
  if (elementCallbacks.has(name) && site.args[0] !== undefined) {
    const returned = engine.node();
    b.callCallback(site.node, site.args[0], [elements], returned);
    if (name === 'map' || name === 'flatMap') {
      const list = b.value({ kind: 'object', site: site.node, shape: 'array' });
      engine.addValue(site.result, list);
      engine.edge(returned, engine.field(list, '*'), Step.Store);
      // `.map(String)`, `.map(Number)`: a callback the module does not show still computes from the elements.
      engine.edge(elements, engine.field(list, '*'), Step.Derive);
      if (name === 'flatMap') engine.edge(b.loadAll(returned), engine.field(list, '*'), Step.Store);
    }
  }
  if (name === 'reduce' || name === 'reduceRight') {
    const accumulator = engine.node();
    if (site.args[1] !== undefined) engine.edge(site.args[1], accumulator);
    if (site.args[0] !== undefined)
      b.callCallback(site.node, site.args[0], [accumulator, elements], accumulator);
    engine.edge(accumulator, site.result);
  }
  if (sameElements.has(name)) {
    engine.edge(receiver, site.result);
    for (const arg of site.args) if (name === 'concat') engine.edge(arg, site.result);
  }
  if (oneElement.has(name)) engine.edge(elements, site.result);
  if (name === 'push' || name === 'unshift') {
    site.args.forEach((arg, index) => {
      const value = site.spreadFrom !== -1 && index >= site.spreadFrom ? b.loadAll(arg) : arg;
      b.store(receiver, '*', value);
      const place = b.receiverText(site.node) ?? 'an array';
      b.recordStore({ node: site.node, kind: 'content', base: receiver, value, place });
    });
  }
  return true;
}

/**
 * `list.map((x) => ...)` on a receiver the module does not show (a parameter, an unknown library's value): an
 * array method that calls its callback, followed as on an array (the callback's returns are the result's elements).
 */
export function unresolvedArrayCallback(b: FlowBuilder, site: CallSite, name: string): boolean {
  if (!elementCallbacks.has(name) && name !== 'reduce' && name !== 'reduceRight') return false;
  if (site.receiver === undefined || site.node.type !== AST_NODE_TYPES.CallExpression) return false;
  if (!site.node.arguments.some((argument) => isFunctionNode(argument))) return false;
  return arrayMethod(b, site, name);
}

const arrayMethods = new Set([
  ...elementCallbacks,
  ...sameElements,
  ...oneElement,
  'reduce',
  'reduceRight',
  'push',
  'unshift',
  'includes',
  'indexOf',
]);

/** `fn.bind(self)`, `fn.call(self, ...)`, `fn.apply(self, args)`. */
function functionMethod(b: FlowBuilder, site: CallSite, fn: number, name: string): boolean {
  const engine = b.engine;
  if (name === 'bind') {
    // `f.bind(a).bind(b)` calls f with `a`: a bound function binds no further (and `f = f.bind(x)` in a loop ends).
    if (b.describe(fn).kind === 'bound') engine.addValue(site.result, fn);
    else
      engine.addValue(
        site.result,
        b.value({
          kind: 'bound',
          target: fn,
          self: site.args[0],
          promisified: false,
          // `handler.bind(this, 'metrics')`: the fixed arguments come first, the caller's after them.
          args: site.args.slice(1, site.spreadFrom === -1 ? undefined : site.spreadFrom),
        }),
      );
    return true;
  }
  if (name === 'call' || name === 'apply') {
    const [self, ...rest] = site.args;
    const list = name === 'apply' ? rest[0] : undefined;
    // `_load.apply(this, arguments)` on a function of the module: each element to the parameter at its index.
    const target = b.describe(fn);
    const positional =
      list !== undefined &&
      target.kind === 'function' &&
      !target.fn.params.some((parameter) => parameter.type === AST_NODE_TYPES.RestElement)
        ? target.fn.params.map((_parameter, index) => b.load(list, String(index)))
        : undefined;
    const spread = list !== undefined && !positional;
    const args = positional ?? (spread ? [b.loadAll(list)] : rest);
    const inner = b.newCallSite(site.node, args, self, site.result, {
      synthetic: true,
      spreadFrom: spread ? 0 : -1,
    });
    b.callValue(inner, fn);
    return true;
  }
  return false;
}

/** `Promise.allSettled(promises)`: an array of `{ status, value }`, each value the promise at that index. */
function allSettled(b: FlowBuilder, site: CallSite, promises: number): boolean {
  const engine = b.engine;
  const list = b.constant(b.value({ kind: 'object', site: site.node, shape: 'array' }));
  engine.edge(list, site.result);
  engine.listenValues(promises, (array) =>
    engine.onFields(array, (index, element) => {
      const outcome = b.constant(b.value({ kind: 'object', site: site.node, shape: `settled:${index}` }));
      b.store(outcome, 'value', element);
      b.store(list, index, outcome);
    }),
  );
  return true;
}

/** Static methods of the globals `Promise`, `Object`, `Array`. */
function globalMethod(b: FlowBuilder, site: CallSite, global: string, name: string): boolean {
  const engine = b.engine;
  const [first] = site.args;
  if (global === 'Promise') {
    if (first === undefined) return true;
    if (name === 'allSettled') return allSettled(b, site, first);
    if (name === 'all' || name === 'resolve') engine.edge(first, site.result);
    else if (name === 'race' || name === 'any') engine.edge(b.loadAll(first), site.result);
    return true;
  }
  if (global === 'Object' && name === 'assign' && first !== undefined) {
    engine.edge(first, site.result);
    for (const source of site.args.slice(1)) {
      engine.listenValues(source, (value) => {
        if (b.describe(value).kind === 'reply') b.store(first, '*', source);
        else engine.onFields(value, (field, node) => b.store(first, field, node));
      });
      b.recordStore({
        node: site.node,
        kind: 'field',
        base: first,
        value: source,
        place:
          site.node.type === AST_NODE_TYPES.CallExpression ? b.text(site.node.arguments[0]!) : 'an object',
      });
    }
    return true;
  }
  // `Object.create(null)`: a fresh dictionary, as `{}` is (its prototype's members are not followed).
  if (global === 'Object' && name === 'create') {
    engine.addValue(site.result, b.value({ kind: 'object', site: site.node, shape: 'object' }));
    return true;
  }
  if (global === 'Object' && name === 'freeze' && first !== undefined) {
    engine.edge(first, site.result);
    return true;
  }
  if (global === 'Array' && (name === 'from' || name === 'of') && first !== undefined) {
    const list = b.value({ kind: 'object', site: site.node, shape: 'array' });
    engine.addValue(site.result, list);
    const elements = name === 'of' ? first : b.loadAll(first);
    if (name === 'from' && site.args[1] !== undefined) {
      const mapped = engine.node();
      b.callCallback(site.node, site.args[1], [elements], mapped);
      engine.edge(mapped, engine.field(list, '*'), Step.Store);
    } else {
      engine.edge(elements, engine.field(list, '*'), Step.Store);
    }
    return true;
  }
  return false;
}

/** `new Promise((resolve) => ...)`: what is passed to `resolve` is the promise's value. */
function newPromise(b: FlowBuilder, site: CallSite): boolean {
  const executor = site.args[0];
  if (executor === undefined) return true;
  const resolver = b.value({ kind: 'model', model: 'builtins', type: 'resolver', site: site.node });
  b.engine.edge(b.engine.field(resolver, 'value'), site.result);
  b.callCallback(site.node, executor, [b.constant(resolver), b.engine.node()]);
  return true;
}

/** The language's own library: Map and Set, arrays, promises, `Object.assign`, `bind`/`call`/`apply`. */
export const builtinsModel: FlowModel = {
  name: 'builtins',
  callGlobal(b, site, name) {
    const store = globalStores[name.replace(/^new /, '')];
    if (store && name.startsWith('new ')) {
      const value = b.value({ kind: 'store', site: site.node, library: store, cache: false });
      b.engine.addValue(site.result, value);
      const initial = site.args[0];
      if (initial !== undefined) {
        const elements = b.loadAll(initial);
        b.engine.edge(store === 'map' ? b.loadAll(elements) : elements, contents(b, value), Step.Store);
      }
      return true;
    }
    if (name === 'new Promise') return newPromise(b, site);
    // `new Array(tasks.length)` (slots filled later: `results[i] = value`), `Array('a', 'b')`: an array.
    if (name === 'new Array' || name === 'Array') {
      const array = b.constant(b.value({ kind: 'object', site: site.node, shape: 'array' }));
      if (site.args.length > 1) site.args.forEach((element, index) => b.store(array, String(index), element));
      b.engine.edge(array, site.result);
      return true;
    }
    if (RUN_ONCE_LATER.has(name)) {
      // The callback runs once, soon: what it reads of a request's values does not outlive the request.
      if (site.node.type === AST_NODE_TYPES.CallExpression)
        for (const argument of site.node.arguments) if (isFunctionNode(argument)) b.oneShot.add(argument);
      return true;
    }
    if (['setInterval', 'clearInterval', 'clearTimeout'].includes(name)) return true;
    return false;
  },
  callMethod(b, site, receiver, _f, name) {
    const described = b.describe(receiver);
    switch (described.kind) {
      case 'store':
        if (['map', 'set', 'weakmap', 'weakset'].includes(described.library))
          return storeMethod(b, site, receiver, name);
        return false;
      case 'function':
      case 'bound':
      case 'method':
        return functionMethod(b, site, receiver, name);
      case 'object':
        if (described.shape.startsWith('global:')) {
          const global = described.shape.slice('global:'.length);
          if (globalMethod(b, site, global, name)) return true;
          // An object the module uses but never declares (`cache.set(k, v)` with `cache` a global) lives as long as
          // the process; its `set`/`add` keep what they are given.
          return !knownGlobals.has(global) && storeMethod(b, site, receiver, name);
        }
        if (arrayShapes.has(described.shape) && arrayMethods.has(name)) return arrayMethod(b, site, name);
        return false;
      case 'reply':
        if ((name === 'on' || name === 'once') && site.node.type === AST_NODE_TYPES.CallExpression) {
          // A stream of replies (`scanStream`): its `data` events carry them.
          const handler = site.args[1];
          if (handler !== undefined) b.callCallback(site.node, handler, [site.receiver!]);
          b.engine.edge(site.receiver!, site.result);
          return true;
        }
        if (arrayMethods.has(name)) return arrayMethod(b, site, name);
        return false;
      default:
        return false;
    }
  },
  callModelValue(b, site, value) {
    const described = b.describe(value);
    if (described.kind !== 'model' || described.model !== 'builtins' || described.type !== 'resolver')
      return false;
    if (site.args[0] !== undefined) b.engine.edge(site.args[0], b.engine.field(value, 'value'), Step.Store);
    return true;
  },
};
