import { expand, type Namespace } from './namespace.js';
import type { EvidenceConnections, TrackingSetup } from './types.js';

/** Turns tracking off and on again: BCAST and OPTIN/OPTOUT cannot be switched while tracking is on. */
export const startTracking = async (
  connections: EvidenceConnections,
  setup: TrackingSetup,
  ns: Namespace,
): Promise<void> => {
  const argv = ['CLIENT', 'TRACKING', 'ON', 'REDIRECT', String(connections.invalidations.clientId)];
  if (setup.mode === 'bcast') {
    argv.push('BCAST');
    for (const prefix of setup.prefixes) argv.push('PREFIX', expand(prefix, ns));
  }
  if (setup.mode === 'optin') argv.push('OPTIN');
  if (setup.mode === 'optout') argv.push('OPTOUT');
  if ((setup.mode === 'default' || setup.mode === 'bcast') && setup.noloop) argv.push('NOLOOP');
  await connections.tracking.call(['CLIENT', 'TRACKING', 'OFF']);
  await connections.tracking.call(argv);
};

/** The CLIENT CACHING call OPTIN/OPTOUT need right before the read, if any. */
export const cachingCall = (setup: TrackingSetup): string[] | undefined => {
  if (setup.mode === 'optin' && setup.caching) return ['CLIENT', 'CACHING', 'yes'];
  if (setup.mode === 'optout' && !setup.caching) return ['CLIENT', 'CACHING', 'no'];
  return undefined;
};

export const stopTracking = async (connections: EvidenceConnections): Promise<void> => {
  await connections.tracking.call(['CLIENT', 'TRACKING', 'OFF']);
};

/** Waits for the subscriber to catch up and returns the invalidated keys (`*` for a flush). */
export const collectInvalidations = async (connections: EvidenceConnections): Promise<string[]> => {
  await connections.invalidations.sync();
  return connections.invalidations.drain().flatMap((inv) => (inv.kind === 'flush' ? ['*'] : inv.keys));
};
