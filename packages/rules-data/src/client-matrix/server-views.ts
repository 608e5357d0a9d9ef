import { lookup } from '../lookup.js';
import type { ServerKind } from '../metadata/types.js';
import type { CommandEntry } from '../types.js';
import { bundledVerdict } from './bundled-verdict.js';
import { compareVersions } from './compare-versions.js';
import type { CapturedCommand, CommandVerdict, ServerCapture, ServerView, CacheTracking } from './types.js';

/**
 * A view of one captured server whose verdicts come from the bundled data (or from `entries`, while the
 * generator is making that data), on that server's own version.
 */
export function capturedView(capture: ServerCapture, entries?: readonly CommandEntry[]): ServerView {
  const byName = entries ? new Map(entries.map((e) => [e.name, e])) : undefined;
  const entryOf = byName ? (name: string) => byName.get(name) : lookup;
  return {
    label: `${capture.server} ${capture.version}`,
    server: capture.server,
    version: capture.version,
    commands: capture.commands,
    verdict: (command: string, tracking: CacheTracking): CommandVerdict =>
      bundledVerdict(command, capture.server, tracking, entryOf, capture.version),
  };
}

/** Valkey before Redis, older versions first: the order every report lists servers in. */
export const byServerAndVersion = (
  a: { server: ServerKind; version: string },
  b: { server: ServerKind; version: string },
): number => (a.server === b.server ? compareVersions(a.version, b.version) : a.server === 'valkey' ? -1 : 1);

/** Reduces a command's metadata to what the matrix reads. */
export const capturedCommand = (meta: {
  flags: readonly string[];
  tips: readonly string[];
  keySpecs: readonly { flags: readonly string[] }[];
}): CapturedCommand => ({
  flags: [...meta.flags],
  tips: [...meta.tips],
  keySpecFlags: meta.keySpecs.map((k) => [...k.flags]),
});
