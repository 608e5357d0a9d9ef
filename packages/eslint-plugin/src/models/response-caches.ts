import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { staticPropertyName } from '../analysis/ast.js';
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

/**
 * The response a GET route behind a response cache gives its handlers (`router.get('/x', cache('1 hour'),
 * handler)`, the handler written there or named): what they send on it is kept. Undefined for any other route.
 */
export function cachedResponse(b: FlowBuilder, call: TSESTree.Node, method: string): number | undefined {
  if (method !== 'get' || call.type !== AST_NODE_TYPES.CallExpression) return undefined;
  if (!call.arguments.some((argument) => responseCacheMiddleware(b, argument))) return undefined;
  const path = call.arguments[0];
  const where = path?.type === AST_NODE_TYPES.Literal ? ` for GET ${String(path.value)}` : '';
  const store = b.value({ kind: 'store', site: call, library: 'apicache', cache: true });
  const data = { store, place: `the response apicache keeps${where}` };
  const response = b.value({ kind: 'model', model: 'response-caches', type: 'response', site: call, data });
  // Its sending methods keep the body, called on the response here or by a handler of another module.
  const keeper = b.value({ kind: 'model', model: 'response-caches', type: 'keeper', site: call, data });
  for (const name of SENDS) b.engine.addValue(b.engine.field(response, name), keeper);
  return response;
}

/** What a cached route's handler sends on its response is kept in the cache's store. */
export const responseCachesModel: FlowModel = {
  name: 'response-caches',
  callMethod(b, site, receiver, _fact, name) {
    const described = b.describe(receiver);
    if (described.kind !== 'model' || described.model !== 'response-caches') return false;
    if (CHAINS.has(name)) b.engine.addValue(site.result, receiver);
    return false;
  },
  callModelValue(b, site, value) {
    const described = b.describe(value);
    if (described.kind !== 'model' || described.model !== 'response-caches' || described.type !== 'keeper')
      return false;
    const sent = site.args[0];
    if (sent === undefined) return true;
    const { store, place } = described.data as { store: number; place: string };
    b.engine.edge(sent, contents(b, store), Step.Store);
    b.recordStore({ node: site.node, kind: 'content', base: b.constant(store), value: sent, place });
    return true;
  },
};
