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

/** Every module a model interprets. */
export const modeledModules = (): string[] => models.flatMap((model) => [...(model.modules ?? [])]);

/**
 * What a module must mention for the rules to find anything in it, derived from the models' sources: the
 * client libraries (a client is made, required or typed from one of them), the words by which a client the
 * module does not make is recognised (`CLIENT TRACKING` sent on it, a `clientSideCache` option) and the
 * invalidation channels. The code audit's pre-filter skips a file that mentions none of these, no client
 * named in settings and imports no module that does.
 */
export const sourceMentions = (): string[] => [
  ...[ioredisModel, nodeRedisModel, glideModel].flatMap((model) => [...(model.modules ?? [])]),
  'tracking',
  'clientSideCache',
  '__redis__',
  '__valkey__',
];
