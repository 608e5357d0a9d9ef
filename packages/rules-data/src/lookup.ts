import { asciiLower } from './invocation/ascii-case.js';
import { commandEntries } from './command-data.js';
import type { CommandEntry } from './types.js';

let byName: Map<string, CommandEntry> | undefined;

/** The entry for a command or subcommand by the server's own name (`get`, `object|idletime`), any case. */
export function lookup(name: string): CommandEntry | undefined {
  byName ??= new Map(commandEntries.map((e) => [e.name, e]));
  return byName.get(asciiLower(name));
}

/** Every entry, sorted by name. */
export function commands(): readonly CommandEntry[] {
  return commandEntries;
}
