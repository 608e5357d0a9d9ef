import type { FunctionNode } from '../ast.js';
import type { FlowBuilder } from '../flow/builder.js';
import type { CallSite } from '../flow/engine.js';
import { argumentBelow, type ParameterOrigin, parameterOrigin, returnsWithin } from './parameter-reads.js';

/**
 * Replies a function hands to a callback its caller passes: `eachPage(ctx, pattern, async (keys) => ...)`
 * calling `onPage(keys)` with each SCAN page. What the callback does with them (keeps them, or builds what it
 * keeps from them) is the caller's code, so a summary says which callback gets the reply and each call runs
 * the caller's callback with it.
 */

/** The argument that is (or holds, below `path`) the callback, and which of its arguments the reply is. */
export interface CallbackArgument {
  argument: number;
  path: string[];
  position: number;
}

const callsByBuilder = new WeakMap<FlowBuilder, Array<{ site: CallSite; origin: ParameterOrigin }>>();

/** A call of a parameter (`onPage(keys)`), recorded while the module is analysed. */
export function recordParameterCall(b: FlowBuilder, site: CallSite, callee: number): void {
  const origin = parameterOrigin(b, callee);
  if (!origin || site.synthetic) return;
  let calls = callsByBuilder.get(b);
  if (!calls) callsByBuilder.set(b, (calls = []));
  calls.push({ site, origin });
}

/** The methods a response is sent with (Express, Fastify, Node's `http`, Hono's context). */
const SENDING = new Set(['json', 'jsonp', 'send', 'end', 'write', 'render', 'text', 'html', 'body']);

/**
 * A response sent on a parameter (`res.json(body)` of a route handler): the caller's response may have a function
 * of its own there (a response cache's `res.json` that keeps the body), so it is a callback of the caller's too.
 */
export function recordParameterMethodCall(
  b: FlowBuilder,
  site: CallSite,
  receiver: number,
  name: string,
): void {
  const origin = parameterOrigin(b, receiver);
  if (!origin || site.synthetic || !SENDING.has(name)) return;
  let calls = callsByBuilder.get(b);
  if (!calls) callsByBuilder.set(b, (calls = []));
  calls.push({ site, origin: { ...origin, path: [...origin.path, name] } });
}

/**
 * The callback of `fn`'s caller that `fn` hands the reply `label` to (first found), itself or inside an object it
 * builds (`res.json({ left })`), once the analysis is done.
 */
export function callbackGiven(b: FlowBuilder, fn: FunctionNode, label: number): CallbackArgument | undefined {
  for (const { site, origin } of callsByBuilder.get(b) ?? []) {
    if (origin.fn !== fn) continue;
    const position = site.args.findIndex((arg) => {
      const values = b.engine.valuesAt(arg);
      return values.includes(label) || returnsWithin(b, new Set(values), label);
    });
    if (position >= 0) return { argument: origin.index, path: [...origin.path], position };
  }
  return undefined;
}

/** At a call of the summarized function: the caller's callback runs with the reply where the function passes it. */
export function runCallerCallback(
  b: FlowBuilder,
  site: CallSite,
  given: CallbackArgument,
  reply: number,
): void {
  const callback = argumentBelow(b, site, given.argument, given.path);
  if (callback === undefined) return;
  const args = Array.from({ length: given.position + 1 }, (_, i) =>
    i === given.position ? reply : b.engine.node(),
  );
  b.callCallback(site.node, callback, args);
}
