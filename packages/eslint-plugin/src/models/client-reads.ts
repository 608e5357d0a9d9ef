import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { isFunctionNode, programOf, returnedExpressions } from '../analysis/ast.js';
import type { FlowBuilder } from '../analysis/flow/builder.js';
import type { CallSite } from '../analysis/flow/engine.js';
import { recordCommandCallback } from '../analysis/imports/parameter-callbacks.js';
import { createRead, type Read, type ReadShape } from '../analysis/flow/reads.js';
import { lookup } from '@valkey-track/rules-data';
import { commandOfMethod, type MethodCommand, normalizeName } from '../clients/command-names.js';

/** Methods that take the whole command as arguments, and how. */
const rawMethods: Record<string, 'spread' | 'first-array'> = {
  call: 'spread',
  callbuffer: 'spread',
  // node_redis 3 `send_command(name, [args])`
  send_command: 'spread',
  // node-redis `sendCommand([...])`, glide `customCommand([...])`
  sendcommand: 'first-array',
  customcommand: 'first-array',
};

export const isRawMethod = (name: string): boolean =>
  name === 'send_command' ? true : normalizeName(name) in rawMethods;

/**
 * What callback-era code names the callback it hands on (`redis.pttl(key, next)` in an async.js iteratee,
 * `client.get(key, cb)`, `done`): a trailing argument so named is no word of the command.
 */
const CALLBACK_NAME = /^(?:cb|callback|next|done)(?:[A-Z_\d]\w*)?$/;

/**
 * The arguments of a call as AST nodes, without a trailing callback (a function, or an argument named as one:
 * after other arguments, or alone for a command that takes none, `client.dbsize(cb)`).
 */
export function commandArguments(call: TSESTree.Node, takesNoArguments = false): TSESTree.Node[] {
  if (call.type !== AST_NODE_TYPES.CallExpression && call.type !== AST_NODE_TYPES.NewExpression) return [];
  const args = call.arguments.filter((argument) => !isFunctionNode(argument));
  const last = args[args.length - 1];
  const callback =
    (args.length > 1 || takesNoArguments) &&
    ((last?.type === AST_NODE_TYPES.Identifier && CALLBACK_NAME.test(last.name)) ||
      (last?.type === AST_NODE_TYPES.CallExpression && makesCallback(last)));
  return callback ? args.slice(0, -1) : args;
}

/**
 * A call of a function the module declares at its top level that returns a function literal
 * (`client.client('TRACKING', 'ON', ..., logError('tracking'))`): a callback made for the command.
 */
function makesCallback(call: TSESTree.CallExpression): boolean {
  const callee = call.callee;
  if (callee.type !== AST_NODE_TYPES.Identifier) return false;
  const program = programOf(call);
  if (!program) return false;
  for (const statement of program.body) {
    const fn =
      statement.type === AST_NODE_TYPES.FunctionDeclaration && statement.id?.name === callee.name
        ? statement
        : statement.type === AST_NODE_TYPES.VariableDeclaration
          ? statement.declarations.find(
              (d) => d.id.type === AST_NODE_TYPES.Identifier && d.id.name === callee.name,
            )?.init
          : undefined;
    if (!fn || !isFunctionNode(fn)) continue;
    const returned = returnedExpressions(fn);
    return returned.length > 0 && returned.every(isFunctionNode);
  }
  return false;
}

/** A command that is its name alone (DBSIZE, RANDOMKEY, TIME): arity 1 in COMMAND INFO. */
const takesNoArguments = (command: MethodCommand | undefined): boolean =>
  command !== undefined && command.head.length === 1 && lookup(command.head[0]!.toLowerCase())?.arity === 1;

/** How a method call on a client (or pipeline) sends its command; undefined when the method sends none. */
export function shapeOfMethod(b: FlowBuilder, name: string, call: TSESTree.Node): ReadShape | undefined {
  const command = commandOfMethod(name);
  const args = commandArguments(call, takesNoArguments(command));
  const raw = name === 'send_command' ? 'spread' : rawMethods[normalizeName(name)];
  if (raw) {
    if (raw === 'first-array') {
      // node-redis cluster: `sendCommand(firstKey, isReadonly, args)` (packages/client/lib/cluster/index.ts).
      const first =
        args.find((arg) => arg.type === AST_NODE_TYPES.ArrayExpression) ??
        (args.length >= 3 ? args[2] : args[0]);
      // ioredis `sendCommand(new Command(...))` passes a Command object: its model makes the read.
      if (!first || first.type === AST_NODE_TYPES.NewExpression) return undefined;
      return { style: 'raw', method: normalizeName(name), args: [first], spread: false };
    }
    return { style: 'raw', method: normalizeName(name), args, spread: true };
  }
  if (command) return { style: 'method', method: name, args };
  const script = b.scriptCommands.get(name.replace(/Buffer$/, ''));
  if (script)
    return { style: 'script-method', method: name, lua: script.lua, numberOfKeys: script.numberOfKeys, args };
  return undefined;
}

/**
 * A command method called on a client: records the read and gives the call its reply. With `callbacks`
 * (ioredis, node_redis 3), a function passed last is a node-style callback and gets `(error, reply)`.
 */
export function clientCommand(
  b: FlowBuilder,
  site: CallSite,
  client: number,
  tag: number,
  name: string,
  options: { callbacks: boolean; pipeline?: number; into?: number; onParameter?: boolean },
): Read | undefined {
  const shape = shapeOfMethod(b, name, site.node);
  if (!shape) return undefined;
  const read = createRead(b, site, client, tag, shape, {
    ...(options.pipeline !== undefined ? { pipeline: options.pipeline } : {}),
    ...(options.into !== undefined ? { into: options.into } : {}),
    ...(options.onParameter ? { onParameter: true } : {}),
    report: reportNode(site.node),
  });
  if (options.callbacks && site.args.length > 0) {
    const reply = options.into ?? site.result;
    const callback = site.args[site.args.length - 1]!;
    // A callback of the caller of the function sending it (`client.keys(pattern, cb)`) gets the reply too.
    recordCommandCallback(b, b.callCallback(site.node, callback, [b.engine.node(), reply]), callback);
  }
  return read;
}

/**
 * Where a finding about a call goes: the call, except in the middle of a chain (`redis.pipeline().get(k).pttl(k)`),
 * where the call starts at the chain's start, or with the method on a line of its own: there the finding goes on
 * the method name.
 */
export function reportNode(call: TSESTree.Node): TSESTree.Node {
  if (call.type !== AST_NODE_TYPES.CallExpression) return call;
  const callee = call.callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return call;
  let object: TSESTree.Node = callee.object;
  while (object.type === AST_NODE_TYPES.ChainExpression || object.type === AST_NODE_TYPES.TSNonNullExpression)
    object = object.expression;
  return (object.type === AST_NODE_TYPES.CallExpression &&
    object.callee.type === AST_NODE_TYPES.MemberExpression) ||
    callee.property.loc.start.line !== call.loc.start.line
    ? callee.property
    : call;
}
