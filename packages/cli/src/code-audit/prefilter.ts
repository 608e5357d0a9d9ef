/**
 * Words one of which every file the plugin can report on contains, case-insensitively. The plugin reports
 * only in a module that holds a client whose replies are cached, or an invalidation subscriber
 * (packages/eslint-plugin/src/analysis/tracked-clients.ts, rules/no-incomplete-invalidation.ts):
 * - `CLIENT TRACKING ON` sent by `call`/`sendCommand`/`client('TRACKING', ...)`/`clientTracking(true)`:
 *   the words are evaluated from literals and constants of the module, so `tracking` is in its text;
 * - node-redis and glide caches are a `clientSideCache` option of a factory call;
 * - an invalidation handler is judged only on a connection subscribed to a literal `__redis__:invalidate`,
 *   `__valkey__:invalidate` or `__redis__:*`.
 * Clients and factories named in `settings['valkey-track']` (set up in another module) add their names.
 * The one blind spot, taken for speed: a module that spells these words only by concatenation
 * (`'TRACK' + 'ING'`), which the rules would evaluate. `test/code-audit-prefilter.test.ts` checks the
 * filter against the plugin on the sample apps and on the examples of its docs.
 */
export const pluginMentions: readonly string[] = ['tracking', 'clientsidecache', '__redis__', '__valkey__'];

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
