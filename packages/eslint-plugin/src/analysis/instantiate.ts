import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { TSESLint } from '@typescript-eslint/utils';
import { enclosingFunction, staticPropertyName, type FunctionNode, withoutTypes } from './ast.js';
import type { FlowBuilder } from './flow/builder.js';
import { type ArgItem, argumentWords, isKnown, wordsOf } from './static-args.js';
import { staticValue, UNKNOWN_MEMBERS } from './static-value.js';

/** One way a read's words can read: as written, or with a caller's arguments for the wrapper's parameters. */
export interface Instance {
  words: ArgItem[];
  /** Where a finding about this instance goes: the read, or the call of the wrapper that chose the words. */
  report: TSESTree.Node | undefined;
}

const MAX_DEPTH = 3;

/**
 * Where a word comes from among `fn`'s parameters: its index, whether it is the rest parameter, the member of
 * an options object it is destructured from (`scanPage({ redis, pattern, count = 1000 })` → `pattern`), and the
 * words of its default (`cursor = '0'`), for a caller that passes none.
 */
export interface ParameterWord {
  index: number;
  rest: boolean;
  property?: string;
  fallback?: string[];
  /** A template built of parameters and literal text (`${prefix}*`): the word the caller's values make. */
  template?: Array<string | ParameterWord>;
  /** Members below the argument, deeper than one (`options.tracking.prefixes`); `property` for one. */
  path?: string[];
  /** A parameter of the class's constructor a method reads from its instance: the `new`'s argument. */
  constructorArgument?: true;
}

/** The static words of a parameter's default value, when it has one and they are all known. */
function defaultWords(pattern: TSESTree.Node, b: FlowBuilder): string[] | undefined {
  if (pattern.type !== AST_NODE_TYPES.AssignmentPattern) return undefined;
  const words = wordsOf(pattern.right, b.sourceCode.getScope(pattern), b.sourceCode);
  return words.every(isKnown) ? (words as string[]) : undefined;
}

/** The identifier an (optionally defaulted) binding names. */
const boundName = (pattern: TSESTree.Node): string | undefined => {
  const target = pattern.type === AST_NODE_TYPES.AssignmentPattern ? pattern.left : pattern;
  return target.type === AST_NODE_TYPES.Identifier ? target.name : undefined;
};

/** The index of `fn`'s plain parameter `identifier` names, when the function never reassigns it. */
function plainParameter(b: FlowBuilder, identifier: TSESTree.Node, fn: FunctionNode): number | undefined {
  if (identifier.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = b.scopes.variableOf(identifier);
  if (variable?.defs[0]?.type !== 'Parameter' || variable.defs[0].node !== fn) return undefined;
  if (variable.references.some((r) => r.isWrite() && !r.init)) return undefined;
  const index = fn.params.findIndex((param) => boundName(param) === identifier.name);
  return index < 0 ? undefined : index;
}

/**
 * A member of a plain options parameter, as if destructured (`{ prefixes }`), the ways older code reads it:
 * `opts.prefixes` (or `opts.prefixes || []`), `const { prefixes } = opts` in the body, and deeper through local
 * names (`const tracking = options.tracking; tracking.prefixes`): the parameter's index and the member's path.
 */
function memberOfParameter(
  b: FlowBuilder,
  source: TSESTree.Node,
  fn: FunctionNode,
  depth = 0,
): ParameterWord | undefined {
  if (depth > 4) return undefined;
  if (source.type === AST_NODE_TYPES.LogicalExpression && source.operator !== '&&')
    return memberOfParameter(b, source.left, fn, depth + 1);
  const below = (base: TSESTree.Node, names: string[]): ParameterWord | undefined => {
    const index = plainParameter(b, base, fn);
    if (index !== undefined) return names.length === 0 ? undefined : withPath(index, names);
    const inner = memberOfParameter(b, base, fn, depth + 1);
    const path = inner && memberPath(inner);
    return inner && path?.length && !inner.rest ? withPath(inner.index, [...path, ...names]) : undefined;
  };
  if (source.type === AST_NODE_TYPES.MemberExpression) {
    const key = staticPropertyName(source.property, source.computed);
    return key === undefined ? undefined : below(source.object, [key]);
  }
  if (source.type !== AST_NODE_TYPES.Identifier) return undefined;
  const definition = b.scopes.variableOf(source)?.defs[0];
  const declarator = definition?.type === 'Variable' ? definition.node : undefined;
  if (!declarator?.init || declarator.parent.kind !== 'const') return undefined;
  // `const tracking = options.tracking`
  if (declarator.id.type === AST_NODE_TYPES.Identifier)
    return memberOfParameter(b, declarator.init, fn, depth + 1);
  if (declarator.id.type !== AST_NODE_TYPES.ObjectPattern) return undefined;
  const property = declarator.id.properties.find(
    (p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && boundName(p.value) === source.name,
  );
  const key = property && staticPropertyName(property.key, property.computed);
  return key === undefined ? undefined : below(declarator.init, [key]);
}

/** A parameter word for a member path: `property` for one member, `path` for more. */
export const withPath = (index: number, path: readonly string[]): ParameterWord =>
  path.length === 0
    ? { index, rest: false }
    : path.length === 1
      ? { index, rest: false, property: path[0] }
      : { index, rest: false, path: [...path] };

/** The members a parameter word reads below its argument: `path`, or the one `property`. */
export const memberPath = (word: Pick<ParameterWord, 'path' | 'property'>): string[] =>
  word.path ?? (word.property !== undefined ? [word.property] : []);

/**
 * A template literal whose every expression is a parameter word or a constant (`${prefix}*`,
 * `${opts.namespace}:${id}`), with at least one parameter.
 */
function templateOfParameters(
  b: FlowBuilder,
  source: TSESTree.Node,
  fn: FunctionNode,
): ParameterWord | undefined {
  if (source.type !== AST_NODE_TYPES.TemplateLiteral) return undefined;
  const parts: Array<string | ParameterWord> = [];
  for (const [i, quasi] of source.quasis.entries()) {
    if (quasi.value.cooked) parts.push(quasi.value.cooked);
    const expression = source.expressions[i];
    if (!expression) continue;
    const parameter = parameterOf(b, { unknown: true, head: '', text: '', source: expression }, fn);
    const constant = parameter ? undefined : staticValue(expression, b.sourceCode.getScope(expression));
    if (parameter && !parameter.rest && !parameter.template) parts.push(parameter);
    else if (typeof constant?.value === 'string' || typeof constant?.value === 'number')
      parts.push(String(constant.value));
    else return undefined;
  }
  const first = parts.find((part): part is ParameterWord => typeof part !== 'string');
  return first ? { index: first.index, rest: false, template: parts } : undefined;
}

/** Which parameter of `fn` a word comes from (see {@link ParameterWord}). */
export function parameterOf(b: FlowBuilder, item: ArgItem, fn: FunctionNode): ParameterWord | undefined {
  if (isKnown(item) || !item.source) return undefined;
  // `options.prefix!`, `prefix as string`: a type changes nothing at run time.
  const source = withoutTypes(item.source);
  if (source.type === AST_NODE_TYPES.TemplateLiteral) return templateOfParameters(b, source, fn);
  if (source.type !== AST_NODE_TYPES.Identifier) return memberOfParameter(b, source, fn);
  const variable = b.scopes.variableOf(source);
  const definition = variable?.defs[0];
  if (definition?.type === 'Variable') return memberOfParameter(b, source, fn);
  if (definition?.type !== 'Parameter' || definition.node !== fn) return undefined;
  const name = source.name;
  for (const [index, param] of fn.params.entries()) {
    const target = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
    if (target.type === AST_NODE_TYPES.RestElement) {
      if (boundName(target.argument) === name) return { index, rest: true };
      continue;
    }
    if (boundName(target) === name) {
      const fallback = defaultWords(param, b);
      return { index, rest: false, ...(fallback ? { fallback } : {}) };
    }
    if (target.type !== AST_NODE_TYPES.ObjectPattern) continue;
    for (const property of target.properties) {
      if (property.type !== AST_NODE_TYPES.Property || boundName(property.value) !== name) continue;
      const key = staticPropertyName(property.key, property.computed);
      if (key === undefined) return undefined;
      const own = defaultWords(property.value, b);
      return { index, rest: false, property: key, ...(own ? { fallback: own } : {}) };
    }
  }
  return undefined;
}

/**
 * The words a call passes for a parameter word: its argument (the member of an object literal argument, for a
 * destructured one), or the parameter's default when the call passes nothing there; undefined when unknown.
 */
export function argumentFor(
  parameter: ParameterWord,
  args: readonly TSESTree.Node[],
  scope: ReturnType<TSESLint.SourceCode['getScope']>,
  sourceCode: Readonly<TSESLint.SourceCode>,
): ArgItem[] | undefined {
  if (parameter.template) return [templateWord(parameter.template, args, scope, sourceCode)];
  if (parameter.rest) return argumentWords(args.slice(parameter.index), scope, sourceCode);
  let argument: TSESTree.Node | undefined = args[parameter.index];
  const path = memberPath(parameter);
  for (const [depth, name] of path.entries()) {
    if (argument === undefined) break;
    if (argument.type !== AST_NODE_TYPES.ObjectExpression) {
      // A constant (`connect(config.cache)`, `tracking: cacheConfig.sessions.tracking`): its value below the
      // rest of the path.
      return constantBelow(argument, path.slice(depth), scope);
    }
    const member = argument.properties.find(
      (p): p is TSESTree.Property =>
        p.type === AST_NODE_TYPES.Property && staticPropertyName(p.key, p.computed) === name,
    );
    // A spread could hold the member: unknown, unless the literal names it.
    if (!member && argument.properties.some((p) => p.type === AST_NODE_TYPES.SpreadElement)) return undefined;
    // Deeper than the options object itself, a member the literal leaves out is simply not there.
    if (!member && depth > 0) return [];
    argument = member?.value;
  }
  if (argument !== undefined) return wordsOf(argument, scope, sourceCode);
  return parameter.fallback;
}

/**
 * The expression a call gives for a parameter word (through its options object's members), `'absent'` when an
 * options object written out whole leaves it out, undefined when the call does not show it.
 */
export function argumentNode(
  parameter: ParameterWord,
  args: readonly TSESTree.Node[],
): TSESTree.Node | 'absent' | undefined {
  let argument: TSESTree.Node | undefined = args[parameter.index];
  const path = memberPath(parameter);
  for (const name of path) {
    if (argument?.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
    const member = argument.properties.find(
      (p): p is TSESTree.Property =>
        p.type === AST_NODE_TYPES.Property && staticPropertyName(p.key, p.computed) === name,
    );
    if (!member)
      return argument.properties.some((p) => p.type !== AST_NODE_TYPES.Property) ? undefined : 'absent';
    argument = member.value;
  }
  return argument;
}

/** The words of a constant's value below `path`; none when the constant has no such member. */
function constantBelow(
  node: TSESTree.Node,
  path: readonly string[],
  scope: ReturnType<TSESLint.SourceCode['getScope']>,
): ArgItem[] | undefined {
  const constant = staticValue(node, scope);
  if (!constant) return undefined;
  let value: unknown = constant.value;
  for (const name of path) {
    if (value === null || typeof value !== 'object') return undefined;
    // A member whose value the module does not show (`mode: env.MODE`) is unknown, not missing.
    if ((value as Record<symbol, string[] | undefined>)[UNKNOWN_MEMBERS]?.includes(name)) return undefined;
    if (!Object.hasOwn(value, name)) return [];
    value = (value as Record<string, unknown>)[name];
  }
  if (typeof value === 'string' || typeof value === 'number') return [String(value)];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number'))
    return value.map(String);
  return value === undefined ? [] : undefined;
}

/** The word a template makes with a call's arguments; unknown from the first part the call does not show. */
function templateWord(
  template: ReadonlyArray<string | ParameterWord>,
  args: readonly TSESTree.Node[],
  scope: ReturnType<TSESLint.SourceCode['getScope']>,
  sourceCode: Readonly<TSESLint.SourceCode>,
): ArgItem {
  let text = '';
  for (const part of template) {
    const words = typeof part === 'string' ? [part] : argumentFor(part, args, scope, sourceCode);
    const [word] = words ?? [];
    if (words?.length !== 1 || word === undefined || !isKnown(word)) {
      const head = word !== undefined && !isKnown(word) && 'head' in word ? text + word.head : text;
      return { unknown: true, head, text: '`…`' };
    }
    text += word;
  }
  return text;
}

/**
 * A read in a wrapper that takes (part of) the command as parameters (`read(...argv) { ... redis.call(...argv) }`)
 * stands for what each caller in the module passes: its words with every caller's arguments in place of
 * the parameters, reported at that caller, through up to three wrappers. Words that depend on no parameter
 * are the read's own.
 */
export function instantiate(
  b: FlowBuilder,
  words: ArgItem[],
  fn: FunctionNode | undefined,
  depth = 0,
): Instance[] {
  if (!fn || depth >= MAX_DEPTH) return [{ words, report: undefined }];
  const parameters = words.map((item) => parameterOf(b, item, fn));
  if (parameters.every((p) => p === undefined)) return [{ words, report: undefined }];
  const instances: Instance[] = [];
  for (const siteId of b.engine.callSitesOf(fn)) {
    const site = b.engine.callSites[siteId];
    if (!site || site.synthetic || site.node.type !== AST_NODE_TYPES.CallExpression) continue;
    const call = site.node;
    const scope = b.sourceCode.getScope(call);
    const substituted = words.flatMap((item, i) => {
      const parameter = parameters[i];
      if (!parameter) return [item];
      return argumentFor(parameter, call.arguments, scope, b.sourceCode) ?? [item];
    });
    for (const inner of instantiate(b, substituted, enclosingFunction(call), depth + 1)) {
      instances.push({ words: inner.words, report: inner.report ?? call });
    }
  }
  return instances.length > 0 ? instances : [{ words, report: undefined }];
}
