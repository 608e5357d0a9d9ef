import { hasBackslash } from './monitor-line.js';

/** A BCAST prefix, ready to be compared with an argument's raw bytes as MONITOR writes them. */
export interface PrefixMatcher {
  bytes: Uint8Array;
  /** Its whole little-endian words, to compare four bytes at a time. */
  words: Int32Array;
  /**
   * No byte of it is `\` (which MONITOR escapes) or a glob character (`*`, `?`, `[`, which end a pattern's
   * literal start): raw bytes equal to it are its bytes, in a key and in a pattern alike.
   */
  literal: boolean;
}

/** What the raw bytes say: the argument starts with the prefix, does not, or an escape must be decoded. */
export const MATCH = 1;
export const NO_MATCH = 0;
export const UNSURE = -1;

const BACKSLASH = 0x5c;
const NOT_LITERAL = new Set([BACKSLASH, 0x2a, 0x3f, 0x5b]);

export function prefixMatcher(bytes: Uint8Array): PrefixMatcher {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const words = new Int32Array(bytes.length >> 2);
  for (let w = 0; w < words.length; w++) words[w] = view.getInt32(w * 4, true);
  return { bytes, words, literal: !bytes.some((b) => NOT_LITERAL.has(b)) };
}

/**
 * Whether the raw argument `buf[start, end)` starts with a literal prefix. A decoded argument is never longer
 * than its raw bytes, and raw bytes with no backslash are themselves; a backslash where the prefix differs
 * may be an escape of the prefix's byte, which only decoding can tell (`UNSURE`).
 */
export function matchesRaw(
  m: PrefixMatcher,
  words: DataView,
  buf: Uint8Array,
  start: number,
  end: number,
): number {
  const prefix = m.bytes;
  if (end - start < prefix.length) return NO_MATCH;
  const whole = m.words;
  for (let w = 0; w < whole.length; w++) {
    const raw = words.getInt32(start + w * 4, true);
    if (raw !== whole[w]) return hasBackslash(raw) ? UNSURE : NO_MATCH;
  }
  for (let j = whole.length * 4; j < prefix.length; j++) {
    const b = buf[start + j]!;
    if (b !== prefix[j]) return b === BACKSLASH ? UNSURE : NO_MATCH;
  }
  return MATCH;
}
