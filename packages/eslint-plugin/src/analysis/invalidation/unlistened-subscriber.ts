import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { staticPropertyName } from '../ast.js';
import type { FlowBuilder } from '../flow/builder.js';
import { listenMethods, staticString } from '../../models/listen.js';
import { ownVariable } from './redirect-target.js';
import { isInvalidationChannel } from './subscriptions.js';

/** The events ioredis and iovalkey deliver a subscribed connection's messages on (lib/DataHandler.ts). */
const MESSAGE_EVENTS = new Set(['message', 'messageBuffer', 'pmessage', 'pmessageBuffer']);
const SUBSCRIBING = new Set(['subscribe', 'psubscribe', 'ssubscribe', 'unsubscribe', 'punsubscribe']);

/** The calls made on a variable, chained ones included (`sub.on('error', f).on('message', g)`). */
function callsOn(variable: TSESTree.Identifier, b: FlowBuilder): TSESTree.CallExpression[] {
  const calls: TSESTree.CallExpression[] = [];
  for (const reference of b.scopes.variableOf(variable)?.references ?? []) {
    let node: TSESTree.Node = reference.identifier;
    while (
      node.parent?.type === AST_NODE_TYPES.MemberExpression &&
      node.parent.object === node &&
      node.parent.parent?.type === AST_NODE_TYPES.CallExpression &&
      node.parent.parent.callee === node.parent
    ) {
      node = node.parent.parent;
      calls.push(node as TSESTree.CallExpression);
    }
  }
  return calls;
}

/** Whether any listener added to the variable may receive messages (an event name the module does not show included). */
function listensForMessages(variable: TSESTree.Identifier, b: FlowBuilder): boolean {
  return callsOn(variable, b).some((call) => {
    const callee = call.callee as TSESTree.MemberExpression;
    if (!((staticPropertyName(callee.property, callee.computed) ?? '') in listenMethods)) return false;
    const event = staticString(b, call.arguments[0]);
    return event === undefined || MESSAGE_EVENTS.has(event);
  });
}

/**
 * ioredis/iovalkey subscriptions to the invalidation channel on a connection nobody listens to: the client is a
 * variable of the module, used only through its own calls (never exported or handed on), and no `message`,
 * `messageBuffer`, `pmessage` or `pmessageBuffer` listener is added to it. ioredis emits messages as events, so
 * every invalidation the server sends is dropped. Returns the channel arguments and the variable's name.
 */
export function unlistenedSubscriptions(b: FlowBuilder): { channel: TSESTree.Node; client: string }[] {
  const found: { channel: TSESTree.Node; client: string }[] = [];
  for (const site of b.subscriptionSites) {
    const client = b.describe(site.client);
    if (client.kind !== 'client' || client.library !== 'ioredis' || client.origin !== 'constructed') continue;
    const pattern = /^p/i.test(site.method);
    const channel = site.channels.find((node) => {
      const name = staticString(b, node);
      return name !== undefined && isInvalidationChannel(name, pattern);
    });
    if (!channel) continue;
    const variable = ownVariable(b, client.site, SUBSCRIBING);
    if (!variable || listensForMessages(variable, b)) continue;
    found.push({ channel, client: variable.name });
  }
  return found;
}
