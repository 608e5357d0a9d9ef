import { asciiUpper } from './ascii-case.js';
import type { ReasonCode } from '../reason-codes.js';
import type { CommandEntry } from '../types.js';
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

const upper = (s: string | undefined) => asciiUpper(s ?? '');

/** The position after the command name, and the subcommand for container commands. */
export const argStart = (entry: CommandEntry) => (entry.name.includes('|') ? 2 : 1);

export function readShape(entry: CommandEntry, argv: readonly string[]): ReadShape {
  const start = argStart(entry);
  const tokens = argv.slice(start).map(upper);
  let reasons = entry.reasons;
  let explanation = entry.explanation;
  const patterns: string[] = [];
  const keys = extractKeys(argv, entry.keySpecs);

  for (const condition of entry.conditions) {
    const holds =
      (condition.minWords !== undefined && argv.length >= condition.minWords) ||
      (condition.noKeys === true && keys.length === 0) ||
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
    reasons = condition.reasons;
    explanation = condition.explanation;
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

  return { reasons: [...reasons], explanation, keys, patterns, keyspace };
}
