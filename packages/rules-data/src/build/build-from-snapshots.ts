import type { ServerMetadata } from '../metadata/types.js';
import type { CommandEntry } from '../types.js';
import { curatedReads } from '../curated/reads.js';
import { measuredWrites, silentWrites } from '../curated/writes.js';
import { buildEntries } from './build-entries.js';
import { renderGenerated } from './render-generated.js';
import { renderCommandsDoc } from './render-docs.js';

/** The whole generation, pure: captured snapshots in, the generated module and the docs page out. */
export function buildFromSnapshots(snapshots: readonly ServerMetadata[]): {
  entries: CommandEntry[];
  generated: string;
  doc: string;
} {
  // Valkey first: its metadata is the primary one where both servers have a command.
  const servers = [...snapshots].sort((a, b) => a.server.localeCompare(b.server)).reverse();
  const versions = Object.fromEntries(servers.map((s) => [s.server, s.version]));
  const entries = buildEntries({ servers, reads: curatedReads, silentWrites, measuredWrites });
  return {
    entries,
    generated: renderGenerated(entries, versions),
    doc: renderCommandsDoc(entries, versions),
  };
}
