import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { staticValue } from '../analysis/static-value.js';
import type { FunctionNode } from '../analysis/ast.js';
import type { FlowBuilder } from '../analysis/flow/builder.js';
import { deletedStore, storesDeletedByKey } from '../analysis/invalidation/key-deletes.js';
import { payloadUse } from '../analysis/invalidation/payload-use.js';
import { restoredOnlyByOther, runAfterReconnect, runsIn } from '../analysis/invalidation/reconnect.js';
import {
  channelNames,
  comparesChannel,
  isInvalidationChannel,
  subscriptionsByClient,
} from '../analysis/invalidation/subscriptions.js';
import { moduleFacts } from '../analysis/module-facts.js';
import { pushesDropped, resp2Reason } from '../analysis/invalidation/protocol.js';
import { unheardRedirectTarget } from '../analysis/invalidation/redirect-target.js';
import { unlistenedSubscriptions } from '../analysis/invalidation/unlistened-subscriber.js';
import { unseenEmitterListeners } from '../analysis/invalidation/unseen-emitters.js';
import { createRule } from '../util/create-rule.js';
import { isFunctionNode, parameterIdentifier } from '../analysis/ast.js';

export type MessageIds =
  | 'payloadAsOneKey'
  | 'flushIgnored'
  | 'trackingNotRestored'
  | 'subscribeCallbackIsNoListener'
  | 'clusterTrackingOneNode'
  | 'trackingUnheard'
  | 'redirectUnheard'
  | 'trackingRestoredElsewhere'
  | 'cacheNeedsResp3'
  | 'invalidationsUnheard'
  | 'trackingPushesDropped'
  | 'subscriberGetsPushes';

export interface Options {
  checkReconnect?: boolean;
}

/** How a listener receives an invalidation: which parameter holds the payload, and in what shape. */
interface Delivery {
  index: number;
  /**
   * `string`: ioredis/iovalkey `message` ("a,b", "" on a flush); `array`: the keys, null on a flush; `key`: one
   * key per event, null on a flush (node-redis `emitInvalidate`).
   */
  shape: 'string' | 'array' | 'key';
  /** Whether the listener sees a flush at all (ioredis `pmessage` throws on the null before calling it). */
  seesFlush: boolean;
  library: string;
}

/**
 * ioredis/iovalkey emit `message` with `reply[2] ? reply[2].toString() : ""` and `messageBuffer` with the raw
 * reply (lib/DataHandler.ts); `pmessage` calls `reply[3].toString()`, so a flush's null throws before any
 * listener runs.
 */
const ioredisEvents: Record<string, Delivery> = {
  message: { index: 1, shape: 'string', seesFlush: true, library: 'ioredis/iovalkey' },
  pmessage: { index: 2, shape: 'string', seesFlush: false, library: 'ioredis/iovalkey' },
  messageBuffer: { index: 1, shape: 'array', seesFlush: true, library: 'ioredis/iovalkey `messageBuffer`' },
  pmessageBuffer: { index: 2, shape: 'array', seesFlush: true, library: 'ioredis/iovalkey `pmessageBuffer`' },
};
const IOREDIS_EVENT_NAMES: ReadonlySet<string> = new Set(Object.keys(ioredisEvents));
/** node-redis hands `__redis__:invalidate` listeners the keys as an array, or null after a flush (lib/client/pub-sub.ts). */
const nodeRedisListener: Delivery = { index: 0, shape: 'array', seesFlush: true, library: 'node-redis' };
/** node-redis 5 `emitInvalidate`: `emit('invalidate', key)` for each key, `emit('invalidate', null)` on a flush. */
const nodeRedisInvalidateEvent: Delivery = {
  index: 0,
  shape: 'key',
  seesFlush: true,
  library: 'node-redis `invalidate`',
};

/** What node-redis refuses on a RESP2 connection when the client is created (lib/client/index.ts `#validateOptions`). */
const RESP3_CACHE = {
  feature: 'caches replies',
  error: 'Client Side Caching is only supported with RESP3',
  consequence: 'nothing is cached',
};
const RESP3_EVENTS = {
  feature: 'emits `invalidate` events',
  error: 'emitInvalidate is only supported with RESP3',
  consequence: 'no tracking is turned on',
};

interface Handler {
  fn: FunctionNode;
  delivery: Delivery;
}

/** A function a listener value runs, and how many leading arguments `bind` fixed before the emitter's. */
interface Runs {
  fn: FunctionNode;
  offset: number;
}

function runsOf(b: FlowBuilder, value: number, offset = 0, depth = 0): Runs[] {
  const described = b.describe(value);
  if (described.kind === 'function') return [{ fn: described.fn, offset }];
  if (described.kind !== 'bound' || depth > 4) return [];
  return runsOf(b, described.target, offset + (described.args?.length ?? 0), depth + 1);
}

/** The functions a listener node runs (`this.#onMessage.bind(this, 'scope')` included). */
function functionsAt(b: FlowBuilder, node: number): Runs[] {
  return b.engine.valuesAt(node).flatMap((value) => runsOf(b, value));
}

/** Every function that receives invalidation payloads, with how it receives them. */
function invalidationHandlers(b: FlowBuilder): Handler[] {
  const subscribed = subscriptionsByClient(b);
  const handlers: Handler[] = [];
  const seen = new Set<string>();
  const push = (fn: FunctionNode, delivery: Delivery) => {
    const key = `${fn.range[0]}:${delivery.index}`;
    if (seen.has(key)) return;
    seen.add(key);
    handlers.push({ fn, delivery });
  };
  for (const listener of b.listenerSites) {
    if (listener.event === 'invalidate') {
      const nodeRedis = b.engine.valuesAt(listener.emitter).some((emitter) => {
        const client = b.describe(emitter);
        return client.kind === 'client' && client.library === 'node-redis';
      });
      if (nodeRedis) {
        for (const { fn, offset } of functionsAt(b, listener.handlers))
          push(fn, { ...nodeRedisInvalidateEvent, index: offset });
      }
      continue;
    }
    const delivery = ioredisEvents[listener.event];
    if (!delivery) continue;
    for (const emitter of b.engine.valuesAt(listener.emitter)) {
      const client = b.describe(emitter);
      // A client of unknown library (a parameter typed nowhere) listening for `message`: ioredis's event.
      // node_redis 3 emits it as ioredis does (`reply[2].toString()`, index.js `return_pub_sub`), but a flush's
      // null throws there before any listener runs; node-redis 4 and later emit no `message` at all.
      const nodeRedis3 = client.kind === 'client' && client.library === 'node-redis';
      if (
        client.kind !== 'client' ||
        (client.library !== 'ioredis' && client.library !== 'unknown' && !nodeRedis3)
      )
        continue;
      const heard = nodeRedis3 ? { ...delivery, seesFlush: false, library: 'node_redis 3' } : delivery;
      const state = subscribed.get(emitter);
      // Subscribed in another module (a connection factory): the handler says which channel it serves.
      if (state && !state.invalidation) continue;
      for (const { fn, offset } of functionsAt(b, listener.handlers)) {
        const shifted = { ...heard, index: heard.index + offset };
        if ((state && !state.other) || comparesChannel(b, fn, fn.params[shifted.index - 1]))
          push(fn, shifted);
      }
    }
  }
  for (const { fn, event } of unseenEmitterListeners(b, IOREDIS_EVENT_NAMES)) {
    const delivery = ioredisEvents[event]!;
    if (comparesChannel(b, fn, fn.params[delivery.index - 1])) push(fn, delivery);
  }
  for (const site of b.subscriptionSites) {
    const client = b.describe(site.client);
    if (client.kind !== 'client' || client.library !== 'node-redis' || !site.callback) continue;
    const channel = site.channels[0];
    const value = channel ? staticValue(channel, b.sourceCode.getScope(channel)) : null;
    if (typeof value?.value !== 'string' || !isInvalidationChannel(value.value, /^p/i.test(site.method)))
      continue;
    for (const { fn, offset } of isFunctionNode(site.callback)
      ? [{ fn: site.callback, offset: 0 }]
      : functionsAt(b, b.valueOf(site.callback)))
      push(fn, { ...nodeRedisListener, index: nodeRedisListener.index + offset });
  }
  return handlers;
}

/**
 * Whether a function passed as ioredis's `subscribe` callback is written as a message listener: it handles its
 * second parameter as an ioredis payload (`(channel, message)`), or its first as node-redis's key array
 * (`(keys) => ...`, the shape node-redis's `subscribe(channel, listener)` takes). Testing the first parameter
 * alone is what a real completion callback does with its error, so it does not count.
 */
function handlesInvalidations(b: FlowBuilder, fn: FunctionNode): boolean {
  return [0, 1].some((index) => {
    const payload = parameterIdentifier(fn, index);
    if (!payload) return false;
    const use = payloadUse(b, fn, payload);
    return use.deletes.length > 0 || use.split || use.iterated || (index === 1 && use.flushHandled);
  });
}

/** How the code names the client a call is made on (`this.sub` in `this.sub.subscribe(...)`). */
function receiverText(sourceCode: Readonly<TSESLint.SourceCode>, call: TSESTree.CallExpression): string {
  return call.callee.type === AST_NODE_TYPES.MemberExpression
    ? sourceCode.getText(call.callee.object)
    : 'subscriber';
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
        '{{library}} delivers a multi-key invalidation as {{shape}}, so this deletes a key that does not exist and leaves the real ones stale. {{fix}}',
      flushIgnored:
        'This invalidation handler never handles a flush: after FLUSHALL or FLUSHDB the server sends {{empty}}, and every cached entry stays stale. Clear the whole cache when `{{payload}}` is {{emptyWord}}.',
      trackingNotRestored:
        'CLIENT TRACKING is turned on only once here; a reconnect opens a connection without tracking and invalidations silently stop. Turn tracking on in a `ready` listener so every new connection gets it.',
      subscribeCallbackIsNoListener:
        "ioredis and iovalkey call the last argument of `subscribe` once, when the subscription is confirmed (`(error, count)`); invalidation messages never reach it, so this cache is never invalidated. Handle them in a `message` listener: `{{client}}.on('message', (channel, message) => ...)`.",
      trackingUnheard:
        '{{protocol}}, and this CLIENT TRACKING has no REDIRECT: a RESP2 connection cannot receive push messages, so the server drops every invalidation for it and nothing this client caches is ever invalidated. Add `REDIRECT <id>` with the `CLIENT ID` of a connection subscribed to `__redis__:invalidate`{{alternative}}.',
      trackingRestoredElsewhere:
        'CLIENT TRACKING is sent again only when `{{emitter}}` reconnects: when this client reconnects on its own, its new connection has no tracking and invalidations silently stop. Turn tracking on in a `ready` listener of this client too.',
      redirectUnheard:
        'This CLIENT TRACKING redirects invalidations to `{{target}}`, which never subscribes: the server sends a RESP2 connection invalidations only while it is subscribed, so every one is dropped and nothing this client caches is ever invalidated. Subscribe `{{target}}` to `__redis__:invalidate` and apply its messages.',
      cacheNeedsResp3:
        "node-redis {{feature}} only over RESP3: created with these options (no `RESP: 3`), the client throws '{{error}}' and {{consequence}}. Add `RESP: 3` to the options.",
      invalidationsUnheard:
        "`{{client}}` subscribes to the invalidation channel, but nothing listens for its messages: ioredis and iovalkey deliver them only as `message` events, so every invalidation is dropped and cached entries stay stale. Add `{{client}}.on('message', (channel, message) => ...)` that deletes each key and clears the cache on a flush.",
      trackingPushesDropped:
        '{{library}} speaks RESP3 on this connection and {{drops}}: this CLIENT TRACKING has no REDIRECT, so the server pushes the invalidations to this connection and nothing this client caches is ever invalidated. {{fix}}.',
      subscriberGetsPushes:
        '{{library}} speaks RESP3 on `{{client}}`: the server sends the invalidations a REDIRECT points at a RESP3 connection as `invalidate` push messages, never as messages on `__redis__:invalidate`, and {{library}} {{drops}}, so no listener of `{{client}}` ever receives one and every cached entry stays stale. Create `{{client}}` with {{resp2}}.',
      clusterTrackingOneNode:
        'A cluster client sends this CLIENT TRACKING to one node only: tracking, and its REDIRECT target, belong to one connection, so keys served by every other node are never invalidated. Turn tracking on for every node (and again when a node reconnects), each redirecting to a subscriber on that node.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          checkReconnect: {
            type: 'boolean',
            description:
              'Report CLIENT TRACKING turned on where no connection or error listener runs it again.',
          },
        },
      },
    ],
  },
  defaultOptions: [{ checkReconnect: true }],
  create(context, [options]) {
    const ruleContext = context as unknown as Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;
    return {
      'Program:exit'() {
        const facts = moduleFacts(ruleContext);
        const b = facts.flow.builder;
        const reported = new Set<string>();
        const report = (node: TSESTree.Node, messageId: MessageIds, data: Record<string, string> = {}) => {
          const key = `${node.range[0]}:${node.range[1]}:${messageId}`;
          if (reported.has(key)) return;
          reported.add(key);
          context.report({ node, messageId, data });
        };

        for (const { fn, delivery } of invalidationHandlers(b)) {
          const payload = parameterIdentifier(fn, delivery.index);
          if (!payload) continue;
          const use = payloadUse(b, fn, payload);
          if (use.handedOff) continue;
          // Split (or iterated) too, a whole delete still misses where no delete of the keys reaches its store.
          const keysUsed = delivery.shape === 'string' ? use.split : use.iterated;
          const byKey = keysUsed ? storesDeletedByKey(b, fn, use.deletes) : undefined;
          // One key per event: deleting it whole is right.
          for (const node of delivery.shape === 'key' ? [] : use.deletes) {
            const store = byKey && deletedStore(b, node);
            if (byKey && (store === undefined || byKey.has(store))) continue;
            report(node, 'payloadAsOneKey', {
              library: delivery.library,
              shape: delivery.shape === 'string' ? 'one comma-joined string' : 'an array of keys',
              fix:
                delivery.shape === 'string'
                  ? `Split \`${payload.name}\` on \`,\` and delete each key.`
                  : `Delete each key of \`${payload.name}\`.`,
            });
          }
          const handles = use.deletes.length > 0 || use.split || use.iterated || use.keyMatched;
          if (delivery.seesFlush && handles && !use.flushHandled) {
            report(payload, 'flushIgnored', {
              payload: payload.name,
              empty: delivery.shape === 'string' ? 'an empty payload' : 'a null payload',
              emptyWord: delivery.shape === 'string' ? 'empty' : 'null',
            });
          }
        }

        // ioredis `subscribe(channel, callback)`: a completion callback written as if it received messages.
        const callbackTaken = new Set<TSESTree.CallExpression>();
        for (const site of b.subscriptionSites) {
          const client = b.describe(site.client);
          if (client.kind !== 'client' || client.library !== 'ioredis' || !site.callback) continue;
          const subscribed = subscriptionsByClient(b).get(site.client);
          if (!subscribed?.invalidation) continue;
          const callbacks = isFunctionNode(site.callback)
            ? [site.callback]
            : functionsAt(b, b.valueOf(site.callback)).map((runs) => runs.fn);
          const callback = callbacks.find((fn) => handlesInvalidations(b, fn));
          if (!callback) continue;
          const receiver = receiverText(context.sourceCode, site.call);
          callbackTaken.add(site.call);
          report(isFunctionNode(site.callback) ? site.callback : callback, 'subscribeCallbackIsNoListener', {
            client: receiver,
          });
        }

        // ioredis 6 on RESP3: the invalidations a REDIRECT sends this subscriber are pushes, which ioredis drops.
        for (const site of b.subscriptionSites) {
          const client = b.describe(site.client);
          const dropped = client.kind === 'client' ? pushesDropped(b, client) : undefined;
          if (!dropped) continue;
          const pattern = /^p/i.test(site.method);
          for (const channel of site.channels) {
            const names = channelNames(b, channel);
            if (!names.some((name) => typeof name === 'string' && isInvalidationChannel(name, pattern)))
              continue;
            report(channel, 'subscriberGetsPushes', {
              client: receiverText(context.sourceCode, site.call),
              library: dropped.library,
              drops: dropped.drops,
              resp2: dropped.resp2,
            });
          }
        }

        // A subscriber of the module's own that nothing listens to.
        for (const { channel, client } of unlistenedSubscriptions(b)) {
          if (!callbackTaken.has(channel.parent as TSESTree.CallExpression))
            report(channel, 'invalidationsUnheard', { client });
        }

        const afterReconnect = options.checkReconnect ? runAfterReconnect(b) : new Set<FunctionNode>();
        for (const info of facts.clients.values()) {
          if (info.client.library === 'glide') continue;
          // node-redis refuses `clientSideCache` on a RESP2 connection when the client is created.
          const cache = info.cache?.kind === 'node-redis' ? info.cache.property : undefined;
          const events = info.invalidateEvents;
          if ((cache || events) && resp2Reason(b, info.client) === 'node-redis-options') {
            if (cache) report(cache, 'cacheNeedsResp3', RESP3_CACHE);
            // The option written on this client (a `duplicate()` copying it is judged where it is written).
            if (events?.type === AST_NODE_TYPES.Property) report(events, 'cacheNeedsResp3', RESP3_EVENTS);
          }
          for (const tracking of info.tracking) {
            if (!tracking.read || !tracking.report) continue;
            // Turned on by a helper of another module (`enableTracking(client)`): judged where the helper sends it.
            if (tracking.read.shape.style === 'imported') continue;
            if (info.client.cluster) {
              report(tracking.report, 'clusterTrackingOneNode');
              continue;
            }
            // ioredis 6 on RESP3 receives them as pushes, and drops them (DataHandler returnPush).
            // node-redis hands them to its cache or `invalidate` events when the client has one.
            const dropped =
              tracking.certain && !tracking.redirect && !info.cache && !info.invalidateEvents
                ? pushesDropped(b, info.client)
                : undefined;
            if (dropped)
              report(tracking.report, 'trackingPushesDropped', {
                library: dropped.library,
                drops: dropped.drops,
                fix: dropped.trackingFix,
              });
            // Without a REDIRECT the server sends a RESP2 connection's invalidations nowhere (tracking.c
            // sendTrackingMessage).
            const resp2 = tracking.certain && !tracking.redirect ? resp2Reason(b, info.client) : undefined;
            const target =
              tracking.certain && tracking.redirect
                ? unheardRedirectTarget(b, tracking.redirectTo)
                : undefined;
            if (target !== undefined) report(tracking.report, 'redirectUnheard', { target });
            if (resp2 === 'ioredis')
              report(tracking.report, 'trackingUnheard', {
                protocol: 'ioredis and iovalkey speak only RESP2',
                alternative: '',
              });
            else if (resp2 === 'node-redis-options')
              report(tracking.report, 'trackingUnheard', {
                protocol: 'This node-redis client speaks RESP2 (its options have no `RESP: 3`)',
                alternative: ', or create the client with `RESP: 3` so the pushes reach it',
              });
            if (!options.checkReconnect) continue;
            const sites = [tracking.read.site.node, tracking.report];
            if (!sites.some((site) => runsIn(site, afterReconnect))) {
              // Sent once at start and again from the client's own `ready` listener: restored by that listener.
              const restoredBeside = info.tracking.some(
                (other) =>
                  other !== tracking &&
                  other.on &&
                  other.read !== undefined &&
                  [other.read.site.node, other.report].some((site) => site && runsIn(site, afterReconnect)) &&
                  restoredOnlyByOther(b, info.value, [other.read.site.node], other.read.site.receiver) ===
                    undefined,
              );
              if (!restoredBeside) report(tracking.report, 'trackingNotRestored');
              continue;
            }
            // Sent again only when another client's connection comes back (`subscriber.on('ready', ...)`).
            const other = restoredOnlyByOther(b, info.value, sites, tracking.read.site.receiver);
            if (other !== undefined) report(tracking.report, 'trackingRestoredElsewhere', { emitter: other });
          }
        }
      },
    };
  },
});
