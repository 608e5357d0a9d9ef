import { AST_NODE_TYPES, ASTUtils, type TSESTree } from '@typescript-eslint/utils';
import { staticValue } from '../static-value.js';
import type { FlowBuilder } from '../flow/builder.js';

/** The channel tracking redirects invalidations to (https://valkey.io/topics/client-side-caching/). */
export const invalidationChannels: ReadonlySet<string> = new Set([
  '__redis__:invalidate',
  '__valkey__:invalidate',
]);

/** Glob match of a PSUBSCRIBE pattern (`*`, `?` and `[...]`, as Valkey's stringmatchlen). */
function globMatches(pattern: string, text: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(text);
}

export const isInvalidationChannel = (channel: string, pattern: boolean): boolean =>
  [...invalidationChannels].some((name) => (pattern ? globMatches(channel, name) : channel === name));

/** What a client subscribes to: whether the invalidation channel is among it, and whether anything else is. */
export interface Subscribed {
  invalidation: boolean;
  other: boolean;
}

/** The channel names a `subscribe` argument stands for: a constant array gives several, an unknown one `undefined`. */
export function channelNames(b: FlowBuilder, channel: TSESTree.Node): unknown[] {
  const value = staticValue(channel, b.sourceCode.getScope(channel));
  return value && Array.isArray(value.value) ? value.value : [value?.value];
}

/** Every client's subscriptions, by client value. */
export function subscriptionsByClient(b: FlowBuilder): Map<number, Subscribed> {
  const result = new Map<number, Subscribed>();
  for (const site of b.subscriptionSites) {
    const state = result.get(site.client) ?? { invalidation: false, other: false };
    const pattern = /^p/i.test(site.method);
    for (const channel of site.channels) {
      for (const name of channelNames(b, channel)) {
        if (typeof name === 'string' && isInvalidationChannel(name, pattern)) state.invalidation = true;
        else state.other = true;
      }
    }
    result.set(site.client, state);
  }
  return result;
}

/** Whether an expression is the invalidation channel's name (a literal or a constant of the module or an import). */
export function namesInvalidationChannel(b: FlowBuilder, node: TSESTree.Node): boolean {
  const value = staticValue(node, b.sourceCode.getScope(node));
  return typeof value?.value === 'string' && invalidationChannels.has(value.value);
}

/**
 * Whether a handler compares its channel parameter with the invalidation channel (a shared subscriber):
 * `channel === CHANNEL`, `switch (channel) { case CHANNEL: ... }`, or in a function of the module it hands the
 * channel to (`(channel, message) => this.onMessage(channel, message)`).
 */
export function comparesChannel(
  b: FlowBuilder,
  handler: TSESTree.Node,
  channel: TSESTree.Node | undefined,
  depth = 0,
): boolean {
  if (channel?.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = ASTUtils.findVariable(b.sourceCode.getScope(channel), channel);
  return (variable?.references ?? []).some((reference) => {
    const id = reference.identifier;
    const parent = id.parent;
    if (!parent || !(handler.range[0] <= parent.range[0] && parent.range[1] <= handler.range[1]))
      return false;
    if (parent.type === AST_NODE_TYPES.BinaryExpression)
      return namesInvalidationChannel(b, parent.left === id ? parent.right : parent.left);
    if (parent.type === AST_NODE_TYPES.SwitchStatement)
      return parent.cases.some((c) => c.test !== null && namesInvalidationChannel(b, c.test));
    if (parent.type === AST_NODE_TYPES.CallExpression && depth < 3) {
      const index = parent.arguments.findIndex((argument) => argument === id);
      const site = index >= 0 ? b.callSiteOf(parent) : undefined;
      return [...((site && b.engine.targets.get(site.id)) ?? [])].some((fn) =>
        comparesChannel(b, fn, fn.params[index], depth + 1),
      );
    }
    return false;
  });
}
