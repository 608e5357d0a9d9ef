import type { LiveClient } from '../connect/open-client.js';
import { runIdOfConnection, runIdOfKey } from './run-identity.js';

/** What earlier runs left and this one removed. */
export interface RemovedLeftovers {
  /** Keys removed, by the prefix of the run that left them. */
  keys: Map<string, number>;
  databases: number[];
}

/**
 * Removes what an earlier, interrupted verify run left behind (a second Ctrl-C, a kill, a crash): keys under
 * `vt-verify:<id>:` in the databases verify writes to, and function libraries named after such a prefix, of
 * every run whose connections are gone from CLIENT LIST. A run still going keeps its keys. Without the
 * permission to list clients nothing is removed: a live run cannot be told from a dead one.
 */
export async function removeLeftovers(
  live: LiveClient,
  databases: readonly number[],
): Promise<RemovedLeftovers> {
  const removed: RemovedLeftovers = { keys: new Map(), databases: [] };
  let clientList: string;
  try {
    clientList = String(await live.run('listing clients (CLIENT LIST)', (c) => c.call('CLIENT', 'LIST')));
  } catch {
    return removed;
  }
  const running = new Set(
    [...clientList.matchAll(/ name=(\S*)/g)].map((m) => runIdOfConnection(m[1]!)).filter(Boolean),
  );
  const home = live.target.db;
  await live.run('removing the keys of interrupted runs (vt-verify:*)', async (client) => {
    for (const db of new Set([home, ...databases])) {
      await client.select(db);
      let cursor = '0';
      do {
        const [next, keys] = await client.scan(cursor, 'MATCH', 'vt-verify:*', 'COUNT', 1000);
        cursor = next;
        const theirs = keys.filter((key) => {
          const id = runIdOfKey(key);
          return id !== undefined && !running.has(id);
        });
        if (theirs.length === 0) continue;
        await client.unlink(...theirs);
        if (!removed.databases.includes(db)) removed.databases.push(db);
        for (const key of theirs) {
          const prefix = `vt-verify:${runIdOfKey(key)!}:`;
          removed.keys.set(prefix, (removed.keys.get(prefix) ?? 0) + 1);
        }
      } while (cursor !== '0');
    }
    await client.select(home);
  });
  // Function libraries are named `vt_` + the key prefix with `_` for other characters (see sweep-prefix.ts);
  // only --server-wide runs load them, and FUNCTION may be missing or not allowed: then there is nothing to do.
  await live
    .run('removing the function libraries of interrupted runs', async (client) => {
      const listed = (await client.call('FUNCTION', 'LIST', 'LIBRARYNAME', 'vt_vt_verify_*')) as unknown[][];
      for (const library of listed) {
        const name = library[library.indexOf('library_name') + 1];
        const id = typeof name === 'string' ? /^vt_vt_verify_([0-9a-f]{8})_/.exec(name)?.[1] : undefined;
        if (id !== undefined && !running.has(id)) await client.call('FUNCTION', 'DELETE', name as string);
      }
    })
    .catch(() => undefined);
  return removed;
}
