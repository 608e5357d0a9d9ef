import {
  bcastReasons,
  isNotARead,
  metadataOn,
  readShape,
  type CommandEntry,
  type ReasonCode,
} from '@valkey-track/rules-data/core';
import { MAX_COVERAGE_SETS } from './layout-table.js';

/**
 * What `categorize` reads of an invocation of one command, worked out once from the data, so that the
 * audit reads only those bytes of each line and caches verdicts on exactly them:
 *
 * - the number of words (the arity check of each server version, `minWords` conditions, key ranges counted
 *   from the end);
 * - which arguments are one of the words it compares against: condition tokens (any or all of them), the tokens before a pattern
 *   (SORT_RO `BY`/`GET`, with `#` and `NOSORT`, which name no key), `SCAN ... MATCH`, the keywords key
 *   specs search for (`XREAD ... STREAMS`);
 * - the value of a key-count argument (EVAL's numkeys): it decides which arguments are keys;
 * - under BCAST with prefixes, whether the prefixes cover each key and each pattern's literal start;
 * - for hash reads on servers with field expiry, whether some key's hash fields carry TTLs (`FieldTtlKeys`).
 *
 * Two lines that agree on all of these get the same verdict from `categorize` in every mode, so one
 * verdict serves both; the property test `monitor-verdicts.test.ts` checks it against `categorize` itself.
 */
export interface InvocationPlan {
  /** Position of the first argument after the command name (and subcommand). */
  argStart: number;
  /**
   * The arity every version in scope gives the command; 0 for a command the data does not know there (its
   * verdict depends on nothing else). Where versions differ, the plan is not simple: layouts key on the count.
   */
  arity: number;
  /** Only the arity check reads the arguments (outside BCAST with prefixes). */
  simple: boolean;
  /** Lower-cased bytes of the words compared against; a token's id is its index + 1. */
  tokens: Uint8Array[];
  /** The same words as `categorize` sees them (upper case), for rebuilding an invocation. */
  tokenWords: string[];
  /** Tokens a shape's name shows (`SCAN … MATCH`), not the ones only key specs use. */
  displayToken: boolean[];
  maxTokenLength: number;
  /** Positions of key-count arguments (EVAL numkeys). */
  keynumPositions: number[];
  /** BCAST prefixes can change the category or reasons: some reachable verdict is a read. */
  coverage: boolean;
  /** Whether its keys' hash fields carry TTLs can change the verdict (a `hash-field-ttl` condition). */
  fieldTtl: boolean;
  /** The version variants of the entry `categorize` takes the worst of. */
  variants: Variant[];
  /**
   * For simple plans: the positions of keys and patterns, the same for every argument count, so coverage
   * needs no layout; undefined when they depend on the count (MGET, DEL).
   */
  staticItems: ItemSet[] | undefined;
  /** One past the last position of `staticItems`. */
  staticItemsEnd: number;
}

/**
 * The entry as one or more captured server versions see it (`categorize`'s `verdictOn`): their verdict
 * (`perVersion`), the conditions that exist on them, and their arity. Versions that agree share a variant.
 */
export interface Variant {
  entry: CommandEntry;
  arity: number;
  /** One of the versions, for `readShape` (the conditions are already those of the version). */
  version: string;
}

/** Where an invocation's keys and patterns are, for one server variant. */
export interface ItemSet {
  keys: number[];
  patterns: number[];
  /** The reply depends on the whole keyspace (DBSIZE, SCAN without MATCH): covered only by an empty prefix. */
  keyspace: boolean;
}

/** The plan for a command the data does not know: the verdict is `unknown` whatever the arguments. */
export const UNKNOWN_PLAN: InvocationPlan = {
  argStart: 1,
  arity: 0,
  simple: true,
  tokens: [],
  tokenWords: [],
  displayToken: [],
  maxTokenLength: 0,
  keynumPositions: [],
  coverage: false,
  fieldTtl: false,
  variants: [],
  staticItems: undefined,
  staticItemsEnd: 0,
};

/** The variants of an entry over the captured versions in scope that have it (`versionScope`). */
export function variantsOf(entry: CommandEntry, labels: readonly string[]): Variant[] {
  const variants: Variant[] = [];
  const seen = new Map<string, Variant>();
  for (const version of entry.versions) {
    if (!labels.includes(version)) continue;
    const at = entry.perVersion?.findIndex((v) => v.versions.includes(version)) ?? -1;
    const per = at >= 0 ? entry.perVersion![at]! : undefined;
    const base = per ? { ...entry, ...per, conditions: per.conditions ?? [] } : entry;
    const kept = base.conditions.flatMap((c, i) => (!c.versions || c.versions.includes(version) ? [i] : []));
    const arity = metadataOn(entry, version)?.arity ?? entry.arity;
    const key = `${at} ${arity} ${kept.join(',')}`;
    if (seen.has(key)) continue;
    const variant = {
      entry: { ...base, conditions: kept.map((i) => base.conditions[i]!) },
      arity,
      version,
    };
    seen.set(key, variant);
    variants.push(variant);
  }
  return variants;
}

/** Every set of reasons a verdict on the command can end with. */
function reasonSets(variants: Variant[]): ReasonCode[][] {
  return variants.flatMap(({ entry: v }) => [v.reasons, ...v.conditions.map((c) => c.reasons)]);
}

export function planFor(entry: CommandEntry, argStart: number, labels: readonly string[]): InvocationPlan {
  const variants = variantsOf(entry, labels);
  if (variants.length === 0) return { ...UNKNOWN_PLAN, argStart };
  const words = new Map<string, boolean>();
  const addWord = (w: string, display: boolean) =>
    words.set(w.toUpperCase(), (words.get(w.toUpperCase()) ?? false) || display);
  let minWords = false;
  let noKeys = false;
  let fieldTtl = false;
  for (const { entry: v } of variants) {
    for (const c of v.conditions) {
      for (const t of c.anyToken) addWord(t, true);
      for (const t of c.allTokens ?? []) addWord(t, true);
      for (const t of c.patternAfterTokens ?? []) addWord(t, true);
      if (c.patternAfterTokens?.length) {
        // `BY nosort` and `GET #` name no other key (read-shape.ts).
        addWord('#', false);
        addWord('NOSORT', false);
      }
      if (c.minWords !== undefined) minWords = true;
      if (c.noKeys) noKeys = true;
      if (c.keyState === 'hash-field-ttl') fieldTtl = true;
    }
    if (v.patternArgument?.afterToken) addWord(v.patternArgument.afterToken, true);
    for (const spec of v.keySpecs) {
      if (spec.beginSearch.type === 'keyword') addWord(spec.beginSearch.keyword, false);
    }
  }
  const keynumPositions: number[] = [];
  let countFromEnd = false;
  for (const spec of entry.keySpecs) {
    const find = spec.findKeys;
    if (find.type === 'keynum' && spec.beginSearch.type === 'index') {
      keynumPositions.push(spec.beginSearch.index + find.keynumidx);
    }
    if (find.type === 'range' && (find.lastkey < 0 || find.limit > 1)) countFromEnd = true;
  }
  const tokenWords = [...words.keys()];
  const tokens = tokenWords.map((w) => Buffer.from(w.toLowerCase(), 'latin1'));
  const coverage = reasonSets(variants).some((r) => !isNotARead(bcastReasons(r)));
  const arity = variants[0]!.arity;
  const simple =
    tokens.length === 0 &&
    keynumPositions.length === 0 &&
    !minWords &&
    !(noKeys && countFromEnd) &&
    variants.every((v) => v.arity === arity);
  const plan: InvocationPlan = {
    argStart,
    arity,
    simple,
    tokens,
    tokenWords,
    displayToken: tokenWords.map((w) => words.get(w)!),
    maxTokenLength: Math.max(0, ...tokens.map((t) => t.length)),
    keynumPositions,
    coverage,
    fieldTtl,
    variants,
    staticItems: undefined,
    staticItemsEnd: 0,
  };
  if (simple && (coverage || fieldTtl)) {
    const shortest = Math.max(Math.abs(arity), argStart);
    const a = itemsOf(plan, rebuild(plan, entry.name, shortest)!);
    const b = itemsOf(plan, rebuild(plan, entry.name, shortest + 3)!);
    if ((arity > 0 || JSON.stringify(a) === JSON.stringify(b)) && a.length <= MAX_COVERAGE_SETS) {
      plan.staticItems = a;
      plan.staticItemsEnd = 1 + Math.max(0, ...a.flatMap((set) => [...set.keys, ...set.patterns]));
    }
    // Keys whose place depends on the count need a layout per count to be looked up.
    if (fieldTtl && plan.staticItems === undefined) plan.simple = false;
  }
  return plan;
}

/**
 * An invocation rebuilt from what a plan reads of it: `tokenAt(i)` gives the token id at position i (0 for
 * none), `keynumAt(i)` the key count there. Every other argument is a placeholder naming its position
 * (`\u0000<i>`), and so is every token and count, in a spelling of its own (`GET`, `GeT`, `gET`; `2`, `02`),
 * so that whatever `readShape` returns as a key or a pattern says where it stands. Undefined when a token
 * recurs more often than its letters have spellings.
 */
export function rebuild(
  plan: InvocationPlan,
  fullName: string,
  words: number,
  tokenAt: (i: number) => number = () => 0,
  keynumAt: (i: number) => number = () => -1,
): { argv: string[]; positions: Map<string, number> } | undefined {
  const [name, sub] = fullName.split('|');
  const argv = [name!.toUpperCase()];
  if (plan.argStart === 2) argv.push(sub!.toUpperCase());
  const positions = new Map<string, number>();
  const seen = new Map<string, number>();
  for (let i = argv.length; i < words; i++) {
    let arg = `\u0000${i}`;
    const token = tokenAt(i);
    const keynum = plan.keynumPositions.indexOf(i);
    if (token > 0) {
      const word = plan.tokenWords[token - 1]!;
      const n = seen.get(word) ?? 0;
      seen.set(word, n + 1);
      const spelled = spelling(word, n);
      if (spelled === undefined) return undefined;
      arg = spelled;
    } else if (keynum >= 0) {
      const count = keynumAt(i);
      arg = count >= 0 ? `${'0'.repeat(keynum)}${count}` : `${'x'.repeat(keynum + 1)}`;
    }
    positions.set(arg, i);
    argv.push(arg);
  }
  return { argv, positions };
}

/** The n-th spelling of a word in mixed case (letter j lower-cased when bit j of n is set). */
function spelling(word: string, n: number): string | undefined {
  let letters = 0;
  for (const c of word) if (/[A-Z]/.test(c)) letters++;
  if (n >= 2 ** letters) return undefined;
  let j = 0;
  return [...word].map((c) => (/[A-Z]/.test(c) ? ((n >> j++) & 1 ? c.toLowerCase() : c) : c)).join('');
}

/** The positions of the keys and patterns `readShape` finds in a rebuilt invocation, per variant. */
export function itemsOf(
  plan: InvocationPlan,
  rebuilt: { argv: string[]; positions: Map<string, number> },
): ItemSet[] {
  const at = (arg: string) => rebuilt.positions.get(arg) ?? -1;
  const sets: ItemSet[] = [];
  for (const { entry, version } of plan.variants) {
    const shape = readShape(entry, rebuilt.argv, {}, version);
    const set = { keys: shape.keys.map(at), patterns: shape.patterns.map(at), keyspace: shape.keyspace };
    if (!sets.some((s) => JSON.stringify(s) === JSON.stringify(set))) sets.push(set);
  }
  return sets;
}
