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
 * The scan allocates nothing: `scanHead` checks the timestamp, client and command name, `scanArguments`
 * every other byte, and both leave offsets and FNV-1a hashes (of the address and of the lower-cased
 * command name) in public fields, so callers check and decode only what they use.
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

const hexValue = (b: number) =>
  b >= 0x30 && b <= 0x39
    ? b - 0x30
    : b >= 0x61 && b <= 0x66
      ? b - 0x57
      : b >= 0x41 && b <= 0x46
        ? b - 0x37
        : -1;

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
const PLAIN = 0;
const QUOTE_CLASS = 1;
const ESCAPE_CLASS = 2;
const INVALID = 3;
/** Inside quotes: printable ASCII is plain; control bytes and bytes over 0x7e are never written by the server. */
const BYTE_CLASS = new Uint8Array(256).fill(INVALID);
BYTE_CLASS.fill(PLAIN, 0x20, 0x7f);
BYTE_CLASS[0x22] = QUOTE_CLASS;
BYTE_CLASS[0x5c] = ESCAPE_CLASS;
const DIGIT = new Uint8Array(256).fill(1, 0x30, 0x3a);
const ADDRESS_BYTE = 1;
const ADDRESS_CLOSE = 2;
const ADDRESS = new Uint8Array(256).fill(ADDRESS_BYTE, 0x20, 0x7f);
ADDRESS[CLOSE] = ADDRESS_CLOSE;
/** Inside the command name: the lower-cased byte, or one of the negative markers. */
const LOWER_QUOTE = -1;
const LOWER_ESCAPE = -2;
const LOWER = new Int16Array(256).fill(-3);
for (let b = 0x20; b < 0x7f; b++) LOWER[b] = b >= 0x41 && b <= 0x5a ? b | 0x20 : b;
LOWER[QUOTE] = LOWER_QUOTE;
LOWER[BACKSLASH] = LOWER_ESCAPE;
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
  /** FNV-1a of the first argument lower-cased, kept to 30 bits so it stays a small integer; valid only when `cmdPlain`. */
  cmdHash = 0;
  /** The first argument has no escape sequence, so its raw bytes are its value. */
  cmdPlain = true;
  /** The first two bytes of the command name, lower-cased, as one number (0 when escaped or shorter). */
  cmdPrefix = 0;
  argc = 0;
  lineEnd = 0;
  isLua = false;

  /** The address as MONITOR prints it (`127.0.0.1:54321`, `[::1]:6379`, `unix:/run/valkey.sock`, `lua`). */
  addressOf(buf: Uint8Array): string {
    return Buffer.from(buf.buffer, buf.byteOffset + this.addrStart, this.addrEnd - this.addrStart).toString(
      'latin1',
    );
  }

  /**
   * Scans and validates the whole line `buf[start, end)` (without its `\n`; a trailing `\r` is allowed).
   * Returns false when it is not in the server's format.
   */
  scan(buf: Uint8Array, start: number, end: number): boolean {
    return this.scanHead(buf, start, end) && this.scanArguments(buf);
  }

  /**
   * The cheap check for a line whose arguments the audit does not use: it ends with a closing quote right
   * after the first argument or after a later one. `scanArguments` checks every byte.
   */
  looksComplete(buf: Uint8Array): boolean {
    const after = this.cmdEnd + 1;
    return (
      after === this.lineEnd ||
      (buf[this.lineEnd - 1] === QUOTE &&
        buf[after] === SPACE &&
        buf[after + 1] === QUOTE &&
        this.lineEnd - after >= 3)
    );
  }

  /**
   * Scans the timestamp, database, address and first argument (the command name) of `buf[start, end)`.
   * Returns false when they are not in the server's format.
   */
  scanHead(buf: Uint8Array, start: number, end: number): boolean {
    // Lookups in the byte tables below stop at the line end (`\r`, `\n`) or past the buffer (undefined),
    // so the loops need no bounds checks.
    if (end > start && buf[end - 1] === 0x0d) end--;
    this.lineEnd = end;
    let i = start;
    if (buf[i] === PLUS) i++;

    this.tsStart = i;
    if (
      i + 20 < end &&
      buf[i + 10] === DOT &&
      buf[i + 17] === SPACE &&
      DIGIT[buf[i]!] === 1 &&
      DIGIT[buf[i + 16]!] === 1
    ) {
      // Every timestamp from 2001 to 2286 has this shape; its digits are checked by `scanArguments`, on the
      // lines whose timestamp the audit uses.
      i += 17;
    } else {
      while (DIGIT[buf[i]!] === 1) i++;
      if (i === this.tsStart || buf[i] !== DOT) return false;
      const fraction = ++i;
      while (DIGIT[buf[i]!] === 1) i++;
      if (i === fraction) return false;
    }
    this.tsEnd = i;
    if (buf[i] !== SPACE || buf[i + 1] !== OPEN) return false;
    i += 2;
    const db = i;
    while (DIGIT[buf[i]!] === 1) i++;
    if (i === db || buf[i] !== SPACE) return false;
    i++;

    // The address ends at the `]` that is followed by ` "`: an IPv6 peer (`[::1]:6379`) holds a `]` of its own.
    this.addrStart = i;
    let h = FNV_OFFSET;
    for (;;) {
      const c = ADDRESS[buf[i]!];
      if (c === ADDRESS_CLOSE) {
        if (buf[i + 1] === SPACE && buf[i + 2] === QUOTE && i + 3 < end) break;
      } else if (c !== ADDRESS_BYTE) {
        return false;
      }
      h = Math.imul(h ^ buf[i]!, FNV_PRIME);
      i++;
    }
    this.addrEnd = i;
    this.addrHash = h & 0x3fffffff;
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
      const c = LOWER[buf[i]!]!;
      if (c > 0) {
        h = Math.imul(h ^ c, FNV_PRIME);
        i++;
      } else if (c === LOWER_QUOTE) {
        break;
      } else if (c === LOWER_ESCAPE) {
        i = skipEscape(buf, i, end);
        if (i < 0) return false;
        plain = false;
      } else {
        return false;
      }
    }
    if (i >= end) return false;
    this.cmdEnd = i;
    this.cmdHash = h & 0x3fffffff;
    this.cmdPlain = plain;
    this.cmdPrefix =
      plain && i - this.cmdStart >= 2
        ? (LOWER[buf[this.cmdStart]!]! << 8) | LOWER[buf[this.cmdStart + 1]!]!
        : 0;
    return true;
  }

  /** Validates every argument after the first, after `scanHead` accepted the line; counts them in `argc`. */
  scanArguments(buf: Uint8Array): boolean {
    const end = this.lineEnd;
    let dots = 0;
    for (let t = this.tsStart; t < this.tsEnd; t++) {
      if (buf[t] === DOT) dots++;
      else if (DIGIT[buf[t]!] !== 1) return false;
    }
    if (dots !== 1) return false;
    let i = this.cmdEnd + 1;
    // The other arguments: ` "..."` each, up to the end of the line. The byte at `end` is a line end or
    // past the buffer, which the class table rejects, so the inner loop needs no bounds check.
    let argc = 1;
    while (i < end) {
      if (buf[i] !== SPACE || buf[i + 1] !== QUOTE) return false;
      i += 2;
      for (;;) {
        const c = BYTE_CLASS[buf[i]!];
        if (c === PLAIN) {
          i++;
        } else if (c === QUOTE_CLASS) {
          break;
        } else if (c === ESCAPE_CLASS) {
          i = skipEscape(buf, i, end);
          if (i < 0) return false;
        } else {
          return false;
        }
      }
      if (i >= end) return false;
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
  if (letter === 0x78 && i + 3 < end && hexValue(buf[i + 2]!) >= 0 && hexValue(buf[i + 3]!) >= 0)
    return i + 4;
  return -1;
}

/** Decodes one quoted argument `buf[start, end)` (without its quotes) to its bytes. */
export function unescapeArgument(buf: Uint8Array, start: number, end: number): Buffer {
  const out = Buffer.allocUnsafe(end - start);
  let n = 0;
  for (let i = start; i < end;) {
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

/** The `cmdPrefix` `MonitorLine` computes for a command name. */
export function commandPrefix(name: string): number {
  return name.length >= 2 ? (LOWER[name.charCodeAt(0) & 0xff]! << 8) | LOWER[name.charCodeAt(1) & 0xff]! : 0;
}

export function commandHash(name: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < name.length; i++) {
    const b = name.charCodeAt(i) & 0xff;
    h = Math.imul(h ^ (b >= 0x41 && b <= 0x5a ? b | 0x20 : b), FNV_PRIME);
  }
  return h & 0x3fffffff;
}
