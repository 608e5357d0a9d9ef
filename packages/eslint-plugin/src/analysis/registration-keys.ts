import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { endName, importedName, requiredModule } from './ast.js';
import type { FlowBuilder } from './flow/builder.js';
import { staticValue } from './static-value.js';

/**
 * The keys under which a framework registers a client and another module receives it (`registrations.ts`):
 * `s:` a string token's value, `n:` the name a token binding is exported under (a Symbol, a class of the app),
 * `m:` a package's export (`provide: Redis` with `import Redis from 'ioredis'`), `d:` a name the framework puts
 * on an object (a decoration, a cradle entry).
 */

/** The key of the binding an identifier names: a package's export, or the app's name for it. */
export function bindingKey(b: FlowBuilder, identifier: TSESTree.Identifier): string {
  const definition = b.scopes.variableOf(identifier)?.defs[0];
  if (definition?.type === 'ImportBinding') {
    const declaration = definition.parent;
    const specifier = definition.node;
    const module = declaration.type === AST_NODE_TYPES.ImportDeclaration ? declaration.source.value : '';
    const name =
      specifier.type === AST_NODE_TYPES.ImportSpecifier
        ? importedName(specifier)
        : specifier.type === AST_NODE_TYPES.ImportDefaultSpecifier
          ? 'default'
          : '*';
    if (module && !module.startsWith('.')) return `m:${module}#${name}`;
    // A module of the app: its default export keeps the local name (the class it is, as a rule).
    return `n:${name === 'default' || name === '*' ? identifier.name : name}`;
  }
  // `const fastifyRedis = require('@fastify/redis')`
  const init = definition?.node.type === AST_NODE_TYPES.VariableDeclarator ? definition.node.init : undefined;
  const required = requiredModule(init);
  if (required !== undefined && !required.startsWith('.')) return `m:${required}#default`;
  return `n:${identifier.name}`;
}

/** The key of an injection token written as an expression (`REDIS`, `'REDIS_CLIENT'`, `Tokens.REDIS`, `Redis`). */
export function tokenKey(b: FlowBuilder, token: TSESTree.Node): string | undefined {
  const value = staticValue(token, b.sourceCode.getScope(token));
  if (typeof value?.value === 'string') return `s:${value.value}`;
  if (token.type === AST_NODE_TYPES.Identifier) return bindingKey(b, token);
  if (token.type === AST_NODE_TYPES.MemberExpression && !token.computed) return `n:${b.text(token)}`;
  return undefined;
}

/** The token a type annotation names, for injection by type (`constructor(private readonly redis: Redis)`). */
export function typeTokenKey(
  b: FlowBuilder,
  annotation: TSESTree.TSTypeAnnotation | undefined,
): string | undefined {
  const type = annotation?.typeAnnotation;
  if (type?.type !== AST_NODE_TYPES.TSTypeReference || type.typeName.type !== AST_NODE_TYPES.Identifier)
    return undefined;
  return bindingKey(b, type.typeName);
}

/**
 * A Nest wrapper library's own decorator for its client (`@InjectRedis()` of `@nestjs-modules/ioredis` or
 * `@liaoliaots/nestjs-redis`, with the connection's name or none): `t:` and the name, `default` when none.
 */
const WRAPPER_DECORATORS = /^Inject(?:Redis|Valkey)$/;

/** The key of a wrapper library's injected client, or undefined for any other decorator call. */
export function wrapperClientKey(b: FlowBuilder, call: TSESTree.CallExpression): string | undefined {
  if (call.callee.type !== AST_NODE_TYPES.Identifier || !WRAPPER_DECORATORS.test(call.callee.name))
    return undefined;
  return connectionKey(b, call.callee.name, call.arguments[0]);
}

/** A wrapper library's connection by its name (`'cache'`), `default` when none is given. */
function connectionKey(b: FlowBuilder, family: string, name: TSESTree.Node | undefined): string | undefined {
  const value = name ? staticValue(name, b.sourceCode.getScope(name))?.value : 'default';
  return typeof value === 'string' ? `t:${family}#${value}` : undefined;
}

/**
 * `@liaoliaots/nestjs-redis`'s service for the same connections: `redisService.getOrThrow('cache')`, `getOrNil`,
 * and v8's `getClient`, on a receiver named for it. Undefined for any other call.
 */
const WRAPPER_SERVICE_METHODS = new Set(['getOrThrow', 'getOrNil', 'getClient']);
const WRAPPER_SERVICE_NAMES = /^redisService$/i;

export function wrapperServiceKey(b: FlowBuilder, call: TSESTree.CallExpression): string | undefined {
  const callee = call.callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed) return undefined;
  if (!WRAPPER_SERVICE_METHODS.has(endName(callee) ?? '')) return undefined;
  // `redisService.getOrThrow(...)`, `this.redisService.getOrThrow(...)`
  const holderName = endName(callee.object);
  if (holderName === undefined || !WRAPPER_SERVICE_NAMES.test(holderName) || call.arguments.length > 1)
    return undefined;
  return connectionKey(b, 'InjectRedis', call.arguments[0]);
}

/** The decorator calls on a parameter (`@Inject(REDIS)`, `@InjectRedis()`). */
export function parameterDecoratorCalls(parameter: TSESTree.Parameter): TSESTree.CallExpression[] {
  const decorators = (parameter as { decorators?: TSESTree.Decorator[] }).decorators ?? [];
  return decorators.flatMap((decorator) =>
    decorator.expression.type === AST_NODE_TYPES.CallExpression ? [decorator.expression] : [],
  );
}

/** `@Inject(TOKEN)` on a parameter: its token's key; `@InjectRedis()`: the wrapper's client's key. */
export function injectedKey(b: FlowBuilder, parameter: TSESTree.Parameter): string | undefined {
  for (const call of parameterDecoratorCalls(parameter)) {
    const wrapped = wrapperClientKey(b, call);
    if (wrapped !== undefined) return wrapped;
    if (call.callee.type !== AST_NODE_TYPES.Identifier) continue;
    // NestJS and typedi `@Inject(TOKEN)`, tsyringe and inversify `@inject(TOKEN)`.
    if ((call.callee.name !== 'Inject' && call.callee.name !== 'inject') || !call.arguments[0]) continue;
    return tokenKey(b, call.arguments[0]);
  }
  return undefined;
}
