import { type NodeRedisVersion, nodeRedisVersionFromRange } from '../clients/node-redis.js';
import { projectDependencies } from './project-dependencies.js';
import type { PluginSettings } from './settings.js';

/** The node-redis version of the project: settings, else the `redis`/`@redis/client` range in package.json, else 5. */
export function nodeRedisVersionOf(settings: PluginSettings, filename: string): NodeRedisVersion {
  if (settings.nodeRedisVersion) return settings.nodeRedisVersion;
  const dependencies = projectDependencies(filename);
  return nodeRedisVersionFromRange(dependencies['@redis/client'] ?? dependencies.redis) ?? '5';
}
