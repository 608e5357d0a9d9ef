// C0 and C1 control characters, DEL, the line and paragraph separators, and the bidirectional overrides and
// isolates a "Trojan Source" file uses to make text read differently from what it is (CVE-2021-42574).
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const escape = (char: string): string => {
  const code = char.codePointAt(0)!;
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
};

/**
 * Text from outside (a file name, a parse error quoting a binary file, a key from a log) made safe for a
 * terminal: control characters are shown as escapes (`\x00`) instead of being written raw, where they would
 * move the cursor, ring the bell, end the line or reorder what follows.
 */
export const printable = (text: string): string => text.replace(UNPRINTABLE, escape);
