import { lookup } from '@valkey-track/rules-data';
import type { CategoryMap } from '../commands/category-map-types.js';
import type { LiveServer } from '../commands/read-live-server.js';

const notARead = new Set(['write', 'admin', 'pubsub']);

/**
 * The commands of a live server that read data, which verify should measure: what the bundled data judges a
 * read, and, for commands it does not know, what the server flags readonly. Container commands (`object`)
 * are not commands of their own; their subcommands are.
 */
export function liveReads(live: LiveServer, map: CategoryMap): string[] {
  return Object.keys(map.commands)
    .filter((name) => {
      const meta = live.metadata.commands[name];
      if (!meta || meta.subcommands.length > 0) return false;
      const entry = lookup(name);
      if (entry) return !entry.reasons.some((r) => notARead.has(r));
      return meta.flags.includes('readonly');
    })
    .sort();
}
