import { cleanNamespace } from './keyspace.js';
import { expandArgv, namespaceFor } from './namespace.js';
import { callAsText } from './reply.js';
import type { GenericRead } from './recipes/generic-read.js';
import type { Argv, EvidenceConnection } from './types.js';

/**
 * Which of a generic read's setups gives it something to read: the first whose reply is no error and differs
 * from the reply on missing keys. Runs under the caller's prefix and deletes what it made; the read is a
 * readonly command, so probing changes nothing else.
 */
export async function probeGenericRead(
  connection: EvidenceConnection,
  read: GenericRead,
  prefix: string,
  database = 0,
): Promise<Argv[] | undefined> {
  const ns = namespaceFor(prefix, `probe-${read.command.replace('|', '-')}`, database);
  const argv = expandArgv(read.read, ns);
  const clean = () => cleanNamespace(connection, ns, database);
  try {
    await clean();
    const missing = await callAsText(connection, argv);
    for (const setup of read.setups) {
      await clean();
      for (const step of setup) await connection.call(expandArgv(step, ns));
      const reply = await callAsText(connection, argv);
      if (!reply.startsWith('{"error"') && reply !== missing) return setup;
    }
    return undefined;
  } finally {
    await clean();
  }
}
