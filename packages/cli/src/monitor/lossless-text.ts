import { isUtf8 } from 'node:buffer';

/**
 * Bytes as text without losing any: UTF-8 where they are, and each byte of a sequence that is not as a lone
 * surrogate U+DC80–U+DCFF (Python's `surrogateescape`). To the server a key is bytes: decoded this way, keys
 * that differ only in invalid bytes stay apart, and a BCAST prefix that is not UTF-8 covers the keys that start
 * with its bytes (one that ends inside a character covers none of the keys that go on with that character:
 * towards a finding, never away from one). Lossy UTF-8 made `bin\xff:` cover `bin\xfe:s`: both read `bin\ufffd:`.
 */
export function losslessText(bytes: Uint8Array): string {
  if (isUtf8(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
  let text = '';
  for (let i = 0; i < bytes.length;) {
    const length = sequenceLength(bytes, i);
    if (length === 0) {
      text += String.fromCharCode(0xdc00 + bytes[i]!);
      i++;
    } else {
      text += Buffer.from(bytes.buffer, bytes.byteOffset + i, length).toString('utf8');
      i += length;
    }
  }
  return text;
}

/** The length of the valid UTF-8 sequence at `i` (RFC 3629: no overlongs, surrogates or code points past U+10FFFF), or 0. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  if (b < 0x80) return 1;
  const [length, low, high] =
    b >= 0xc2 && b <= 0xdf
      ? [2, 0x80, 0xbf]
      : b === 0xe0
        ? [3, 0xa0, 0xbf]
        : b === 0xed
          ? [3, 0x80, 0x9f]
          : b >= 0xe1 && b <= 0xef
            ? [3, 0x80, 0xbf]
            : b === 0xf0
              ? [4, 0x90, 0xbf]
              : b >= 0xf1 && b <= 0xf3
                ? [4, 0x80, 0xbf]
                : b === 0xf4
                  ? [4, 0x80, 0x8f]
                  : [0, 0, 0];
  if (length === 0 || i + length > bytes.length) return 0;
  const second = bytes[i + 1]!;
  if (second < low || second > high) return 0;
  for (let k = 2; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return 0;
  return length;
}

/** A lone surrogate `losslessText` made of a byte: never part of text that was UTF-8. */
const ESCAPED_BYTE = /(?<![\ud800-\udbff])[\udc80-\udcff]/;

/** Whether `text` came from bytes that were all UTF-8. */
export const wasUtf8 = (text: string): boolean => !ESCAPED_BYTE.test(text);

const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\x07': '\\a', '\b': '\\b' };
const UNPRINTABLE = new RegExp(`${ESCAPED_BYTE.source}|[\\x00-\\x1f\\x7f]`, 'g');

/** `text` for people, as MONITOR prints it: control characters and escaped bytes as `\n`, `\x00`, `\xff`. */
export const printable = (text: string): string =>
  text.replace(UNPRINTABLE, (c) => {
    const code = c.charCodeAt(0);
    return ESCAPES[c] ?? `\\x${(code >= 0xdc00 ? code - 0xdc00 : code).toString(16).padStart(2, '0')}`;
  });
