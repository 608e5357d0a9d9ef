import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, type FunctionNode } from './ast.js';
import type { FlowBuilder } from './flow/builder.js';
import { type ArgItem, argumentWords, isKnown, wordsOf } from './static-args.js';

/** One way a read's words can read: as written, or with a caller's arguments for the wrapper's parameters. */
export interface Instance {
  words: ArgItem[];
  /** Where a finding about this instance goes: the read, or the call of the wrapper that chose the words. */
  report: TSESTree.Node | undefined;
}

const MAX_DEPTH = 3;

/** Which parameter of `fn` a word comes from, and whether it is the rest parameter. */
export function parameterOf(
  b: FlowBuilder,
  item: ArgItem,
  fn: FunctionNode,
): { index: number; rest: boolean } | undefined {
  if (isKnown(item) || item.source?.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = b.scopes.variableOf(item.source);
  const definition = variable?.defs[0];
  if (definition?.type !== 'Parameter' || definition.node !== fn) return undefined;
  const name = item.source.name;
  const index = fn.params.findIndex((p) => {
    const target =
      p.type === AST_NODE_TYPES.AssignmentPattern
        ? p.left
        : p.type === AST_NODE_TYPES.RestElement
          ? p.argument
          : p;
    return target.type === AST_NODE_TYPES.Identifier && target.name === name;
  });
  if (index === -1) return undefined;
  return { index, rest: fn.params[index]!.type === AST_NODE_TYPES.RestElement };
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
      if (parameter.rest) return argumentWords(call.arguments.slice(parameter.index), scope, b.sourceCode);
      const argument = call.arguments[parameter.index];
      return argument ? wordsOf(argument, scope, b.sourceCode) : [item];
    });
    for (const inner of instantiate(b, substituted, enclosingFunction(call), depth + 1)) {
      instances.push({ words: inner.words, report: inner.report ?? call });
    }
  }
  return instances.length > 0 ? instances : [{ words, report: undefined }];
}
