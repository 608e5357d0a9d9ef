import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { type FunctionNode, isFunctionNode, staticPropertyName } from '../ast.js';
import type { FlowBuilder } from '../flow/builder.js';
import { listenMethods, staticString } from '../../models/listen.js';
import { forEachNode } from '../walk.js';

/** A listener written inline on an emitter the module shows nothing of. */
export interface UnseenListener {
  fn: FunctionNode;
  event: string;
}

/** Where a module may register a pub/sub listener: `.on('message'`, `.once('pmessageBuffer'`, ... */
const PUBSUB_LISTENER = new RegExp(
  String.raw`\.(?:${Object.keys(listenMethods).join('|')})\s*\(\s*['"\x60]p?message`,
);

/**
 * `this.subscriber.connection.on('message', (channel, message) => ...)` on a connection the module is handed by
 * code it does not show (an injected holder's member): no client is in sight, so no model records the listener.
 * The inline functions so registered for the events in `events`, for the rule to judge when they compare their
 * channel with the invalidation channel's name.
 */
export function unseenEmitterListeners(b: FlowBuilder, events: ReadonlySet<string>): UnseenListener[] {
  if (!PUBSUB_LISTENER.test(b.sourceCode.text)) return [];
  const recorded = new Set<TSESTree.Node>(b.listenerSites.map((site) => site.call));
  const found: UnseenListener[] = [];
  forEachNode(b.sourceCode.ast, b.sourceCode.visitorKeys, (node) => {
    if (node.type !== AST_NODE_TYPES.CallExpression || recorded.has(node)) return;
    const callee = node.callee;
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return;
    const method = staticPropertyName(callee.property, callee.computed);
    if (method === undefined || !(method in listenMethods)) return;
    const event = staticString(b, node.arguments[0]);
    const handler = node.arguments[1];
    if (event === undefined || !events.has(event) || !handler || !isFunctionNode(handler)) return;
    // A receiver the analysis knows as a client was recorded by its model, for better or worse.
    const receiver = b.valueOf(callee.object);
    if (b.engine.valuesAt(receiver).some((value) => b.describe(value).kind === 'client')) return;
    found.push({ fn: handler, event });
  });
  return found;
}
