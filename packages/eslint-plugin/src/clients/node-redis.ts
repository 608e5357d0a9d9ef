import { clientLibrary, type CommandEntry } from '@valkey-track/rules-data';

export type NodeRedisVersion = '5' | '6.2';

/**
 * Whether node-redis's own client-side cache caches a command: 5.x caches the definitions marked
 * `CACHEABLE: true`, 6.2 and later what `isCacheable()` accepts on the metadata table bundled in the package.
 * The lists are the models of `@valkey-track/rules-data`, checked there against the installed packages.
 * `sendCommand` never goes through the cache.
 */
export function nodeRedisCaches(version: NodeRedisVersion, entry: CommandEntry | undefined): boolean {
  const model = clientLibrary(version === '5' ? 'node-redis-5' : 'node-redis-6.2');
  return entry !== undefined && (model?.cached ?? []).includes(entry.name);
}

/** Which node-redis a project uses, from the `redis` or `@redis/client` range in its package.json. */
export function nodeRedisVersionFromRange(range: string | undefined): NodeRedisVersion | undefined {
  if (!range) return undefined;
  const match = /(\d+)(?:\.(\d+))?/.exec(range);
  if (!match) return undefined;
  const major = Number(match[1]);
  const minor = Number(match[2] ?? 0);
  return major > 6 || (major === 6 && minor >= 2) ? '6.2' : '5';
}
