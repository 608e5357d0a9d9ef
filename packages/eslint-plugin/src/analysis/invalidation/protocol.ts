import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { staticPropertyName } from '../ast.js';
import { constantOption } from '../constant-option.js';
import type { FlowBuilder } from '../flow/builder.js';
import type { Value } from '../flow/values.js';
import { ioredisProtocol } from './ioredis-protocol.js';
import { projectMajor } from '../project-major.js';

/** Why a client's connection speaks RESP2 (and so cannot receive push messages), when the module shows it. */
export type Resp2Reason = 'ioredis' | 'node-redis-options';

/** The project's node-redis major version: 6 for the settings' `'6.2'` and `'6.4'`, else its package.json's. */
function nodeRedisMajor(b: FlowBuilder): number {
  const set = b.settings?.nodeRedisVersion;
  if (set) return set === '5' ? 5 : 6;
  return projectMajor(b, ['@redis/client', 'redis']) ?? 5;
}

/**
 * The protocol a node-redis `createClient` connection speaks, when the module shows its options whole (none, or a
 * literal of plain properties): node-redis 4 and 5 RESP2 unless told `RESP: 3`, node-redis 6 RESP3 unless told
 * `RESP: 2` (`DEFAULT_RESP = 3`, @redis/client 6.0.0 lib/RESP/types.ts).
 */
export function nodeRedisProtocol(
  b: FlowBuilder,
  client: Extract<Value, { kind: 'client' }>,
): 2 | 3 | undefined {
  if (client.library !== 'node-redis' || client.origin !== 'constructed') return undefined;
  const call = client.site;
  if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type === AST_NODE_TYPES.Super)
    return undefined;
  if (!/(?:^|\.)createClient$/.test(b.text(call.callee))) return undefined;
  const byDefault = nodeRedisMajor(b) >= 6 ? 3 : 2;
  const options: TSESTree.Node | undefined = call.arguments[0];
  if (options === undefined) return byDefault;
  // Options another module exports (`createClient(config.redis)`), read as its constants.
  if (options.type !== AST_NODE_TYPES.ObjectExpression) {
    const resp = constantOption(b, options, 'RESP');
    if (resp === 'unknown') return undefined;
    if (resp === 'absent') return byDefault;
    return resp.value === 2 ? 2 : resp.value === 3 ? 3 : undefined;
  }
  let resp: TSESTree.Node | undefined;
  for (const property of options.properties) {
    if (property.type !== AST_NODE_TYPES.Property) return undefined;
    if (staticPropertyName(property.key, property.computed) === 'RESP') resp = property.value;
  }
  if (resp === undefined) return byDefault;
  if (resp.type !== AST_NODE_TYPES.Literal) return undefined;
  return resp.value === 2 ? 2 : resp.value === 3 ? 3 : undefined;
}

/**
 * iovalkey and ioredis 5 read RESP2 only, ioredis 6 with `protocol: 2` (docs/clients.md); node-redis as
 * {@link nodeRedisProtocol} says. Undefined when the module does not settle it (options from elsewhere, a spread,
 * a client made elsewhere).
 */
export function resp2Reason(
  b: FlowBuilder,
  client: Extract<Value, { kind: 'client' }>,
): Resp2Reason | undefined {
  if (client.library === 'ioredis') return ioredisProtocol(b, client) === 2 ? 'ioredis' : undefined;
  return nodeRedisProtocol(b, client) === 2 ? 'node-redis-options' : undefined;
}

/**
 * A connection the server sends invalidations as RESP3 `invalidate` pushes that its library drops: ioredis 6
 * passes on only pub/sub pushes (DataHandler returnPush), node-redis 6 hands them only to its own cache or its
 * `invalidate` events (`clientSideCache`, `emitInvalidate`), never to a `subscribe` listener. What to write to
 * get RESP2 instead, per library.
 */
export function pushesDropped(
  b: FlowBuilder,
  client: Extract<Value, { kind: 'client' }>,
): PushesDropped | undefined {
  if (ioredisProtocol(b, client) === 3)
    return {
      library: 'ioredis 6',
      drops: 'drops them (it passes on only pub/sub pushes)',
      resp2: '`protocol: 2`',
      trackingFix:
        'Create the client with `protocol: 2` and add `REDIRECT <id>` with the `CLIENT ID` of a connection subscribed to `__redis__:invalidate`, also created with `protocol: 2`',
    };
  if (nodeRedisProtocol(b, client) === 3)
    return {
      library: 'node-redis',
      drops: 'hands them only to its own cache and to `invalidate` events, never to a `subscribe` listener',
      resp2: '`RESP: 2`',
      trackingFix:
        'Let node-redis keep the cache (`clientSideCache`), or create the client with `emitInvalidate: true` and clear entries in its `invalidate` listener',
    };
  return undefined;
}

/** What a library does with `invalidate` pushes it drops, and what gets its connection RESP2. */
export interface PushesDropped {
  library: string;
  drops: string;
  resp2: string;
  trackingFix: string;
}
