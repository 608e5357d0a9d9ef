import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { type FunctionNode, importedName, staticPropertyName } from './ast.js';
import type { FlowBuilder } from './flow/builder.js';
import { staticValue } from './static-value.js';
import { forEachNode } from './walk.js';

/**
 * Frameworks hand a client to modules that never import it: a Nest provider (`{ provide: REDIS, useFactory }`)
 * reaches a service as `@Inject(REDIS) redis: Redis`; a fastify or hapi decoration (`fastify.decorate('redis',
 * client)`) as `fastify.redis` or `request.server.redis`; an awilix registration (`container.register({ redis:
 * asValue(client) })`) as `({ redis }) => ...` or `cradle.redis`. Both sides name the same key, which this module
 * computes: `s:` a string token's value, `n:` the name a token binding is exported under (a Symbol, a class of
 * the app), `m:` a package's export (`provide: Redis` with `import Redis from 'ioredis'`), `d:` a name the
 * framework puts on an object (a decoration, a cradle entry).
 */

/** Texts that can register something: the modules worth summarizing for registrations. */
export const PROVIDER_PATTERN = /\bprovide\s*:/;
export const DECORATION_PATTERN = /\.decorate\s*\(\s*['"`]|@fastify\/redis|\bas(?:Value|Function)\s*\(/;

/** The key of the binding an identifier names: a package's export, or the app's name for it. */
function bindingKey(b: FlowBuilder, identifier: TSESTree.Identifier): string {
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
  if (
    init?.type === AST_NODE_TYPES.CallExpression &&
    init.callee.type === AST_NODE_TYPES.Identifier &&
    init.callee.name === 'require' &&
    init.arguments[0]?.type === AST_NODE_TYPES.Literal &&
    typeof init.arguments[0].value === 'string' &&
    !init.arguments[0].value.startsWith('.')
  )
    return `m:${init.arguments[0].value}#default`;
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

/** `@Inject(TOKEN)` on a parameter: its token's key. */
export function injectedKey(b: FlowBuilder, parameter: TSESTree.Parameter): string | undefined {
  const decorators = (parameter as { decorators?: TSESTree.Decorator[] }).decorators ?? [];
  for (const decorator of decorators) {
    const call = decorator.expression;
    if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.Identifier)
      continue;
    if (call.callee.name !== 'Inject' || !call.arguments[0]) continue;
    return tokenKey(b, call.arguments[0]);
  }
  return undefined;
}

export interface RegisteredNode {
  key: string;
  node: number;
  /** The node holds a factory: what it returns is registered. */
  factory: boolean;
}

/** Where a module registers a value under a key: the value's expression, or a factory whose result it is. */
export interface RegistrationSite {
  key: string;
  value?: TSESTree.Node;
  factory?: TSESTree.Node;
}

const propertyOf = (object: TSESTree.ObjectExpression, name: string) =>
  object.properties.find(
    (p): p is TSESTree.Property =>
      p.type === AST_NODE_TYPES.Property && staticPropertyName(p.key, p.computed) === name,
  );

/** Lifetime and option calls chained on an awilix resolver (`asFunction(make).singleton()`). */
const RESOLVER_OPTIONS = new Set([
  'singleton',
  'scoped',
  'transient',
  'setLifetime',
  'inject',
  'disposer',
  'proxy',
  'classic',
]);

/** What an awilix resolver registers: `asValue(client)` its value, `asFunction(make)` what `make` returns. */
function awilixResolver(node: TSESTree.Node): Omit<RegistrationSite, 'key'> | undefined {
  let call = node;
  while (
    call.type === AST_NODE_TYPES.CallExpression &&
    call.callee.type === AST_NODE_TYPES.MemberExpression &&
    RESOLVER_OPTIONS.has(staticPropertyName(call.callee.property, call.callee.computed) ?? '')
  )
    call = call.callee.object;
  if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.Identifier)
    return undefined;
  const [argument] = call.arguments;
  if (!argument) return undefined;
  if (call.callee.name === 'asValue') return { value: argument };
  if (call.callee.name === 'asFunction') return { factory: argument };
  return undefined;
}

/** The Nest providers, fastify and hapi decorations and awilix registrations a module makes. */
export function registrationSites(b: FlowBuilder): RegistrationSite[] {
  const text = b.sourceCode.text;
  const providers = PROVIDER_PATTERN.test(text);
  const decorations = DECORATION_PATTERN.test(text);
  if (!providers && !decorations) return [];
  const sites: RegistrationSite[] = [];
  forEachNode(b.sourceCode.ast, b.sourceCode.visitorKeys, (node) => {
    if (providers && node.type === AST_NODE_TYPES.ObjectExpression) {
      const provide = propertyOf(node, 'provide');
      const key = provide && tokenKey(b, provide.value);
      if (!key) return;
      const value = propertyOf(node, 'useValue')?.value;
      const factory = propertyOf(node, 'useFactory')?.value;
      if (value || factory) sites.push({ key, ...(value ? { value } : {}), ...(factory ? { factory } : {}) });
    }
    if (decorations && node.type === AST_NODE_TYPES.CallExpression) {
      const callee = node.callee;
      if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed) return;
      const method = staticPropertyName(callee.property, false);
      const [first, second] = node.arguments;
      // `fastify.decorate('redis', client)`, hapi's `server.decorate('request', 'redis', client)`
      if (method === 'decorate' && first && second) {
        const third = node.arguments[2];
        const [nameNode, value] = third ? [second, third] : [first, second];
        const name = staticValue(nameNode, b.sourceCode.getScope(nameNode))?.value;
        if (typeof name === 'string') sites.push({ key: `d:${name}`, value });
      }
      // awilix: `container.register({ redis: asValue(client) })`, `container.register('redis', asFunction(make))`
      if (method === 'register' && first) {
        if (first.type === AST_NODE_TYPES.ObjectExpression) {
          for (const property of first.properties) {
            if (property.type !== AST_NODE_TYPES.Property) continue;
            const name = staticPropertyName(property.key, property.computed);
            const resolver = name === undefined ? undefined : awilixResolver(property.value);
            if (resolver) sites.push({ key: `d:${name}`, ...resolver });
          }
        } else if (second) {
          const name = staticValue(first, b.sourceCode.getScope(first))?.value;
          const resolver = typeof name === 'string' ? awilixResolver(second) : undefined;
          if (resolver) sites.push({ key: `d:${name}`, ...resolver });
        }
      }
      // `fastify.register(fastifyRedis, { client })`: @fastify/redis decorates `fastify.redis` with it.
      if (method === 'register' && first?.type === AST_NODE_TYPES.Identifier && second) {
        const plugin = bindingKey(b, first);
        const options = second.type === AST_NODE_TYPES.ObjectExpression ? second : undefined;
        const client = options && propertyOf(options, 'client')?.value;
        if (plugin.startsWith('m:@fastify/redis#') && client && !propertyOf(options, 'namespace'))
          sites.push({ key: 'd:redis', value: client });
      }
    }
  });
  return sites;
}

/**
 * The node of each registration's value, made before facts propagate (a provider inside a class decorator is
 * no expression the module's statements build): the value itself, or the factory whose result it is (a
 * function of the module, or one another module exports).
 */
export function registeredNodes(b: FlowBuilder): RegisteredNode[] {
  return registrationSites(b).map((site) =>
    site.value
      ? { key: site.key, node: b.valueOf(site.value), factory: false }
      : { key: site.key, node: b.valueOf(site.factory!), factory: true },
  );
}

const isConstructor = (fn: FunctionNode) =>
  fn.parent?.type === AST_NODE_TYPES.MethodDefinition && fn.parent.kind === 'constructor';

/**
 * A parameter a framework fills from a registration of another module: `@Inject(REDIS) redis: Redis`, or a
 * constructor parameter injected by its type (`redis: Redis` where a provider is `provide: Redis`).
 */
export function registeredParameter(
  b: FlowBuilder,
  fn: FunctionNode,
  parameter: TSESTree.Parameter,
  declared: TSESTree.Identifier,
): number | undefined {
  if (!b.resolveRegistration) return undefined;
  const key =
    injectedKey(b, parameter) ?? (isConstructor(fn) ? typeTokenKey(b, declared.typeAnnotation) : undefined);
  return key === undefined ? undefined : b.resolveRegistration(b, key, declared)[0];
}

/**
 * `fastify.redis`, `request.server.redis`, `this.redis` in a route: the client another module decorates the
 * instance with, when nothing this module shows puts a client there (deferred until propagation says so).
 */
export function decoratedMember(
  b: FlowBuilder,
  node: number,
  name: string | undefined,
  site: TSESTree.Node,
): void {
  if (!b.resolveRegistration || name === undefined) return;
  const [client] = b.resolveRegistration(b, `d:${name}`, site);
  if (client !== undefined) b.deferClient(node, client);
}
