import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { type FunctionNode, propertyOf, staticPropertyName } from '../analysis/ast.js';

/**
 * Functions a framework caches the results of because the code declares so: a Nitro cached event handler, a hapi
 * server method with a `cache` (catbox keeps what it returns for every caller) and a Moleculer action with
 * `cache: true` or `cache: { keys, ttl }` (the broker's cacher keeps it). How a message names the cache, or undefined.
 * `names`: where the module names the function (`server.method('stops.list', listStopIds, { cache })`), beside the
 * function written in place.
 */
export function cachedByOption(fn: FunctionNode, names: readonly TSESTree.Node[] = []): string | undefined {
  for (const at of [fn, ...names]) {
    if (cachedEventHandler(at)) return "the response Nitro's cache keeps for this handler";
    const method = cachedServerMethod(at);
    if (method !== undefined) return `the cache of the hapi server method \`${method}\``;
    const action = cachedAction(at);
    if (action !== undefined) return `the cacher's entry for the Moleculer action \`${action}\``;
  }
  return undefined;
}

/** Nitro's `defineCachedEventHandler(async (event) => ..., { maxAge })` (`cachedEventHandler`), imported or not. */
function cachedEventHandler(fn: TSESTree.Node): boolean {
  const call = fn.parent;
  return (
    call?.type === AST_NODE_TYPES.CallExpression &&
    call.arguments[0] === fn &&
    call.callee.type === AST_NODE_TYPES.Identifier &&
    CACHED_HANDLERS.has(call.callee.name)
  );
}

const CACHED_HANDLERS = new Set(['defineCachedEventHandler', 'cachedEventHandler']);

/**
 * `server.method('stock', load, { cache: { expiresIn } })`, or `server.method({ name, method, options: { cache } })`,
 * also in an array of them.
 */
function cachedServerMethod(fn: TSESTree.Node): string | undefined {
  let call = fn.parent;
  let options: TSESTree.Node | undefined;
  let name: TSESTree.Node | undefined;
  if (call?.type === AST_NODE_TYPES.CallExpression && call.arguments[1] === fn) {
    [name, , options] = call.arguments;
  } else if (call?.type === AST_NODE_TYPES.Property && keyOf(call) === 'method') {
    const object = call.parent;
    if (object.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
    name = propertyOf(object, 'name')?.value;
    options = propertyOf(object, 'options')?.value;
    // One of several registered at once: `server.method([{ name, method, options }, ...])`.
    const given = object.parent?.type === AST_NODE_TYPES.ArrayExpression ? object.parent : object;
    call = given.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== given) return undefined;
  } else return undefined;
  const callee = call.callee;
  if (
    callee.type !== AST_NODE_TYPES.MemberExpression ||
    staticPropertyName(callee.property, callee.computed) !== 'method'
  )
    return undefined;
  if (options?.type !== AST_NODE_TYPES.ObjectExpression || !propertyOf(options, 'cache')) return undefined;
  return name?.type === AST_NODE_TYPES.Literal && typeof name.value === 'string' ? name.value : 'method';
}

/** The `handler` of an action of a service schema's `actions` with a `cache` other than `false`: its name. */
function cachedAction(fn: TSESTree.Node): string | undefined {
  const handler = fn.parent;
  if (handler?.type !== AST_NODE_TYPES.Property || keyOf(handler) !== 'handler') return undefined;
  const definition = handler.parent;
  if (definition.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  const cache = propertyOf(definition, 'cache')?.value;
  if (!cache || (cache.type === AST_NODE_TYPES.Literal && cache.value === false)) return undefined;
  const action = definition.parent;
  if (action?.type !== AST_NODE_TYPES.Property) return undefined;
  const actions = action.parent.parent;
  return actions?.type === AST_NODE_TYPES.Property && keyOf(actions) === 'actions'
    ? keyOf(action)
    : undefined;
}

const keyOf = (property: TSESTree.Property): string | undefined =>
  staticPropertyName(property.key, property.computed);
