import {
  commands as bundledCommands,
  lookup,
  type CommandMetadata,
  type ServerKind,
} from '@valkey-track/rules-data';
import type { Drift, MetadataDifference } from './category-map-types.js';

const list = (values: readonly string[]) => [...values].sort().join(' ');
const keySpecs = (specs: readonly (readonly string[])[]) => specs.map((flags) => list(flags)).join(' | ');

function metadataDifferences(meta: CommandMetadata, kind: ServerKind): MetadataDifference[] {
  const entry = lookup(meta.name);
  if (!entry) return [];
  const bundled = entry.metadata[kind];
  if (!bundled) {
    return [{ command: meta.name, field: 'servers', bundled: entry.servers.join(' '), live: kind }];
  }
  const pairs: [MetadataDifference['field'], string, string][] = [
    ['arity', String(bundled.arity), String(meta.arity)],
    ['flags', list(bundled.flags), list(meta.flags)],
    ['tips', list(bundled.tips), list(meta.tips)],
    ['aclCategories', list(bundled.aclCategories), list(meta.aclCategories)],
    ['keySpecFlags', keySpecs(bundled.keySpecFlags), keySpecs(meta.keySpecs.map((s) => s.flags))],
  ];
  return pairs
    .filter(([, b, l]) => b !== l)
    .map(([field, b, l]) => ({ command: meta.name, field, bundled: b, live: l }));
}

/** Commands the data lacks, entries the server lacks, and metadata that changed since the data was captured. */
export function compareWithData(
  kind: ServerKind,
  live: Record<string, CommandMetadata>,
): Omit<Drift, 'categoryDiffers'> {
  const liveNames = Object.keys(live).sort();
  return {
    missingFromData: liveNames.filter((name) => !lookup(name)),
    missingFromServer: bundledCommands()
      .filter((entry) => entry.servers.includes(kind) && !(entry.name in live))
      .map((entry) => entry.name),
    metadataDiffers: liveNames.flatMap((name) => metadataDifferences(live[name]!, kind)),
  };
}
