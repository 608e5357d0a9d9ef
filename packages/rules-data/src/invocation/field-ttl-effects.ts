import { fieldTtlEnds } from '../curated/writes.js';
import { lookup } from '../lookup.js';
import type { KeySpec } from '../metadata/types.js';
import type { CommandEntry } from '../types.js';
import { asciiUpper } from './ascii-case.js';
import { extractKeys } from './extract-keys.js';
import { hashFieldTtlKeys } from './hash-field-ttl-keys.js';

/** What one invocation does to the field TTLs of the keys it names (`fieldTtlEffects`). */
export interface FieldTtlEffects {
  /** Keys whose hash fields it gives TTLs: HEXPIRE and its family; HSETEX and HGETEX with EX, PX, EXAT or PXAT. */
  sets: string[];
  /** Keys it removes, or whose whole value it replaces with one that has no field TTLs. */
  clears: string[];
  /**
   * `to` takes `from`'s value, field TTLs included (RENAME, COPY); `moves`: `from` is gone; `replaces`: `to`'s old
   * value is certainly gone (RENAME, COPY ... REPLACE), so `to` has field TTLs exactly when `from` had them.
   */
  carries: { from: string; to: string; moves: boolean; replaces: boolean }[];
  /** Every key of every database is gone (FLUSHALL). */
  flushes: boolean;
}

const NOTHING: FieldTtlEffects = Object.freeze({ sets: [], clears: [], carries: [], flushes: false });

/** A spec whose keys the command removes (RM) or replaces whole (OW with UPDATE; OW INSERT writes only a missing key). */
const replacesWhole = (spec: KeySpec) =>
  spec.flags.includes('RM') || (spec.flags.includes('OW') && spec.flags.includes('UPDATE'));

const keysOf = (argv: readonly string[], spec: KeySpec | undefined) =>
  spec ? extractKeys(argv, [spec]) : [];

/** Whether an invocation of the command can give or end field TTLs: the audit looks at no other line. */
export function fieldTtlRole(entry: CommandEntry): { sets: boolean; ends: boolean } {
  const end = fieldTtlEnds[entry.name];
  return {
    sets: entry.setsFieldTtl !== undefined,
    ends: end ? end.kind !== 'keeps' : entry.keySpecs.some(replacesWhole),
  };
}

/**
 * What a write does to the field TTLs of the keys it names, as far as the invocation alone tells: which keys
 * get them (`hashFieldTtlKeys`), which lose them because the key is removed or its whole value replaced (the
 * keys of key specs flagged RM, or OW with UPDATE, and `curated/writes.ts`'s `fieldTtlEnds`: SET without NX
 * or GET, FLUSHALL), and which take another key's (RENAME, COPY). Never HPERSIST or HDEL: other fields of the
 * key may keep theirs. A write that may not happen (COPY without REPLACE, RENAMENX) never ends field TTLs,
 * so a tool that remembers keys with this errs towards keys having them.
 */
export function fieldTtlEffects(argv: readonly string[]): FieldTtlEffects {
  const entry = argv[0] ? lookup(argv[0]) : undefined;
  if (!entry || entry.subcommands.length > 0) return NOTHING;
  const sets = hashFieldTtlKeys(argv);
  const end = fieldTtlEnds[entry.name];
  switch (end?.kind) {
    case 'flushes':
      return { ...NOTHING, flushes: true };
    case 'keeps':
      return { ...NOTHING, sets };
    case 'replaces': {
      const tokens = argv.slice(1).map(asciiUpper);
      const clears = end.unlessToken.some((t) => tokens.includes(t)) ? [] : extractKeys(argv, entry.keySpecs);
      return { ...NOTHING, sets, clears };
    }
    case 'carries': {
      const [from] = keysOf(argv, entry.keySpecs[0]);
      const [to] = keysOf(argv, entry.keySpecs[1]);
      const replaces =
        typeof end.replaces === 'string'
          ? argv.slice(1).some((word) => asciiUpper(word) === end.replaces)
          : end.replaces;
      const carries =
        from !== undefined && to !== undefined ? [{ from, to, moves: end.moves, replaces }] : [];
      return { ...NOTHING, sets, carries };
    }
    default:
      return {
        ...NOTHING,
        sets,
        clears: entry.keySpecs.filter(replacesWhole).flatMap((s) => keysOf(argv, s)),
      };
  }
}
