import type { ServerMetadata } from '../metadata/types.js';
import type { CommandEntry } from '../types.js';
import { curatedReads } from '../curated/reads.js';
import { fieldTtlWrites, measuredWrites, silentWrites } from '../curated/writes.js';
import { compareVersions, versionLabel } from '../versions/version-label.js';
import { buildEntries } from './build-entries.js';
import { renderGenerated } from './render-generated.js';
import { renderCommandsDoc } from './render-docs.js';

const serverOrder = ['valkey', 'redis'];

/** The whole generation, pure: captured snapshots in, the generated module and the docs page out. */
export function buildFromSnapshots(snapshots: readonly ServerMetadata[]): {
  entries: CommandEntry[];
  generated: string;
  doc: string;
} {
  // Valkey first, oldest first: the newest Valkey's metadata is the primary one where both servers have a command.
  const servers = [...snapshots].sort(
    (a, b) =>
      serverOrder.indexOf(a.server) - serverOrder.indexOf(b.server) || compareVersions(a.version, b.version),
  );
  const versions = servers.map((s) => versionLabel(s.server, s.version));
  const entries = buildEntries({
    servers,
    reads: curatedReads,
    silentWrites,
    fieldTtlWrites,
    measuredWrites,
  });
  return {
    entries,
    generated: renderGenerated(entries, versions),
    doc: renderCommandsDoc(entries, versions),
  };
}
