import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { staticPropertyName } from '../ast.js';
import type { FlowBuilder } from '../flow/builder.js';
import type { Value } from '../flow/values.js';
import { ioredisProtocol } from './ioredis-protocol.js';

/** Why a client's connection speaks RESP2 (and so cannot receive push messages), when the module shows it. */
export type Resp2Reason = 'ioredis' | 'node-redis-options';

/**
 * iovalkey and ioredis 5 read RESP2 only, ioredis 6 with `protocol: 2` (docs/clients.md); node-redis speaks RESP2 unless its options say
 * `RESP: 3`, so a `createClient()` with no options, or an options literal the module shows whole without it.
 * Undefined when the module does not settle it (options from elsewhere, a spread, a client made elsewhere).
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
  const options: TSESTree.Node | undefined = call.arguments[0];
  if (options === undefined) return 'node-redis-options';
  if (options.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  let resp: TSESTree.Node | undefined;
  for (const property of options.properties) {
    if (property.type !== AST_NODE_TYPES.Property) return undefined;
    if (staticPropertyName(property.key, property.computed) === 'RESP') resp = property.value;
  }
  if (resp === undefined) return 'node-redis-options';
  return resp.type === AST_NODE_TYPES.Literal && resp.value === 2 ? 'node-redis-options' : undefined;
}
