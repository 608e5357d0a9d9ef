import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { declaredFunction, isFunctionNode } from '../analysis/ast.js';
import type { FlowBuilder } from '../analysis/flow/builder.js';
import type { CallSite } from '../analysis/flow/engine.js';
import type { FlowModel } from '../analysis/flow/model.js';
import { PER_REQUEST_SHAPE } from '../analysis/flow/sinks.js';
import { exportName } from './export-name.js';
import { OF_EVERY_ROUTE, requestMethod, sentThrough } from './request-methods.js';
import { cachedResponse } from './response-caches.js';
import { markRequestObjects } from './request-object-nodes.js';

/**
 * Koa and Express middleware: every function registered on an app or router of the module with `use` or a
 * route method gets the same request objects, so what one middleware puts on them (`ctx.state.deps = { valkey
 * }`, `res.locals.redis = client`) is what the next one reads there. One request object per framework and
 * module stands for every request: it is made per request, so nothing kept in it outlives one (it is no
 * sink). What is put on the app itself (`app.context.x` of Koa, `app.locals.x` of Express) lives as long as
 * the app, and every request sees it (Koa: `app.context` is the prototype of every `ctx`,
 * https://koajs.com/#app-context, `ctx.app`; Express: `req.app`, `res.locals`, `app.locals`,
 * https://expressjs.com/en/api.html).
 */

type Framework = 'koa' | 'express';

/** The exports that make an app or a router, by module (`''`: the default export or the module itself). */
const makers: Record<string, { framework: Framework; exports: readonly string[] }> = {
  koa: { framework: 'koa', exports: ['', 'Koa'] },
  '@koa/router': { framework: 'koa', exports: ['', 'Router'] },
  'koa-router': { framework: 'koa', exports: ['', 'Router'] },
  express: { framework: 'express', exports: ['', 'Router', 'express'] },
};

/** Methods that register middleware or a route handler (`router.del` is koa-router's `delete`). */
const registering = new Set([
  'use',
  'all',
  'get',
  'post',
  'put',
  'patch',
  'delete',
  'del',
  'head',
  'options',
]);

interface RequestObjects {
  /** The app (and its routers): what `express()`, `new Koa()`, `new Router()` return. */
  app: number;
  /**
   * The values each parameter holds of a function registered for every route (`use`), or of a route's own
   * (`get('/x', ...)`), by how many parameters it takes.
   */
  parameters: (count: number, route: TSESTree.Node | undefined) => number[][];
}

const made = new WeakMap<FlowBuilder, Map<Framework, RequestObjects>>();

/** The request objects of one framework in one module, with what the app holds for every request. */
function requestObjects(b: FlowBuilder, framework: Framework): RequestObjects {
  let byFramework = made.get(b);
  if (!byFramework) {
    byFramework = new Map();
    made.set(b, byFramework);
  }
  let objects = byFramework.get(framework);
  if (!objects) {
    objects = makeRequestObjects(b, framework);
    byFramework.set(framework, objects);
  }
  return objects;
}

function makeRequestObjects(b: FlowBuilder, framework: Framework): RequestObjects {
  const engine = b.engine;
  const object = (shape: string, site: TSESTree.Node = b.sourceCode.ast) =>
    b.value({
      kind: 'object',
      site,
      shape: `${framework}:${shape}${shape.startsWith('app-') ? '' : PER_REQUEST_SHAPE}`,
    });
  const inherit = (from: number, to: number) =>
    engine.onFields(from, (name, node) => engine.edge(node, engine.field(to, name)));
  /**
   * A request object as three: what the app's middleware puts on it (`shared`, seen by every route), what each
   * route's own functions put on theirs (seen by that route), and all of it together (`seen`, what the app's
   * middleware read after `next()`: Koa's `await next(); store.set(ctx.url, ctx.body)`).
   */
  const split = (shape: string) => {
    const shared = object(shape);
    const seen = object(`${shape}${OF_EVERY_ROUTE}`);
    const own = (route: TSESTree.Node) => {
      const mine = object(shape, route);
      inherit(shared, mine);
      inherit(mine, seen);
      return mine;
    };
    return { shared, seen, own };
  };
  const app = b.value({ kind: 'model', model: 'web', type: framework, site: b.sourceCode.ast });
  // The app lives as long as the process, wherever the module makes it (a router built in `buildRouter()`):
  // what it holds (`req.app.locals.x`, `app.context.x`) is long-lived.
  const holder = engine.node();
  engine.addValue(holder, app);
  b.rootNodes.push(holder);
  if (framework === 'koa') {
    const ctx = split('context');
    const appContext = object('app-context');
    engine.addValue(engine.field(ctx.shared, 'state'), object('state'));
    engine.addValue(engine.field(app, 'context'), appContext);
    // `ctx.app`: the application (`ctx.app.context.x = ...` is `app.context.x`).
    engine.addValue(engine.field(ctx.shared, 'app'), app);
    // `app.context.redis = client`: every `ctx.redis`.
    inherit(appContext, ctx.shared);
    // `(ctx, next)`
    return {
      app,
      parameters: (_count, route) => [route ? [ctx.own(route)] : [ctx.shared, ctx.seen]],
    };
  }
  const req = split('request');
  const res = split('response');
  engine.addValue(engine.field(res.shared, 'locals'), object('locals'));
  engine.addValue(engine.field(app, 'locals'), object('app-locals'));
  engine.addValue(engine.field(req.shared, 'res'), res.shared);
  engine.addValue(engine.field(res.shared, 'req'), req.shared);
  engine.addValue(engine.field(req.shared, 'app'), app);
  engine.addValue(engine.field(res.shared, 'app'), app);
  const error = object('error');
  return {
    app,
    parameters: (count, route) => {
      const both = route
        ? ownPair(route)
        : [
            [req.shared, req.seen],
            [res.shared, res.seen],
          ];
      // An error handler takes four parameters: `(err, req, res, next)`.
      return count >= 4 ? [[error], ...both] : both;
    },
  };

  function ownPair(route: TSESTree.Node): number[][] {
    const ownReq = req.own(route);
    const ownRes = res.own(route);
    engine.addValue(engine.field(ownReq, 'res'), ownRes);
    engine.addValue(engine.field(ownRes, 'req'), ownReq);
    return [[ownReq], [ownRes]];
  }
}

/**
 * `app.use(fn)`, `router.get('/x', auth, handler)`: each function argument runs with the request objects; behind
 * a response cache (`router.get('/x', cache('1 hour'), handler)`) with a response whose body is kept.
 */
function register(b: FlowBuilder, site: CallSite, framework: Framework, method: string): void {
  const objects = requestObjects(b, framework);
  // A route's functions get request objects of their own: what its middleware puts on them (`res.send = (body)
  // => { store.set(url, body); ... }` of a `cache(10)` before its handler) reaches its handler, not every route's.
  const route = method === 'use' || method === 'all' ? undefined : (site.node as TSESTree.Node);
  const byCount = new Map<number, number[]>();
  const parameters = (count: number) => {
    let nodes = byCount.get(count);
    if (!nodes) {
      nodes = objects.parameters(count, route).map((values) => {
        const node = b.engine.node();
        for (const value of values) b.engine.addValue(node, value);
        return node;
      });
      markRequestObjects(b, nodes);
      byCount.set(count, nodes);
    }
    return nodes;
  };
  const cached = framework === 'express' ? cachedResponse(b, site.node, method) : undefined;
  const handlers = cached === undefined ? new Set<TSESTree.Node>() : handlersWritten(b, site.node);
  for (const argument of site.args) {
    b.engine.listenValues(argument, (value) => {
      const described = b.describe(value);
      const fn = described.kind === 'function' ? described.fn : undefined;
      const imported =
        described.kind === 'model' && described.model === 'imported' && described.type === 'function';
      if (!imported && !fn) return;
      const args = [...parameters(fn ? fn.params.length : framework === 'koa' ? 1 : 2)];
      // Behind a response cache, a handler written there or of another module (`leases.show`).
      if (cached !== undefined && args.length >= 2 && (!fn || handlers.has(fn))) {
        // The response the handler sends on is the cached route's own: copy it, the cached response beside it.
        const response = b.engine.node();
        b.engine.edge(args[1]!, response);
        b.engine.addValue(response, cached);
        args.splice(1, 1, response);
      }
      // A function of another module (`responseCache({ ttlMs })`, `leases.show`) runs as its summary says.
      b.callCallback(site.node as TSESTree.Node, b.constant(value), args);
    });
  }
  // `wrap(async (req, res) => ...)`: the handler a wrapper of the route is given answers on the route's response.
  for (const handler of handlers)
    if (cached !== undefined && isFunctionNode(handler) && !directArgument(site.node, handler))
      b.engine.addValue(b.paramSlot(handler, 1), cached);
}

/**
 * The handlers a registration names as written: a function (or the function a name declares) among its arguments
 * or given to a call among them (`wrap(async (req, res) => ...)`). What a wrapper returns is shared by all its
 * calls, so a cached route's response goes to these only.
 */
function handlersWritten(b: FlowBuilder, call: TSESTree.Node): Set<TSESTree.Node> {
  const found = new Set<TSESTree.Node>();
  if (call.type !== AST_NODE_TYPES.CallExpression) return found;
  const add = (node: TSESTree.Node): void => {
    if (isFunctionNode(node)) found.add(node);
    else if (node.type === AST_NODE_TYPES.Identifier) {
      const fn = declaredFunction(b.scopes.variableOf(node)?.defs[0]?.node);
      if (fn) found.add(fn);
    }
  };
  for (const argument of call.arguments) {
    add(argument);
    if (argument.type === AST_NODE_TYPES.CallExpression) argument.arguments.forEach(add);
  }
  return found;
}

const directArgument = (call: TSESTree.Node, fn: TSESTree.Node): boolean =>
  call.type === AST_NODE_TYPES.CallExpression && (call.arguments as readonly TSESTree.Node[]).includes(fn);

/**
 * Packages that wrap an async handler so a rejection reaches `next` (`asyncHandler(controller.show)`): the route
 * runs the handler itself, with the route's request objects.
 */
const handlerWrappers: Record<string, readonly string[]> = {
  'express-async-handler': [''],
  'express-async-wrap': [''],
  '@awaitjs/express': ['wrap'],
};

export const webFrameworksModel: FlowModel = {
  name: 'web-frameworks',
  modules: [...Object.keys(makers), ...Object.keys(handlerWrappers)],
  callImport(b, site, imported) {
    if (handlerWrappers[imported.module]?.includes(exportName(imported.path))) {
      if (site.args[0] !== undefined) b.engine.edge(site.args[0], site.result);
      return true;
    }
    const maker = makers[imported.module];
    if (!maker?.exports.includes(exportName(imported.path))) return false;
    b.engine.addValue(site.result, requestObjects(b, maker.framework).app);
    return true;
  },
  callMethod(b, site, receiver, _fact, name) {
    const described = b.describe(receiver);
    if (described.kind === 'object') {
      const result = requestMethod(described.shape, name);
      // Request data holds nothing the app put on the request object; a chained call returns that object.
      if (result === 'self') b.engine.addValue(site.result, receiver);
      const through = sentThrough(described.shape, name, site.node);
      if (through !== undefined) b.callValuesAt(b.engine.field(receiver, through), site);
      return result !== undefined;
    }
    if (described.kind !== 'model' || described.model !== 'web') return false;
    if (!registering.has(name)) return false;
    register(b, site, described.type as Framework, name);
    return true;
  },
};
