import { readFileSync } from 'node:fs';
import type { CommandEntry } from './types.js';

/** `generated/commands.json` (from `src/` and from `dist/` alike), as `pnpm generate` writes it. */
interface CommandData {
  versions: string[];
  entries: CommandEntry[];
}

const data = JSON.parse(
  readFileSync(new URL('../generated/commands.json', import.meta.url), 'utf8'),
) as CommandData;

/** Every captured server version the data was built from, as `valkey 9.1.2`: Valkey oldest first, then Redis. */
export const dataVersions: readonly string[] = data.versions;

/** Every command and subcommand of the captured servers, sorted by name. */
export const commandEntries: CommandEntry[] = data.entries;
