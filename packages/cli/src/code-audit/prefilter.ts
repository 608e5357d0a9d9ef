/**
 * Words one of which every file the plugin can report on contains, case-insensitively. The plugin reports
 * only in a module that holds a client, a client-side cache or an invalidation subscriber
 * (packages/eslint-plugin/src/models/, rules/no-incomplete-invalidation.ts):
 * - a client is made by a client library the module imports or requires (`ioredis`, `iovalkey`, `redis`,
 *   `@redis/client`, `@valkey/valkey-glide`), or annotated with one of its types: `redis`, `iovalkey` or
 *   `valkey-glide` is in the specifier;
 * - a client the module does not make is recognised by the `CLIENT TRACKING` sent on it (`tracking`), or by
 *   a `clientSideCache` option;
 * - an invalidation handler listens on `__redis__:invalidate`, `__valkey__:invalidate` or `__redis__:*`.
 * Clients and factories named in `settings['valkey-track']` (set up in another module) add their names, and
 * modules that import one of these (project-index.ts) are kept too. The one blind spot, taken for speed: a
 * module that spells these words only by concatenation (`'TRACK' + 'ING'`), which the rules would evaluate.
 * `test/code-audit-prefilter.test.ts` checks the filter against the plugin on the sample apps and on the
 * examples of its docs.
 */
export const pluginMentions: readonly string[] = [
  'tracking',
  'clientsidecache',
  'redis',
  'iovalkey',
  'valkey-glide',
  '__valkey__',
];

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A test of a file's text: false only when no rule of the plugin can report anything in it. `clientNames`:
 * the `trackedClients` and `clientFactories` of the settings.
 */
export function prefilterFor(clientNames: readonly string[]): (text: string) => boolean {
  const mentions = new RegExp(pluginMentions.map(escape).join('|'), 'i');
  const named = clientNames.length > 0 ? new RegExp(clientNames.map(escape).join('|')) : undefined;
  return (text) => mentions.test(text) || (named !== undefined && named.test(text));
}
