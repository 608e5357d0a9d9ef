import { globEscape, namespaceFor } from './namespace.js';
import { replyText } from './reply.js';
import type { EvidenceConnection } from './types.js';

export interface Leftovers {
  keys: string[];
  libraries: string[];
}

const decode = (value: unknown) => JSON.parse(replyText(value)) as unknown;

/**
 * What a run under `prefix` left behind: keys under it (in the home database and `otherDatabases`) and
 * function libraries named after it. A finished run should leave neither.
 */
export const findLeftovers = async (
  connection: EvidenceConnection,
  prefix: string,
  home = 0,
  otherDatabases: readonly number[] = [1],
): Promise<Leftovers> => {
  const keys: string[] = [];
  for (const db of new Set([home, ...otherDatabases])) {
    await connection.call(['SELECT', String(db)]);
    try {
      let cursor = '0';
      do {
        const [next, page] = decode(
          await connection.call(['SCAN', cursor, 'MATCH', `${globEscape(prefix)}*`, 'COUNT', '1000']),
        ) as [string, string[]];
        cursor = next;
        keys.push(...page.map((k) => `${db}:${k}`));
      } while (cursor !== '0');
    } finally {
      await connection.call(['SELECT', String(home)]);
    }
  }
  // Library names are some recipe's namespace identifier: `vt_` + the prefix, `_` for other characters.
  const identifier = namespaceFor(prefix, '').identifier.replace(/_+$/, '');
  const listed = decode(
    await connection.call(['FUNCTION', 'LIST', 'LIBRARYNAME', `${identifier}*`]),
  ) as unknown[][];
  const libraries = listed.map((library) => String(library[1]));
  return { keys, libraries };
};
