import { sourceMentions } from '@valkey-track/eslint-plugin';

/**
 * Words one of which every file the plugin can report on contains, case-insensitively, from the plugin's
 * library models (`sourceMentions`): the client libraries a client is made, required or typed from, the
 * tracking and client-side-cache markers by which a client made elsewhere is recognised, and the
 * invalidation channels. Clients and factories named in `settings['valkey-track']` (set up in another
 * module) add their names, and modules that import a module with clients are kept too (project-index.ts).
 * The one blind spot, taken for speed: a module that spells these words only by concatenation
 * (`'TRACK' + 'ING'`), which the rules would evaluate. `test/code-audit-prefilter.test.ts` checks the filter
 * against the plugin on the sample apps and on the examples of its docs.
 */
export const pluginMentions: readonly string[] = sourceMentions().map((word) => word.toLowerCase());

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
