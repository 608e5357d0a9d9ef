import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { staticPropertyName } from '../ast.js';
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
 * iovalkey and ioredis 5 read RESP2 only, ioredis 6 with `protocol: 2` (docs/clients.md); node-redis 4 and 5 speak
 * RESP2 unless their options say `RESP: 3` (a `createClient()` with no options, or an options literal the module
 * shows whole without it), node-redis 6 only with `RESP: 2`. Undefined when the module does not settle it (options
 * from elsewhere, a spread, a client made elsewhere).
 */
export function resp2Reason(
  b: FlowBuilder,
  client: Extract<Value, { kind: 'client' }>,
): Resp2Reason | undefined {
  if (client.library === 'ioredis') return ioredisProtocol(b, client) === 2 ? 'ioredis' : undefined;
  if (client.library !== 'node-redis' || client.origin !== 'constructed') return undefined;
  const call = client.site;
  if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type === AST_NODE_TYPES.Super)
    return undefined;
  if (!/(?:^|\.)createClient$/.test(b.text(call.callee))) return undefined;
  // node-redis 6 speaks RESP3 unless told `RESP: 2` (`DEFAULT_RESP = 3`, @redis/client 6.0.0 lib/RESP/types.ts);
  // 4 and 5 RESP2 unless told `RESP: 3`.
  const resp3ByDefault = nodeRedisMajor(b) >= 6;
  const options: TSESTree.Node | undefined = call.arguments[0];
  if (options === undefined) return resp3ByDefault ? undefined : 'node-redis-options';
  if (options.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  let resp: TSESTree.Node | undefined;
  for (const property of options.properties) {
    if (property.type !== AST_NODE_TYPES.Property) return undefined;
    if (staticPropertyName(property.key, property.computed) === 'RESP') resp = property.value;
  }
  if (resp === undefined) return resp3ByDefault ? undefined : 'node-redis-options';
  return resp.type === AST_NODE_TYPES.Literal && resp.value === 2 ? 'node-redis-options' : undefined;
}
