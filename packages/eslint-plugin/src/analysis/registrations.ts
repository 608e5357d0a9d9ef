import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { endName, type FunctionNode, isFunctionNode } from './ast.js';
import type { FlowBuilder } from './flow/builder.js';
import { injectedKey, typeTokenKey, wrapperServiceKey } from './registration-keys.js';
import { contextKey, registrationSites } from './registration-sites.js';

/**
 * Frameworks hand a client to modules that never import it: a Nest provider (`{ provide: REDIS, useFactory }`)
 * reaches a service as `@Inject(REDIS) redis: Redis`; a fastify or hapi decoration (`fastify.decorate('redis',
 * client)`) as `fastify.redis` or `request.server.redis`; an awilix registration (`container.register({ redis:
 * asValue(client) })`) as `({ redis }) => ...` or `cradle.redis`. Both sides name the same key
 * (`registration-keys.ts`); the registering modules are read for their sites (`registration-sites.ts`), and this
 * module makes their values and fills the receiving side.
 */

export type RegisteredNode =
  | {
      key: string;
      node: number;
      /** The node holds a factory: what it returns is registered. */
      factory: boolean;
    }
  /** `useExisting`: the key registers again what `alias` registers. */
  | { key: string; alias: string };

/**
 * The node of each registration's value, made before facts propagate (a provider inside a class decorator is
 * no expression the module's statements build): the value itself, or the factory whose result it is (a
 * function of the module, or one another module exports).
 */
export function registeredNodes(b: FlowBuilder): RegisteredNode[] {
  return registrationSites(b).map((site) =>
    site.alias !== undefined
      ? { key: site.key, alias: site.alias }
      : site.value
        ? { key: site.key, node: b.valueOf(site.value), factory: false }
        : { key: site.key, node: b.valueOf(site.factory!), factory: true },
  );
}

const localSites = new WeakMap<FlowBuilder, Map<string, TSESTree.Node>>();

/**
 * The node of what this module itself registers under `key`, for a module that both registers and receives:
 * an inversify container bound beside the classes it makes, a fastify app whose routes read its own
 * decoration. The other modules' registrations come from `b.resolveRegistration`, which skips this one.
 */
function localRegistration(b: FlowBuilder, key: string): number | undefined {
  const registered = localSitesOf(b).get(key);
  if (!registered) return undefined;
  // `res.locals.userId = session.userId`: the registered value is itself a member of that name, which asks
  // for this registration again while it is being built.
  let building = buildingRegistrations.get(b);
  if (!building) buildingRegistrations.set(b, (building = new Set()));
  if (building.has(key)) return undefined;
  building.add(key);
  try {
    const node = b.valueOf(registered);
    return isFunctionNode(registered) ? b.returnNode(registered) : node;
  } finally {
    building.delete(key);
  }
}

/** What this module registers, by key: the first value (or factory written in place) for each. */
function localSitesOf(b: FlowBuilder): Map<string, TSESTree.Node> {
  let sites = localSites.get(b);
  if (!sites) {
    sites = new Map();
    const all = registrationSites(b);
    for (const site of all) {
      // A factory written in place is read for what it returns; one named elsewhere is left to the types.
      const registered =
        site.value ?? (site.factory && isFunctionNode(site.factory) ? site.factory : undefined);
      if (registered && !sites.has(site.key)) sites.set(site.key, registered);
    }
    // `useExisting`: the alias stands for what its token registers here.
    for (const site of all) {
      const target = site.alias === undefined ? undefined : sites.get(site.alias);
      if (target && !sites.has(site.key)) sites.set(site.key, target);
    }
    localSites.set(b, sites);
  }
  return sites;
}

const buildingRegistrations = new WeakMap<FlowBuilder, Set<string>>();

const isConstructor = (fn: FunctionNode) =>
  fn.parent?.type === AST_NODE_TYPES.MethodDefinition && fn.parent.kind === 'constructor';

/** The registration key of a parameter a framework fills: `@Inject(REDIS) redis`, or a constructor's `redis: Redis`. */
const parameterKey = (
  b: FlowBuilder,
  fn: FunctionNode,
  parameter: TSESTree.Parameter,
  declared: TSESTree.Identifier,
) => injectedKey(b, parameter) ?? (isConstructor(fn) ? typeTokenKey(b, declared.typeAnnotation) : undefined);

/**
 * A parameter a framework fills from what this module registers: linked to it (true), so the parameter
 * holds that client with its tracking rather than one known only by its type.
 */
export function linkLocallyRegisteredParameter(
  b: FlowBuilder,
  fn: FunctionNode,
  parameter: TSESTree.Parameter,
  declared: TSESTree.Identifier,
): boolean {
  const key = parameterKey(b, fn, parameter, declared);
  const local = key === undefined ? undefined : localRegistration(b, key);
  const node = b.identifierNode(declared);
  // A wrapper library's injected client registers the parameter itself (`registration-sites.ts`).
  if (local === undefined || node === undefined || local === node) return false;
  b.engine.edge(local, node);
  return true;
}

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
  const key = parameterKey(b, fn, parameter, declared);
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
  if (name === undefined) return;
  const local = localRegistration(b, `d:${name}`);
  if (local !== undefined) {
    // A cache the module registers itself (hapi's `server.bind({ memo })` beside the routes reading `h.context.memo`).
    if (onCacheHolder(site)) b.deferStoresOf(node, local);
    return b.deferClientsOf(node, local);
  }
  if (!b.resolveRegistration) return;
  const [registered] = b.resolveRegistration(b, `d:${name}`, site);
  if (registered === undefined) return;
  // A registered cache is read only off a request context or the app (`ctx.memo`, `opts.ctx.memo`,
  // `fastify.replies`): a member of that name on anything else is another object's.
  if (b.describe(registered).kind === 'store' && !onCacheHolder(site)) return;
  deferRegistered(b, node, registered);
}

/**
 * What another module registers, for `node`: a client where the module shows no client there, a cache only where
 * it shows nothing at all.
 */
function deferRegistered(b: FlowBuilder, node: number, registered: number): void {
  if (b.describe(registered).kind === 'store') b.deferWhereEmpty(node, registered);
  else b.deferClient(node, registered);
}

/**
 * Receivers a registered cache is read off: a request context, the app a decoration is on (`fastify.cache`), or
 * the `locals` an Express app or a middleware fills (`req.app.locals.holds`, set as `app.locals.holds = new Map()`).
 */
const CACHE_HOLDERS = /^(?:ctx|context|fastify|app|server|instance|locals)$/i;

const onCacheHolder = (site: TSESTree.Node): boolean => {
  const holder = holderOf(site);
  const name = holder && endName(holder);
  return name !== undefined && CACHE_HOLDERS.test(name);
};

/** The object a member is read off: `ctx` of `ctx.memo`, `h.context` of `const { memo } = h.context`. */
function holderOf(site: TSESTree.Node): TSESTree.Node | undefined {
  if (site.type === AST_NODE_TYPES.MemberExpression) return site.object;
  const pattern = site.parent;
  if (site.type !== AST_NODE_TYPES.Property || pattern?.type !== AST_NODE_TYPES.ObjectPattern)
    return undefined;
  return pattern.parent?.type === AST_NODE_TYPES.VariableDeclarator
    ? (pattern.parent.init ?? undefined)
    : undefined;
}

/**
 * `c.get('redis')`, `context.get(valkeyContext)`: the client another module's middleware puts in the request
 * context under that key, when nothing this module shows puts a client there.
 */
export function contextEntry(b: FlowBuilder, node: number, call: TSESTree.CallExpression): void {
  if (call.arguments.length !== 1 || call.callee.type !== AST_NODE_TYPES.MemberExpression) return;
  const key = contextKey(b, call.callee.object, call.arguments[0]);
  if (key === undefined) return;
  const local = localRegistration(b, key);
  if (local !== undefined) {
    // A cache the module's own middleware puts in the context (`c.set('memo', memo)`), read by its helpers.
    b.deferStoresOf(node, local);
    return b.deferClientsOf(node, local);
  }
  if (!b.resolveRegistration) return;
  const [registered] = b.resolveRegistration(b, key, call);
  if (registered !== undefined) deferRegistered(b, node, registered);
}

/**
 * `redisService.getOrThrow('cache')` of `@liaoliaots/nestjs-redis`: the library's ioredis connection of that
 * name, with the tracking a service of the project turns on for it (another call of this module, or a
 * registration of another module), else known by what gives it.
 */
export function wrapperServiceClient(b: FlowBuilder, node: number, call: TSESTree.CallExpression): void {
  const key = wrapperServiceKey(b, call);
  if (key === undefined) return;
  // The call that registers the connection is the one its tracking is sent on: it is the connection.
  const registers = localSitesOf(b).get(key);
  const local = registers === call ? undefined : localRegistration(b, key);
  if (local !== undefined) return b.engine.edge(local, node);
  // Another module's service may turn tracking on for it even where this module registers it too (a controller
  // whose `tracking` field put it among the registering modules): that connection, beside the one it shows.
  const [registered] = b.resolveRegistration ? b.resolveRegistration(b, key, call) : [];
  if (registered !== undefined) b.engine.addValue(node, registered);
  if (registered === undefined || registers === call)
    b.engine.addValue(
      node,
      b.value({ kind: 'client', site: call, library: 'ioredis', cluster: false, origin: 'typed' }),
    );
}
