import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { staticPropertyName } from './ast.js';
import type { FlowBuilder } from './flow/builder.js';
import { bindingKey, tokenKey } from './registration-keys.js';
import { staticValue } from './static-value.js';
import { forEachNode } from './walk.js';

/** Texts that can register something: the modules worth summarizing for registrations. */
export const PROVIDER_PATTERN = /\bprovide\s*:/;
export const DECORATION_PATTERN = /\.decorate\s*\(\s*['"`]|@fastify\/redis|\bas(?:Value|Function)\s*\(/;

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
