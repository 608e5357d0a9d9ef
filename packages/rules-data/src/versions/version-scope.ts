import { dataVersions } from '../command-data.js';
import type { ServerKind } from '../metadata/types.js';
import type { CommandEntry, EntryMetadata } from '../types.js';
import { parseVersionLabel, versionMatches, versionParts } from './version-label.js';

/** The captured versions a question is about. */
export interface VersionScope {
  /** Captured versions, as `valkey 9.1.2`. */
  labels: string[];
  /** False when a version was asked for that no captured version matches: `labels` are then all of the server's. */
  matched: boolean;
}

/**
 * The captured versions matching `server` and `version`: `9.1` is 9.1.2; `8.1.3` matches a captured 8.1.x
 * by its major and minor version when 8.1.3 itself was not captured. A version nothing matches gives every
 * captured version of the server, with `matched: false`.
 */
export function versionScope(
  options: { server?: ServerKind; version?: string },
  known: readonly string[] = dataVersions,
): VersionScope {
  const ofServer = known.filter((l) => !options.server || parseVersionLabel(l).server === options.server);
  if (!options.version) return { labels: ofServer, matched: true };
  const wanted = options.version;
  for (const prefix of [wanted, versionParts(wanted).slice(0, 2).join('.')]) {
    const labels = ofServer.filter((l) => versionMatches(parseVersionLabel(l).version, prefix));
    if (labels.length > 0) return { labels, matched: true };
  }
  return { labels: ofServer, matched: false };
}

/** An entry's metadata on one captured version. */
export const metadataOn = (entry: CommandEntry, label: string): EntryMetadata | undefined =>
  entry.versionMetadata?.[label] ?? entry.metadata[parseVersionLabel(label).server];

/** An entry's reasons, explanation and conditions on one captured version (its per-version verdict, if any). */
export function verdictOnVersion(
  entry: CommandEntry,
  label: string,
): Pick<CommandEntry, 'reasons' | 'explanation' | 'conditions'> {
  const per = entry.perVersion?.find((v) => v.versions.includes(label));
  return per
    ? { reasons: per.reasons, explanation: per.explanation, conditions: per.conditions ?? [] }
    : { reasons: entry.reasons, explanation: entry.explanation, conditions: entry.conditions };
}
