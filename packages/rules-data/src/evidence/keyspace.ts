import { globEscape, type Namespace } from './namespace.js';
import type { EvidenceConnection } from './types.js';

const deleteUnder = async (connection: EvidenceConnection, keyPrefix: string): Promise<void> => {
  let cursor = '0';
  do {
    const reply = (await connection.call([
      'SCAN',
      cursor,
      'MATCH',
      `${globEscape(keyPrefix)}*`,
      'COUNT',
      '1000',
    ])) as [unknown, unknown[]];
    cursor = String(reply[0]);
    const keys = reply[1].map((k) => (k instanceof Uint8Array ? new TextDecoder().decode(k) : String(k)));
    if (keys.length > 0) await connection.call(['UNLINK', ...keys]);
  } while (cursor !== '0');
};

/** Runs `body` with the connection switched to database `db`, switching back to `home` afterwards. */
export const inDatabase = async <T>(
  connection: EvidenceConnection,
  db: number,
  home: number,
  body: () => Promise<T>,
): Promise<T> => {
  if (db === home) return body();
  await connection.call(['SELECT', String(db)]);
  try {
    return await body();
  } finally {
    await connection.call(['SELECT', String(home)]);
  }
};

/**
 * Deletes every key under the namespace, in the home database and the others the recipe used, and the
 * recipe's function libraries.
 */
export const cleanNamespace = async (
  connection: EvidenceConnection,
  ns: Namespace,
  home: number,
  otherDatabases: readonly number[] = [],
  libraries: readonly string[] = [],
): Promise<void> => {
  for (const db of [home, ...otherDatabases]) {
    await inDatabase(connection, db, home, () => deleteUnder(connection, ns.keyPrefix));
  }
  for (const library of libraries) {
    await connection.call(['FUNCTION', 'DELETE', library]).catch(() => undefined);
  }
};
