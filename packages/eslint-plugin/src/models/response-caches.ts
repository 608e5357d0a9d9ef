import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { type FunctionNode, staticPropertyName } from '../analysis/ast.js';
import type { FlowBuilder } from '../analysis/flow/builder.js';
import { Step } from '../analysis/flow/engine.js';
import type { FlowModel } from '../analysis/flow/model.js';
import { moduleOf } from './remote-stores.js';
import { contents } from './stores.js';

/**
 * Response caches an Express route names among its middleware: apicache's `apicache.middleware('5 minutes')`
 * (or `const cache = apicache.middleware; cache('1 hour')`) keeps in memory what the handler sends for a GET
 * (https://github.com/kwhitley/apicache), and answers every later request from it until the duration passes.
 */
const RESPONSE_CACHES = new Set(['apicache']);

/** The methods of a response that send a body (kept), and those that return the response for chaining. */
const SENDS = new Set(['json', 'send', 'jsonp']);
const CHAINS = new Set(['status', 'set', 'header', 'type', 'vary']);

/** `apicache.middleware(...)`, or a call of a name given `apicache.middleware` (`cache('5 minutes')`). */
function responseCacheMiddleware(b: FlowBuilder, node: TSESTree.Node): boolean {
  if (node.type !== AST_NODE_TYPES.CallExpression) return false;
  let callee: TSESTree.Node = node.callee;
  if (callee.type === AST_NODE_TYPES.Identifier) {
    const definition = b.scopes.variableOf(callee)?.defs[0];
    const init =
      definition?.node.type === AST_NODE_TYPES.VariableDeclarator ? definition.node.init : undefined;
    if (!init) return false;
    callee = init;
  }
  return (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    staticPropertyName(callee.property, callee.computed) === 'middleware' &&
    RESPONSE_CACHES.has(moduleOf(b, callee.object) ?? '')
  );
}

/** The GET route a handler is registered for behind a response cache: `router.get('/x', cache('1 hour'), fn)`. */
function cachedRoute(b: FlowBuilder, fn: FunctionNode): TSESTree.CallExpression | undefined {
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression)
    return undefined;
  if (staticPropertyName(call.callee.property, call.callee.computed) !== 'get') return undefined;
  const at = (call.arguments as readonly TSESTree.Node[]).indexOf(fn);
  return at > 0 && call.arguments.slice(0, at).some((argument) => responseCacheMiddleware(b, argument))
    ? call
    : undefined;
}

/** What a cached route's handler sends is kept: its response parameter stands for the cache's copy. */
export const responseCachesModel: FlowModel = {
  name: 'response-caches',
  setupFunction(b, fn) {
    if (fn.params.length < 2) return;
    const route = cachedRoute(b, fn);
    if (!route) return;
    const path = route.arguments[0];
    const where = path?.type === AST_NODE_TYPES.Literal ? ` for GET ${String(path.value)}` : '';
    const store = b.value({ kind: 'store', site: route, library: 'apicache', cache: true });
    const response = b.value({
      kind: 'model',
      model: 'response-caches',
      type: 'response',
      site: route,
      data: { store, place: `the response apicache keeps${where}` },
    });
    b.engine.addValue(b.paramSlot(fn, 1), response);
  },
  callMethod(b, site, receiver, _fact, name) {
    const described = b.describe(receiver);
    if (described.kind !== 'model' || described.model !== 'response-caches') return false;
    if (CHAINS.has(name)) b.engine.addValue(site.result, receiver);
    const sent = site.args[0];
    if (!SENDS.has(name) || sent === undefined) return false;
    const { store, place } = described.data as { store: number; place: string };
    b.engine.edge(sent, contents(b, store), Step.Store);
    b.recordStore({ node: site.node, kind: 'content', base: b.constant(store), value: sent, place });
    return false;
  },
};
