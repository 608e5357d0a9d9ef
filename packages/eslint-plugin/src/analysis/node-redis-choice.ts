import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { staticPropertyName } from './ast.js';
import type { FlowBuilder } from './flow/builder.js';
import { staticValue, unknownMembers } from './static-value.js';
import { choosesWhatIsCached, type NodeRedisVersion } from '../clients/node-redis.js';

/**
 * How a node-redis 6.4 cache chooses what it keeps (lib/client/cache.ts `resolveCacheIntent`): `plain` and
 * `optout` cache every eligible read not marked `cache: false`, `optin` only reads marked `cache: true`; a
 * `cacheable(command, keys)` predicate decides for unmarked reads in every mode.
 */
export interface NodeRedisChoice {
  trackingMode: 'plain' | 'optin' | 'optout';
  /** A `cacheable` predicate is given: which unmarked reads are kept is the application's code. */
  selects: boolean;
}

const modes = new Set(['plain', 'optin', 'optout']);

/** The options objects reaching a `clientSideCache` value: written in place, or given to `new BasicClientSideCache(...)`. */
function optionObjects(b: FlowBuilder, cacheNodes: readonly number[]): TSESTree.ObjectExpression[] {
  const objects: TSESTree.ObjectExpression[] = [];
  for (const node of cacheNodes) {
    for (const value of b.engine.valuesAt(node)) {
      const described = b.describe(value);
      if (described.kind === 'object' && described.site.type === AST_NODE_TYPES.ObjectExpression)
        objects.push(described.site);
      if (described.kind !== 'model' || described.type !== 'client-side-cache') continue;
      const site = b.callSiteOf(described.site);
      const options = site?.args[0];
      for (const option of options === undefined ? [] : b.engine.valuesAt(options)) {
        const config = b.describe(option);
        if (config.kind === 'object' && config.site.type === AST_NODE_TYPES.ObjectExpression)
          objects.push(config.site);
      }
    }
  }
  return objects;
}

/** `'optin'`, or the package's constant for it (`CLIENT_SIDE_CACHE_TRACKING_MODES.OPTIN`). */
function modeOf(b: FlowBuilder, value: TSESTree.Node): NodeRedisChoice['trackingMode'] | undefined {
  const written =
    value.type === AST_NODE_TYPES.MemberExpression
      ? staticPropertyName(value.property, value.computed)?.toLowerCase()
      : staticValue(value, b.sourceCode.getScope(value))?.value;
  return typeof written === 'string' && modes.has(written)
    ? (written as NodeRedisChoice['trackingMode'])
    : undefined;
}

/** The choice options read as constants make (a config module's `clientSideCache: { trackingMode: 'optin' }`). */
export function nodeRedisChoiceOf(options: Record<string, unknown> | undefined): NodeRedisChoice {
  const mode = options?.trackingMode;
  return {
    trackingMode:
      typeof mode === 'string' && modes.has(mode) ? (mode as NodeRedisChoice['trackingMode']) : 'plain',
    // A function is never a constant: a `cacheable` predicate is a member whose value the module does not show.
    selects:
      options !== undefined && ('cacheable' in options || unknownMembers(options).includes('cacheable')),
  };
}

/** The choice the cache options make; a mode that is not a literal counts as the default. */
export function nodeRedisChoice(b: FlowBuilder, cacheNodes: readonly number[]): NodeRedisChoice {
  const written: Record<string, unknown> = {};
  for (const object of optionObjects(b, cacheNodes)) {
    for (const property of object.properties) {
      if (property.type !== AST_NODE_TYPES.Property) continue;
      const name = staticPropertyName(property.key, property.computed);
      if (name === 'cacheable') written.cacheable = true;
      const mode = name === 'trackingMode' ? modeOf(b, property.value) : undefined;
      if (mode) written.trackingMode = mode;
    }
  }
  return nodeRedisChoiceOf(written);
}

/** What a node-redis cache's choice says of the reads it is eligible to keep (before 6.4: every one of them). */
interface ChoosingCache {
  version: NodeRedisVersion;
  choice?: NodeRedisChoice;
  mark?: boolean;
}

/**
 * Whether the cache keeps an eligible read: the call's mark first, then the `cacheable` predicate, then the
 * mode (`optin` keeps nothing unmarked). undefined when the predicate decides: the application's own code.
 */
export function nodeRedisKeeps(cache: ChoosingCache): boolean | undefined {
  if (!choosesWhatIsCached(cache.version)) return true;
  if (cache.mark !== undefined) return cache.mark;
  if (cache.choice?.selects) return undefined;
  return cache.choice?.trackingMode !== 'optin';
}

/**
 * Whether the connection's tracking leaves a read the cache does not keep untracked, so that a copy the application
 * keeps of it is not kept fresh: under `optin` only the reads it keeps are sent after `CLIENT CACHING YES`; under
 * `optout` every keyed read it does not keep through a command method goes after `CLIENT CACHING NO`
 * (`#sendWithCaching`; `sendCommand`, pipelines and MULTI send none).
 */
export function untrackedByNodeRedis(cache: ChoosingCache, throughCommandMethod: boolean): boolean {
  if (!choosesWhatIsCached(cache.version)) return false;
  if (cache.choice?.trackingMode === 'optin') return true;
  return cache.choice?.trackingMode === 'optout' && throughCommandMethod;
}
