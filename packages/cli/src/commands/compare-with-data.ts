import {
  commands as bundledCommands,
  lookup,
  metadataOn,
  versionScope,
  type CommandMetadata,
  type ServerKind,
} from '@valkey-track/rules-data';
import type { Drift, MetadataDifference } from './category-map-types.js';

const list = (values: readonly string[]) => [...values].sort().join(' ');
const keySpecs = (specs: readonly (readonly string[])[]) => specs.map((flags) => list(flags)).join(' | ');

/** The captured version to compare a live command with: the newest of `labels` that has it. */
const capturedFor = (name: string, labels: readonly string[]) => {
  const entry = lookup(name);
  const label = entry ? [...labels].reverse().find((l) => entry.versions.includes(l)) : undefined;
  return entry && label ? { entry, label } : undefined;
};

function metadataDifferences(
  meta: CommandMetadata,
  kind: ServerKind,
  labels: readonly string[],
): MetadataDifference[] {
  const entry = lookup(meta.name);
  if (!entry) return [];
  const captured = capturedFor(meta.name, labels);
  if (!captured) {
    return [{ command: meta.name, field: 'servers', bundled: entry.versionRange, live: kind }];
  }
  const bundled = metadataOn(entry, captured.label)!;
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

/**
 * Commands the data lacks, entries the server lacks, and metadata that changed since the data was captured:
 * compared with the captured version of the server's own major and minor version, or, for a version the data
 * does not know, with the newest captured version of its kind.
 */
export function compareWithData(
  kind: ServerKind,
  version: string,
  live: Record<string, CommandMetadata>,
): Omit<Drift, 'categoryDiffers'> {
  const scope = versionScope({ server: kind, version });
  const liveNames = Object.keys(live).sort();
  const newest = scope.labels.at(-1);
  return {
    missingFromData: liveNames.filter((name) => !lookup(name)),
    missingFromServer: bundledCommands()
      .filter((entry) => newest !== undefined && entry.versions.includes(newest) && !(entry.name in live))
      .map((entry) => entry.name),
    metadataDiffers: liveNames.flatMap((name) => metadataDifferences(live[name]!, kind, scope.labels)),
  };
}
