import type { FlowModel } from '../analysis/flow/model.js';
import { builtinsModel } from './builtins.js';
import { cacheLibrariesModel } from './cache-libraries.js';
import { glideModel } from './glide.js';
import { importedModel } from './imported.js';
import { ioredisModel } from './ioredis.js';
import { nodeRedisModel } from './node-redis.js';
import { nodeUtilModel } from './node-util.js';
import { reactModel } from './react.js';

/** Every library model, client libraries first (a client's `get` is a command before it is a Map's `get`). */
export const models: readonly FlowModel[] = [
  ioredisModel,
  nodeRedisModel,
  glideModel,
  cacheLibrariesModel,
  reactModel,
  nodeUtilModel,
  importedModel,
  builtinsModel,
];

/** Every module a model interprets: the code audit's pre-filter lets files that import one through. */
export const modeledModules = (): string[] => models.flatMap((model) => [...(model.modules ?? [])]);
