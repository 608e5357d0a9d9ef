import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { calleeMethodName, enclosingFunction, type FunctionNode } from '../analysis/ast.js';
import { findListeners, type Listener } from '../analysis/listeners.js';
import { analyzeModule, type ModuleAnalysis } from '../analysis/module-analysis.js';
import { findTrackedClients } from '../analysis/tracked-clients.js';
import { forEachNode } from '../analysis/walk.js';
import { createRule } from '../util/create-rule.js';
import { readSettings } from '../util/settings.js';

export type MessageIds = 'payloadAsOneKey' | 'flushIgnored' | 'trackingNotRestored';

export interface Options {
  checkReconnect?: boolean;
}

/** The Pub/Sub channel tracking redirects invalidations to (https://valkey.io/topics/client-side-caching/). */
const invalidationChannels = new Set(['__redis__:invalidate', '__valkey__:invalidate']);
/**
 * ioredis/iovalkey emit the payload as `reply[2] ? reply[2].toString() : ""` (lib/DataHandler.ts, case
 * "message"): an array of keys becomes `a,b`, a flush's null becomes `''`. The `*Buffer` events pass the raw
 * reply and are not judged here.
 */
const stringPayloadClients = new Set(['ioredis', 'iovalkey']);
const payloadIndex: Record<string, number> = { message: 1, pmessage: 2 };
const deleteMethods = new Set(['delete', 'del', 'remove', 'invalidate', 'evict']);
const clearMethods = new Set(['clear', 'reset', 'flushAll', 'flushall', 'purge']);
/** Events a client emits on every new connection: the place to turn tracking (back) on. */
const connectionEvents = new Set(['ready', 'connect']);

function subscribesToInvalidation(analysis: ModuleAnalysis): { only: number[]; some: number[] } {
  const byPlace = new Map<number, { invalidation: boolean; other: boolean }>();
  for (const call of analysis.calls) {
    const method = calleeMethodName(call);
    if (
      (method !== 'subscribe' && method !== 'psubscribe') ||
      call.callee.type !== AST_NODE_TYPES.MemberExpression
    )
      continue;
    const place = analysis.placeOf(call.callee.object);
    if (place === undefined) continue;
    const root = analysis.graph.find(place);
    const state = byPlace.get(root) ?? { invalidation: false, other: false };
    for (const arg of call.arguments) {
      if (
        arg.type === AST_NODE_TYPES.ArrowFunctionExpression ||
        arg.type === AST_NODE_TYPES.FunctionExpression
      )
        continue;
      const text =
        arg.type === AST_NODE_TYPES.Literal && typeof arg.value === 'string' ? arg.value : undefined;
      const matches =
        text !== undefined &&
        (invalidationChannels.has(text) || (method === 'psubscribe' && /^__(redis|valkey)__:\*$/.test(text)));
      if (matches) state.invalidation = true;
      else state.other = true;
    }
    byPlace.set(root, state);
  }
  const only: number[] = [];
  const some: number[] = [];
  for (const [place, state] of byPlace) {
    if (state.invalidation) some.push(place);
    if (state.invalidation && !state.other) only.push(place);
  }
  return { only, some };
}

/** Whether a handler body tells invalidation messages apart from others by comparing the channel. */
function comparesChannel(
  handler: FunctionNode,
  channelIndex: number,
  sourceCode: Readonly<TSESLint.SourceCode>,
): boolean {
  const channel = handler.params[channelIndex];
  if (channel?.type !== AST_NODE_TYPES.Identifier) return false;
  const text = sourceCode.getText(handler.body);
  return [...invalidationChannels].some((name) => text.includes(name)) && text.includes(channel.name);
}

interface PayloadUse {
  deletes: TSESTree.Node[];
  split: boolean;
  flushHandled: boolean;
}

function payloadUses(
  handler: FunctionNode,
  payload: TSESTree.Identifier,
  analysis: ModuleAnalysis,
  sourceCode: Readonly<TSESLint.SourceCode>,
): PayloadUse {
  const variable = analysis.variableOf(payload);
  const result: PayloadUse = { deletes: [], split: false, flushHandled: false };
  for (const reference of variable?.references ?? []) {
    const id = reference.identifier as TSESTree.Identifier;
    const parent = id.parent;
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === id) {
      const name = parent.property.type === AST_NODE_TYPES.Identifier ? parent.property.name : undefined;
      if (name === 'split') result.split = true;
      if (name === 'length' && isTest(parent)) result.flushHandled = true;
      continue;
    }
    if (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(id)) {
      const method = calleeMethodName(parent);
      // A local helper (`this.#invalidate(message)`) may split and flush itself: only library deletes count.
      const local = analysis.placeOf(parent.callee);
      const isLocalHelper = local !== undefined && analysis.functionsAt(local).length > 0;
      if (method && deleteMethods.has(method) && !isLocalHelper) result.deletes.push(parent);
      continue;
    }
    if (
      parent?.type === AST_NODE_TYPES.MemberExpression &&
      parent.property === id &&
      parent.computed &&
      parent.parent?.type === AST_NODE_TYPES.UnaryExpression &&
      parent.parent.operator === 'delete'
    ) {
      result.deletes.push(parent.parent);
      continue;
    }
    if (isTest(id)) result.flushHandled = true;
  }
  const body = sourceCode.getText(handler.body);
  if ([...clearMethods].some((m) => body.includes(`.${m}(`))) result.flushHandled = true;
  // A test on anything derived from the payload (`keys[0] === ''`, `parts.length === 0`) may be the flush check.
  forEachNode(handler.body, sourceCode.visitorKeys, (node) => {
    if (node.type === AST_NODE_TYPES.BinaryExpression && [node.left, node.right].some(isEmptyLiteral)) {
      result.flushHandled = true;
    }
  });
  return result;
}

const isEmptyLiteral = (node: TSESTree.Node): boolean =>
  node.type === AST_NODE_TYPES.Literal && (node.value === '' || node.value === null);

/** `!p`, `p === ''`, `p == null`, `if (p)`, `p ? a : b`, `p || ...`: a place where an empty payload is told apart. */
function isTest(node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  switch (parent.type) {
    case AST_NODE_TYPES.UnaryExpression:
      return parent.operator === '!';
    case AST_NODE_TYPES.BinaryExpression:
      return ['===', '==', '!==', '!=', '<', '>', '<=', '>='].includes(parent.operator);
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ConditionalExpression:
      return parent.test === node;
    case AST_NODE_TYPES.LogicalExpression:
      return parent.left === node;
    default:
      return false;
  }
}

function trackingRestoredOnReconnect(
  site: TSESTree.Node,
  listeners: Listener[],
  analysis: ModuleAnalysis,
): boolean {
  const safe = new Set<FunctionNode>(
    listeners.filter((l) => l.repeats && connectionEvents.has(l.event)).map((l) => l.handler),
  );
  // Functions called from a safe function are safe too (`client.on('ready', () => this.#enableTracking())`).
  for (let round = 0, grew = true; grew && round < 5; round++) {
    grew = false;
    for (const call of analysis.calls) {
      const caller = enclosingFunction(call);
      if (!caller || !safe.has(caller)) continue;
      const callee = analysis.placeOf(call.callee);
      if (callee === undefined) continue;
      for (const fn of analysis.functionsAt(callee)) {
        if (!safe.has(fn)) {
          safe.add(fn);
          grew = true;
        }
      }
    }
  }
  for (let fn = enclosingFunction(site); fn; fn = enclosingFunction(fn)) if (safe.has(fn)) return true;
  return false;
}

export default createRule<[Options], MessageIds>({
  name: 'no-incomplete-invalidation',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require invalidation handling that survives multi-key messages, flushes and reconnects',
      recommended: true,
    },
    messages: {
      payloadAsOneKey:
        'ioredis/iovalkey deliver a multi-key invalidation as one comma-joined string, so this deletes a key that does not exist and leaves the real ones stale. Split `{{payload}}` on `,` and delete each key.',
      flushIgnored:
        'This invalidation handler never handles a flush: after FLUSHALL or FLUSHDB the server sends an empty payload, and every cached entry stays stale. Clear the whole cache when `{{payload}}` is empty.',
      trackingNotRestored:
        'CLIENT TRACKING is turned on only once here; a reconnect opens a connection without tracking and invalidations silently stop. Turn tracking on in a `ready` listener so every new connection gets it.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          checkReconnect: {
            type: 'boolean',
            description: 'Report CLIENT TRACKING turned on outside a `ready`/`connect` listener.',
          },
        },
      },
    ],
  },
  defaultOptions: [{ checkReconnect: true }],
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    return {
      'Program:exit'() {
        const analysis = analyzeModule(sourceCode);
        const listeners = findListeners(analysis);
        const clientLibraries = [...analysis.imports.values()];
        if (clientLibraries.some((source) => stringPayloadClients.has(source))) {
          const subscribers = subscribesToInvalidation(analysis);
          for (const listener of listeners) {
            const index = payloadIndex[listener.event];
            if (index === undefined) continue;
            const emitter = analysis.placeOf(listener.emitter);
            const only =
              emitter !== undefined && subscribers.only.some((p) => analysis.graph.same(p, emitter));
            const some =
              emitter !== undefined && subscribers.some.some((p) => analysis.graph.same(p, emitter));
            if (!only && !(some && comparesChannel(listener.handler, index - 1, sourceCode))) continue;
            const payload = listener.handler.params[index];
            if (payload?.type !== AST_NODE_TYPES.Identifier) continue;
            const uses = payloadUses(listener.handler, payload, analysis, sourceCode);
            if (!uses.split) {
              for (const node of uses.deletes)
                context.report({ node, messageId: 'payloadAsOneKey', data: { payload: payload.name } });
            }
            // iovalkey's pmessage path calls `reply[3].toString()` on the flush's null: the handler never sees it.
            if (
              listener.event === 'message' &&
              (uses.deletes.length > 0 || uses.split) &&
              !uses.flushHandled
            ) {
              context.report({ node: payload, messageId: 'flushIgnored', data: { payload: payload.name } });
            }
          }
        }
        if (options.checkReconnect) {
          const clients = findTrackedClients(analysis, sourceCode, readSettings(context.settings), () => '5');
          for (const client of clients) {
            if (client.kind !== 'manual' || client.setting) continue;
            if (!trackingRestoredOnReconnect(client.site, listeners, analysis)) {
              context.report({ node: client.site, messageId: 'trackingNotRestored' });
            }
          }
        }
      },
    };
  },
});
