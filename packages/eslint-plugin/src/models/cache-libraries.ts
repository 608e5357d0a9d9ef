import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { staticPropertyName } from '../analysis/ast.js';
import { madeForOneCall } from './local-caches.js';
import type { FlowBuilder } from '../analysis/flow/builder.js';
import { Step, type CallSite } from '../analysis/flow/engine.js';
import type { FlowModel } from '../analysis/flow/model.js';
import { contents, storeMethod } from './stores.js';
import { exportName } from './export-name.js';
import { storesRemotely } from './remote-stores.js';

/** Cache libraries by module, and the exports that make a cache (constructors and factories). */
const cacheMakers: Record<string, { library: string; exports: readonly string[] }> = {
  'lru-cache': { library: 'lru-cache', exports: ['', 'LRUCache', 'default'] },
  'node-cache': { library: 'node-cache', exports: ['', 'default', 'NodeCache'] },
  keyv: { library: 'keyv', exports: ['', 'default', 'Keyv'] },
  '@keyv/bigmap': { library: 'keyv', exports: ['BigMap'] },
  'cache-manager': { library: 'cache-manager', exports: ['createCache', 'caching', 'memoryStore'] },
  cacheable: { library: 'cacheable', exports: ['Cacheable', 'CacheableMemory'] },
  '@isaacs/ttlcache': { library: 'ttlcache', exports: ['', 'default', 'TTLCache'] },
  'quick-lru': { library: 'quick-lru', exports: ['', 'default'] },
  'lru.min': { library: 'lru.min', exports: ['createLRU'] },
  'tiny-lru': { library: 'tiny-lru', exports: ['lru', 'LRU'] },
  'mnemonist/lru-cache': { library: 'mnemonist', exports: ['', 'default'] },
  lru_map: { library: 'lru_map', exports: ['LRUMap'] },
  'lru-cache-ts': { library: 'lru-cache', exports: ['LRUCache'] },
  hashlru: { library: 'hashlru', exports: ['', 'default'] },
  // Subjects that keep what they are given (`next(value)`): the latest, or the last n, for every new subscriber.
  rxjs: { library: 'rxjs', exports: ['BehaviorSubject', 'ReplaySubject'] },
};

/**
 * Caches a module exports as one instance its importers share (`const mcache = require('memory-cache');
 * mcache.put(key, body, ms)`, the store of the Express response-cache tutorials), with the class for more.
 */
const sharedCaches: Record<string, { library: string; constructor: string }> = {
  'memory-cache': { library: 'memory-cache', constructor: 'Cache' },
};

/**
 * A module's text that makes a store a framework can carry (a decorated `new LRUCache(...)`, `server.app.cache =
 * new Map()`): a Map or Set, or an import of a cache library.
 */
export const MAKES_STORE = new RegExp(
  String.raw`\bnew\s+(?:Map|Set|WeakMap)\b|['"](?:${[
    ...Object.keys(cacheMakers),
    ...Object.keys(sharedCaches),
  ]
    .map((name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('|')})['"]`,
);

/** Nitro's memoizers, which a server module calls with no import (`defineCachedFunction(fn, { maxAge })`). */
const NITRO_MEMOIZERS = ['defineCachedFunction', 'cachedFunction'];

/** Memoizers: the function they return keeps what the memoized function returns. */
const memoizers: Record<string, readonly string[]> = {
  'lodash.memoize': ['', 'default'],
  'lodash/memoize': ['', 'default'],
  lodash: ['memoize', 'default.memoize'],
  'lodash-es': ['memoize'],
  memoizee: ['', 'default'],
  'p-memoize': ['', 'default', 'pMemoize'],
  mem: ['', 'default', 'memoize'],
  'memoize-one': ['', 'default', 'memoizeOne'],
  moize: ['', 'default'],
  'micro-memoize': ['', 'default'],
  'fast-memoize': ['', 'default'],
  'memoize-fs': [],
  underscore: ['memoize'],
  ramda: ['memoizeWith'],
  // Next.js's Data Cache: what the function returns is kept across requests until revalidated.
  'next/cache': ['unstable_cache'],
  // Nitro's (and Nuxt's) cached functions, kept in its cache storage until `maxAge`; auto-imported too.
  'nitropack/runtime': NITRO_MEMOIZERS,
};

/** DataLoader: `load(key)` and `loadMany(keys)` keep what the batch function returns, unless `cache: false`. */
const loaders: Record<string, readonly string[]> = { dataloader: ['', 'default'] };

/** The packages whose caches and memoizers are followed, for the rule doc (checked by the package test). */
export const followedCachePackages = (): { caches: string[]; memoizers: string[] } => ({
  caches: [...Object.keys(cacheMakers), ...Object.keys(sharedCaches)],
  memoizers: Object.keys(memoizers).filter((module) => memoizers[module]!.length > 0),
});

function makeCache(b: FlowBuilder, site: CallSite, library: string): void {
  // One a handler makes for its own call (`new QuickLRU()` in a route) is dropped with it.
  const held = madeForOneCall(b, site.node);
  const store = b.value({ kind: 'store', site: site.node, library, cache: true, ...(held ? { held } : {}) });
  b.engine.addValue(site.result, store);
  // lru-cache `new LRUCache({ fetchMethod })`: `fetch(key)` keeps what fetchMethod returns; `memo(key)` (11.1)
  // keeps what memoMethod returns.
  const options = site.args[0];
  if (options === undefined) return;
  const parent = site.node.parent;
  const place =
    parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier
      ? `the ${library} \`${parent.id.name}\``
      : `the ${library} cache`;
  for (const option of ['fetchMethod', 'memoMethod']) {
    const method = b.load(options, option);
    b.engine.edge(method, b.engine.field(store, option));
    // The cache calls it for whoever calls `fetch` (often another module, the cache being exported), so what it
    // returns is kept whether or not this module fetches; as long as the cache lives.
    const loaded = b.engine.node();
    b.callCallback(site.node, method, [b.engine.node()], loaded);
    b.engine.edge(loaded, contents(b, store), Step.Store);
    b.recordStore({ node: site.node, kind: 'content', base: b.constant(store), value: loaded, place });
  }
}

function memoize(b: FlowBuilder, site: CallSite, module: string): void {
  // ramda's memoizeWith(keyFn, fn) takes the function second.
  const target = site.args[module === 'ramda' ? 1 : 0];
  if (target === undefined) return;
  const memoized = b.value({ kind: 'model', model: 'cache-libraries', type: 'memoized', site: site.node });
  b.engine.edge(target, b.engine.field(memoized, 'target'));
  b.engine.addValue(site.result, memoized);
  // Whoever calls it (this module, or another one it is exported to) gets what it keeps: what the function returns.
  keepMemoized(
    b,
    site.node,
    site.node,
    b.engine.field(memoized, 'target'),
    [],
    memoizedPlace(b, site.node),
    memoized,
  );
}

/**
 * `the memoized \`planLimits\``: the name the memoized function is given (a variable, a property, a class
 * field, or what it is assigned to: `this.planLimits = memoize(...)`), else the memoizer's cache.
 */
function memoizedPlace(b: FlowBuilder, call: TSESTree.Node): string {
  const parent = call.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier)
    return `the memoized \`${parent.id.name}\``;
  if (
    (parent?.type === AST_NODE_TYPES.Property || parent?.type === AST_NODE_TYPES.PropertyDefinition) &&
    parent.key.type === AST_NODE_TYPES.Identifier
  )
    return `the memoized \`${parent.key.name}\``;
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === call)
    return `the memoized \`${b.text(parent.left)}\``;
  return `the cache of \`${b.text(call).split('(')[0]}()\``;
}

/**
 * Calls a memoized function's target at `call` with `args`; its store (one per memoizer call) keeps what it
 * returns. A memoized function (`holder`) a handler makes for its own call keeps it for that call only.
 */
export function keepMemoized(
  b: FlowBuilder,
  memoizer: TSESTree.Node,
  call: TSESTree.Node,
  target: number,
  args: number[],
  place: string,
  holder?: number,
): number {
  const held = holder !== undefined && madeForOneCall(b, memoizer);
  const store = b.value({
    kind: 'store',
    site: memoizer,
    library: 'memoize',
    cache: true,
    ...(held ? { held } : {}),
  });
  if (holder !== undefined) b.engine.addValue(b.engine.field(holder, 'cache'), store);
  const returned = b.engine.node();
  b.callCallback(call, target, args, returned);
  b.engine.edge(returned, contents(b, store), Step.Store);
  b.recordStore({ node: call, kind: 'content', base: b.constant(store), value: returned, place });
  return returned;
}

function makeLoader(b: FlowBuilder, site: CallSite): void {
  const batch = site.args[0];
  if (batch === undefined) return;
  const call = site.node;
  const options = 'arguments' in call ? call.arguments[1] : undefined;
  const uncached =
    options?.type === AST_NODE_TYPES.ObjectExpression &&
    options.properties.some(
      (property) =>
        property.type === AST_NODE_TYPES.Property &&
        staticPropertyName(property.key, property.computed) === 'cache' &&
        property.value.type === AST_NODE_TYPES.Literal &&
        property.value.value === false,
    );
  const loader = b.value({
    kind: 'model',
    model: 'cache-libraries',
    type: uncached ? 'loader' : 'caching-loader',
    site: site.node,
  });
  b.engine.edge(batch, b.engine.field(loader, 'target'));
  b.engine.addValue(site.result, loader);
  if (uncached) return;
  // `new DataLoader(batch, { cacheMap: leases })`: the loader keeps its results in that map, which outlives a
  // loader made per request when the map does.
  const optionsNode = site.args[1];
  if (optionsNode !== undefined)
    b.engine.edge(b.load(optionsNode, 'cacheMap'), b.engine.field(loader, 'cacheMap'));
  // The loader calls its batch function itself, for whoever calls `load` (often another module: a resolver, a
  // route), and keeps every value it returns until `clear`. So what the batch function returns is kept by the
  // loader, whether or not this module calls `load`; it outlives a request only when the loader does.
  const returned = b.engine.node();
  b.callCallback(site.node, batch, [b.engine.node()], returned);
  keptByLoader(b, loader, b.loadAll(returned), site.node);
}

/** Records that a caching loader keeps `results` (the elements of what its batch function returns). */
function keptByLoader(b: FlowBuilder, loader: number, results: number, node: TSESTree.Node): void {
  b.engine.edge(results, contents(b, loader), Step.Store);
  const owner =
    b.receiverText(node) ??
    (node.parent?.type === AST_NODE_TYPES.VariableDeclarator &&
    node.parent.id.type === AST_NODE_TYPES.Identifier
      ? node.parent.id.name
      : undefined);
  const place = owner ? `the DataLoader \`${owner}\`` : 'a DataLoader';
  b.recordStore({ node, kind: 'content', base: b.constant(loader), value: results, place });
  b.recordStore({
    node,
    kind: 'content',
    base: b.engine.field(loader, 'cacheMap'),
    value: results,
    place: `the \`cacheMap\` of ${place}`,
  });
}

/** `loader.load(key)` / `loadMany(keys)`: the batch function's results, kept by a caching loader. */
function loaderMethod(b: FlowBuilder, site: CallSite, loader: number, name: string): boolean {
  const described = b.describe(loader);
  if (described.kind !== 'model') return false;
  if (name !== 'load' && name !== 'loadMany')
    return name === 'clear' || name === 'clearAll' || name === 'prime';
  const engine = b.engine;
  const returned = engine.node();
  const keys = engine.node();
  if (site.args[0] !== undefined) engine.edge(site.args[0], keys);
  b.callCallback(site.node, engine.field(loader, 'target'), [keys], returned);
  const results = b.loadAll(returned);
  engine.edge(name === 'load' ? results : returned, site.result);
  if (described.type !== 'caching-loader') return true;
  // The loader keeps them itself: they outlive the request only when the loader does (a module-level loader, not
  // one made per request as DataLoader's documentation advises).
  keptByLoader(b, loader, results, site.node);
  return true;
}

/** lru-cache, node-cache, keyv, cache-manager and other caches; memoizers from lodash to p-memoize; DataLoader. */
export const cacheLibrariesModel: FlowModel = {
  name: 'cache-libraries',
  modules: [
    ...Object.keys(cacheMakers),
    ...Object.keys(sharedCaches),
    ...Object.keys(memoizers),
    ...Object.keys(loaders),
  ],
  callImport(b, site, imported) {
    const name = exportName(imported.path);
    const maker = cacheMakers[imported.module];
    if (maker?.exports.includes(name)) {
      // A cache on a Redis (or database) adapter keeps its copies in that server, not in the process.
      if (storesRemotely(b, maker.library, site.node))
        b.engine.addValue(
          site.result,
          b.value({ kind: 'model', model: 'cache-libraries', type: 'remote', site: site.node }),
        );
      else makeCache(b, site, maker.library);
      return true;
    }
    const shared = sharedCaches[imported.module];
    if (shared && name === shared.constructor) {
      makeCache(b, site, shared.library);
      return true;
    }
    // `mcache.put(key, body)`: a method of the one instance every importer of the module shares.
    if (shared && name !== '' && !name.includes('.')) {
      const store = b.value({ kind: 'store', site: b.sourceCode.ast, library: shared.library, cache: true });
      return storeMethod(b, site, store, name);
    }
    if (memoizers[imported.module]?.includes(name)) {
      memoize(b, site, imported.module);
      return true;
    }
    if (loaders[imported.module]?.includes(name)) {
      makeLoader(b, site);
      return true;
    }
    return false;
  },
  callGlobal(b, site, name) {
    if (!NITRO_MEMOIZERS.includes(name)) return false;
    memoize(b, site, 'nitropack/runtime');
    return true;
  },
  callMethod(b, site, receiver, _f, name) {
    const described = b.describe(receiver);
    if (
      described.kind === 'model' &&
      described.model === 'cache-libraries' &&
      (described.type === 'loader' || described.type === 'caching-loader')
    )
      return loaderMethod(b, site, receiver, name);
    // cacheable's `wrap(fn, options)` memoizes a function, where cache-manager's `wrap(key, load)` loads one value.
    if (described.kind === 'store' && described.library === 'cacheable' && name === 'wrap') {
      memoize(b, site, 'cacheable');
      return true;
    }
    if (
      described.kind !== 'store' ||
      !described.cache ||
      described.library === 'memoize' ||
      described.library.startsWith('react')
    )
      return false;
    return storeMethod(b, site, receiver, name);
  },
  callModelValue(b, site, value) {
    const described = b.describe(value);
    if (described.kind !== 'model' || described.model !== 'cache-libraries' || described.type !== 'memoized')
      return false;
    const returned = keepMemoized(
      b,
      described.site,
      site.node,
      b.engine.field(value, 'target'),
      site.args,
      memoizedPlace(b, described.site),
      value,
    );
    b.engine.edge(returned, site.result);
    return true;
  },
};
