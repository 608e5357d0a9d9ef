import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { FlowBuilder } from '../analysis/flow/builder.js';
import { perRequestObject } from './short-lived-entries.js';

/**
 * `req.app` in a handler of a controller module: the application some caller registers it on, which lives as long
 * as the process, as the app of the module that makes it does (`web-frameworks.ts`). What the handler puts on its
 * `locals` (Express: `req.app.locals.onlineCount = keys.length`) or `context` (Koa: `ctx.app.context.x`) is kept
 * for every later request. The request objects themselves stay the request's.
 */
const appByBuilder = new WeakMap<FlowBuilder, number>();

function callerApp(b: FlowBuilder): number {
  let app = appByBuilder.get(b);
  if (app === undefined) {
    const object = (shape: string) => b.value({ kind: 'object', site: b.sourceCode.ast, shape });
    app = object('caller:app');
    for (const holder of ['locals', 'context'])
      b.engine.addValue(b.engine.field(app, holder), object(`caller:app-${holder}`));
    b.rootNodes.push(b.constant(app));
    appByBuilder.set(b, app);
  }
  return app;
}

/** `req.app`, `res.app`, `ctx.app` of a request object (a parameter, by its name or type): the caller's application. */
export function addCallerApp(
  b: FlowBuilder,
  member: TSESTree.MemberExpression,
  name: string | undefined,
  node: number,
): void {
  if (name !== 'app' || member.object.type !== AST_NODE_TYPES.Identifier) return;
  if (perRequestObject(b, member.object)) b.engine.addValue(node, callerApp(b));
}
