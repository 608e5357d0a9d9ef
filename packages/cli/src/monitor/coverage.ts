import { prefixCovers } from '@valkey-track/rules-data/core';
import type { ModeInfo } from './client-state.js';
import type { ItemSet } from './invocation-plan.js';
import { decodedByteAt, encodedLength, unescapeArgument, type ArgumentScanner } from './monitor-line.js';

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
    const d = decodedByteAt(buf, i);
    if (isPattern && (d === STAR || d === QUESTION || d === BRACKET || d === BACKSLASH)) return false;
    if (d !== prefix[j]) return false;
    i += encodedLength(buf, i, end);
  }
  return true;
}

function covered(buf: Uint8Array, start: number, end: number, mode: ModeInfo, isPattern: boolean): boolean {
  if (!mode.exactBytes) {
    return prefixCovers(mode.prefixes, unescapeArgument(buf, start, end).toString('utf8'), isPattern);
  }
  for (const p of mode.prefixBytes) if (startsWith(buf, start, end, p, isPattern)) return true;
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
  for (const set of sets) {
    let total = 0;
    let uncovered = 0;
    for (const k of set.keys) {
      total++;
      if (!covered(buf, args.starts[k]!, args.ends[k]!, mode, false)) uncovered++;
    }
    for (const k of set.patterns) {
      total++;
      if (!covered(buf, args.starts[k]!, args.ends[k]!, mode, true)) uncovered++;
    }
    if (set.keyspace) {
      total++;
      if (!mode.emptyPrefix) uncovered++;
    }
    code = code * 4 + (uncovered === 0 ? 1 : uncovered === total ? 2 : 3);
  }
  return code;
}
