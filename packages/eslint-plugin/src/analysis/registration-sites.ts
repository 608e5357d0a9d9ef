import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import {
  endName,
  importedName,
  isFunctionNode,
  propertyOf,
  staticPropertyName,
  type FunctionNode,
} from './ast.js';
import type { FlowBuilder } from './flow/builder.js';
import {
  bindingKey,
  parameterDecoratorCalls,
  tokenKey,
  wrapperClientKey,
  wrapperServiceKey,
} from './registration-keys.js';
import { staticValue } from './static-value.js';
import { forEachNode } from './walk.js';

/** Texts that can register something: the modules worth summarizing for registrations. */
export const PROVIDER_PATTERN =
  /\bprovide\s*:|\.register(?:Instance)?(?:<[^>]*>)?\s*\(|\.to(?:ConstantValue|DynamicValue)\s*\(|\bContainer\.set\s*\(/;
/**
 * Where a module is given a Nest wrapper library's connection: `@InjectRedis()`, `@InjectValkey()`, or
 * `redisService.getOrThrow()` of `@liaoliaots/nestjs-redis`.
 */
export const WRAPPER_CONNECTION = String.raw`(?:@Inject(?:Redis|Valkey)\s*\(|redisService\.get(?:OrThrow|OrNil|Client)\s*\()`;
/**
 * A module that turns tracking on for such a connection (`CLIENT TRACKING` sent on it, in either order): every
 * other service the library gives the same connection reads it with that tracking.
 */
export const INJECTED_TRACKING_PATTERN = new RegExp(
  // Anchored lookaheads: one pass over the text for each, however often either occurs.
  String.raw`^(?=[\s\S]*?${WRAPPER_CONNECTION})(?=[\s\S]*?\btracking\b)`,
  'i',
);
/**
 * A function that makes every request's context: tRPC's `createContext` (any `create…Context`), a GraphQL
 * server's `context: async () => ({ redis })` option.
 */
export const MAKES_CONTEXT = /\bcreate\w*Context\b|\bcontext\s*:\s*(?:async\s*)?(?:\(|function\b)/;
export const DECORATION_PATTERN = new RegExp(
  String.raw`\.decorate\s*\(\s*['"${'`'}]|@fastify\/redis|\bas(?:Value|Function)\s*\(|\.(?:locals|context|state)\.[\w$]+\s*=[^=]|` +
    String.raw`\bserver\.app\.[\w$]+\s*=[^=]|\bserver\.bind\s*\(\s*\{|` +
    MAKES_CONTEXT.source,
);
/** The name of such a function. */
const CONTEXT_FUNCTION = /^create\w*Context$/;
/**
 * A request context's entry keys: a key made for it (React Router's `context.set(valkeyContext, client)`, a key
 * from `createContext`), or a string (Hono's `c.set('redis', client)`) on a receiver that goes by a request
 * context's name (`c`, `ctx`, `context`), or an Express app's, whose settings (`app.set('redis', client)`) every
 * route reads as `req.app.get('redis')`. Other keys (`map.set(id, row)`, `config.get('redis')`) are not worth
 * reading.
 */
const MADE_KEY = String.raw`[\w$.]*(?:Context|CONTEXT)`;
const STRING_KEY = String.raw`['"${'`'}][\w$:.-]+['"${'`'}]`;
const CONTEXT_RECEIVERS = 'c|ctx|context|app';
const CONTEXT_NAMES = new RegExp(`^(?:${CONTEXT_RECEIVERS})$`);
const WHOLE_CONTEXT_KEY = new RegExp(`^(?:${STRING_KEY}|${MADE_KEY})$`);
export const CONTEXT_PATTERN = new RegExp(
  String.raw`\.set\s*\(\s*${MADE_KEY}\s*,|(?<![\w$])(?:${CONTEXT_RECEIVERS})\.set\s*\(\s*${STRING_KEY}\s*,`,
);

/** Where a module registers a value under a key: the value's expression, or a factory whose result it is. */
export interface RegistrationSite {
  key: string;
  value?: TSESTree.Node;
  factory?: TSESTree.Node;
  /** A Nest provider `{ provide: ALIAS, useExisting: TOKEN }`: the key of what it gives again. */
  alias?: string;
}

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

/** The token of the `bind(TOKEN)` an inversify chain starts from (`container.bind<Redis>(TYPES.Redis).to...`). */
function boundToken(node: TSESTree.Node): TSESTree.Node | undefined {
  for (let current = node; current.type === AST_NODE_TYPES.CallExpression;) {
    const callee = current.callee;
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    if (staticPropertyName(callee.property, callee.computed) === 'bind') return current.arguments[0];
    current = callee.object;
  }
  return undefined;
}

/**
 * A client a dependency-injection container is given under a token: tsyringe `container.register(TOKEN, {
 * useValue | useFactory })` and `registerInstance(TOKEN, value)`, inversify `bind(TOKEN).toConstantValue(value)`
 * and `.toDynamicValue(() => value)`, typedi `Container.set(TOKEN, value)` and `Container.set({ id, value })`.
 */
function containerRegistration(b: FlowBuilder, call: TSESTree.CallExpression): RegistrationSite | undefined {
  const callee = call.callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = staticPropertyName(callee.property, callee.computed);
  const [first, second] = call.arguments;
  if (!first) return undefined;
  const keyed = (token: TSESTree.Node | undefined, site: Omit<RegistrationSite, 'key'>) => {
    const key = token && tokenKey(b, token);
    return key ? { key, ...site } : undefined;
  };
  if (method === 'register' && second?.type === AST_NODE_TYPES.ObjectExpression) {
    const value = propertyOf(second, 'useValue')?.value;
    const factory = propertyOf(second, 'useFactory')?.value;
    if (value || factory) return keyed(first, value ? { value } : { factory: factory! });
  }
  if (method === 'registerInstance' && second) return keyed(first, { value: second });
  if (method === 'toConstantValue') return keyed(boundToken(callee.object), { value: first });
  if (method === 'toDynamicValue') return keyed(boundToken(callee.object), { factory: first });
  if (
    method === 'set' &&
    callee.object.type === AST_NODE_TYPES.Identifier &&
    callee.object.name === 'Container'
  ) {
    if (second) return keyed(first, { value: second });
    if (first.type === AST_NODE_TYPES.ObjectExpression) {
      const value = propertyOf(first, 'value')?.value;
      const factory = propertyOf(first, 'factory')?.value;
      if (value || factory)
        return keyed(propertyOf(first, 'id')?.value, value ? { value } : { factory: factory! });
    }
  }
  return undefined;
}

/**
 * The key of a request context's entry, when it is one worth reading: a key made for it (`valkeyContext`,
 * by its name, whichever module or alias it is imported through), or a string on a receiver named
 * as a request context (`c.get('redis')`; `config.get('redis')` is a setting, not an entry).
 */
export function contextKey(
  b: FlowBuilder,
  receiver: TSESTree.Node,
  key: TSESTree.Node | undefined,
): string | undefined {
  if (!key || !WHOLE_CONTEXT_KEY.test(b.text(key))) return undefined;
  if (key.type === AST_NODE_TYPES.Identifier) {
    const definition = b.scopes.variableOf(key)?.defs[0];
    const imported =
      definition?.type === 'ImportBinding' && definition.node.type === AST_NODE_TYPES.ImportSpecifier
        ? importedName(definition.node)
        : key.name;
    return `c:n:${imported}`;
  }
  if (key.type === AST_NODE_TYPES.MemberExpression) return `c:n:${b.text(key)}`;
  const name = endName(receiver);
  if (name === undefined || !CONTEXT_NAMES.test(name)) return undefined;
  const token = tokenKey(b, key);
  return token === undefined ? undefined : `c:${token}`;
}

/** Objects every request sees, or the next handler of one: SvelteKit and Express `locals`, Koa's `context` and `state`. */
const SHARED_HOLDERS = new Set(['locals', 'context', 'state']);

/** What an Express application is called where its `locals` are written or read: `app`, `req.app`, `this.app`. */
const APP_NAMES = /^(?:app|application|server|api|express(?:App)?)$/i;

/**
 * Express's `app.locals` is not `res.locals` (a fresh object per request): what the app holds is read as
 * `app.locals.x` or `req.app.locals.x`. The registration name of a member of `holder.locals`, with `app.locals.`
 * before it for the application's.
 */
export function localsMemberName(holder: TSESTree.Node, name: string): string {
  if (holder.type !== AST_NODE_TYPES.MemberExpression) return name;
  if (staticPropertyName(holder.property, holder.computed) !== 'locals') return name;
  const ownerName = endName(holder.object);
  return ownerName !== undefined && APP_NAMES.test(ownerName) ? `app.locals.${name}` : name;
}

/**
 * `event.locals.redis = client` (SvelteKit, Express `res.locals`), `app.context.redis = client` (Koa: every
 * `ctx`), `ctx.state.redis = client` in a middleware module: the name it puts there.
 */
function localsName(node: TSESTree.AssignmentExpression): string | undefined {
  const left = node.left;
  if (node.operator !== '=' || left.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const holder = left.object;
  if (holder.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const shared = staticPropertyName(holder.property, holder.computed) ?? '';
  // hapi's `server.app`: the application's state, read in every route as `request.server.app.x`.
  if (!SHARED_HOLDERS.has(shared) && !(shared === 'app' && endName(holder.object) === 'server'))
    return undefined;
  const name = staticPropertyName(left.property, left.computed);
  return name === undefined ? undefined : localsMemberName(holder, name);
}

/** Each member of an object literal, as a name every handler reads (`{ redis, memo }`: `d:redis`, `d:memo`). */
function memberSites(object: TSESTree.ObjectExpression): RegistrationSite[] {
  return object.properties.flatMap((property) => {
    if (property.type !== AST_NODE_TYPES.Property) return [];
    const name = staticPropertyName(property.key, property.computed);
    return name === undefined ? [] : [{ key: `d:${name}`, value: property.value }];
  });
}

/** Containers a context factory makes for each request: `scratch: new Map()`, `loaders: new DataLoader(...)`. */
const PER_CALL_CONTAINERS = new Set([
  'Map',
  'Set',
  'WeakMap',
  'WeakSet',
  'Array',
  'Object',
  'DataLoader',
  'LRUCache',
]);

/**
 * A value the context factory makes anew on each call, so each request's own: a container (`new Map()`) or an
 * empty literal (`seen: []`). Not a client it makes, nor an object carrying the module's clients (`{ redis }`).
 */
function madeEachCall(value: TSESTree.Node): boolean {
  let node = value;
  while (node.type === AST_NODE_TYPES.TSAsExpression || node.type === AST_NODE_TYPES.TSSatisfiesExpression)
    node = node.expression;
  if (node.type === AST_NODE_TYPES.NewExpression)
    return node.callee.type === AST_NODE_TYPES.Identifier && PER_CALL_CONTAINERS.has(node.callee.name);
  if (node.type === AST_NODE_TYPES.ArrayExpression) return node.elements.length === 0;
  return node.type === AST_NODE_TYPES.ObjectExpression && node.properties.length === 0;
}

/** Whether a node is in a function's body, not run once at the module's top level. */
function insideFunction(node: TSESTree.Node): boolean {
  for (let up = node.parent; up; up = up.parent) if (isFunctionNode(up)) return true;
  return false;
}

/** The objects a function returns from its own body (`return { redis }`, `async () => ({ redis })`). */
function returnedObjects(fn: FunctionNode): TSESTree.ObjectExpression[] {
  if (fn.body.type === AST_NODE_TYPES.ObjectExpression) return [fn.body];
  const objects: TSESTree.ObjectExpression[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (node.type === AST_NODE_TYPES.ReturnStatement) {
      if (node.argument?.type === AST_NODE_TYPES.ObjectExpression) objects.push(node.argument);
      return;
    }
    if (isFunctionNode(node) || node.type === AST_NODE_TYPES.ClassBody) return;
    for (const child of childStatements(node)) visit(child);
  };
  if (fn.body.type === AST_NODE_TYPES.BlockStatement) for (const statement of fn.body.body) visit(statement);
  return objects;
}

/** The statements directly under a block, branch or loop. */
function childStatements(node: TSESTree.Node): TSESTree.Node[] {
  switch (node.type) {
    case AST_NODE_TYPES.BlockStatement:
      return node.body;
    case AST_NODE_TYPES.IfStatement:
      return node.alternate ? [node.consequent, node.alternate] : [node.consequent];
    case AST_NODE_TYPES.TryStatement:
      return [
        node.block,
        ...(node.handler ? [node.handler.body] : []),
        ...(node.finalizer ? [node.finalizer] : []),
      ];
    default:
      return [];
  }
}

/**
 * A function that makes every request's context: `export async function createContext() { return { glide } }`
 * (tRPC: procedures read `ctx.glide`), `context: async () => ({ redis })` of a GraphQL server (resolvers read
 * `context.redis`).
 */
function contextFunction(node: TSESTree.Node): FunctionNode | undefined {
  if (node.type === AST_NODE_TYPES.FunctionDeclaration)
    return node.id && CONTEXT_FUNCTION.test(node.id.name) ? node : undefined;
  const named =
    node.type === AST_NODE_TYPES.VariableDeclarator && node.id.type === AST_NODE_TYPES.Identifier
      ? CONTEXT_FUNCTION.test(node.id.name) && node.init
      : node.type === AST_NODE_TYPES.Property &&
        staticPropertyName(node.key, node.computed) === 'context' &&
        node.value;
  return named && isFunctionNode(named) ? named : undefined;
}

/**
 * The Nest providers, fastify and hapi decorations, awilix registrations, request-context entries and `locals`,
 * and the members of request contexts a module makes.
 */
export function registrationSites(b: FlowBuilder): RegistrationSite[] {
  // A summary reads them for its exports and again for the module's own readers (`registrations.ts`).
  let sites = sitesByBuilder.get(b);
  if (!sites) sitesByBuilder.set(b, (sites = findRegistrationSites(b)));
  return sites;
}

const sitesByBuilder = new WeakMap<FlowBuilder, RegistrationSite[]>();

/**
 * `@InjectRedis() private readonly redis: Redis`: the parameter, registered under the wrapper's key; and
 * `redisService.getOrThrow('cache')`: what the call gives.
 */
function injectedClientSite(b: FlowBuilder, node: TSESTree.Node): RegistrationSite | undefined {
  if (node.type === AST_NODE_TYPES.CallExpression) {
    const key = wrapperServiceKey(b, node);
    return key === undefined ? undefined : { key, value: node };
  }
  if (node.type !== AST_NODE_TYPES.TSParameterProperty && node.type !== AST_NODE_TYPES.Identifier)
    return undefined;
  const declared = node.type === AST_NODE_TYPES.TSParameterProperty ? node.parameter : node;
  if (declared.type !== AST_NODE_TYPES.Identifier) return undefined;
  for (const call of parameterDecoratorCalls(node as TSESTree.Parameter)) {
    const key = wrapperClientKey(b, call);
    if (key !== undefined) return { key, value: declared };
  }
  return undefined;
}

function findRegistrationSites(b: FlowBuilder): RegistrationSite[] {
  const text = b.sourceCode.text;
  const providers = PROVIDER_PATTERN.test(text);
  const decorations = DECORATION_PATTERN.test(text);
  const contexts = CONTEXT_PATTERN.test(text);
  const injected = INJECTED_TRACKING_PATTERN.test(text);
  if (!providers && !decorations && !contexts && !injected) return [];
  const sites: RegistrationSite[] = [];
  forEachNode(b.sourceCode.ast, b.sourceCode.visitorKeys, (node) => {
    if (injected) {
      const site = injectedClientSite(b, node);
      if (site) sites.push(site);
    }
    const makesContext = decorations ? contextFunction(node) : undefined;
    if (makesContext) {
      for (const object of returnedObjects(makesContext))
        sites.push(...memberSites(object).filter((site) => !madeEachCall(site.value!)));
    }
    if (decorations && node.type === AST_NODE_TYPES.AssignmentExpression) {
      const name = localsName(node);
      if (name !== undefined) sites.push({ key: `d:${name}`, value: node.right });
    }
    if (contexts && node.type === AST_NODE_TYPES.CallExpression && node.arguments.length === 2) {
      const callee = node.callee;
      if (
        callee.type === AST_NODE_TYPES.MemberExpression &&
        staticPropertyName(callee.property, callee.computed) === 'set'
      ) {
        const key = contextKey(b, callee.object, node.arguments[0]);
        // A container a middleware puts on each request's context (`c.set('memo', new Map())`) is that
        // request's own; an app's setting (`app.set('cache', new Map())`) is made once.
        const perRequest = endName(callee.object) !== 'app' && madeEachCall(node.arguments[1]!);
        if (key && !(perRequest && insideFunction(node))) sites.push({ key, value: node.arguments[1]! });
      }
    }
    if (providers && node.type === AST_NODE_TYPES.ObjectExpression) {
      const provide = propertyOf(node, 'provide');
      const key = provide && tokenKey(b, provide.value);
      if (!key) return;
      const value = propertyOf(node, 'useValue')?.value;
      const factory = propertyOf(node, 'useFactory')?.value;
      if (value || factory) sites.push({ key, ...(value ? { value } : {}), ...(factory ? { factory } : {}) });
      const existing = propertyOf(node, 'useExisting')?.value;
      const alias = existing && tokenKey(b, existing);
      if (alias && alias !== key) sites.push({ key, alias });
    }
    if (providers && node.type === AST_NODE_TYPES.CallExpression) {
      const site = containerRegistration(b, node);
      if (site) sites.push(site);
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
      // hapi's `server.bind({ memo: new Map() })`: every handler of the plugin sees the object as `h.context`.
      if (
        method === 'bind' &&
        first?.type === AST_NODE_TYPES.ObjectExpression &&
        endName(callee.object) === 'server'
      )
        sites.push(...memberSites(first));
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
