import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { FunctionNode } from './ast.js';
import type { FlowBuilder } from './flow/builder.js';
import { injectedKey, typeTokenKey } from './registration-keys.js';
import { contextKey, registrationSites } from './registration-sites.js';

/**
 * Frameworks hand a client to modules that never import it: a Nest provider (`{ provide: REDIS, useFactory }`)
 * reaches a service as `@Inject(REDIS) redis: Redis`; a fastify or hapi decoration (`fastify.decorate('redis',
 * client)`) as `fastify.redis` or `request.server.redis`; an awilix registration (`container.register({ redis:
 * asValue(client) })`) as `({ redis }) => ...` or `cradle.redis`. Both sides name the same key
 * (`registration-keys.ts`); the registering modules are read for their sites (`registration-sites.ts`), and this
 * module makes their values and fills the receiving side.
 */

export interface RegisteredNode {
  key: string;
  node: number;
  /** The node holds a factory: what it returns is registered. */
  factory: boolean;
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

/**
 * `c.get('redis')`, `context.get(valkeyContext)`: the client another module's middleware puts in the request
 * context under that key, when nothing this module shows puts a client there.
 */
export function contextEntry(b: FlowBuilder, node: number, call: TSESTree.CallExpression): void {
  if (
    !b.resolveRegistration ||
    call.arguments.length !== 1 ||
    call.callee.type !== AST_NODE_TYPES.MemberExpression
  )
    return;
  const key = contextKey(b, call.callee.object, call.arguments[0]);
  if (key === undefined) return;
  const [client] = b.resolveRegistration(b, key, call);
  if (client !== undefined) b.deferClient(node, client);
}
