import type { TSESTree } from '@typescript-eslint/utils';
import type { FunctionNode } from '../ast.js';
import type { FlowBuilder } from '../flow/builder.js';
import type { CallSite } from '../flow/engine.js';
import { sentThrough } from '../../models/request-methods.js';
import { argumentBelow, type ParameterOrigin, parameterOrigin, someWithin } from './parameter-reads.js';

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
  /** The call that hands the reply on, in the summarized module (`res.send({ left })`). */
  call: TSESTree.Node;
}

type ParameterCall = { site: CallSite; origin: ParameterOrigin };

/** The calls of parameters recorded in a module, by the function whose parameters they are, once each. */
const callsByBuilder = new WeakMap<FlowBuilder, Map<ParameterOrigin['fn'], Map<string, ParameterCall>>>();

function record(b: FlowBuilder, site: CallSite, origin: ParameterOrigin): void {
  let byFunction = callsByBuilder.get(b);
  if (!byFunction) callsByBuilder.set(b, (byFunction = new Map()));
  let calls = byFunction.get(origin.fn);
  if (!calls) byFunction.set(origin.fn, (calls = new Map()));
  const key = `${site.id}:${origin.index}:${origin.path.join('.')}`;
  if (!calls.has(key)) calls.set(key, { site, origin });
}

/** A call of a parameter (`onPage(keys)`), recorded while the module is analysed. */
export function recordParameterCall(b: FlowBuilder, site: CallSite, callee: number): void {
  const origin = parameterOrigin(b, callee);
  if (!origin || site.synthetic) return;
  record(b, site, origin);
}

/**
 * A caller's callback a client command calls with its reply (`client.keys(pattern, cb)` of a node-style helper):
 * the library's call, so synthetic, but the reply goes to the caller's callback as if the function called it.
 */
export function recordCommandCallback(b: FlowBuilder, site: CallSite, callee: number): void {
  // Parameters are markers only in a summary: the module's own analysis has no caller's callback to record.
  if (!b.summarizing) return;
  b.engine.listenValues(callee, (value) => {
    const origin = parameterOrigin(b, value);
    if (origin) record(b, site, origin);
  });
}

/** The methods a response is sent with (Express, Fastify, Node's `http`, Hono's context). */
const SENDING = new Set(['json', 'jsonp', 'send', 'end', 'write', 'render', 'text', 'html', 'body']);

/** Methods of a response that return it, for chaining: `res.status(404).json(...)`, Fastify's `reply.code(200)`. */
const CHAINING = new Set(['status', 'code', 'set', 'header', 'type']);

/**
 * A response sent on a parameter (`res.json(body)` of a route handler): the caller's response may have a function
 * of its own there (a response cache's `res.json` that keeps the body), so it is a callback of the caller's too,
 * also at the end of a chain (`res.status(200).send(body)`).
 */
export function recordParameterMethodCall(
  b: FlowBuilder,
  site: CallSite,
  receiver: number,
  name: string,
): void {
  const origin = parameterOrigin(b, receiver);
  if (!origin || site.synthetic) return;
  if (CHAINING.has(name)) b.engine.addValue(site.result, receiver);
  if (SENDING.has(name)) record(b, site, { ...origin, path: [...origin.path, name] });
}

/**
 * The callback of `fn`'s caller that `fn` hands the reply `label` to (first found), itself or inside an object it
 * builds (`res.json({ left })`), once the analysis is done.
 */
export function callbackGiven(b: FlowBuilder, fn: FunctionNode, label: number): CallbackArgument | undefined {
  for (const { site, origin } of callsByBuilder.get(b)?.get(fn)?.values() ?? []) {
    const position = site.args.findIndex((arg) => heldAt(b, arg).has(label));
    if (position >= 0) return { argument: origin.index, path: [...origin.path], position, call: site.node };
  }
  return undefined;
}

const heldByBuilder = new WeakMap<FlowBuilder, Map<number, Set<number>>>();

/** What an argument node holds, itself or in objects it holds two levels down (`res.json({ left })`), once. */
function heldAt(b: FlowBuilder, node: number): Set<number> {
  let byNode = heldByBuilder.get(b);
  if (!byNode) heldByBuilder.set(b, (byNode = new Map()));
  let held = byNode.get(node);
  if (!held) {
    const found = new Set(b.engine.valuesAt(node));
    someWithin(b, [...found], 2, (inside) => {
      for (const one of inside) found.add(one);
      return false;
    });
    held = found;
    byNode.set(node, held);
  }
  return held;
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
  // `res.json(body)` sends through `res.send`, which the caller's response cache may have replaced instead.
  const name = given.path.at(-1);
  const owner =
    name === undefined ? undefined : argumentBelow(b, site, given.argument, given.path.slice(0, -1));
  if (owner === undefined || name === undefined) return;
  b.engine.listenValues(owner, (value) => {
    const described = b.describe(value);
    const through = described.kind === 'object' ? sentThrough(described.shape, name, given.call) : undefined;
    if (through !== undefined) b.callCallback(site.node, b.engine.field(value, through), args);
  });
}
