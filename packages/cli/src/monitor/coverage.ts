import { prefixCovers } from '@valkey-track/rules-data/core';
import type { ModeInfo } from './client-state.js';
import type { ItemSet } from './invocation-plan.js';
import {
  decodedByteAt,
  encodedLength,
  unescapeArgument,
  wordsOf,
  type ArgumentScanner,
} from './monitor-line.js';
import { losslessText } from './lossless-text.js';
import { MATCH, matchesRaw, UNSURE } from './prefix-matcher.js';

const STAR = 0x2a;
const QUESTION = 0x3f;
const BRACKET = 0x5b;
const BACKSLASH = 0x5c;

/**
 * Whether the argument `buf[start, end)` (raw, escaped as MONITOR writes it) starts with `prefix` (bytes)
 * once decoded; for a glob pattern, whether its literal start does (`literalPrefix`: up to the first `*`,
 * `?`, `[` or `\`). Byte by byte, decoding escapes on the way, no string.
 */
export function startsWith(
  buf: Uint8Array,
  start: number,
  end: number,
  prefix: Uint8Array,
  isPattern: boolean,
): boolean {
  let i = start;
  for (let j = 0; j < prefix.length; j++) {
    if (i >= end) return false;
    const b = buf[i]!;
    if (b !== BACKSLASH) {
      // Not an escape: the byte is itself (the common case, kept free of the decoding calls).
      if ((isPattern && (b === STAR || b === QUESTION || b === BRACKET)) || b !== prefix[j]) return false;
      i++;
      continue;
    }
    const d = decodedByteAt(buf, i);
    if (isPattern && (d === STAR || d === QUESTION || d === BRACKET || d === BACKSLASH)) return false;
    if (d !== prefix[j]) return false;
    i += encodedLength(buf, i, end);
  }
  return true;
}

function covered(buf: Uint8Array, start: number, end: number, mode: ModeInfo, isPattern: boolean): boolean {
  if (!mode.exactBytes) {
    return prefixCovers(mode.prefixes, losslessText(unescapeArgument(buf, start, end)), isPattern);
  }
  const words = wordsOf(buf);
  for (const m of mode.prefixMatchers) {
    const fast = m.literal ? matchesRaw(m, words, buf, start, end) : UNSURE;
    if (fast === MATCH || (fast === UNSURE && startsWith(buf, start, end, m.bytes, isPattern))) return true;
  }
  return false;
}

/**
 * How a mode's BCAST prefixes cover an invocation's keys and patterns, as a small code: per server variant
 * (at most two), 1 when every item is covered, 2 when none is, 3 when some are, as `bcastVerdict` in
 * rules-data tells them apart. Invocations with the same layout and code get the same verdict.
 */
export function coverageCode(
  sets: ItemSet[],
  buf: Uint8Array,
  args: ArgumentScanner,
  mode: ModeInfo,
): number {
  let code = 0;
  for (const set of sets) code = code * 4 + setCode(set, buf, args, mode);
  return code;
}

/** 1, 2 or 3 for one set: as soon as one item is covered and another is not, the rest cannot change it. */
function setCode(set: ItemSet, buf: Uint8Array, args: ArgumentScanner, mode: ModeInfo): number {
  let some = 0;
  let none = 0;
  for (const k of set.keys) {
    if (covered(buf, args.starts[k]!, args.ends[k]!, mode, false)) some = 1;
    else none = 1;
    if (some & none) return 3;
  }
  for (const k of set.patterns) {
    if (covered(buf, args.starts[k]!, args.ends[k]!, mode, true)) some = 1;
    else none = 1;
    if (some & none) return 3;
  }
  if (set.keyspace) {
    if (mode.emptyPrefix) some = 1;
    else none = 1;
  }
  return some & none ? 3 : none ? 2 : 1;
}
