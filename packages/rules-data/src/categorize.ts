import type { ReasonCode } from './reason-codes.js';
import { reasonCodes } from './reason-codes.js';
import type { Category, CategorizeOptions, CategorizeResult, CommandEntry } from './types.js';
import { categoryOf, changesWithoutWrite, isNotARead, worseCategory } from './build/category-of.js';
import { bcastReasons } from './build/mode-notes.js';
import { prefixCovers } from './invocation/literal-prefix.js';
import { readShape, type ReadShape } from './invocation/read-shape.js';
import { extractKeys } from './invocation/extract-keys.js';
import { resolveEntry } from './invocation/resolve-entry.js';
import { lookup } from './lookup.js';
import { dataVersions } from './command-data.js';
import { versionScope } from './versions/version-scope.js';

interface Verdict {
  category: Category;
  reasons: ReasonCode[];
  explanation: string;
  advice: string[];
}

const adviceFor = (code: ReasonCode) => reasonCodes.find((r) => r.code === code)?.advice ?? '';
const plainAdvice = "Don't cache this call.";
const summaryOf = (code: ReasonCode) => reasonCodes.find((r) => r.code === code)?.summary ?? '';

/**
 * The prefix to name in advice: the pattern's literal start when something follows it, a glob or a part the
 * caller does not know (a linter shows `user:${id}:*` as `user:…` and a bare variable by its name, no glob).
 * A pattern with neither is one key or one unknown value: no prefix to name.
 */
function adviceablePrefix(pattern: string): string {
  const stop = pattern.search(/[*?[\\\u2026]/);
  return stop > 0 ? pattern.slice(0, stop) : '';
}

function defaultVerdict(shape: ReadShape): Verdict {
  const advice = shape.reasons.map((r) => {
    // A script's undeclared keys are its own to declare (the script advice), not SORT's BY/GET patterns.
    if (r === 'undeclared-keys' && shape.reasons.includes('script')) return '';
    if (r === 'key-pattern' && shape.patterns[0]) {
      const literal = adviceablePrefix(shape.patterns[0]);
      if (literal) return `Use BCAST with PREFIX \`${literal}\`, or don't cache this call.`;
    }
    return adviceFor(r);
  });
  return {
    category: categoryOf(shape.reasons),
    reasons: shape.reasons,
    explanation: shape.explanation,
    advice,
  };
}

function bcastVerdict(shape: ReadShape, prefixes: readonly string[]): Verdict {
  const reasons = bcastReasons(shape.reasons);
  if (isNotARead(reasons)) return defaultVerdict(shape);
  const items: [string, boolean][] = [
    ...shape.keys.map((k): [string, boolean] => [k, false]),
    ...shape.patterns.map((p): [string, boolean] => [p, true]),
  ];
  if (shape.keyspace) items.push(['', false]);
  const uncovered = items.filter(([item, isPattern]) => !prefixCovers(prefixes, item, isPattern));
  const dataCategory: Category =
    uncovered.length === 0 ? 'full' : uncovered.length === items.length ? 'none' : 'partial';
  const intrinsic = reasons.filter((r) => changesWithoutWrite.has(r));
  const category = intrinsic.length > 0 ? worseCategory(dataCategory, 'partial') : dataCategory;
  const outside = uncovered.map(([item]) => (item === '' ? 'the whole keyspace' : `\`${item}\``)).join(', ');
  const gaps: ReasonCode[] = uncovered.length > 0 ? ['uncovered-prefix'] : [];
  const explanation =
    uncovered.length > 0
      ? `Under BCAST only writes under the registered prefixes are announced, and ${outside} lies outside them.`
      : intrinsic.length > 0
        ? `Every key it reads is under a registered prefix, but the reply still changes with no write. ${intrinsic.map(summaryOf).join(' ')}`
        : 'Every key and pattern it reads lies under a registered BCAST prefix, so every change to them is announced.';
  const finalReasons: ReasonCode[] = [
    ...(dataCategory === 'none' ? [] : (['tracked-keys'] as ReasonCode[])),
    ...intrinsic,
    ...gaps,
  ];
  return { category, reasons: finalReasons, explanation, advice: [...intrinsic, ...gaps].map(adviceFor) };
}

const verdictWords: Record<Category, string> = {
  full: 'is fully covered by CLIENT TRACKING',
  partial: 'is only partly covered by CLIENT TRACKING',
  none: 'is not covered by CLIENT TRACKING',
};

function describe(argv: readonly string[], verdict: Verdict, options: CategorizeOptions): string {
  let shown = argv.join(' ');
  if (shown.length > 60) shown = `${shown.slice(0, 57)}...`;
  const words = isNotARead(verdict.reasons) ? 'is not a cacheable read' : verdictWords[verdict.category];
  const mode =
    options.mode === 'bcast'
      ? ` in BCAST mode${options.prefixes?.length ? ` (prefixes ${options.prefixes.map((p) => (p === '' ? '`""`' : `\`${p}\``)).join(', ')})` : ''}`
      : options.mode === 'optin'
        ? ' in OPTIN mode (after `CLIENT CACHING yes`)'
        : '';
  const distinct = [...new Set(verdict.advice.filter(Boolean))];
  // A bare "don't cache" adds nothing beside advice that already ends with it.
  const advice =
    verdict.category === 'full'
      ? []
      : distinct.length > 1
        ? distinct.filter((a) => a !== plainAdvice)
        : distinct;
  return [`\`${shown}\` ${words}${mode}: ${verdict.explanation}`, ...advice].join(' ');
}

function verdictOn(
  entry: CommandEntry,
  argv: readonly string[],
  version: string,
  options: CategorizeOptions,
): Verdict {
  const per = entry.perVersion?.find((v) => v.versions.includes(version));
  const shape = readShape(
    per ? { ...entry, ...per, conditions: per.conditions ?? [] } : entry,
    argv,
    options,
    version,
  );
  return options.mode === 'bcast' ? bcastVerdict(shape, options.prefixes ?? []) : defaultVerdict(shape);
}

/** The keys of the invocation: key specs are the same whichever version's verdict is taken. */
const keysOf = (entry: CommandEntry, argv: readonly string[]) => extractKeys(argv, entry.keySpecs);

/**
 * How CLIENT TRACKING covers one concrete invocation, in a tracking mode. The verdict is the worst case over
 * the captured server versions `server` and `version` select (all of them without either); `versions` in the
 * result names them. Never throws: an empty argv, a command the selected versions lack or a wrong number of
 * arguments gives category `unknown` with the reason in `explanation` and `error`.
 */
export function categorize(argv: readonly string[], options: CategorizeOptions = {}): CategorizeResult {
  const scope = versionScope(options);
  const resolved = resolveEntry(argv, lookup, scope, dataVersions);
  if (!resolved.ok) {
    return {
      category: 'unknown',
      reasons: [],
      keys: [],
      explanation: resolved.explanation,
      error: resolved.error,
    };
  }
  const { entry, versions } = resolved;
  let worst: Verdict | undefined;
  for (const version of versions) {
    const verdict = verdictOn(entry, argv, version, options);
    // Of equally bad verdicts, the one with the most reasons says the most (HRANDFIELD with field TTLs).
    const worse = !worst || worseCategory(worst.category, verdict.category) !== worst.category;
    const fuller = worst?.category === verdict.category && verdict.reasons.length > worst.reasons.length;
    if (worse || fuller) worst = verdict;
  }
  return {
    category: worst!.category,
    reasons: worst!.reasons,
    keys: keysOf(entry, argv),
    explanation: describe(argv, worst!, options),
    command: entry.name,
    versions,
  };
}
