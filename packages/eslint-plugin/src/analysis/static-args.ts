import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { staticValue } from './static-value.js';
import { singleAssignment, staticPropertyName } from './ast.js';

export { singleAssignment };

/** A word whose value the module does not show; `head` is its known literal start (`user:${id}` -> `user:`). */
export interface UnknownWord {
  unknown: true;
  head: string;
  /** The source text, shown in messages in place of the value. */
  text: string;
  /** The expression the word comes from, to substitute a wrapper's arguments for its parameters. */
  source?: TSESTree.Node;
  /** The value is a number (`page * PAGE_SIZE`, `limit - 1`): never a token, a key or a pattern. */
  numeric?: true;
}

/** Any number of words the module does not show (`...args`). */
export interface UnknownWords {
  unknownRest: true;
  text: string;
  source?: TSESTree.Node;
  /**
   * A push per element of the array `source` (`for (const p of prefixes) args.push('PREFIX', p)` over a
   * parameter): the words of one push, {@link EACH_ELEMENT} for the element, for a caller that knows the array.
   */
  each?: string[];
  /** The member of `source` that holds the array (`this.options` with `prefixes`). */
  member?: string;
  /**
   * The literal start every one of the words has (`...ids.map((id) => \`fee:${id}\`)`): keys under one prefix,
   * however many.
   */
  eachHead?: string;
}

/** The element's place in {@link UnknownWords.each}. */
export const EACH_ELEMENT = '\u0001element';

export type Word = string | UnknownWord;
export type ArgItem = Word | UnknownWords;

export const isKnown = (item: ArgItem): item is string => typeof item === 'string';
export const isUnknownRest = (item: ArgItem): item is UnknownWords =>
  typeof item === 'object' && 'unknownRest' in item;

type Scope = TSESLint.Scope.Scope;

function literalHead(node: TSESTree.Node, scope: Scope, depth = 0): string {
  if (node.type === AST_NODE_TYPES.Identifier && depth < 4) {
    const init = singleAssignment(node, scope);
    return init ? literalHead(init, scope, depth + 1) : '';
  }
  if (node.type === AST_NODE_TYPES.TemplateLiteral) {
    // Every literal part and constant up to the first value the module does not show.
    let head = '';
    for (let i = 0; i < node.quasis.length; i++) {
      head += node.quasis[i]!.value.cooked ?? '';
      const expression = node.expressions[i];
      if (!expression) break;
      const value = staticValue(expression, scope);
      if (!value || (typeof value.value !== 'string' && typeof value.value !== 'number')) {
        return head + literalHead(expression, scope, depth + 1);
      }
      head += String(value.value);
    }
    return head;
  }
  if (node.type === AST_NODE_TYPES.BinaryExpression && node.operator === '+') {
    const left = staticValue(node.left, scope);
    if (left && (typeof left.value === 'string' || typeof left.value === 'number')) {
      return String(left.value) + literalHead(node.right, scope, depth + 1);
    }
    return literalHead(node.left, scope, depth + 1);
  }
  return '';
}

/** `ids.map((id) => \`fee:${id}\`)`: the literal start of every element the callback returns, if any. */
export function mappedHead(node: TSESTree.Node, scope: Scope): string | undefined {
  if (
    node.type !== AST_NODE_TYPES.CallExpression ||
    node.callee.type !== AST_NODE_TYPES.MemberExpression ||
    staticPropertyName(node.callee.property, node.callee.computed) !== 'map'
  )
    return undefined;
  const [callback] = node.arguments;
  if (
    callback?.type !== AST_NODE_TYPES.ArrowFunctionExpression ||
    callback.body.type === AST_NODE_TYPES.BlockStatement
  )
    return undefined;
  const body = callback.body;
  if (body.type !== AST_NODE_TYPES.TemplateLiteral && body.type !== AST_NODE_TYPES.BinaryExpression)
    return undefined;
  return literalHead(body, scope) || undefined;
}

/**
 * `array.flatMap((p) => ['PREFIX', p])` or `array.map((p) => ['PREFIX', p]).flat()`: the array, and the words
 * each element adds with the element as {@link EACH_ELEMENT}, when the callback returns an array literal of
 * literals and its parameter.
 */
export function mappedElements(node: TSESTree.Node): { array: TSESTree.Node; each: string[] } | undefined {
  let call = node;
  let method = 'flatMap';
  if (
    call.type === AST_NODE_TYPES.CallExpression &&
    call.arguments.length === 0 &&
    call.callee.type === AST_NODE_TYPES.MemberExpression &&
    staticPropertyName(call.callee.property, call.callee.computed) === 'flat'
  ) {
    call = call.callee.object;
    method = 'map';
  }
  if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression)
    return undefined;
  const [callback] = call.arguments;
  if (staticPropertyName(call.callee.property, call.callee.computed) !== method) return undefined;
  if (
    callback?.type !== AST_NODE_TYPES.ArrowFunctionExpression &&
    callback?.type !== AST_NODE_TYPES.FunctionExpression
  )
    return undefined;
  const [param] = callback.params;
  const body =
    callback.body.type === AST_NODE_TYPES.BlockStatement
      ? callback.body.body.length === 1 && callback.body.body[0]?.type === AST_NODE_TYPES.ReturnStatement
        ? callback.body.body[0].argument
        : undefined
      : callback.body;
  if (param?.type !== AST_NODE_TYPES.Identifier || body?.type !== AST_NODE_TYPES.ArrayExpression)
    return undefined;
  const each: string[] = [];
  for (const element of body.elements) {
    if (element?.type === AST_NODE_TYPES.Identifier && element.name === param.name) each.push(EACH_ELEMENT);
    else if (element?.type === AST_NODE_TYPES.Literal && typeof element.value === 'string')
      each.push(element.value);
    else return undefined;
  }
  return each.includes(EACH_ELEMENT) ? { array: call.callee.object, each } : undefined;
}

/**
 * {@link mappedElements} of a spread's argument, or of the initializer of the `const` it names
 * (`const words = PREFIXES.flatMap((p) => ['PREFIX', p])`, spread later as `...words`).
 */
export function mappedSpread(
  node: TSESTree.Node,
  scope: Scope,
): { array: TSESTree.Node; each: string[] } | undefined {
  const init = node.type === AST_NODE_TYPES.Identifier ? singleAssignment(node, scope) : undefined;
  return mappedElements(node) ?? (init ? mappedElements(init) : undefined);
}

const arithmetic = new Set(['-', '*', '/', '%', '**', '|', '&', '^', '<<', '>>', '>>>']);
const numberFunctions = new Set(['Number', 'parseInt', 'parseFloat']);

/** Whether an expression evidently gives a number: arithmetic, `Number(x)`, `Math.*`, `.length`, a counter. */
function isNumeric(node: TSESTree.Node, scope: Scope, depth = 0): boolean {
  if (depth > 4) return false;
  switch (node.type) {
    case AST_NODE_TYPES.Literal:
      return typeof node.value === 'number';
    case AST_NODE_TYPES.BinaryExpression:
      return (
        arithmetic.has(node.operator) ||
        (node.operator === '+' &&
          isNumeric(node.left, scope, depth + 1) &&
          isNumeric(node.right, scope, depth + 1))
      );
    case AST_NODE_TYPES.UnaryExpression:
      return node.operator === '-' || node.operator === '+' || node.operator === '~';
    case AST_NODE_TYPES.UpdateExpression:
      return true;
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
      return isNumeric(node.expression, scope, depth + 1);
    case AST_NODE_TYPES.MemberExpression:
      return !node.computed && staticPropertyName(node.property, false) === 'length';
    case AST_NODE_TYPES.CallExpression: {
      const callee = node.callee;
      if (callee.type === AST_NODE_TYPES.Identifier) return numberFunctions.has(callee.name);
      return (
        callee.type === AST_NODE_TYPES.MemberExpression &&
        callee.object.type === AST_NODE_TYPES.Identifier &&
        callee.object.name === 'Math'
      );
    }
    case AST_NODE_TYPES.Identifier: {
      const variable = ASTUtils.findVariable(scope, node);
      const definition = variable?.defs[0];
      if (!variable || variable.defs.length !== 1 || !definition) return false;
      // A parameter with a number as its default (`limit = 48`), or a variable only ever given numbers.
      if (definition.type === 'Parameter') {
        const parent = definition.name.parent;
        return (
          parent?.type === AST_NODE_TYPES.AssignmentPattern &&
          parent.left === definition.name &&
          isNumeric(parent.right, scope, depth + 1)
        );
      }
      const init = singleAssignment(node, scope);
      return init !== undefined && isNumeric(init, scope, depth + 1);
    }
    default:
      return false;
  }
}

/** The words one argument expression stands for. */
export function wordsOf(
  node: TSESTree.Node,
  scope: Scope,
  sourceCode: Readonly<TSESLint.SourceCode>,
): ArgItem[] {
  if (node.type === AST_NODE_TYPES.SpreadElement) {
    const value = staticValue(node.argument, scope);
    if (value && Array.isArray(value.value)) return value.value.map(String);
    if (node.argument.type === AST_NODE_TYPES.ArrayExpression)
      return node.argument.elements.flatMap((e) => (e ? wordsOf(e, scope, sourceCode) : []));
    const mapped = mappedSpread(node.argument, scope);
    if (mapped) {
      const array = staticValue(mapped.array, scope)?.value;
      if (Array.isArray(array) && array.every((v) => typeof v === 'string' || typeof v === 'number'))
        return array.flatMap((element) => mapped.each.map((w) => (w === EACH_ELEMENT ? String(element) : w)));
      return [{ unknownRest: true, text: sourceCode.getText(node), source: mapped.array, each: mapped.each }];
    }
    const head = mappedHead(node.argument, scope);
    return [
      {
        unknownRest: true,
        text: sourceCode.getText(node),
        source: node.argument,
        ...(head ? { eachHead: head } : {}),
      },
    ];
  }
  if (node.type === AST_NODE_TYPES.ArrayExpression) {
    return node.elements.flatMap((element) => (element ? wordsOf(element, scope, sourceCode) : []));
  }
  const value = staticValue(node, scope);
  if (value) {
    const v = value.value;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint') return [String(v)];
    if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number'))
      return v.map(String);
  }
  // An array a client flattens (`mget(ids.map((id) => \`stock:${id}\`))`, or a `const` holding one): any number
  // of keys, each under the callback's literal start.
  const mapped =
    node.type === AST_NODE_TYPES.Identifier
      ? singleAssignment(node, scope)
      : (node as TSESTree.Node | undefined);
  const eachHead = mapped && mappedHead(mapped, scope);
  if (eachHead) return [{ unknownRest: true, text: sourceCode.getText(node), source: node, eachHead }];
  const word: UnknownWord = {
    unknown: true,
    head: literalHead(node, scope),
    text: sourceCode.getText(node),
    source: node,
    ...(isNumeric(node, scope) ? { numeric: true as const } : {}),
  };
  // A whole array parameter (`sendCommand(argv)`) may stand for any number of words.
  return [word];
}

/** Flattens call arguments into words the way ioredis/iovalkey flatten array arguments. */
export function argumentWords(
  args: readonly TSESTree.Node[],
  scope: Scope,
  sourceCode: Readonly<TSESLint.SourceCode>,
): ArgItem[] {
  return args.flatMap((arg) => wordsOf(arg, scope, sourceCode));
}

/** valkey-glide's `SortOptions` names for the tokens SORT takes (`byPattern: 'w_*'` is `BY w_*`). */
const glideOptionTokens: Record<string, string> = { byPattern: 'BY', getPatterns: 'GET', isAlpha: 'ALPHA' };

/**
 * node-redis option objects (`{ BY: 'w_*', GET: ['#'], LIMIT: { offset, count } }`) become `TOKEN value`
 * words, the way its command parsers push them (packages/client/lib/commands/SORT.ts).
 */
export function optionWords(
  node: TSESTree.ObjectExpression,
  scope: Scope,
  sourceCode: Readonly<TSESLint.SourceCode>,
): ArgItem[] {
  const words: ArgItem[] = [];
  for (const property of node.properties) {
    if (property.type !== AST_NODE_TYPES.Property) {
      words.push({ unknownRest: true, text: sourceCode.getText(property) });
      continue;
    }
    const name = staticPropertyName(property.key, property.computed);
    if (name === undefined) {
      words.push({ unknownRest: true, text: sourceCode.getText(property) });
      continue;
    }
    const token = glideOptionTokens[name] ?? name.toUpperCase();
    const value = property.value;
    // valkey-glide `orderBy: SortOrder.DESC`: the order is the word.
    if (name === 'orderBy') {
      words.push(...wordsOf(value, scope, sourceCode));
      continue;
    }
    const constant = staticValue(value, scope);
    if (constant && typeof constant.value === 'boolean') {
      if (constant.value) words.push(token);
    } else if (constant && Array.isArray(constant.value)) {
      // `PREFIX: PREFIXES`, a constant array here or imported: the token before each element, as for a literal.
      for (const element of constant.value as unknown[]) words.push(token, String(element));
    } else if (value.type === AST_NODE_TYPES.ArrayExpression) {
      for (const element of value.elements)
        if (element) words.push(token, ...wordsOf(element, scope, sourceCode));
    } else if (value.type === AST_NODE_TYPES.ObjectExpression) {
      words.push(token);
      for (const inner of value.properties) {
        if (inner.type === AST_NODE_TYPES.Property) words.push(...wordsOf(inner.value, scope, sourceCode));
      }
    } else {
      words.push(token, ...wordsOf(value, scope, sourceCode));
    }
  }
  return words;
}
