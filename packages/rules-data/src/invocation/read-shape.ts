import { asciiUpper } from './ascii-case.js';
import type { ReasonCode } from '../reason-codes.js';
import type { ArgumentCondition, CategorizeOptions, CommandEntry } from '../types.js';
import { extractKeys } from './extract-keys.js';

/** What one concrete invocation reads, after its argument conditions are applied. */
export interface ReadShape {
  reasons: ReasonCode[];
  explanation: string;
  keys: string[];
  /** Key globs the reply depends on (KEYS, SCAN MATCH, SORT BY/GET). */
  patterns: string[];
  /** The reply depends on every key (DBSIZE, SCAN without MATCH). */
  keyspace: boolean;
}

/** What the caller knows about the keys, beyond the invocation (CategorizeOptions). */
export type KeyFacts = Pick<CategorizeOptions, 'hashFieldTtl'>;

const upper = (s: string | undefined) => asciiUpper(s ?? '');

/** The position after the command name, and the subcommand for container commands. */
export const argStart = (entry: CommandEntry) => (entry.name.includes('|') ? 2 : 1);

function keyStateHolds(condition: ArgumentCondition, keys: readonly string[], facts: KeyFacts): boolean {
  if (condition.keyState !== 'hash-field-ttl') return false;
  const { hashFieldTtl } = facts;
  if (typeof hashFieldTtl === 'function') return keys.some((k) => hashFieldTtl(k));
  return hashFieldTtl === true;
}

const dedupe = <T>(items: readonly T[]): T[] => [...new Set(items)];

/**
 * Applies the argument conditions to one invocation. Every condition that holds contributes its reasons and
 * its explanation; a condition that makes the call a write (`SORT ... STORE`) replaces the rest.
 */
export function readShape(
  entry: CommandEntry,
  argv: readonly string[],
  facts: KeyFacts = {},
  version?: string,
): ReadShape {
  const start = argStart(entry);
  const tokens = argv.slice(start).map(upper);
  const patterns: string[] = [];
  const keys = extractKeys(argv, entry.keySpecs);
  const holding: ArgumentCondition[] = [];

  for (const condition of entry.conditions) {
    if (version && condition.versions && !condition.versions.includes(version)) continue;
    const holds =
      (condition.minWords !== undefined && argv.length >= condition.minWords) ||
      (condition.noKeys === true && keys.length === 0) ||
      (condition.allTokens !== undefined && condition.allTokens.every((t) => tokens.includes(t))) ||
      keyStateHolds(condition, keys, facts) ||
      condition.anyToken.some((t) => tokens.includes(t));
    if (!holds) continue;
    const found: string[] = [];
    for (const token of condition.patternAfterTokens ?? []) {
      tokens.forEach((t, i) => {
        const value = argv[start + i + 1];
        // `BY nosort` and `GET #` name no other key (valkey sort.c).
        if (t === token && value !== undefined && value !== '#' && upper(value) !== 'NOSORT')
          found.push(value);
      });
    }
    if (condition.patternAfterTokens && found.length === 0) continue;
    patterns.push(...found);
    holding.push(condition);
  }

  let reasons: ReasonCode[] = [...entry.reasons];
  let explanation = entry.explanation;
  const writes = holding.filter((c) => c.reasons.includes('write'));
  const applied = writes.length > 0 ? writes.slice(-1) : holding;
  if (applied.length > 0) {
    reasons = dedupe(applied.flatMap((c) => c.reasons));
    explanation = applied.map((c) => c.explanation).join(' ');
  }

  let keyspace = entry.readsKeyspace === true;
  const pattern = entry.patternArgument;
  if (pattern?.position !== undefined && argv[pattern.position] !== undefined) {
    patterns.push(argv[pattern.position]!);
  } else if (pattern?.afterToken) {
    const at = tokens.lastIndexOf(pattern.afterToken);
    if (at !== -1 && argv[start + at + 1] !== undefined) {
      patterns.push(argv[start + at + 1]!);
      keyspace = false;
    }
  }

  return { reasons, explanation, keys, patterns, keyspace };
}
