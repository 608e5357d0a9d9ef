import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { calleeMethodName, isFunctionNode } from './ast.js';
import { type ArgItem, argumentWords, optionWords, wordsOf } from './static-args.js';
import { commandOfMethod, normalizeName } from '../clients/command-names.js';

/** How a call names its command: a raw argument list (`call`, `sendCommand([...])`) or a method (`hGetAll`). */
export interface CommandCall {
  call: TSESTree.CallExpression;
  receiver: TSESTree.Expression;
  style: 'raw' | 'method';
  /** The normalized method name (`hgetall`, `sortro`, `call`). */
  method: string;
  words: ArgItem[];
}

/** Methods that take the whole command as arguments: ioredis/iovalkey `call`, node_redis `send_command`, node-redis `sendCommand`, glide `customCommand`. */
const rawMethods: Record<string, 'spread' | 'first-array'> = {
  call: 'spread',
  callbuffer: 'spread',
  sendcommand: 'first-array',
  customcommand: 'first-array',
};

/** The command a call on a client sends, if it sends one. */
export function commandCall(
  call: TSESTree.CallExpression,
  sourceCode: Readonly<TSESLint.SourceCode>,
): CommandCall | undefined {
  const callee = call.callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const name = calleeMethodName(call);
  if (name === undefined) return undefined;
  const method = normalizeName(name);
  const scope = sourceCode.getScope(call);
  const args = call.arguments.filter((arg) => !isFunctionNode(arg));
  const receiver = callee.object;

  // node_redis 3 `send_command(name, [args])` normalizes like node-redis `sendCommand`, but spreads.
  const raw = name === 'send_command' ? 'spread' : rawMethods[method];
  if (raw === 'spread')
    return { call, receiver, style: 'raw', method, words: argumentWords(args, scope, sourceCode) };
  if (raw === 'first-array') {
    const first = args[0];
    if (!first) return undefined;
    if (first.type !== AST_NODE_TYPES.ArrayExpression && ioredisCommandObject(first)) return undefined;
    return { call, receiver, style: 'raw', method, words: wordsOf(first, scope, sourceCode) };
  }

  const command = commandOfMethod(name);
  if (!command) return undefined;
  const words: ArgItem[] = [...command.head];
  const booleanWords = booleanArguments[command.head.join(' ')];
  for (const arg of args) {
    if (arg.type === AST_NODE_TYPES.ObjectExpression) {
      words.push(...optionWords(arg, scope, sourceCode));
      continue;
    }
    const value = ASTUtils.getStaticValue(arg, scope);
    if (booleanWords && value && typeof value.value === 'boolean') {
      words.push(value.value ? booleanWords[0] : booleanWords[1]);
      continue;
    }
    words.push(...wordsOf(arg, scope, sourceCode));
  }
  if (command.insertsCursor) words.splice(command.head[0] === 'SCAN' ? 1 : 2, 0, '0');
  return { call, receiver, style: 'method', method, words };
}

/**
 * node-redis takes a boolean where the protocol has a word: `clientTracking(true, options)` and
 * `clientCaching(true)` (packages/client/lib/commands/CLIENT_TRACKING.ts, CLIENT_CACHING.ts).
 */
const booleanArguments: Record<string, [string, string]> = {
  'CLIENT TRACKING': ['ON', 'OFF'],
  'CLIENT CACHING': ['YES', 'NO'],
};

/** ioredis `sendCommand(new Command(...))` passes a Command object, not words. */
const ioredisCommandObject = (node: TSESTree.Node): boolean => node.type === AST_NODE_TYPES.NewExpression;
