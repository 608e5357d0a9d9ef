import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { requiredModule, staticPropertyName } from '../analysis/ast.js';
import type { FlowBuilder } from '../analysis/flow/builder.js';
import { projectModulesMatching } from '../analysis/imports/project-files.js';

/**
 * Store adapters that keep entries outside the process: keyv's (`@keyv/redis`, `@keyv/postgres`, ...) and
 * cache-manager's (`cache-manager-redis-yet`, `cache-manager-ioredis-yet`, ...). A cache on one of them is a
 * copy in another server, as a value written back to Redis is, not one this process keeps.
 */
const REMOTE_MODULES = /^@keyv\/(?!bigmap$|serialize$|compress)|^cache-manager-|node-cache-manager-|^keyv-/;
/** `new Keyv('redis://...')`, `{ uri: 'mongodb://...' }`: keyv loads the adapter the URI's scheme names. */
const STORE_URI = /^[a-z][a-z0-9+.-]*:\/\//i;

/** The module an identifier is imported or required from. */
export function moduleOf(b: FlowBuilder, node: TSESTree.Node): string | undefined {
  let name: TSESTree.Node = node;
  while (name.type === AST_NODE_TYPES.MemberExpression) name = name.object;
  if (name.type !== AST_NODE_TYPES.Identifier) return undefined;
  const definition = b.scopes.variableOf(name)?.defs[0];
  if (definition?.type === 'ImportBinding') {
    const declaration = definition.parent;
    return declaration?.type === AST_NODE_TYPES.ImportDeclaration ? declaration.source.value : undefined;
  }
  let required =
    definition?.node.type === AST_NODE_TYPES.VariableDeclarator ? definition.node.init : undefined;
  // `require('@keyv/redis').default`, `await import(...)` aside: the module the member is read off.
  while (
    required?.type === AST_NODE_TYPES.MemberExpression ||
    required?.type === AST_NODE_TYPES.AwaitExpression
  )
    required = required.type === AST_NODE_TYPES.MemberExpression ? required.object : required.argument;
  return requiredModule(required);
}

/** Whether an adapter argument keeps its entries outside the process. */
function remoteAdapter(b: FlowBuilder, node: TSESTree.Node | undefined): boolean {
  if (!node) return false;
  if (node.type === AST_NODE_TYPES.AwaitExpression) return remoteAdapter(b, node.argument);
  if (node.type === AST_NODE_TYPES.Literal)
    return typeof node.value === 'string' && STORE_URI.test(node.value);
  if (node.type === AST_NODE_TYPES.TemplateLiteral) return STORE_URI.test(node.quasis[0]?.value.cooked ?? '');
  if (node.type === AST_NODE_TYPES.NewExpression || node.type === AST_NODE_TYPES.CallExpression) {
    const module = moduleOf(b, node.callee);
    // A keyv wrapping a remote adapter is itself remote (`stores: [new Keyv({ store: new KeyvRedis() })]`).
    if (module === 'keyv') return remoteKeyv(b, node.arguments);
    return module !== undefined && REMOTE_MODULES.test(module);
  }
  if (node.type === AST_NODE_TYPES.Identifier) {
    const module = moduleOf(b, node);
    if (module !== undefined) return REMOTE_MODULES.test(module);
    // `const store = new KeyvRedis(url); new Keyv({ store })`.
    const definition = b.scopes.variableOf(node)?.defs[0];
    const init =
      definition?.node.type === AST_NODE_TYPES.VariableDeclarator ? definition.node.init : undefined;
    return init !== undefined && init !== null && init !== node && remoteAdapter(b, init);
  }
  return false;
}

/** `new Keyv(adapter | uri, options)` or `new Keyv({ store, uri })`. */
function remoteKeyv(b: FlowBuilder, args: readonly TSESTree.Node[]): boolean {
  const [first] = args;
  if (first?.type !== AST_NODE_TYPES.ObjectExpression) return remoteAdapter(b, first);
  return first.properties.some(
    (p) =>
      p.type === AST_NODE_TYPES.Property &&
      ['store', 'uri'].includes(staticPropertyName(p.key, p.computed) ?? '') &&
      remoteAdapter(b, p.value),
  );
}

/**
 * Whether a cache a library makes keeps its entries in another server: keyv on a remote adapter,
 * cache-manager 5's `caching(redisStore)`, or cache-manager 6's `createCache({ stores })` with only remote
 * stores (its default, and a `new Keyv()` among them, keep entries in memory).
 */
export function storesRemotely(b: FlowBuilder, library: string, call: TSESTree.Node): boolean {
  if (call.type !== AST_NODE_TYPES.NewExpression && call.type !== AST_NODE_TYPES.CallExpression) return false;
  const args = call.arguments;
  if (library === 'keyv') return remoteKeyv(b, args);
  if (library !== 'cache-manager') return false;
  const [first] = args;
  if (first?.type !== AST_NODE_TYPES.ObjectExpression) return remoteAdapter(b, first);
  const stores = first.properties.find(
    (p): p is TSESTree.Property =>
      p.type === AST_NODE_TYPES.Property && staticPropertyName(p.key, p.computed) === 'stores',
  )?.value;
  return (
    stores?.type === AST_NODE_TYPES.ArrayExpression &&
    stores.elements.length > 0 &&
    stores.elements.every((element) => element !== null && remoteAdapter(b, element))
  );
}

/** A module that registers Nest's cache module and imports a remote store adapter (`redisStore`, `KeyvRedis`). */
const REMOTE_CACHE_MODULE =
  /^(?=[\s\S]*\bCacheModule\.register)(?=[\s\S]*(?:\bfrom|\brequire\s*\()\s*['"](?:@keyv\/(?!bigmap['"])|cache-manager-|@[\w-]+\/node-cache-manager-|keyv-))/;

/**
 * Whether the `Cache` Nest injects (`@Inject(CACHE_MANAGER) cache: Cache`) keeps its entries in another server:
 * the project registers `CacheModule` on a Redis store (`CacheModule.register({ store: redisStore })`,
 * `stores: [new KeyvRedis(url)]`).
 */
export const injectedCacheIsRemote = (file: string | undefined): boolean =>
  file !== undefined && projectModulesMatching(file, REMOTE_CACHE_MODULE).length > 0;
