import { goLibraryModels } from './go-libraries.js';
import { jvmLibraryModels } from './jvm-libraries.js';
import { metadataRuleModels } from './metadata-rule.js';
import { noCacheModels } from './no-cache.js';
import { nodeRedisModels } from './node-redis.js';
import { redisPyModels } from './redis-py.js';
import { redisRsModels } from './redis-rs.js';
import type { ClientLibraryModel } from './types.js';
import { valkeyGlideModels } from './valkey-glide.js';

/** Every client library model, Node.js first (the libraries this project's users install), then by language. */
export const clientLibraries: readonly ClientLibraryModel[] = [
  ...nodeRedisModels,
  ...valkeyGlideModels,
  ...noCacheModels,
  ...jvmLibraryModels,
  ...redisPyModels,
  ...metadataRuleModels.filter((m) => m.id !== 'metadata-rule'),
  ...goLibraryModels,
  ...redisRsModels,
  ...metadataRuleModels.filter((m) => m.id === 'metadata-rule'),
];

export const clientLibrary = (id: string): ClientLibraryModel | undefined =>
  clientLibraries.find((m) => m.id === id);

export {
  metadataRuleCaches,
  metadataRuleRefusal,
  metadataRuleText,
  type RuleMetadata,
} from './metadata-rule.js';
export type * from './types.js';
