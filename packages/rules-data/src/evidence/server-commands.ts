import type { EvidenceConnection } from './types.js';

/**
 * Which of `names` the server has, asked of the server itself (`COMMAND INFO` answers nil for a name it does
 * not know; `container|sub` names a subcommand), so that recipes for commands of other versions are skipped
 * whatever version the data knows of.
 */
export async function serverHasCommands(
  connection: EvidenceConnection,
  names: readonly string[],
): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const reply = (await connection.call(['COMMAND', 'INFO', ...names])) as unknown[];
  return new Set(names.filter((_, i) => Array.isArray(reply[i])));
}
