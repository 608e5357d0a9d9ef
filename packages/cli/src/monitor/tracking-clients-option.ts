import type { TrackingMode } from '@valkey-track/rules-data/core';
import { UsageError } from '../util/usage-error.js';

/** A client known to track before the capture began, so its `CLIENT TRACKING on` is not in the log. */
export interface AssumedTracking {
  /** The address as MONITOR prints it, or `*` for every client the log shows. */
  address: string;
  mode: TrackingMode;
  prefixes: string[];
}

const MODES: readonly TrackingMode[] = ['default', 'optin', 'optout', 'bcast'];

/**
 * Parses `--tracking-clients`: comma-separated `ADDRESS[=MODE[/PREFIX...]]`, e.g.
 * `127.0.0.1:5000,[::1]:6000=optin,10.0.0.7:4100=bcast/user:/session:`, or `*` for every client.
 */
export function parseTrackingClients(values: string | string[] | undefined): AssumedTracking[] {
  if (values === undefined) return [];
  const entries = (Array.isArray(values) ? values : [values]).flatMap((v) => String(v).split(','));
  return entries
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const eq = entry.lastIndexOf('=');
      if (eq < 0) return { address: entry, mode: 'default', prefixes: [] };
      const [mode, ...prefixes] = entry.slice(eq + 1).split('/');
      if (!MODES.includes(mode as TrackingMode)) {
        throw new UsageError(
          `--tracking-clients: "${entry}" has mode "${mode}"; use one of ${MODES.join(', ')} (ADDRESS=MODE[/PREFIX...])`,
        );
      }
      if (prefixes.length > 0 && mode !== 'bcast') {
        throw new UsageError(
          `--tracking-clients: "${entry}": prefixes need mode bcast, as CLIENT TRACKING requires`,
        );
      }
      return { address: entry.slice(0, eq), mode: mode as TrackingMode, prefixes };
    });
}
