import type { CAC, Command } from 'cac';
import { existsSync } from 'node:fs';
import { closestName } from './closest-name.js';
import { UsageError } from './usage-error.js';

const HELP = 'Run `valkey-track --help`';

const camelcase = (name: string) => name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** `--tls-ca` for an option declared as `--tls-ca <file>`, each of its names. */
const flagsOf = (command: Command): string[] =>
  command.options.flatMap((option) =>
    option.rawName
      .split(/[ ,]+/)
      .filter((part) => part.startsWith('-'))
      .map((part) => part.trim()),
  );

/** The flag as the user typed it (`--formt`, `--no-colour`, `-x`) for a key cac parsed (`formt`, `colour`, `x`). */
function typedFlag(key: string, argv: readonly string[]): string {
  for (const token of argv) {
    if (token === '--') break;
    const name = /^-{1,2}([^=]+)/.exec(token)?.[1];
    if (!name) continue;
    if (camelcase(name) === key || camelcase(name.replace(/^no-/, '')) === key) return token.split('=')[0]!;
    if (!token.startsWith('--') && name.includes(key)) return `-${key}`;
  }
  return key.length > 1 ? `--${key}` : `-${key}`;
}

function unknownOption(flag: string, known: string[], cli: CAC, command: Command | undefined): UsageError {
  const suggestion = closestName(flag, known);
  if (suggestion) return new UsageError(`unknown option ${flag}; did you mean ${suggestion}? ${HELP}`);
  const owners = cli.commands.filter((c) => flagsOf(c).includes(flag)).map((c) => c.name);
  if (owners.length > 0) {
    const where = command ? `not ${command.name}` : 'not the top level';
    return new UsageError(`${flag} is an option of ${owners.join(', ')}, ${where}. ${HELP}`);
  }
  return new UsageError(`unknown option ${flag}. ${HELP}${command ? ` ${command.name} --help` : ''}`);
}

/**
 * Refuses, in one line with the closest valid name, what cac would let through: an unknown command, and an
 * unknown option (cac ignores it at the top level and names no alternative in a command).
 */
export function checkUsage(cli: CAC): void {
  const command = cli.matchedCommand;
  const argv = cli.rawArgs.slice(2);
  if (!command && cli.args.length > 0) {
    const given = String(cli.args[0]);
    const names = cli.commands.map((c) => c.name);
    const suggestion = closestName(given, names);
    const asPath = existsSync(given);
    const hint = suggestion
      ? `did you mean ${suggestion}?`
      : asPath
        ? `to audit it: valkey-track audit ${given}.`
        : '';
    throw new UsageError(`unknown command "${given}"${hint ? `; ${hint}` : '.'} ${HELP} for the commands`);
  }
  const declared = [...cli.globalCommand.options, ...(command?.options ?? [])];
  const knownKeys = new Set(declared.flatMap((option) => option.names));
  const knownFlags = [...flagsOf(cli.globalCommand), ...(command ? flagsOf(command) : [])];
  for (const key of Object.keys(cli.options)) {
    if (key === '--' || knownKeys.has(key)) continue;
    throw unknownOption(typedFlag(key, argv), knownFlags, cli, command);
  }
}
