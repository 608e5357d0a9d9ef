import {
  categorize,
  lookup,
  reasonCodes,
  type CategorizeResult,
  type CommandEntry,
  type ServerKind,
  type TrackingMode,
} from '@valkey-track/rules-data';
import { type ArgItem, isKnown, isUnknownRest } from './static-args.js';
import type { FieldTtlFacts } from './field-ttl.js';
import type { CategoryMap } from '../util/category-map.js';

export interface VerdictContext {
  mode: TrackingMode;
  /** Undefined when the BCAST prefixes are not literals. */
  prefixes: string[] | undefined;
  server: ServerKind | undefined;
  categoryMap: CategoryMap | undefined;
  /** Keys whose hash fields carry TTLs (written with HEXPIRE, HSETEX ... EX in the code): hash reads of them are partial. */
  hashFieldTtl?: FieldTtlFacts;
}

export type Verdict =
  | {
      kind: 'certain';
      category: 'full' | 'partial' | 'none';
      reasons: string[];
      explanation: string;
      command: string;
    }
  /**
   * The answer depends on a value the module does not show. `reportable` when every value it could be
   * gives partial or none (a random read of an unknown key is partial or none, never full); the category,
   * reasons and explanation are then the baseline's.
   */
  | {
      kind: 'uncertain';
      why: string;
      command: string;
      reportable?: { category: 'partial' | 'none'; reasons: string[]; explanation: string };
    }
  /** Neither the bundled data nor the category map knows the command. */
  | { kind: 'unknown-command'; explanation: string; command: string };

/** Reasons that say the call is not a read at all: nothing to report about caching it. */
const notARead = new Set(['write', 'admin', 'pubsub']);
export const isNotARead = (reasons: readonly string[]): boolean => reasons.some((r) => notARead.has(r));

/**
 * An `admin` command whose reply reports the server's changing state (INFO, LASTSAVE, MEMORY STATS, SLOWLOG GET):
 * its servers mark it `nondeterministic_output` and it is not about the caller's own connection (`@connection`:
 * CLIENT ID, CLIENT LIST, used to find a REDIRECT target) nor a privileged operation (the `admin` flag). Keeping
 * such a reply is caching a read that nothing invalidates, so it is judged as one (`server-state`), where CONFIG
 * GET or CLIENT ID stay control commands. Decided from the servers' `COMMAND INFO`, never a list of names.
 */
function observesServerState(entry: CommandEntry): boolean {
  const metadata = Object.values(entry.metadata ?? {});
  return (
    metadata.length > 0 &&
    metadata.some((m) => m.tips.includes('nondeterministic_output')) &&
    metadata.every((m) => !m.aclCategories.includes('connection') && !m.flags.includes('admin'))
  );
}

/** Reasons of a verdict, with `admin` read as `server-state` for commands that observe the server. */
function readReasons(entry: CommandEntry, reasons: readonly string[]): string[] {
  if (!reasons.includes('admin') || !observesServerState(entry)) return [...reasons];
  return [...reasons.filter((r) => r !== 'admin'), 'server-state'];
}

const MAX_PROBES = 64;

function entryOf(words: readonly ArgItem[]): CommandEntry | undefined {
  const [first, second] = words;
  if (first === undefined || !isKnown(first)) return undefined;
  if (second !== undefined && isKnown(second)) {
    const sub = lookup(`${first}|${second}`);
    if (sub) return sub;
  }
  return lookup(first);
}

/** How a message shows a word: the literal, its literal start, or short source text (never with backticks). */
const displayWord = (w: ArgItem): string =>
  isKnown(w)
    ? w
    : !isUnknownRest(w) && w.head
      ? `${w.head}…`
      : isUnknownRest(w) && w.eachHead
        ? `${w.eachHead}… …`
        : w.text.length <= 24 && !/[`\n]/.test(w.text)
          ? w.text
          : '…';

const shown = (words: readonly ArgItem[]): string => words.map((w) => (isKnown(w) ? w : w.text)).join(' ');

/** Every argv the unknown words could stand for that can change the verdict, one unknown at a time. */
function probes(words: readonly ArgItem[], entry: CommandEntry, prefixes: readonly string[]): string[][] {
  const tokens = [...new Set(entry.conditions.flatMap((c) => c.anyToken))];
  const baseline = (item: ArgItem): string[] =>
    isKnown(item)
      ? [item]
      : isUnknownRest(item)
        ? item.eachHead
          ? [`${item.eachHead}x`]
          : []
        : [item.numeric ? '0' : `${item.head}x`];
  const alternatives = (item: ArgItem): string[][] => {
    // A number (`LIMIT page * size 24`) is never a token, a key or a pattern: it changes no verdict.
    if (isKnown(item) || (!isUnknownRest(item) && item.numeric)) return [];
    if (isUnknownRest(item) && item.eachHead === undefined)
      return [['x'], ...tokens.map((t) => [t]), ...tokens.map((t) => [t, 'x'])];
    // Words that all start the same (keys under one prefix) are probed as one such word.
    const head = isUnknownRest(item) ? item.eachHead! : item.head;
    const words = [`${head}*`, ...prefixes.filter((p) => p.startsWith(head)).map((p) => `${p}x`)];
    if (head === '') words.push(...tokens);
    return words.map((w) => [w]);
  };
  const base = words.map(baseline);
  const result = [base.flat()];
  words.forEach((item, index) => {
    for (const alternative of alternatives(item)) {
      if (result.length >= MAX_PROBES) return;
      result.push(base.map((b, i) => (i === index ? alternative : b)).flat());
    }
  });
  return result;
}

function mapped(command: string, map: CategoryMap | undefined): Verdict | undefined {
  const entry = map?.get(command);
  if (!entry) return undefined;
  const why =
    entry.explanation ??
    entry.reasons.map((code) => reasonCodes.find((r) => r.code === code)?.summary ?? code).join(' ');
  return {
    kind: 'certain',
    category: entry.category,
    reasons: entry.reasons,
    explanation:
      `\`${command.toUpperCase().replace('|', ' ')}\` is \`${entry.category}\` in your server's category map: ${why}`.trim(),
    command,
  };
}

const memo = new WeakMap<object, Map<string, Verdict>>();
const noMap = {};

/** How CLIENT TRACKING covers a call, or why that cannot be told from the source (memoized: code repeats shapes). */
export function judge(words: readonly ArgItem[], context: VerdictContext): Verdict {
  // What the verdict depends on: known words, the literal start of unknown ones, and how a message shows them
  // (never whole source text: an argument can be a function body).
  const key = `${context.mode}\u0000${context.prefixes?.join('\u0001') ?? '?'}\u0000${context.server ?? ''}\u0000${context.hashFieldTtl?.fingerprint ?? ''}\u0000${words
    .map((w) =>
      isKnown(w)
        ? `=${w}`
        : isUnknownRest(w)
          ? `*${w.eachHead ?? ''}`
          : `?${w.numeric ? '#' : ''}${w.head}\u0002${displayWord(w)}`,
    )
    .join('\u0000')}`;
  if (key.length > 2000) return judgeUncached(words, context);
  let cache = memo.get(context.categoryMap ?? noMap);
  if (!cache) {
    cache = new Map();
    memo.set(context.categoryMap ?? noMap, cache);
  }
  let verdict = cache.get(key);
  if (!verdict) {
    verdict = judgeUncached(words, context);
    if (cache.size > 10_000) cache.clear();
    cache.set(key, verdict);
  }
  return verdict;
}

/** The write that gave a hash read's key field TTLs, appended to the explanation when that made it partial. */
function withFieldTtlSource(
  explanation: string,
  reasons: readonly string[],
  argv: readonly string[],
  context: VerdictContext,
): string {
  if (!context.hashFieldTtl || !reasons.includes('field-expiry')) return explanation;
  const source = argv
    .slice(1)
    .map((word) => context.hashFieldTtl!.describe(word))
    .find((s) => s !== undefined);
  return source ? `${explanation} Here ${source}.` : explanation;
}

function judgeUncached(words: readonly ArgItem[], context: VerdictContext): Verdict {
  const first = words[0];
  if (first === undefined || !isKnown(first)) {
    return {
      kind: 'uncertain',
      why: 'the command name is not a literal',
      command: first === undefined ? '' : shown([first]),
    };
  }
  const entry = entryOf(words);
  const second = words[1];
  const subName = second !== undefined && isKnown(second) ? `${first}|${second}`.toLowerCase() : undefined;
  const fromMap =
    (subName && mapped(subName, context.categoryMap)) || mapped(first.toLowerCase(), context.categoryMap);
  if (fromMap) return fromMap;
  if (!entry) {
    const result = categorize(words.map((w) => (isKnown(w) ? w : 'x')));
    return { kind: 'unknown-command', explanation: result.explanation, command: first };
  }
  const prefixSets: string[][] = context.prefixes ? [context.prefixes] : [[], ['\u0001']];
  const results: CategorizeResult[] = [];
  const baseArgv = probes(words, entry, prefixSets[0]!)[0]!;
  for (const prefixes of prefixSets) {
    for (const argv of probes(words, entry, prefixes)) {
      results.push(
        categorize(argv, {
          mode: context.mode,
          prefixes,
          server: context.server,
          hashFieldTtl: context.hashFieldTtl?.test,
        }),
      );
    }
  }
  // BCAST prefixes the module does not show: a message in the default mode's words (a TTL goes stale whatever
  // they are), not as if every key were under a prefix seen; used only where it gives the same category.
  const displayMode = context.mode === 'bcast' && !context.prefixes ? 'default' : context.mode;
  const known = results.filter((r) => r.category !== 'unknown');
  const baseline = results[0]!;
  if (baseline.category === 'unknown') {
    return { kind: 'uncertain', why: baseline.explanation, command: entry.name };
  }
  if (known.some((r) => r.category !== baseline.category)) {
    const reportable = known.every((r) => r.category !== 'full' && !isNotARead(r.reasons));
    const shown = categorize(words.map(displayWord), {
      mode: displayMode,
      prefixes: prefixSets[0],
      server: context.server,
      hashFieldTtl: context.hashFieldTtl?.test,
    });
    const explanation = shown.category === baseline.category ? shown.explanation : baseline.explanation;
    return {
      kind: 'uncertain',
      why: `its coverage depends on ${context.prefixes ? 'an argument' : 'the BCAST prefixes or an argument'} the module does not show as a literal`,
      command: entry.name,
      ...(reportable
        ? {
            reportable: {
              category: baseline.category as 'partial' | 'none',
              reasons: baseline.reasons,
              explanation: withFieldTtlSource(explanation, baseline.reasons, baseArgv, context),
            },
          }
        : {}),
    };
  }
  const display = categorize(words.map(displayWord), {
    mode: displayMode,
    prefixes: prefixSets[0],
    server: context.server,
    hashFieldTtl: context.hashFieldTtl?.test,
  });
  const final = display.category === baseline.category ? display : baseline;
  return {
    kind: 'certain',
    category: baseline.category as 'full' | 'partial' | 'none',
    reasons: readReasons(entry, baseline.reasons),
    explanation: withFieldTtlSource(final.explanation, baseline.reasons, baseArgv, context),
    command: entry.name,
  };
}
