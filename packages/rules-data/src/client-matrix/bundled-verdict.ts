import { bcastReasons } from '../build/mode-notes.js';
import { categoryOf, categoryRank, worseCategory } from '../build/category-of.js';
import { lookup } from '../lookup.js';
import { verdictOnVersion, versionScope } from '../versions/version-scope.js';
import type { ServerKind } from '../metadata/types.js';
import type { ReasonCode } from '../reason-codes.js';
import type { ArgumentCondition, Category, CommandEntry } from '../types.js';
import type { CacheTracking, CommandVerdict, VerdictCategory, VerdictCondition } from './types.js';

/** Reasons of a cache, not of a command, in the same shape as the data's reason codes. */
export const cacheReasons = [
  {
    code: 'no-tracking',
    summary:
      'The cache turns no CLIENT TRACKING on, so no write ever invalidates an entry: it is served until its client-side TTL runs out.',
  },
] as const;

export const worseVerdict = (a: VerdictCategory, b: VerdictCategory): VerdictCategory =>
  a === 'unknown' || b === 'unknown' ? 'unknown' : worseCategory(a, b);

const conditionLabel = (c: ArgumentCondition) => c.label ?? (c.allTokens ?? c.anyToken).join('/');

const untracked = (evidence: string[]): CommandVerdict => ({
  category: 'none',
  reasons: ['no-tracking'],
  conditions: [],
  worst: 'none',
  explanation: cacheReasons[0].summary,
  source: 'bundled',
  evidence,
});

export const unknownVerdict = (explanation: string, source = 'none'): CommandVerdict => ({
  category: 'unknown',
  reasons: [],
  conditions: [],
  worst: 'unknown',
  explanation,
  source,
  evidence: [],
});

/**
 * An entry's verdict on the captured versions a server version stands for (`9.1` is 9.1.2, an 8.1.3 the captured
 * 8.1.1, see versionScope); the worst of them when several match or none does.
 */
function verdictOn(entry: CommandEntry, server: ServerKind, version: string | undefined) {
  const { labels } = versionScope({ server, ...(version ? { version } : {}) }, entry.versions);
  const verdicts = labels.map((label) => verdictOnVersion(entry, label));
  const severity = (v: { reasons: readonly ReasonCode[] }) => categoryRank[categoryOf(v.reasons)];
  const [first = verdictOnVersion(entry, ''), ...rest] = verdicts;
  const worst = rest.reduce((w, v) => (severity(v) > severity(w) ? v : w), first);
  // A condition some versions lack (hash fields with TTLs: Valkey 9.0, Redis 7.4 on) counts where it exists.
  const exists = (c: ArgumentCondition) => !c.versions || labels.some((label) => c.versions!.includes(label));
  return { ...worst, conditions: worst.conditions.filter(exists) };
}

/**
 * The bundled data's verdict for a command on one server version, as a cache with the given tracking sees it:
 * the default (and OPTIN, after `CLIENT CACHING yes`) verdict with its argument conditions, the BCAST verdict
 * with prefixes covering every key, or none at all when the cache tracks nothing.
 */
export function bundledVerdict(
  command: string,
  server: ServerKind,
  tracking: CacheTracking,
  entryOf: (name: string) => CommandEntry | undefined = lookup,
  version?: string,
): CommandVerdict {
  const entry = entryOf(command);
  if (!entry) return unknownVerdict(`valkey-track has no data for \`${command}\`.`);
  if (tracking === 'off') return untracked(entry.evidence);
  const per = verdictOn(entry, server, version);
  const reasons: ReasonCode[] = per.reasons;
  const explanation = per.explanation;
  // A write form (`SORT ... STORE`) is not a read a cache keeps; only read forms change what is cached.
  const readForms = per.conditions.filter((c) => !c.reasons.includes('write'));

  const shape = (rs: readonly ReasonCode[]) => (tracking === 'bcast' ? bcastReasons(rs) : [...rs]);
  const plain = shape(reasons);
  const category: Category = categoryOf(plain);
  const conditions: VerdictCondition[] = [];
  for (const c of readForms) {
    const formReasons = shape(c.reasons);
    const formCategory = categoryOf(formReasons);
    // Kept when the form is worse, or is as bad for more reasons (XPENDING's extended form is also time-dependent).
    if (formCategory !== category || formReasons.some((r) => !plain.includes(r))) {
      conditions.push({ label: conditionLabel(c), category: formCategory, reasons: formReasons });
    }
  }
  return {
    category,
    reasons: plain,
    conditions,
    worst: conditions.reduce<VerdictCategory>((w, c) => worseVerdict(w, c.category), category),
    explanation: tracking === 'bcast' ? entry.modes.bcast.explanation : explanation,
    source: 'bundled',
    evidence: entry.evidence,
  };
}
