import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { PER_REQUEST_SHAPE } from '../analysis/flow/sinks.js';
import { unwrapExpression } from '../analysis/ast.js';

/**
 * The methods of Koa's and Express's request objects, by what they return. Left unresolved, a call's result
 * would be derived from its receiver, and so from everything any handler ever put on the one request object
 * that stands for every request (`ctx.body = reply` in one route made `ctx.get('x-country')` in another
 * carry that reply). These return request or response data, or the object itself for chaining
 * (https://koajs.com/#request, https://koajs.com/#response, https://expressjs.com/en/api.html).
 */

/** The shape suffix of the request object the app's middleware see every route's writes on (`web-frameworks.ts`). */
export const OF_EVERY_ROUTE = '-of-every-route';

/** What a call returns: data of the request or response (nothing the app put there), or the receiver. */
export type RequestMethodResult = 'data' | 'self';

const data = (...names: string[]) => names.map((name) => [name, 'data'] as const);
const self = (...names: string[]) => names.map((name) => [name, 'self'] as const);

const accepts = ['is', 'accepts', 'acceptsEncodings', 'acceptsCharsets', 'acceptsLanguages'];

/** By the request object's shape (`web-frameworks.ts`): `koa:context`, `express:request`, `express:response`. */
const methods: Record<string, ReadonlyMap<string, RequestMethodResult>> = {
  // `ctx.get(field)` reads a request header; `ctx.set`, `ctx.throw`, ... return nothing of use.
  'koa:context': new Map([
    ...data('get', ...accepts, 'set', 'append', 'remove', 'vary', 'throw', 'assert', 'redirect'),
    ...data('attachment', 'flushHeaders', 'toJSON', 'inspect'),
  ]),
  'express:request': new Map(data('get', 'header', ...accepts, 'range', 'param')),
  // Express's response methods return the response, for `res.status(404).json(...)`; `res.get` reads a header.
  'express:response': new Map([
    ...data('get'),
    ...self('status', 'set', 'header', 'type', 'contentType', 'cookie', 'clearCookie', 'location', 'links'),
    ...self('vary', 'append', 'attachment', 'json', 'jsonp', 'send', 'sendStatus', 'end', 'redirect'),
    ...self('render', 'format', 'download', 'sendFile'),
  ]),
};

/** The framework's shape of a request object, whichever route's or request's it is. */
function baseShape(shape: string): string {
  const object = shape.endsWith(PER_REQUEST_SHAPE) ? shape.slice(0, -PER_REQUEST_SHAPE.length) : shape;
  return object.endsWith(OF_EVERY_ROUTE) ? object.slice(0, -OF_EVERY_ROUTE.length) : object;
}

/** What `name` of a request object of this shape returns, or undefined when it is no method the frameworks give it. */
export function requestMethod(shape: string, name: string): RequestMethodResult | undefined {
  return methods[baseShape(shape)]?.get(name);
}

/**
 * The method a response method sends through (Express): `res.json(body)` and `res.jsonp(body)` end in
 * `this.send(...)`, and `res.send(object)` hands the object to `this.json(...)`. A response cache that replaced one
 * keeps what a handler sends with the other.
 */
export function sentThrough(shape: string, name: string, call: TSESTree.Node): string | undefined {
  if (baseShape(shape) !== 'express:response') return undefined;
  if (name === 'json' || name === 'jsonp') return 'send';
  const body =
    call.type === AST_NODE_TYPES.CallExpression ? unwrapExpression(call.arguments[0] ?? call) : undefined;
  const literal =
    body?.type === AST_NODE_TYPES.ObjectExpression || body?.type === AST_NODE_TYPES.ArrayExpression;
  return name === 'send' && literal ? 'json' : undefined;
}
