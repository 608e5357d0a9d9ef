import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleeMethodName, type FunctionNode, isFunctionNode } from './ast.js';
import type { ModuleAnalysis } from './module-analysis.js';

export interface Listener {
  call: TSESTree.CallExpression;
  emitter: TSESTree.Expression;
  event: string;
  handler: FunctionNode;
  /** `once` listeners run a single time; `on`/`addListener` run on every emit. */
  repeats: boolean;
}

const listenMethods: Record<string, boolean> = {
  on: true,
  addListener: true,
  prependListener: true,
  once: false,
  prependOnceListener: false,
};

/** Every `emitter.on('event', handler)` in the module whose handler is a function the module shows. */
export function findListeners(analysis: ModuleAnalysis): Listener[] {
  const listeners: Listener[] = [];
  for (const call of analysis.calls) {
    const method = calleeMethodName(call);
    if (
      method === undefined ||
      !(method in listenMethods) ||
      call.callee.type !== AST_NODE_TYPES.MemberExpression
    )
      continue;
    const [event, handlerArgument] = call.arguments;
    if (event?.type !== AST_NODE_TYPES.Literal || typeof event.value !== 'string' || !handlerArgument)
      continue;
    let handlers: FunctionNode[] = [];
    if (isFunctionNode(handlerArgument)) handlers = [handlerArgument];
    else {
      const place = analysis.placeOf(handlerArgument);
      if (place !== undefined) handlers = analysis.functionsAt(place);
    }
    for (const handler of handlers) {
      listeners.push({
        call,
        emitter: call.callee.object,
        event: event.value,
        handler,
        repeats: listenMethods[method]!,
      });
    }
  }
  return listeners;
}
