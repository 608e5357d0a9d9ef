import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { NodeRedisVersion } from '../clients/node-redis.js';
import type { LibraryCache } from './client-states.js';
import { isCacheConstant } from './cache-constants.js';
import type { FlowBuilder } from './flow/builder.js';
import type { Value } from './flow/values.js';
import { nodeRedisChoiceOf } from './node-redis-choice.js';
import { constantOption } from './constant-option.js';
import { unknownMembers } from './static-value.js';

/**
 * The cache of a client whose options are constants the module reads but does not make (`createClient(config.redis)`,
 * `GlideClient.createClient(config.glide.registry)` with `config` imported): a config module's options object,
 * whose `clientSideCache` is a cache construction or node-redis's options literal. Undefined when the options do
 * not show one.
 */
export function cacheOfConstantOptions(
  b: FlowBuilder,
  client: Extract<Value, { kind: 'client' }>,
  argument: TSESTree.Node | undefined,
  version: () => NodeRedisVersion,
): LibraryCache | undefined {
  if (argument === undefined || argument.type === AST_NODE_TYPES.ObjectExpression) return undefined;
  const option = constantOption(b, argument, 'clientSideCache');
  const written = typeof option === 'object' ? option.value : undefined;
  if (client.library === 'node-redis') {
    // Its options literal or a provider turn node-redis's cache on; a value the constants do not show (a
    // condition) is not taken for one, as in the module that writes it.
    if (typeof written !== 'object' || written === null || Array.isArray(written)) return undefined;
    const literal = isCacheConstant(written) ? written.options : (written as Record<string, unknown>);
    return {
      kind: 'node-redis',
      version: version(),
      property: undefined,
      choice: nodeRedisChoiceOf(literal),
    };
  }
  if (client.library !== 'glide' || !isCacheConstant(written)) return undefined;
  const given = written.options;
  const assisted = given && 'serverAssisted' in given ? given.serverAssisted === true : undefined;
  return {
    kind: 'glide',
    serverAssisted:
      assisted ?? (given && unknownMembers(given).includes('serverAssisted') ? undefined : false),
    property: undefined,
    create: client.site,
    madeElsewhere: true,
    ...(written.ttl !== undefined ? { ttl: written.ttl } : {}),
  };
}
