import type { FlowModel } from '../analysis/flow/model.js';
import { asyncJsModel } from './async-js.js';
import { builtinsModel } from './builtins.js';
import { cacheLibrariesModel } from './cache-libraries.js';
import { eventEmittersModel } from './event-emitters.js';
import { frameworkCachesModel } from './framework-caches.js';
import { glideModel } from './glide.js';
import { importedModel } from './imported.js';
import { ioredisModel } from './ioredis.js';
import { jobQueuesModel } from './job-queues.js';
import { loadingCachesModel } from './loading-caches.js';
import { nodeRedisModel } from './node-redis.js';
import { nodeUtilModel } from './node-util.js';
import { reactModel } from './react.js';
import { responseCachesModel } from './response-caches.js';
import { rxjsModel } from './rxjs.js';
import { webFrameworksModel } from './web-frameworks.js';
import { clientOnlyMethods } from '../analysis/flow/duck-clients.js';

/** Every library model, client libraries first (a client's `get` is a command before it is a Map's `get`). */
export const models: readonly FlowModel[] = [
  ioredisModel,
  nodeRedisModel,
  glideModel,
  cacheLibrariesModel,
  loadingCachesModel,
  rxjsModel,
  asyncJsModel,
  frameworkCachesModel,
  jobQueuesModel,
  eventEmittersModel,
  reactModel,
  nodeUtilModel,
  importedModel,
  webFrameworksModel,
  responseCachesModel,
  builtinsModel,
];

/** Every module a model interprets. */
export const modeledModules = (): string[] => models.flatMap((model) => [...(model.modules ?? [])]);

/**
 * What a module must contain for the rules to find anything in it, derived from the models' sources: a client
 * library as a module specifier (a client is made, required or typed from it: `'iovalkey'`,
 * `import('ioredis')`), the markers by which a client made elsewhere is recognised (a `'TRACKING'` word sent on
 * it, `clientTracking(`, a `clientSideCache` option), the invalidation channels, or a call of a method only a
 * client has (`.pipeline(`, `.hgetall(`: clients/duck-clients). The code audit's pre-filter skips a file with
 * none of these, no client named in settings and no import of a module that has one; the rules skip its
 * analysis the same way.
 */
export function sourcePattern(): RegExp {
  const modules = [ioredisModel, nodeRedisModel, glideModel].flatMap((model) => [...(model.modules ?? [])]);
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const specifiers = `['"\`](?:${modules.map(escape).join('|')})(?:/[^'"\`]*)?['"\`]`;
  const markers = [`['"\`]tracking['"\`]`, 'clienttracking', 'clientsidecache', '__redis__', '__valkey__'];
  // Whole method names (`.hgetall(`, node-redis `.hGetAll(`, `.clientTracking(`), and ioredis `...Buffer` variants.
  const methods = `\\.(?:${clientOnlyMethods().join('|')})(?:buffer)?\\s*\\(`;
  return new RegExp([specifiers, ...markers, methods].join('|'), 'i');
}
