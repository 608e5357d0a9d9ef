import { randomBytes } from 'node:crypto';

/**
 * Each verify run has an id: its keys live under `vt-verify:<id>:` and its connections are named
 * `valkey-track-verify-<id>[-role]`, so a later run can tell the keys of a run that is still going (its
 * connections are in CLIENT LIST) from the leftovers of one that was killed.
 */
export interface RunIdentity {
  id: string;
  prefix: string;
  connectionName(role?: string): string;
}

export const runIdentity = (id = randomBytes(4).toString('hex')): RunIdentity => ({
  id,
  prefix: `vt-verify:${id}:`,
  connectionName: (role) => `valkey-track-verify-${id}${role ? `-${role}` : ''}`,
});

/** The run id in a key (`vt-verify:1a2b3c4d:get:k`) or a connection name, if it has one. */
export const runIdOfKey = (key: string): string | undefined => /^vt-verify:([0-9a-f]{8}):/.exec(key)?.[1];
export const runIdOfConnection = (name: string): string | undefined =>
  /^valkey-track-verify-([0-9a-f]{8})(?:-[a-z]+)?$/.exec(name)?.[1];
