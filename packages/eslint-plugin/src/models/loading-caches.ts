import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { staticPropertyName } from '../analysis/ast.js';
import type { FlowBuilder } from '../analysis/flow/builder.js';
import type { CallSite } from '../analysis/flow/engine.js';
import type { FlowModel } from '../analysis/flow/model.js';
import { keepMemoized } from './cache-libraries.js';
import { exportName } from './export-name.js';

/** cachified (`@epic-web/cachified`, formerly `cachified`): `cachified({ key, cache, getFreshValue })`. */
const cachified: Record<string, readonly string[]> = {
  '@epic-web/cachified': ['', 'default', 'cachified'],
  cachified: ['', 'default', 'cachified'],
};

/** async-cache-dedupe: `createCache(options).define(name, [options], fn)` adds `cache[name](arg)`. */
const dedupeModule = 'async-cache-dedupe';

/** The packages followed here, for the rule doc (checked by the package test). */
export const loadingCachePackages = (): string[] => [...Object.keys(cachified), dedupeModule];

const optionsObject = (node: TSESTree.Node | undefined): TSESTree.ObjectExpression | undefined =>
  node?.type === AST_NODE_TYPES.ObjectExpression ? node : undefined;

/** async-cache-dedupe keeps nothing past the in-flight promise unless a `ttl` other than 0 is given. */
function keepsResults(options: TSESTree.ObjectExpression | undefined): boolean | undefined {
  const ttl = options?.properties.find(
    (property): property is TSESTree.Property =>
      property.type === AST_NODE_TYPES.Property &&
      staticPropertyName(property.key, property.computed) === 'ttl',
  );
  if (!ttl) return undefined;
  return !(ttl.value.type === AST_NODE_TYPES.Literal && ttl.value.value === 0);
}

const argumentsOf = (site: CallSite): readonly TSESTree.Node[] =>
  site.node.type === AST_NODE_TYPES.CallExpression || site.node.type === AST_NODE_TYPES.NewExpression
    ? site.node.arguments
    : [];

/** `define(name, fn)` / `define(name, options, fn)`: the function goes under the name, kept when a ttl says so. */
function define(b: FlowBuilder, site: CallSite, cache: number, cacheKeeps: boolean): void {
  const [nameNode, second, third] = argumentsOf(site);
  const name = nameNode?.type === AST_NODE_TYPES.Literal ? nameNode.value : undefined;
  const fn = site.args[third ? 2 : 1];
  if (typeof name !== 'string' || fn === undefined) return;
  const keeps = (third ? keepsResults(optionsObject(second)) : undefined) ?? cacheKeeps;
  b.engine.edge(fn, b.engine.field(cache, `${keeps ? 'kept' : 'deduped'}:${name}`));
  b.engine.addValue(site.result, cache);
}

/**
 * Caches that call a loader for what they miss: cachified keeps what `getFreshValue` returns (in its `cache`,
 * an lru-cache or a Redis adapter alike) and returns it; a function an async-cache-dedupe cache defines with a
 * ttl keeps what it returns for that long.
 */
export const loadingCachesModel: FlowModel = {
  name: 'loading-caches',
  modules: [...Object.keys(cachified), dedupeModule],
  callImport(b, site, imported) {
    const name = exportName(imported.path);
    if (cachified[imported.module]?.includes(name)) {
      const options = site.args[0];
      if (options === undefined) return true;
      const returned = keepMemoized(
        b,
        site.node,
        site.node,
        b.load(options, 'getFreshValue'),
        [],
        'the cachified cache',
      );
      b.engine.edge(returned, site.result);
      return true;
    }
    if (imported.module !== dedupeModule || name !== 'createCache') return false;
    const keeps = keepsResults(optionsObject(argumentsOf(site)[0])) ?? false;
    b.engine.addValue(
      site.result,
      b.value({
        kind: 'model',
        model: 'loading-caches',
        type: keeps ? 'dedupe-ttl' : 'dedupe',
        site: site.node,
      }),
    );
    return true;
  },
  callMethod(b, site, receiver, _fact, name) {
    const described = b.describe(receiver);
    if (described.kind !== 'model' || described.model !== 'loading-caches') return false;
    if (name === 'define') {
      define(b, site, receiver, described.type === 'dedupe-ttl');
      return true;
    }
    if (name === 'clear' || name === 'invalidateAll' || name === 'invalidate') return true;
    const engine = b.engine;
    // Deduped only: the caller gets what the function returns, nothing stays.
    b.callCallback(site.node, engine.field(receiver, `deduped:${name}`), site.args.slice(0, 1), site.result);
    const kept = keepMemoized(
      b,
      described.site,
      site.node,
      engine.field(receiver, `kept:${name}`),
      site.args.slice(0, 1),
      `the async-cache-dedupe cache's \`${name}\``,
    );
    engine.edge(kept, site.result);
    return true;
  },
};
