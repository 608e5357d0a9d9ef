import { type FunctionNode, parameterIdentifier } from '../ast.js';
import type { FlowBuilder } from '../flow/builder.js';

/** The members of a parameter whose value a summary follows on its own: a Koa context's response body. */
const FOLLOWED = ['body'];

/**
 * The members of parameter `index` that `fn` reads by name (`ctx.body`), among those followed: a middleware that
 * keeps `ctx.body` after `await next()` keeps what its caller's handlers put there, not the context itself.
 */
export function readMembers(b: FlowBuilder, fn: FunctionNode, index: number): string[] {
  const name = parameterIdentifier(fn, index)?.name;
  if (!name) return [];
  const text = b.text(fn);
  return FOLLOWED.filter((member) => text.includes(`${name}.${member}`));
}
