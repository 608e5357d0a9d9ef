/**
 * Reads one MONITOR line straight from the bytes, as the server writes it (valkey `src/replication.c`,
 * `replicationFeedMonitors`):
 *
 *     1700000000.123456 [0 127.0.0.1:54321] "GET" "key"
 *     1700000000.123456 [0 [::1]:54321] "get" "key"
 *     1700000000.123456 [0 unix:/run/valkey.sock] "keys" "*"
 *     1700000000.123456 [0 lua] "GET" "key"
 *
 * Each argument goes through `sdscatrepr` (`src/sds.c`): printable ASCII as is, `\\ \" \n \r \t \a \b`,
 * and `\xHH` for every other byte, so a line the server wrote is pure printable ASCII. A raw connection
 * sees it as a status reply, hence the optional leading `+` and the trailing `\r`.
 *
 * The scan allocates nothing: it validates the whole line and leaves offsets and FNV-1a hashes of the
 * address and of the lower-cased command name in public fields, so callers decode only what they need.
 */

const SPACE = 0x20;
const QUOTE = 0x22;
const PLUS = 0x2b;
const DOT = 0x2e;
const BACKSLASH = 0x5c;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;

const isDigit = (b: number) => b >= 0x30 && b <= 0x39;
const hexValue = (b: number) =>
  b >= 0x30 && b <= 0x39 ? b - 0x30 : b >= 0x61 && b <= 0x66 ? b - 0x57 : b >= 0x41 && b <= 0x46 ? b - 0x37 : -1;

/** The escapes `sdscatrepr` writes, by the letter after the backslash. */
const SIMPLE_ESCAPES: Record<number, number> = {
  0x5c: 0x5c, // \\
  0x22: 0x22, // \"
  0x6e: 0x0a, // \n
  0x72: 0x0d, // \r
  0x74: 0x09, // \t
  0x61: 0x07, // \a
  0x62: 0x08, // \b
};
const ESCAPE_TABLE = new Int16Array(256).fill(-1);
for (const [letter, byte] of Object.entries(SIMPLE_ESCAPES)) ESCAPE_TABLE[Number(letter)] = byte;

export class MonitorLine {
  tsStart = 0;
  tsEnd = 0;
  addrStart = 0;
  addrEnd = 0;
  addrHash = 0;
  /** Offset of the first argument's opening quote. */
  argsStart = 0;
  /** The first argument's raw bytes, between its quotes. */
  cmdStart = 0;
  cmdEnd = 0;
  /** FNV-1a of the first argument lower-cased; valid only when `cmdPlain`. */
  cmdHash = 0;
  /** The first argument has no escape sequence, so its raw bytes are its value. */
  cmdPlain = true;
  argc = 0;
  lineEnd = 0;
  isLua = false;

  /**
   * Scans `buf[start, end)`, one line without its `\n` (a trailing `\r` is allowed). Returns false when
   * the line is not in the server's format.
   */
  scan(buf: Uint8Array, start: number, end: number): boolean {
    if (end > start && buf[end - 1] === 0x0d) end--;
    this.lineEnd = end;
    let i = start;
    if (buf[i] === PLUS) i++;

    this.tsStart = i;
    while (i < end && isDigit(buf[i]!)) i++;
    if (i === this.tsStart || buf[i] !== DOT) return false;
    i++;
    const fraction = i;
    while (i < end && isDigit(buf[i]!)) i++;
    if (i === fraction) return false;
    this.tsEnd = i;
    if (buf[i++] !== SPACE || buf[i++] !== OPEN) return false;

    const db = i;
    while (i < end && isDigit(buf[i]!)) i++;
    if (i === db || buf[i++] !== SPACE) return false;

    // The address ends at the `]` that is followed by ` "`: an IPv6 peer (`[::1]:6379`) holds a `]` of its own.
    this.addrStart = i;
    let h = FNV_OFFSET;
    for (;;) {
      if (i + 2 >= end) return false;
      const b = buf[i]!;
      if (b === CLOSE && buf[i + 1] === SPACE && buf[i + 2] === QUOTE) break;
      if (b < SPACE || b > 0x7e) return false;
      h = Math.imul(h ^ b, FNV_PRIME);
      i++;
    }
    this.addrEnd = i;
    this.addrHash = h;
    this.isLua =
      i - this.addrStart === 3 && buf[i - 3] === 0x6c && buf[i - 2] === 0x75 && buf[i - 1] === 0x61;
    i += 2;
    this.argsStart = i;

    // First argument: hashed lower-cased for the command table.
    i++;
    this.cmdStart = i;
    h = FNV_OFFSET;
    let plain = true;
    for (;;) {
      if (i >= end) return false;
      const b = buf[i]!;
      if (b === QUOTE) break;
      if (b === BACKSLASH) {
        const next = skipEscape(buf, i, end);
        if (next < 0) return false;
        plain = false;
        i = next;
        continue;
      }
      if (b < SPACE || b > 0x7e) return false;
      h = Math.imul(h ^ (b >= 0x41 && b <= 0x5a ? b | 0x20 : b), FNV_PRIME);
      i++;
    }
    this.cmdEnd = i;
    this.cmdHash = h;
    this.cmdPlain = plain;
    i++;

    // The other arguments: ` "..."` each, up to the end of the line.
    let argc = 1;
    while (i < end) {
      if (buf[i] !== SPACE || buf[i + 1] !== QUOTE) return false;
      i += 2;
      for (;;) {
        if (i >= end) return false;
        const b = buf[i]!;
        if (b === QUOTE) break;
        if (b === BACKSLASH) {
          i = skipEscape(buf, i, end);
          if (i < 0) return false;
          continue;
        }
        if (b < SPACE || b > 0x7e) return false;
        i++;
      }
      i++;
      argc++;
    }
    this.argc = argc;
    return true;
  }
}

/** Returns the offset after the escape at `i`, or -1 when it is not one `sdscatrepr` writes. */
function skipEscape(buf: Uint8Array, i: number, end: number): number {
  const letter = buf[i + 1];
  if (i + 1 >= end || letter === undefined) return -1;
  if (ESCAPE_TABLE[letter] !== -1) return i + 2;
  if (letter === 0x78 && i + 3 < end && hexValue(buf[i + 2]!) >= 0 && hexValue(buf[i + 3]!) >= 0) return i + 4;
  return -1;
}

/** Decodes one quoted argument `buf[start, end)` (without its quotes) to its bytes. */
export function unescapeArgument(buf: Uint8Array, start: number, end: number): Buffer {
  const out = Buffer.allocUnsafe(end - start);
  let n = 0;
  for (let i = start; i < end; ) {
    const b = buf[i]!;
    if (b !== BACKSLASH) {
      out[n++] = b;
      i++;
      continue;
    }
    const letter = buf[i + 1]!;
    if (letter === 0x78) {
      out[n++] = (hexValue(buf[i + 2]!) << 4) | hexValue(buf[i + 3]!);
      i += 4;
    } else {
      out[n++] = ESCAPE_TABLE[letter]!;
      i += 2;
    }
  }
  return out.subarray(0, n);
}

/**
 * Decodes every argument of a line `MonitorLine.scan` accepted, as UTF-8 text (a key that is not
 * valid UTF-8 keeps replacement characters; only its shape matters here).
 */
export function decodeArguments(buf: Uint8Array, line: MonitorLine): string[] {
  const argv: string[] = [];
  let i = line.argsStart;
  while (i < line.lineEnd) {
    const start = i + 1;
    let j = start;
    while (buf[j] !== QUOTE) j += buf[j] === BACKSLASH ? (buf[j + 1] === 0x78 ? 4 : 2) : 1;
    argv.push(unescapeArgument(buf, start, j).toString('utf8'));
    i = j + 2;
  }
  return argv;
}

/** The lower-cased hash `MonitorLine` computes for a command name, for building lookup tables. */
export function commandHash(name: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < name.length; i++) {
    const b = name.charCodeAt(i) & 0xff;
    h = Math.imul(h ^ (b >= 0x41 && b <= 0x5a ? b | 0x20 : b), FNV_PRIME);
  }
  return h;
}
