import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { FunctionNode } from '../ast.js';

/**
 * Async functions as compilers and older libraries write them: a generator whose `yield` is an `await`, run by
 * TypeScript's `__awaiter(this, arguments, P, function* () {...})` (also `tslib.__awaiter`), esbuild's
 * `__async(this, arguments, function* () {...})`, `co(function* () {...})`, or wrapped into an async function by
 * Babel's `_asyncToGenerator(function* () {...})` (SWC's `_async_to_generator`), `co.wrap(...)` and Bluebird's
 * `Promise.coroutine(...)`. Each runs its generator as the async function it was compiled from.
 */
export interface AsyncRunner {
  /** `now`: the call runs the generator and gives its result; `wraps`: the call gives the async function. */
  kind: 'now' | 'wraps';
  /** The argument that is the generator. */
  generator: number;
  /** The argument that is `this` for the generator, when the runner passes one. */
  self?: number;
}

const RUNNERS: Record<string, AsyncRunner> = {
  __awaiter: { kind: 'now', generator: 3, self: 0 },
  __async: { kind: 'now', generator: 2, self: 0 },
  _asyncToGenerator: { kind: 'wraps', generator: 0 },
  asyncToGenerator: { kind: 'wraps', generator: 0 },
  _async_to_generator: { kind: 'wraps', generator: 0 },
  coroutine: { kind: 'wraps', generator: 0 },
};
/** `co` itself, as required or imported (`co_1` in compiled code). */
const CO = /^co(?:_\d+)?$/;

/** The name a callee ends with: `__awaiter`, `tslib_1.__awaiter`, `(0, tslib_1.__awaiter)`, `co.wrap`. */
function calleeParts(callee: TSESTree.Node): { object?: string; name?: string } {
  if (callee.type === AST_NODE_TYPES.SequenceExpression)
    return calleeParts(callee.expressions[callee.expressions.length - 1]!);
  if (callee.type === AST_NODE_TYPES.Identifier) return { name: callee.name };
  if (callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed) {
    const object = callee.object.type === AST_NODE_TYPES.Identifier ? callee.object.name : undefined;
    return {
      ...(object !== undefined ? { object } : {}),
      name: (callee.property as TSESTree.Identifier).name,
    };
  }
  return {};
}

/** The runner a call is, when its generator argument is a generator function written there. */
export function asyncRunnerOf(call: TSESTree.CallExpression): AsyncRunner | undefined {
  const { object, name } = calleeParts(call.callee);
  if (name === undefined) return undefined;
  const runner =
    RUNNERS[name] ??
    (CO.test(name) && object === undefined
      ? ({ kind: 'now', generator: 0 } as const)
      : name === 'wrap' && object !== undefined && CO.test(object)
        ? ({ kind: 'wraps', generator: 0 } as const)
        : undefined);
  const generator = runner && call.arguments[runner.generator];
  return generator?.type === AST_NODE_TYPES.FunctionExpression && generator.generator ? runner : undefined;
}

/** Whether a generator is one a runner runs as an async function: its `yield` is an `await`. */
export function runAsAsync(fn: FunctionNode): boolean {
  if (fn.type !== AST_NODE_TYPES.FunctionExpression || !fn.generator) return false;
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression) return false;
  const runner = asyncRunnerOf(call);
  return runner !== undefined && call.arguments[runner.generator] === fn;
}
