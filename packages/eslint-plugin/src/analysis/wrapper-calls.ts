import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, type FunctionNode } from './ast.js';
import type { ModuleAnalysis } from './module-analysis.js';
import { type ArgItem, argumentWords, isKnown, wordsOf } from './static-args.js';

/** Which parameter of `fn` an argument word comes from, and whether it is the rest parameter. */
function parameterOf(
  item: ArgItem,
  fn: FunctionNode,
  analysis: ModuleAnalysis,
): { index: number; rest: boolean } | undefined {
  if (isKnown(item) || item.source?.type !== AST_NODE_TYPES.Identifier) return undefined;
  const definition = analysis.variableOf(item.source)?.defs[0];
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

export interface WrapperCall {
  call: TSESTree.CallExpression;
  words: ArgItem[];
}

/**
 * A read inside a wrapper that takes the command as arguments (`read(...argv) { cache.set(k, await
 * redis.call(...argv)) }`): the words each call of the wrapper in this module sends.
 */
export function wrapperCalls(
  read: TSESTree.CallExpression,
  words: readonly ArgItem[],
  analysis: ModuleAnalysis,
  sourceCode: Readonly<TSESLint.SourceCode>,
): WrapperCall[] {
  const fn = enclosingFunction(read);
  if (!fn) return [];
  const parameters = words.map((item) => parameterOf(item, fn, analysis));
  if (parameters.every((p) => p === undefined)) return [];
  const place = analysis.functionPlace(fn);
  const result: WrapperCall[] = [];
  for (const call of analysis.calls) {
    const callee = analysis.placeOf(call.callee);
    if (callee === undefined || !analysis.graph.same(callee, place)) continue;
    const scope = sourceCode.getScope(call);
    const substituted = words.flatMap((item, i) => {
      const parameter = parameters[i];
      if (!parameter) return [item];
      if (parameter.rest) return argumentWords(call.arguments.slice(parameter.index), scope, sourceCode);
      const argument = call.arguments[parameter.index];
      return argument ? wordsOf(argument, scope, sourceCode) : [item];
    });
    result.push({ call, words: substituted });
  }
  return result;
}
