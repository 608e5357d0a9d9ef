import { globEscape } from '@valkey-track/rules-data/evidence';
import type { LiveClient } from '../connect/open-client.js';

/**
 * Deletes every key under the run's prefix, in each database the run wrote to, and the function libraries
 * named after it: the last line of defence after an interrupted run. Nothing outside the prefix is touched.
 */
export async function sweepPrefix(
  live: LiveClient,
  prefix: string,
  databases: readonly number[],
  libraries: boolean,
  /** On a cluster node importing the run's slot: ASKING lets each UNLINK reach keys that moved in. */
  asking = false,
): Promise<number> {
  let removed = 0;
  const home = live.target.db;
  await live.run(`removing the keys under ${prefix}`, async (client) => {
    for (const db of new Set([home, ...databases])) {
      await client.select(db);
      let cursor = '0';
      do {
        const [next, keys] = await client.scan(cursor, 'MATCH', `${globEscape(prefix)}*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) {
          if (asking) await client.call('ASKING');
          removed += await client.unlink(...keys);
        }
      } while (cursor !== '0');
    }
    await client.select(home);
  });
  if (libraries) {
    // Library names are the namespace identifier: `vt_` and the prefix with every other character as `_`.
    const pattern = `vt_${prefix.replace(/[^A-Za-z0-9]/g, '_')}*`;
    await live.run('removing the function libraries of the run', async (client) => {
      const listed = (await client.call('FUNCTION', 'LIST', 'LIBRARYNAME', pattern)) as unknown[][];
      for (const library of listed) {
        const name = library[library.indexOf('library_name') + 1];
        if (typeof name === 'string' && name.startsWith(pattern.slice(0, -1))) {
          await client.call('FUNCTION', 'DELETE', name);
        }
      }
    });
  }
  return removed;
}
