import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { staticValue } from './static-value.js';
import { expressionVariants } from './array-words.js';
import { propertyOf, staticPropertyName } from './ast.js';
import type { FlowBuilder } from './flow/builder.js';
import type { Read, ReadShape } from './flow/reads.js';
import {
  type ArgItem,
  isUnknownRest,
  mappedSpread,
  mappedHead,
  optionWords,
  singleAssignment,
  wordsOf,
} from './static-args.js';
import { commandOfMethod } from '../clients/command-names.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/**
 * node-redis takes a boolean where the protocol has a word: `clientTracking(true, options)` and
 * `clientCaching(true)` (packages/client/lib/commands/CLIENT_TRACKING.ts, CLIENT_CACHING.ts).
 */
const booleanArguments: Record<string, [string, string]> = {
  'CLIENT TRACKING': ['ON', 'OFF'],
  'CLIENT CACHING': ['YES', 'NO'],
};
const scriptRunners = new Set(['EVAL', 'EVALSHA', 'EVAL_RO', 'EVALSHA_RO', 'FCALL', 'FCALL_RO']);
/**
 * Commands on hash fields whose protocol form is `key FIELDS numfields field ...`: node-redis (`hTTL(key,
 * fields)`, packages/client/lib/commands/HTTL.ts) and valkey-glide (`httl(key, fields)`) take the fields and
 * write `FIELDS` and the count themselves; ioredis/iovalkey pass the words as given.
 */
const fieldListCommands = new Set(['HTTL', 'HPTTL', 'HEXPIRETIME', 'HPEXPIRETIME', 'HPERSIST', 'HGETDEL']);

/**
 * Commands whose protocol form starts `numkeys key ...`: node-redis (`zInterCard(keys)`, `parser.pushKeysLength`
 * in packages/client/lib/commands/ZINTERCARD.ts and its siblings) and valkey-glide (`zintercard(keys)`) take the
 * keys as an array and write the count themselves; ioredis/iovalkey are given it (`zintercard(2, a, b)`).
 */
const keyCountFirstCommands = new Set([
  'ZINTERCARD',
  'SINTERCARD',
  'ZINTER',
  'ZUNION',
  'ZDIFF',
  'LMPOP',
  'ZMPOP',
]);

/** Whether an argument is an array of words (a literal, or a constant one), not the words themselves. */
function isArrayArgument(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  if (node.type === AST_NODE_TYPES.ArrayExpression) return true;
  const value = staticValue(node, sourceCode.getScope(node));
  return value !== null && Array.isArray(value.value);
}

/** The words of an array of keys with their count before them, as the library sends them. */
function withKeyCount(words: ArgItem[], source: TSESTree.Node): ArgItem[] {
  const count: ArgItem = words.some(isUnknownRest)
    ? { unknown: true, head: '', text: 'numkeys', source, numeric: true }
    : String(words.length);
  return [count, ...words];
}

/** `[HPTTL, key, f1, f2]` as the server receives it: `[HPTTL, key, FIELDS, 2, f1, f2]`. */
function withFieldsToken(words: ArgItem[], source: TSESTree.Node | undefined): ArgItem[] {
  const first = words[2];
  if (typeof first === 'string' && first.toUpperCase() === 'FIELDS') return words;
  const fields = words.slice(2);
  const count: ArgItem = fields.some(isUnknownRest)
    ? { unknown: true, head: '', text: 'numfields', numeric: true, ...(source ? { source } : {}) }
    : String(fields.length);
  return [...words.slice(0, 2), 'FIELDS', count, ...fields];
}

/** Cross product of word-list variants, bounded. */
function combine(parts: ArgItem[][][]): ArgItem[][] {
  let result: ArgItem[][] = [[]];
  for (const part of parts) {
    const next: ArgItem[][] = [];
    for (const prefix of result) for (const option of part) next.push([...prefix, ...option]);
    result = next.slice(0, 16);
  }
  return result;
}

/** The word variants one argument stands for: an array built by `push` has several. */
function argumentVariants(node: TSESTree.Node, sourceCode: SourceCode): ArgItem[][] {
  const scope = sourceCode.getScope(node);
  const inner = node.type === AST_NODE_TYPES.SpreadElement ? node.argument : node;
  // `...PREFIXES.flatMap((p) => ['PREFIX', p])`: the words of each element; `...ids.map((id) => \`fee:${id}\`)`:
  // keys that all start with `fee:`.
  if (node.type === AST_NODE_TYPES.SpreadElement && (mappedSpread(inner, scope) || mappedHead(inner, scope)))
    return [wordsOf(node, scope, sourceCode)];
  if (
    inner.type === AST_NODE_TYPES.Identifier ||
    inner.type === AST_NODE_TYPES.ArrayExpression ||
    inner.type === AST_NODE_TYPES.ConditionalExpression ||
    (inner.type === AST_NODE_TYPES.CallExpression && node.type === AST_NODE_TYPES.SpreadElement)
  ) {
    if (staticValue(inner, scope) === null) return expressionVariants(inner, sourceCode);
  }
  return [wordsOf(node, scope, sourceCode)];
}

/** An object literal an argument is, directly or through a `const`. */
export function objectArgument(
  node: TSESTree.Node,
  sourceCode: SourceCode,
): TSESTree.ObjectExpression | undefined {
  if (node.type === AST_NODE_TYPES.ObjectExpression) return node;
  if (node.type === AST_NODE_TYPES.Identifier) {
    const init = singleAssignment(node, sourceCode.getScope(node));
    if (init?.type === AST_NODE_TYPES.ObjectExpression) return init;
  }
  return undefined;
}

/** node-redis `eval(script, { keys: [...], arguments: [...] })` as `EVAL script numkeys keys... args...`. */
function scriptOptions(options: TSESTree.ObjectExpression, sourceCode: SourceCode): ArgItem[] | undefined {
  const scope = sourceCode.getScope(options);
  const property = (name: string) => propertyOf(options, name)?.value;
  const keys = property('keys');
  // node-redis names the script's arguments `arguments`, valkey-glide `args`.
  const args = property('arguments') ?? property('args');
  if (!keys && !args) return undefined;
  const keyWords = keys ? wordsOf(keys, scope, sourceCode) : [];
  if (keyWords.some((w) => typeof w === 'object' && 'unknownRest' in w))
    return [{ unknownRest: true, text: sourceCode.getText(options) }];
  return [String(keyWords.length), ...keyWords, ...(args ? wordsOf(args, scope, sourceCode) : [])];
}

/** valkey-glide's `RouteOption` and `DecoderOption` members: which node answers, how the reply decodes. */
const glideCallOptions = new Set(['route', 'decoder']);

const isGlideCallOptions = (options: TSESTree.ObjectExpression): boolean =>
  options.properties.length > 0 &&
  options.properties.every((property) => {
    if (property.type !== AST_NODE_TYPES.Property) return false;
    const name = staticPropertyName(property.key, property.computed);
    return name !== undefined && glideCallOptions.has(name);
  });

function methodVariants(method: string, args: readonly TSESTree.Node[], sourceCode: SourceCode): ArgItem[][] {
  const command = commandOfMethod(method);
  if (!command) return [];
  const head = command.head.join(' ');
  const booleanWords = booleanArguments[head];
  const parts: ArgItem[][][] = [[[...command.head]]];
  args.forEach((arg, index) => {
    const scope = sourceCode.getScope(arg);
    const options = objectArgument(arg, sourceCode);
    // valkey-glide's per-call options (`time({ route: 'randomNode' })`, `get(key, { decoder })`) name no word.
    if (options && isGlideCallOptions(options)) return;
    if (options) {
      const script = scriptRunners.has(head) && index === 1 ? scriptOptions(options, sourceCode) : undefined;
      parts.push([script ?? optionWords(options, scope, sourceCode)]);
      return;
    }
    const value = staticValue(arg, scope);
    if (booleanWords && value && typeof value.value === 'boolean') {
      parts.push([[value.value ? booleanWords[0] : booleanWords[1]]]);
      return;
    }
    parts.push(argumentVariants(arg, sourceCode));
  });
  if (keyCountFirstCommands.has(head) && args[0] && isArrayArgument(args[0], sourceCode))
    parts[1] = parts[1]!.map((words) => withKeyCount(words, args[0]!));
  // valkey-glide `fcall(name, keys, args)`: the count of the keys array goes before them.
  if ((head === 'FCALL' || head === 'FCALL_RO') && args[1] && isArrayArgument(args[1], sourceCode))
    parts[2] = parts[2]!.map((words) => withKeyCount(words, args[1]!));
  let variants = combine(parts);
  if (fieldListCommands.has(head) && variants.every((words) => words.length >= 3))
    variants = variants.map((words) => withFieldsToken(words, args[1]));
  if (command.insertsCursor)
    for (const words of variants) words.splice(command.head[0] === 'SCAN' ? 1 : 2, 0, '0');
  return variants;
}

/**
 * node-redis 4 takes per-call options first (`client.dump(commandOptions({ returnBuffers: true }), key)`,
 * @redis/client lib/command-options.ts): no word of the command.
 */
function withoutCommandOptions(args: readonly TSESTree.Node[]): readonly TSESTree.Node[] {
  const first = args[0];
  if (first?.type !== AST_NODE_TYPES.CallExpression) return args;
  const callee = first.callee;
  const name =
    callee.type === AST_NODE_TYPES.Identifier
      ? callee.name
      : callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed
        ? staticPropertyName(callee.property, false)
        : undefined;
  return name === 'commandOptions' ? args.slice(1) : args;
}

/** Whether an argument is a callback (a function value), which is no word of the command. */
function isCallback(b: FlowBuilder, node: TSESTree.Node): boolean {
  // Written in place: `redis.object('IDLETIME', key, function (err, secs) { ... })`.
  if (node.type === AST_NODE_TYPES.FunctionExpression || node.type === AST_NODE_TYPES.ArrowFunctionExpression)
    return true;
  if (node.type !== AST_NODE_TYPES.Identifier && node.type !== AST_NODE_TYPES.MemberExpression) return false;
  return b.engine.valuesAt(b.valueOf(node)).some((value) => {
    const kind = b.describe(value).kind;
    return kind === 'function' || kind === 'bound';
  });
}

/** The words a read sends, as the module shows them; several variants when an argument array has several. */
export function readVariants(b: FlowBuilder, read: Read): ArgItem[][] {
  return shapeVariants(b, read.shape);
}

const isNodeOf = (lua: TSESTree.Node | readonly string[]): lua is TSESTree.Node => !Array.isArray(lua);

export function shapeVariants(b: FlowBuilder, shape: ReadShape): ArgItem[][] {
  const sourceCode = b.sourceCode;
  const args = 'args' in shape && Array.isArray(shape.args) ? (shape.args as readonly TSESTree.Node[]) : [];
  const trimmed = args.length > 0 && isCallback(b, args[args.length - 1]!) ? args.slice(0, -1) : args;
  switch (shape.style) {
    case 'method':
      return methodVariants(shape.method, withoutCommandOptions(trimmed), sourceCode);
    case 'raw':
      return combine(trimmed.map((arg) => argumentVariants(arg, sourceCode)));
    case 'command-object': {
      const name = wordsOf(shape.name, sourceCode.getScope(shape.name), sourceCode);
      return combine([[name], ...(shape.args ? [argumentVariants(shape.args, sourceCode)] : [])]);
    }
    case 'marker':
      return [];
    case 'imported':
      return shape.words.map((words) => [...words]);
    case 'script-object': {
      const lua = isNodeOf(shape.lua)
        ? wordsOf(shape.lua, sourceCode.getScope(shape.lua), sourceCode)
        : [...shape.lua];
      if (!shape.options) return [['EVAL', ...lua, '0']];
      const options = objectArgument(shape.options, sourceCode);
      const rest = (options && scriptOptions(options, sourceCode)) ?? [
        { unknownRest: true as const, text: sourceCode.getText(shape.options) },
      ];
      return [['EVAL', ...lua, ...rest]];
    }
    case 'script-method': {
      const words = (node: TSESTree.Node | readonly string[]) =>
        isNodeOf(node) ? wordsOf(node, sourceCode.getScope(node), sourceCode) : [...node];
      const lua = words(shape.lua);
      const numberOfKeys = shape.numberOfKeys ? words(shape.numberOfKeys) : [];
      return combine([
        [['EVAL', ...lua, ...numberOfKeys]],
        ...trimmed.map((arg) => argumentVariants(arg, sourceCode)),
      ]);
    }
  }
}
