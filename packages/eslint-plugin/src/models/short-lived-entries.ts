import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { isFunctionNode, staticPropertyName } from '../analysis/ast.js';
import type { FlowBuilder } from '../analysis/flow/builder.js';

/**
 * The callbacks of a promise method that run when the promise resolves: `finally`'s, `then`'s first. One that
 * runs only on a rejection (`catch`, `then`'s second) leaves every reply that arrived in the store (a memoizer
 * that retries failures).
 */
function onResolve(method: string, args: readonly TSESTree.Node[]): readonly TSESTree.Node[] {
  if (method === 'finally') return args;
  return method === 'then' ? args.slice(0, 1) : [];
}

/** The expressions a value may be: itself, or what its variable is declared or assigned as. */
function definitions(b: FlowBuilder, value: TSESTree.Node): TSESTree.Node[] {
  if (value.type !== AST_NODE_TYPES.Identifier) return [value];
  const variable = b.scopes.variableOf(value);
  if (!variable) return [];
  const found: TSESTree.Node[] = [];
  for (const reference of variable.references) if (reference.writeExpr) found.push(reference.writeExpr);
  return found;
}

/** Whether a function's body deletes from the store the text names (`this.inflight.delete(key)`). */
const deletesFrom = (b: FlowBuilder, fn: TSESTree.Node, store: string): boolean =>
  isFunctionNode(fn) && b.text(fn.body).includes(`${store}.delete(`);

/**
 * `load(key).finally(() => inflight.delete(key))`, kept as `inflight.set(key, p)`: the entry leaves the store
 * when its promise settles, so no caller gets a reply older than its own request (a single-flight). Also the
 * promise's settling callback attached after it is stored (`p.finally(...)` on the same variable).
 */
export function deletesItselfWhenSettled(b: FlowBuilder, value: TSESTree.Node, store: string): boolean {
  for (const definition of definitions(b, value)) {
    for (let expression: TSESTree.Node = definition; ;) {
      if (expression.type === AST_NODE_TYPES.AwaitExpression) return false;
      if (expression.type !== AST_NODE_TYPES.CallExpression) break;
      const callee = expression.callee;
      if (callee.type !== AST_NODE_TYPES.MemberExpression) break;
      const method = callee.property.type === AST_NODE_TYPES.Identifier ? callee.property.name : '';
      if (onResolve(method, expression.arguments).some((argument) => deletesFrom(b, argument, store)))
        return true;
      expression = callee.object;
    }
  }
  if (value.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = b.scopes.variableOf(value);
  return (variable?.references ?? []).some((reference) => {
    const member = reference.identifier.parent;
    const call = member?.parent;
    return (
      member?.type === AST_NODE_TYPES.MemberExpression &&
      member.object === reference.identifier &&
      call?.type === AST_NODE_TYPES.CallExpression &&
      call.callee === member &&
      member.property.type === AST_NODE_TYPES.Identifier &&
      onResolve(member.property.name, call.arguments).some((argument) => deletesFrom(b, argument, store))
    );
  });
}

/**
 * Names and types a request object goes by in handlers (node:http, Express and its `AuthedRequest extends
 * Request`, fastify, Koa, Hono, SvelteKit, h3/Nitro, Next.js, Astro, Remix, Lambda, a GraphQL resolver's
 * `ctx: GraphQLContext`). Not a socket: a connection outlives its requests (keep-alive), and a WebSocket lives for
 * hours.
 */
const REQUEST_NAMES = /^(?:req|request|res|response|reply|ctx|context|c|event)$/;
const REQUEST_TYPES =
  /^(?:IncomingMessage|ServerResponse|Response|FastifyReply|NextApiResponse|(?:Loader|Action)FunctionArgs)$|Request$|^Request[A-Z]|(?:Context|Ctx)$|Event(?:V2)?$/;

/**
 * A key that is one request's object: a handler's parameter by its name or type (`req: IncomingMessage`; an
 * event, one per invocation: `APIGatewayRequestAuthorizerEvent`, `SQSEvent`, `H3Event`, `RequestEvent`). A
 * WeakMap entry under it is collected with the request, so it serves that request only.
 */
/**
 * Members of a request object that are that request's too (`c.req.raw` of Hono, `event.node.req` of h3,
 * `ctx.request` of Koa, `res.locals`); not what the app or the connection holds (`req.app`, `c.env`, `req.socket`).
 */
const REQUEST_MEMBERS = new Set(['req', 'raw', 'request', 'res', 'response', 'node', 'locals', 'state']);

export function perRequestObject(b: FlowBuilder, key: TSESTree.Node): boolean {
  if (
    key.type === AST_NODE_TYPES.MemberExpression &&
    REQUEST_MEMBERS.has(staticPropertyName(key.property, key.computed) ?? '')
  )
    return perRequestObject(b, key.object);
  if (key.type !== AST_NODE_TYPES.Identifier) return false;
  const definition = b.scopes.variableOf(key)?.defs[0];
  if (definition?.type !== 'Parameter') return false;
  const identifier = definition.name as TSESTree.Identifier;
  const type = identifier.typeAnnotation?.typeAnnotation;
  const typeName =
    type?.type === AST_NODE_TYPES.TSTypeReference
      ? type.typeName.type === AST_NODE_TYPES.Identifier
        ? type.typeName.name
        : type.typeName.type === AST_NODE_TYPES.TSQualifiedName
          ? type.typeName.right.name
          : undefined
      : undefined;
  return typeName !== undefined ? REQUEST_TYPES.test(typeName) : REQUEST_NAMES.test(identifier.name);
}
