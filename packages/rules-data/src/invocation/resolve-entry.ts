import { asciiLower } from './ascii-case.js';
import type { CommandEntry } from '../types.js';
import type { ServerKind } from '../metadata/types.js';

export type Resolution =
  | { ok: true; entry: CommandEntry }
  | { ok: false; error: 'empty' | 'unknown-command' | 'arity'; explanation: string };

const shown = (argv: readonly string[]) => argv.slice(0, 2).join(' ').toUpperCase();

/** Finds the entry for an argv, descending into container commands (`OBJECT IDLETIME` → `object|idletime`). */
export function resolveEntry(
  argv: readonly string[],
  find: (name: string) => CommandEntry | undefined,
  server?: ServerKind,
): Resolution {
  if (argv.length === 0 || !argv[0]) {
    return {
      ok: false,
      error: 'empty',
      explanation: 'No command given: pass the command and its arguments, e.g. ["GET", "key"].',
    };
  }
  const name = asciiLower(argv[0]);
  let entry = find(name);
  if (entry && entry.subcommands.length > 0) {
    const sub = argv[1] === undefined ? undefined : find(`${name}|${asciiLower(argv[1])}`);
    if (!sub) {
      const known = entry.subcommands.map((s) => s.split('|')[1]!.toUpperCase()).join(', ');
      return {
        ok: false,
        error: argv[1] === undefined ? 'arity' : 'unknown-command',
        explanation:
          argv[1] === undefined
            ? `${name.toUpperCase()} needs a subcommand (${known}).`
            : `Unknown subcommand ${shown(argv)}: ${name.toUpperCase()} has ${known}.`,
      };
    }
    entry = sub;
  }
  if (entry && server && !entry.servers.includes(server)) {
    return {
      ok: false,
      error: 'unknown-command',
      explanation: `${shown(argv)} is a ${entry.servers.join(' and ')} command, not a ${server} one in the bundled data.`,
    };
  }
  if (!entry) {
    const where = server ? `${server}` : 'valkey or redis';
    return {
      ok: false,
      error: 'unknown-command',
      explanation: `Unknown command ${argv[0].toUpperCase()}: not a ${where} command the bundled data knows (a module command? export a category map from your server with \`valkey-track commands --format json\`).`,
    };
  }
  const { arity } = entry;
  if ((arity > 0 && argv.length !== arity) || (arity < 0 && argv.length < -arity)) {
    const expected = arity > 0 ? `exactly ${arity}` : `at least ${-arity}`;
    return {
      ok: false,
      error: 'arity',
      explanation: `Wrong number of arguments for ${shown(argv)}: it takes ${expected} words including the command name, got ${argv.length}.`,
    };
  }
  return { ok: true, entry };
}
