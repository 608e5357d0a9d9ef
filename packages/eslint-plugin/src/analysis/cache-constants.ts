import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { singleAssignment } from './ast.js';

/**
 * A client-side cache made in a constants or config module (`clientSideCache: ClientSideCache.create(1024,
 * 60_000)` in `config.js`), as the constant a module importing it reads: which library's cache, and the options
 * written with it. A config module's options objects hold them beside host names and ports.
 */
export const CLIENT_SIDE_CACHE = Symbol('client-side cache');

export interface CacheConstant {
  [CLIENT_SIDE_CACHE]: 'glide' | 'node-redis';
  /** The options object, as constants (undefined when none is written or it is not an object literal). */
  options: Record<string, unknown> | undefined;
  /** glide's entry TTL, in milliseconds, when a literal (`ClientSideCache.create(kb, ttl)`, `entryTtlMs`). */
  ttl?: number;
}

export const isCacheConstant = (value: unknown): value is CacheConstant =>
  typeof value === 'object' && value !== null && CLIENT_SIDE_CACHE in value;

/** `ClientSideCache.create`, `BasicClientSideCache`: the callee as written, one object deep. */
const dottedName = (callee: TSESTree.Node): string =>
  callee.type === AST_NODE_TYPES.Identifier
    ? callee.name
    : callee.type === AST_NODE_TYPES.MemberExpression && callee.property.type === AST_NODE_TYPES.Identifier
      ? `${callee.object.type === AST_NODE_TYPES.Identifier ? `${callee.object.name}.` : ''}${callee.property.name}`
      : '';

/**
 * The cache a construction makes: glide's `ClientSideCache.create(kb, ttl, options)` or `new
 * ClientSideCache(options)`, node-redis's `new BasicClientSideCache(options)` (or the pooled one), written in place
 * or in a `const` of the module; `options` turns an object literal into constants, `resolve` an expression.
 */
export function cacheConstruction(
  node: TSESTree.Node,
  sourceCode: Readonly<TSESLint.SourceCode>,
  options: (literal: TSESTree.ObjectExpression) => Record<string, unknown>,
  resolve: (node: TSESTree.Node) => { value: unknown } | null,
  depth = 0,
): CacheConstant | undefined {
  if (node.type === AST_NODE_TYPES.Identifier && depth === 0) {
    const init = singleAssignment(node, sourceCode.getScope(node));
    return init ? cacheConstruction(init, sourceCode, options, resolve, depth + 1) : undefined;
  }
  if (node.type !== AST_NODE_TYPES.CallExpression && node.type !== AST_NODE_TYPES.NewExpression)
    return undefined;
  const name = dottedName(node.callee);
  const isNew = node.type === AST_NODE_TYPES.NewExpression;
  const library =
    (isNew && /(?:^|\.)ClientSideCache$/.test(name)) ||
    (!isNew && /(?:^|\.)ClientSideCache\.create$/.test(name))
      ? 'glide'
      : isNew && /(?:^|\.)Basic(?:Pooled)?ClientSideCache$/.test(name)
        ? 'node-redis'
        : undefined;
  if (!library) return undefined;
  const written = node.arguments[library === 'glide' && !isNew ? 2 : 0];
  const given = written?.type === AST_NODE_TYPES.ObjectExpression ? options(written) : undefined;
  const ttlArgument = library === 'glide' && !isNew ? node.arguments[1] : undefined;
  const ttlValue = ttlArgument && resolve(ttlArgument)?.value;
  const ttl =
    typeof ttlValue === 'number'
      ? ttlValue
      : typeof given?.entryTtlMs === 'number'
        ? given.entryTtlMs
        : undefined;
  return { [CLIENT_SIDE_CACHE]: library, options: given, ...(ttl !== undefined ? { ttl } : {}) };
}
