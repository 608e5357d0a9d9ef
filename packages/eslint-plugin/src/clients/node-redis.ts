import { clientLibrary, type CommandEntry } from '@valkey-track/rules-data';

export type NodeRedisVersion = '5' | '6.2' | '6.4';

export const nodeRedisVersions: readonly NodeRedisVersion[] = ['5', '6.2', '6.4'];

/** The rules-data model of each version the analysis tells apart (6.3 caches as 6.2 but for CF.MEXISTS). */
const models: Record<NodeRedisVersion, string> = {
  '5': 'node-redis-5',
  '6.2': 'node-redis-6.2',
  '6.4': 'node-redis-6.4',
};

/**
 * Whether the version chooses what its cache keeps per call and per client (6.4: `clientSideCache.trackingMode`,
 * a `cacheable` predicate, `withCommandOptions({ cache })`); earlier versions ignore those options.
 */
export const choosesWhatIsCached = (version: NodeRedisVersion): boolean => version === '6.4';

/**
 * Whether node-redis's own client-side cache caches a command: 5.x caches the definitions marked
 * `CACHEABLE: true`, 6.2 and later what `isCacheable()` accepts on the metadata table bundled in the package
 * (6.4 bundles a newer table).
 * The lists are the models of `@valkey-track/rules-data`, checked there against the installed packages.
 * `sendCommand` never goes through the cache.
 */
export function nodeRedisCaches(version: NodeRedisVersion, entry: CommandEntry | undefined): boolean {
  const model = clientLibrary(models[version]);
  return entry !== undefined && (model?.cached ?? []).includes(entry.name);
}

/** Which node-redis a project uses, from the `redis` or `@redis/client` range in its package.json. */
export function nodeRedisVersionFromRange(range: string | undefined): NodeRedisVersion | undefined {
  if (!range) return undefined;
  const match = /(\d+)(?:\.(\d+))?/.exec(range);
  if (!match) return undefined;
  const major = Number(match[1]);
  const minor = Number(match[2] ?? 0);
  if (major > 6 || (major === 6 && minor >= 4)) return '6.4';
  return major === 6 && minor >= 2 ? '6.2' : '5';
}
