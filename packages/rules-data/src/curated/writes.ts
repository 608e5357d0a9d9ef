import type { SilentWrite } from './curated-types.js';

// The writer side, measured by the writer sweep (test/integration/writer-sweep.test.ts) on both servers: every
// write command runs against keys a tracking client has read, and each key whose DUMP or expiry changed must
// have been invalidated. The writes below changed data with no invalidation.
export const silentWrites: Record<string, SilentWrite> = {};

/** Write commands the sweep ran and saw invalidate every key they changed. */
export const measuredWrites: readonly string[] = [];
