import { asciiLower } from './ascii-case.js';
import type { CommandEntry } from '../types.js';
import { parseVersionLabel } from '../versions/version-label.js';
import { metadataOn, type VersionScope } from '../versions/version-scope.js';
import { versionRange } from '../versions/version-range.js';

export type Resolution =
  | { ok: true; entry: CommandEntry; versions: string[] }
  | { ok: false; error: 'empty' | 'unknown-command' | 'arity'; explanation: string };

const shown = (argv: readonly string[]) => argv.slice(0, 2).join(' ').toUpperCase();

const arityFits = (arity: number, words: number) => (arity > 0 ? words === arity : words >= -arity);

function describeScope(scope: VersionScope, labels: readonly string[]): string {
  const servers = [...new Set(labels.map((l) => parseVersionLabel(l).server))];
  return scope.matched && labels.length <= 2 ? labels.join(' or ') : servers.join(' or ');
}

/**
 * Finds the entry for an argv, descending into container commands (`OBJECT IDLETIME` → `object|idletime`),
 * and the captured versions in `scope` that have it with an arity the argv fits.
 */
export function resolveEntry(
  argv: readonly string[],
  find: (name: string) => CommandEntry | undefined,
  scope: VersionScope,
  known: readonly string[],
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
  if (!entry) {
    return {
      ok: false,
      error: 'unknown-command',
      explanation: `Unknown command ${argv[0].toUpperCase()}: not a ${describeScope(scope, scope.labels)} command the bundled data knows (a module command? export a category map from your server with \`valkey-track commands --format json\`).`,
    };
  }
  const present = entry.versions.filter((label) => scope.labels.includes(label));
  if (present.length === 0) {
    return {
      ok: false,
      error: 'unknown-command',
      explanation: `${shown(argv)} is not a command of ${describeScope(scope, scope.labels)}: the bundled data has it on ${versionRange(entry.versions, known)}.`,
    };
  }
  const fitting = present.filter((label) =>
    arityFits(metadataOn(entry, label)?.arity ?? entry.arity, argv.length),
  );
  if (fitting.length === 0) {
    const arity = metadataOn(entry, present.at(-1)!)?.arity ?? entry.arity;
    const expected = arity > 0 ? `exactly ${arity}` : `at least ${-arity}`;
    return {
      ok: false,
      error: 'arity',
      explanation: `Wrong number of arguments for ${shown(argv)}: it takes ${expected} words including the command name, got ${argv.length}.`,
    };
  }
  return { ok: true, entry, versions: fitting };
}
