import { describeTarget } from '../connect/connection-options.js';
import type { LiveClient } from '../connect/open-client.js';
import { withPermission } from '../connect/with-permission.js';
import { UsageError } from '../util/usage-error.js';

const infoField = (info: string, name: string) => new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim();

/** `INFO keyspace` lines: `db3:keys=12,expires=0,avg_ttl=0`. */
export function keysPerDatabase(info: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const match of info.matchAll(/^db(\d+):keys=(\d+)/gm)) counts.set(Number(match[1]), Number(match[2]));
  return counts;
}

export interface VerifyTargetOptions {
  /** Run beside existing keys, under the run's own prefix only. */
  besideData: boolean;
  /** Also run recipes that change server-wide state (config, FLUSHALL, function libraries). */
  serverWide: boolean;
  /** Runs once the server is known to be a standalone primary, before its keys are counted. */
  beforeCountingKeys?: (server: { cluster: boolean }) => Promise<void>;
}

function emptyDatabaseHint(counts: Map<number, number>, databases: number): string {
  for (let db = databases - 1; db >= 0; db--)
    if (!counts.has(db)) return ` (database ${db} is empty: --db ${db})`;
  return '';
}

/**
 * `verify` writes, so it refuses what it cannot do safely: a replica (it would write to a copy, or be
 * refused) and a database holding keys unless told to run beside them. Server-wide recipes (CONFIG SET,
 * FLUSHALL) need a server with no keys at all. A cluster node is the node verify runs on (its keys carry
 * a hash tag of that node's slots): it must hold no keys either, and cluster mode has database 0 only.
 * Resolves whether the server runs in cluster mode.
 */
export async function checkVerifyTarget(
  live: LiveClient,
  options: VerifyTargetOptions,
): Promise<{ cluster: boolean }> {
  const where = describeTarget(live.target);
  const info = await withPermission(live, '+info', 'checking the role and keys of the server (INFO)', () =>
    live.client.info(),
  );
  if (infoField(info, 'redis_mode') === 'sentinel' || infoField(info, 'server_mode') === 'sentinel') {
    throw new UsageError(
      `${where} is a Sentinel, not a data server: run verify against a standalone primary`,
    );
  }
  const cluster = infoField(info, 'cluster_enabled') === '1';
  if (cluster && live.target.db !== 0) {
    throw new UsageError(`${where} runs in cluster mode, which has database 0 only: leave out --db`);
  }
  if (infoField(info, 'role') === 'slave') {
    const primary = infoField(info, 'master_host');
    throw new UsageError(
      `${where} is a replica, which verify does not support (it writes): run it against a primary` +
        (primary ? ` (this replica's is ${primary}:${infoField(info, 'master_port')})` : ''),
    );
  }
  if (options.beforeCountingKeys) await options.beforeCountingKeys({ cluster });
  const keyspace = options.beforeCountingKeys
    ? await withPermission(live, '+info', 'counting the keys of the server (INFO keyspace)', () =>
        live.client.info('keyspace'),
      )
    : info;
  const counts = keysPerDatabase(keyspace);
  const databases = Number(
    (
      (await live
        .run('reading CONFIG GET databases', (c) => c.call('CONFIG', 'GET', 'databases'))
        .catch(() => [])) as string[]
    )[1] ?? 16,
  );
  const db = live.target.db;
  const here = counts.get(db) ?? 0;
  if (options.serverWide && [...counts.values()].some((n) => n > 0)) {
    throw new UsageError(
      `--server-wide changes server config and may flush every database, but ${where} holds keys ` +
        `(${[...counts].map(([d, n]) => `db${d}: ${n}`).join(', ')}): use it only on a server of your own with no data`,
    );
  }
  if (here > 0 && !options.besideData && cluster) {
    throw new UsageError(
      `the cluster node ${where} holds ${here} keys and verify writes there: point it at a primary with no keys, ` +
        'or pass --beside-data to run under a prefix of its own',
    );
  }
  if (here > 0 && !options.besideData) {
    throw new UsageError(
      `database ${db} of ${where} holds ${here} keys and verify writes: choose an empty database with --db N` +
        `${emptyDatabaseHint(counts, databases)}, or pass --beside-data to run under a prefix of its own`,
    );
  }
  return { cluster };
}
