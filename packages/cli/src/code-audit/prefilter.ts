import { registrationMentions, sourcePattern } from '@valkey-track/eslint-plugin';

/**
 * What every file the plugin can report on contains, from the plugin's library models (`sourcePattern`): a
 * client library as a module specifier, a tracking or client-side-cache marker, an invalidation channel, or a
 * method only a client has. Clients and factories named in `settings['valkey-track']` (set up in another
 * module) add their names, and modules that import a module with one of these are kept too
 * (project-index.ts), and so are modules that mention what the project registers with a framework (`@Inject(`,
 * a decorated name: the plugin's `registrationMentions`; not the hundreds a bundle of library code seems to
 * register). The blind spots, taken for speed: a module that spells these only by concatenation
 * (`'TRACK' + 'ING'`), which the rules would evaluate, and a client registered by such a bundle. `test/code-audit-prefilter.test.ts` checks the filter
 * against the plugin on the sample apps and on the examples of its docs.
 */
const mentions = sourcePattern();

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A test of a file's text: false only when no rule of the plugin can report anything in it. `clientNames`:
 * the `trackedClients` and `clientFactories` of the settings.
 */
export function prefilterFor(clientNames: readonly string[]): (text: string, file?: string) => boolean {
  const named = clientNames.length > 0 ? new RegExp(clientNames.map(escape).join('|')) : undefined;
  return (text, file) =>
    mentions.test(text) ||
    (named !== undefined && named.test(text)) ||
    // A client a framework registers in another module (a Nest provider, a fastify decoration).
    (file !== undefined && registrationMentions(file)?.test(text) === true);
}
