import { clientLibrary, type CommandEntry } from '@valkey-track/rules-data';

/**
 * Whether valkey-glide's client-side cache keeps a command's reply: the set its core marks cacheable, from the
 * model in `@valkey-track/rules-data` (measured on a live Valkey there: `customCommand(['GET', k])` is cached
 * too, batches are not).
 */
export const glideCaches = (entry: CommandEntry | undefined): boolean =>
  entry !== undefined && (clientLibrary('valkey-glide-server-assisted')?.cached ?? []).includes(entry.name);
