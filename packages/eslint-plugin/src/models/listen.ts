import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { staticValue } from '../analysis/static-value.js';
import type { FlowBuilder } from '../analysis/flow/builder.js';
import type { CallSite } from '../analysis/flow/engine.js';

/** EventEmitter registration methods, and whether the listener runs on every emit. */
export const listenMethods: Readonly<Record<string, boolean>> = {
  on: true,
  addListener: true,
  prependListener: true,
  once: false,
  prependOnceListener: false,
};

/** The literal value of an argument (through constants), when the module shows one. */
export function staticString(b: FlowBuilder, node: TSESTree.Node | undefined): string | undefined {
  if (!node) return undefined;
  const value = staticValue(node, b.sourceCode.getScope(node));
  return value && typeof value.value === 'string' ? value.value : undefined;
}

/** `emitter.on('event', handler)` on a client: recorded for the invalidation rule; returns the emitter. */
export function recordListener(b: FlowBuilder, site: CallSite, name: string): boolean {
  if (!(name in listenMethods) || site.node.type !== AST_NODE_TYPES.CallExpression) return false;
  const call = site.node;
  b.engine.edge(site.receiver!, site.result);
  const event = staticString(b, call.arguments[0]);
  const handlers = site.args[1];
  if (event !== undefined && handlers !== undefined && !b.listenerSites.some((l) => l.call === call)) {
    b.listenerSites.push({ call, emitter: site.receiver!, event, handlers, repeats: listenMethods[name]! });
  }
  return true;
}
