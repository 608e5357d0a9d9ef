import type { CommandMetadata, DocArgument } from '../../metadata/types.js';
import { extractKeys } from '../../invocation/extract-keys.js';
import type { Argv, ReadRecipe } from '../types.js';

/** A read the data has no recipe for, written out from its metadata: the argv and the key setups to try. */
export interface GenericRead {
  command: string;
  read: Argv;
  keys: string[];
  /** Setups that give every key a value of one type, most likely first (from the command's group). */
  setups: Argv[][];
}

const placeholder: Record<string, string> = {
  integer: '1',
  double: '1',
  'unix-time': '1',
  pattern: '*',
  string: 'x',
};

/** The words of the required arguments, the first alternative of each choice, one of each repeat. */
function words(args: readonly DocArgument[], key: () => string): string[] | undefined {
  const out: string[] = [];
  for (const arg of args) {
    if (arg.optional) continue;
    if (arg.token) out.push(arg.token);
    if (arg.type === 'pure-token') continue;
    if (arg.type === 'key') out.push(key());
    else if (arg.type === 'oneof') {
      const first = arg.arguments?.[0];
      const chosen = first ? words([{ ...first, optional: false }], key) : undefined;
      if (!chosen) return undefined;
      out.push(...chosen);
    } else if (arg.type === 'block') {
      const inner = words(arg.arguments ?? [], key);
      if (!inner) return undefined;
      out.push(...inner);
    } else if (placeholder[arg.type] !== undefined) out.push(placeholder[arg.type]!);
    else return undefined;
  }
  return out;
}

const fits = (arity: number, length: number) => (arity > 0 ? length === arity : length >= -arity);

/** One value per type a key can hold, for commands whose group does not say which. */
const valueOf: Record<string, (key: string) => Argv> = {
  string: (k) => ['SET', k, 'abc'],
  hash: (k) => ['HSET', k, 'f1', 'v1', 'f2', 'v2', 'f3', 'v3'],
  list: (k) => ['RPUSH', k, 'a', 'b', 'c'],
  set: (k) => ['SADD', k, 'a', 'b', 'c'],
  'sorted-set': (k) => ['ZADD', k, '1', 'a', '2', 'b', '3', 'c'],
  stream: (k) => ['XADD', k, '1-1', 'f', 'a'],
};
const groupType: Record<string, string> = { bitmap: 'string', hyperloglog: 'string', geo: 'sorted-set' };

/**
 * Writes an invocation of a readonly command with keys from its `COMMAND DOCS` arguments (or, without them,
 * from its arity and key specs: keys where the specs find them, `x` elsewhere). Undefined when no valid
 * invocation can be written.
 */
export function genericRead(
  meta: CommandMetadata,
  args: readonly DocArgument[] | undefined,
): GenericRead | undefined {
  const [container, sub] = meta.name.split('|');
  const prefix = sub ? [container!.toUpperCase(), sub.toUpperCase()] : [meta.name.toUpperCase()];
  let n = 0;
  const key = () => `{p}k${++n}`;
  let read: string[] | undefined;
  if (args) {
    const rest = words(args, key);
    if (rest) read = [...prefix, ...rest];
  } else if (meta.arity !== 0) {
    const length = Math.max(Math.abs(meta.arity), prefix.length + 1);
    const draft = [...prefix, ...Array.from({ length: length - prefix.length }, () => 'x')];
    const positions = extractKeys(
      draft.map((_, i) => String(i)),
      meta.keySpecs,
    ).map(Number);
    read = draft.map((word, i) => (positions.includes(i) ? key() : word));
  }
  if (!read || !fits(meta.arity, read.length)) return undefined;
  const keys = extractKeys(read, meta.keySpecs);
  if (keys.length === 0) return undefined;
  const first = groupType[meta.group] ?? meta.group;
  const types = [...new Set([first, ...Object.keys(valueOf)])].filter((t) => valueOf[t]);
  return {
    command: meta.name,
    read,
    keys,
    setups: types.map((type) => keys.map((k) => valueOf[type]!(k))),
  };
}

/**
 * The recipe for a read nothing else measures: read, let time pass, read again a few times with no write,
 * then delete the keys. A reply that changed before the delete changed with no write (partial, or none when
 * the delete is not invalidated either); only the delete changing it, invalidated, is the full case.
 */
export function genericRecipe(read: GenericRead, setup: Argv[]): ReadRecipe {
  return {
    id: `generic-${read.command.replace('|', '-')}`,
    reason: 'tracked-keys',
    setup,
    read: read.read,
    changes: [
      { kind: 'wait', ms: 1100, note: 'time passes, with no write' },
      { kind: 'repeat', attempts: 5, note: 'the same read again, with no write' },
      { kind: 'command', argv: ['DEL', ...read.keys], touches: read.keys },
    ],
    note: 'generic: written from the command metadata, not curated',
  };
}
