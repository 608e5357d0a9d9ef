import type { TrackingMode, ServerKind } from '@valkey-track/rules-data';
import { nodeRedisVersions, type NodeRedisVersion } from '../clients/node-redis.js';

/** A client (or client factory) tracked in another module, named in `settings['valkey-track']`. */
export interface ClientSetting {
  /** Variable, import, property or factory function name: `redis`, `cacheClient`, `createTrackedClient`. */
  name: string;
  /** Who caches its replies: node-redis's own cache, glide's, or the application (manual tracking). */
  cache?: 'node-redis' | 'glide' | 'manual';
  mode?: TrackingMode;
  prefixes?: string[];
  nodeRedisVersion?: NodeRedisVersion;
  serverAssisted?: boolean;
}

export interface PluginSettings {
  trackedClients: ClientSetting[];
  clientFactories: ClientSetting[];
  nodeRedisVersion?: NodeRedisVersion;
  /** The ioredis major version (`'5'`, `'6'`), when package.json does not say it. */
  ioredisVersion?: '5' | '6';
  server?: ServerKind;
  categoriesFile?: string;
  /**
   * Modules whose writes give hash fields TTLs (HEXPIRE, HSETEX ... EX) count for every module linted, as
   * imported modules do: the code audit names every file of the project that sends such a write.
   */
  hashFieldTtlModules: string[];
}

/** The key under `settings` in an ESLint config. */
export const settingsKey = 'valkey-track';

const asArray = (value: unknown): ClientSetting[] =>
  Array.isArray(value)
    ? value
        .map((item: unknown) => (typeof item === 'string' ? { name: item } : item))
        .filter(
          (item): item is ClientSetting =>
            typeof item === 'object' && item !== null && typeof (item as ClientSetting).name === 'string',
        )
    : [];

export function readSettings(settings: Record<string, unknown> | undefined): PluginSettings {
  const raw = (settings?.[settingsKey] ?? {}) as Record<string, unknown>;
  const version = raw.nodeRedisVersion;
  const server = raw.server;
  return {
    trackedClients: asArray(raw.trackedClients),
    clientFactories: asArray(raw.clientFactories),
    nodeRedisVersion: nodeRedisVersions.includes(version as NodeRedisVersion)
      ? (version as NodeRedisVersion)
      : undefined,
    ioredisVersion: raw.ioredisVersion === '5' || raw.ioredisVersion === '6' ? raw.ioredisVersion : undefined,
    server: server === 'valkey' || server === 'redis' ? server : undefined,
    categoriesFile: typeof raw.categoriesFile === 'string' ? raw.categoriesFile : undefined,
    hashFieldTtlModules: Array.isArray(raw.hashFieldTtlModules)
      ? raw.hashFieldTtlModules.filter((file): file is string => typeof file === 'string')
      : [],
  };
}
