import { isAscii } from 'node:buffer';
import { losslessText } from './lossless-text.js';

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
 * `scanHead` reads the timestamp, database, client address and command name, and checks the line ends
 * as a line of arguments does; it allocates nothing and leaves offsets and hashes in public fields.
 * The other arguments are read only when a verdict needs them (`ArgumentScanner`), so whether a line is
 * malformed never depends on who sent it: the same bytes are accepted or rejected in every context.
 */

const SPACE = 0x20;
const QUOTE = 0x22;
const PLUS = 0x2b;
const DOT = 0x2e;
const BACKSLASH = 0x5c;
const OPEN = 0x5b;
const CLOSE = 0x5d;
/**
 * Command names are hashed byte by byte with djb2 (h × 33 + byte: a shift and two adds, no multiply in the
 * loop's chain), addresses a word at a time (`HASH_MULTIPLIER`); both are mixed once at the end (murmur3's
 * finaliser step), so the low bits index tables and the whole value orders samples (`BoundedRecords`).
 */
const HASH_START = 5381;
const finalHash = (h: number) => Math.imul(h ^ (h >>> 16), 0x45d9f3b) & 0x3fffffff;

/**
 * Addresses are hashed four bytes at a time (little-endian words, then the last bytes one by one), each
 * step a xor and a multiply, so a line's address costs a few operations per word.
 */
const HASH_MULTIPLIER = 0x9e3779b1 | 0;

// Byte-parallel tests on 32-bit words (Hacker's Delight, 6-1): a byte of `w` equal to q is a zero byte of
// `w ^ q`, found with `(x - ONES) & ~x & HIGHS`; bytes under 0x20 with `(w - SPACES) & ~w & HIGHS`.
const QUOTES = 0x22222222;
const BACKSLASHES = 0x5c5c5c5c;
const CLOSES = 0x5d5d5d5d;
const DELS = 0x7f7f7f7f;
const SPACES = 0x20202020;
const ONES = 0x01010101;
const HIGHS = 0x80808080 | 0;
const ZEROS = 0x30303030;

/** Whether a 32-bit word read from a line holds a backslash byte (an escape may start there). */
export const hasBackslash = (word: number): boolean => {
  const x = word ^ BACKSLASHES;
  return (((x - ONES) | 0) & ~x & HIGHS) !== 0;
};
const NIBBLES = 0xf0f0f0f0 | 0;

/**
 * The value of four ASCII digits read as a little-endian word (first digit in the low byte), or -1 when one
 * is not a digit: pairs of digits combined in parallel, then the two pairs.
 */
function fourDigits(w: number): number {
  if ((w & NIBBLES) !== ZEROS || ((w + 0x06060606) & NIBBLES) !== ZEROS) return -1;
  const d = w - ZEROS;
  const pairs = (d * 10 + (d >>> 8)) & 0x00ff00ff;
  return (pairs & 0xff) * 100 + (pairs >>> 16);
}

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
for (const [letter, byte] of Object.entries(SIMPLE_ESCAPES)) ESCAPE_TABLE[Number(letter)] = byte;
const DIGIT = new Uint8Array(256).fill(1, 0x30, 0x3a);
/** Inside the command name: the lower-cased byte, or one of the negative markers. */
const LOWER_QUOTE = -1;
const LOWER_ESCAPE = -2;
const LOWER = new Int16Array(256).fill(-3);
for (let b = 0x20; b < 0x7f; b++) LOWER[b] = b >= 0x41 && b <= 0x5a ? b | 0x20 : b;
LOWER[QUOTE] = LOWER_QUOTE;
LOWER[BACKSLASH] = LOWER_ESCAPE;

export class MonitorLine {
  tsStart = 0;
  tsEnd = 0;
  /** The timestamp: whole seconds and microseconds. */
  seconds = 0;
  micros = 0;
  /** The database the client had selected, as MONITOR prints it. */
  db = 0;
  addrStart = 0;
  addrEnd = 0;
  addrHash = 0;
  /** Offset of the first argument's opening quote. */
  argsStart = 0;
  /** The first argument's raw bytes, between its quotes. */
  cmdStart = 0;
  cmdEnd = 0;
  /** The hash of the first argument lower-cased (`commandHash`), 30 bits so it stays a small integer; valid only when `cmdPlain`. */
  cmdHash = 0;
  /** The first argument has no escape sequence, so its raw bytes are its value. */
  cmdPlain = true;
  /** The first two bytes of the command name, lower-cased, as one number (0 when escaped or shorter). */
  cmdPrefix = 0;
  lineEnd = 0;
  isLua = false;

  /** Whether the line holds only bytes the server writes (printable ASCII), past a byte order mark. */
  isAsciiLine(buf: Uint8Array): boolean {
    return isAscii(buf.subarray(this.tsStart, this.lineEnd));
  }

  /** The address as MONITOR prints it (`127.0.0.1:54321`, `[::1]:6379`, `unix:/run/valkey.sock`, `lua`). */
  addressOf(buf: Uint8Array): string {
    return latin1(buf, this.addrStart, this.addrEnd);
  }

  /**
   * Scans the timestamp, database, address and first argument (the command name) of `buf[start, end)`
   * (without its `\n`; a trailing `\r` is allowed), and checks that the rest is quoted arguments as far as
   * their ends show. Returns false when the line is not in the server's format.
   */
  scanHead(buf: Uint8Array, start: number, end: number): boolean {
    // Lookups in the byte tables below stop at the line end (`\r`, `\n`) or past the buffer (undefined),
    // so the loops need no bounds checks.
    if (end > start && buf[end - 1] === 0x0d) end--;
    this.lineEnd = end;
    let i = start;
    // A UTF-8 byte order mark: a capture saved by an editor, or pasted into one.
    if (buf[i] === 0xef && buf[i + 1] === 0xbb && buf[i + 2] === 0xbf) i += 3;
    if (buf[i] === PLUS) i++;

    this.tsStart = i;
    if (buf[i + 10] === DOT && buf[i + 17] === SPACE) {
      // The shape of every timestamp from 2001 to 2286 (`%ld.%06ld`): ten digits, a dot, six digits, read
      // four digits at a time (`fourDigits`) and the last two of each number byte by byte.
      const words = wordsOf(buf);
      const a = fourDigits(words.getInt32(i, true));
      const b = fourDigits(words.getInt32(i + 4, true));
      const c = fourDigits(words.getInt32(i + 11, true));
      const d8 = buf[i + 8]! - 0x30;
      const d9 = buf[i + 9]! - 0x30;
      const d15 = buf[i + 15]! - 0x30;
      const d16 = buf[i + 16]! - 0x30;
      if ((a | b | c | d8 | (9 - d8) | d9 | (9 - d9) | d15 | (9 - d15) | d16 | (9 - d16)) < 0) return false;
      this.seconds = (a * 10000 + b) * 100 + d8 * 10 + d9;
      this.micros = c * 100 + d15 * 10 + d16;
      i += 17;
    } else {
      let seconds = 0;
      for (let b = buf[i]!; DIGIT[b] === 1; b = buf[++i]!) seconds = seconds * 10 + (b - 0x30);
      if (i === this.tsStart || buf[i] !== DOT) return false;
      const fraction = ++i;
      let micros = 0;
      for (let b = buf[i]!; DIGIT[b] === 1; b = buf[++i]!)
        if (i - fraction < 6) micros = micros * 10 + (b - 0x30);
      if (i === fraction) return false;
      for (let digits = i - fraction; digits < 6; digits++) micros *= 10;
      this.seconds = seconds;
      this.micros = micros;
    }
    this.tsEnd = i;
    if (buf[i] !== SPACE || buf[i + 1] !== OPEN) return false;
    i += 2;
    const dbStart = i;
    let db = 0;
    for (let b = buf[i]!; DIGIT[b] === 1; b = buf[++i]!) db = db * 10 + (b - 0x30);
    if (i === dbStart || buf[i] !== SPACE) return false;
    this.db = db;
    i++;

    // The address ends at the `]` that is followed by ` "`: an IPv6 peer (`[::1]:6379`) holds a `]` of its own.
    this.addrStart = i;
    const words = wordsOf(buf);
    let h = HASH_START;
    // Four bytes at a time (`addressHash` hashes the same words): a word with a `]` or a byte the server
    // never prints in an address is looked at byte by byte.
    for (;;) {
      if (i + 4 > end) return false;
      const w = words.getInt32(i, true);
      const close = w ^ CLOSES;
      if (
        ((((close - ONES) | 0) & ~close) |
          (((w - SPACES) | 0) & ~w) |
          w |
          (((w ^ DELS) - ONES) & ~(w ^ DELS))) &
        HIGHS
      ) {
        let k = 0;
        for (; k < 4; k++) {
          const c = buf[i + k]!;
          if (c === CLOSE) {
            if (buf[i + k + 1] === SPACE && buf[i + k + 2] === QUOTE && i + k + 3 < end) break;
          } else if (!(c >= 0x20 && c <= 0x7e)) {
            // Not printable: not an address the server writes.
            return false;
          }
        }
        if (k < 4) {
          for (let t = 0; t < k; t++) h = Math.imul(h ^ buf[i + t]!, HASH_MULTIPLIER);
          i += k;
          break;
        }
      }
      h = Math.imul(h ^ w, HASH_MULTIPLIER);
      i += 4;
    }
    this.addrEnd = i;
    this.addrHash = finalHash(h);
    this.isLua =
      i - this.addrStart === 3 && buf[i - 3] === 0x6c && buf[i - 2] === 0x75 && buf[i - 1] === 0x61;
    i += 2;
    this.argsStart = i;

    // First argument: hashed lower-cased for the command table.
    i++;
    this.cmdStart = i;
    h = HASH_START;
    let plain = true;
    for (;;) {
      const c = LOWER[buf[i]!]!;
      if (c > 0) {
        h = ((h << 5) + h + c) | 0;
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
    this.cmdHash = finalHash(h);
    this.cmdPlain = plain;
    this.cmdPrefix =
      plain && i - this.cmdStart >= 2
        ? (LOWER[buf[this.cmdStart]!]! << 8) | LOWER[buf[this.cmdStart + 1]!]!
        : 0;
    // The rest: nothing, or ` "` ... `"` with an unescaped closing quote.
    const after = i + 1;
    if (after === end) return true;
    if (buf[after] !== SPACE || buf[after + 1] !== QUOTE || end - after < 3 || buf[end - 1] !== QUOTE)
      return false;
    return (
      end - 2 <= after + 1 || buf[end - 2] !== BACKSLASH || evenBackslashesBefore(buf, end - 1, after + 2)
    );
  }
}

/** True when the run of backslashes right before `at` (not reaching before `floor`) has an even length. */
function evenBackslashesBefore(buf: Uint8Array, at: number, floor: number): boolean {
  let k = at - 1;
  while (k >= floor && buf[k] === BACKSLASH) k--;
  return (at - 1 - k) % 2 === 0;
}

const latin1Slice = (Buffer.prototype as unknown as { latin1Slice(start: number, end: number): string })
  .latin1Slice;

/** The bytes `buf[start, end)` as a latin1 string, without making a Buffer view of them first. */
export function latin1(buf: Uint8Array, start: number, end: number): string {
  return latin1Slice.call(buf, start, end);
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

/** A DataView of the buffer the lines are read from, made once per buffer (a chunk holds thousands of lines). */
let viewed: Uint8Array | undefined;
let view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
export function wordsOf(buf: Uint8Array): DataView<ArrayBufferLike> {
  if (buf !== viewed) {
    view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    viewed = buf;
  }
  return view;
}

/** Past this many bytes of one argument, its closing quote is searched natively. */
const SHORT_ARGUMENT = 40;

/**
 * The closing quote of the argument whose content starts at `from`, or -1 when the line ends first.
 * Short arguments are walked byte by byte; in long ones (JSON values, blobs) the native `indexOf` finds
 * each quote, and the run of backslashes before it says whether it is escaped.
 */
export function closingQuote(buf: Uint8Array, from: number, end: number): number {
  let i = from;
  const stop = Math.min(end, from + SHORT_ARGUMENT);
  // Four bytes at a time while none is a quote or a backslash (most keys hold neither): a word's bytes
  // equal to q are found with the "has a zero byte" test on `word ^ q` (Hacker's Delight, 6-1).
  if (stop - i >= 4) {
    const words = wordsOf(buf);
    while (i + 4 <= stop) {
      const word = words.getInt32(i, true);
      const quote = word ^ QUOTES;
      const backslash = word ^ BACKSLASHES;
      if (((((quote - ONES) | 0) & ~quote) | (((backslash - ONES) | 0) & ~backslash)) & HIGHS) break;
      i += 4;
    }
  }
  for (; i < stop; i++) {
    const b = buf[i];
    if (b === QUOTE) return i;
    if (b === BACKSLASH) i++;
  }
  if (i >= end) return -1;
  for (;;) {
    const q = buf.indexOf(QUOTE, i);
    if (q < 0 || q >= end) return -1;
    if (evenBackslashesBefore(buf, q, i)) return q;
    i = q + 1;
  }
}

/**
 * The arguments of one line as offsets, found only as far as a caller asks: `starts[k]`/`ends[k]` bound the
 * content of argument `k` (0 is the command name), without its quotes.
 *
 * Valkey 8.1.0 and 8.1.1 print `"` and `\` unescaped (valkey-io/valkey#2035, fixed in 8.1.2), so a JSON value
 * or a Lua script shows quotes that do not pair up: `"set" "k" "{"a":1}"`. Where a closing quote is not
 * followed by ` "` or the line end, it was such a raw quote, and from that argument on the line is split where
 * `" "` separates two arguments (`unescaped`): the only reading those builds' lines have, exact unless an
 * argument itself holds `" "`. A line that still does not pair up is `broken` there: the arguments before it
 * still read, the same way everywhere.
 */
export class ArgumentScanner {
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  /** Arguments found so far, the command name included. */
  count = 0;
  /** The last argument found ends the line. */
  complete = false;
  broken = false;
  /** The line was split at `" "` from some argument on: its quotes were printed unescaped. */
  unescaped = false;
  private lineEnd = 0;
  private next = 0;

  /** Starts on a line `MonitorLine.scanHead` accepted: the command name is argument 0. */
  reset(line: MonitorLine): void {
    this.starts[0] = line.cmdStart;
    this.ends[0] = line.cmdEnd;
    this.count = 1;
    this.lineEnd = line.lineEnd;
    this.next = line.cmdEnd + 1;
    this.complete = this.next >= this.lineEnd;
    this.broken = false;
    this.unescaped = false;
  }

  /** Finds arguments until there are `wanted` (or the line ends); returns how many there are. */
  scanTo(buf: Uint8Array, wanted: number): number {
    while (this.count < wanted && !this.complete) {
      const open = this.next;
      if (buf[open] !== SPACE || buf[open + 1] !== QUOTE) {
        // The last argument's closing quote was a raw one inside it: read it again, split at `" "`.
        if (this.count > 1 && !this.unescaped) {
          this.count--;
          this.unescaped = true;
          this.splitAt(buf, this.starts[this.count]!);
          continue;
        }
        this.broken = true;
        this.complete = true;
        break;
      }
      if (this.unescaped) {
        this.splitAt(buf, open + 2);
        continue;
      }
      const close = closingQuote(buf, open + 2, this.lineEnd);
      if (close < 0) {
        this.broken = true;
        this.complete = true;
        break;
      }
      if (this.count === this.starts.length) this.grow();
      this.starts[this.count] = open + 2;
      this.ends[this.count] = close;
      this.count++;
      this.next = close + 1;
      if (this.next >= this.lineEnd) this.complete = true;
    }
    return this.count;
  }

  /**
   * Whether the line has at least `words` words, finding as few argument ends as that takes: the last
   * of them need only start (an argument that starts before the final quote always ends at a quote).
   */
  hasAtLeast(buf: Uint8Array, words: number): boolean {
    if (words <= 1) return true;
    if (this.scanTo(buf, words - 1) < words - 1) return false;
    if (this.count >= words) return true;
    const open = this.next;
    return !this.complete && buf[open] === SPACE && buf[open + 1] === QUOTE && open + 2 < this.lineEnd;
  }

  /**
   * Adds the argument whose content starts at `from`, on a line printed with raw quotes: it ends at the next
   * `" "` that leaves the next argument room before the final quote, or at the final quote.
   */
  private splitAt(buf: Uint8Array, from: number): void {
    const last = this.lineEnd - 1;
    let close = last;
    for (let i = from; ;) {
      const q = buf.indexOf(QUOTE, i);
      if (q < 0 || q + 2 >= last) break;
      if (buf[q + 1] === SPACE && buf[q + 2] === QUOTE) {
        close = q;
        break;
      }
      i = q + 1;
    }
    if (close < from) {
      this.broken = true;
      this.complete = true;
      return;
    }
    if (this.count === this.starts.length) this.grow();
    this.starts[this.count] = from;
    this.ends[this.count] = close;
    this.count++;
    this.next = close + 1;
    if (this.next >= this.lineEnd) this.complete = true;
  }

  /** Every argument. */
  scanAll(buf: Uint8Array): number {
    return this.scanTo(buf, 0x7fffffff);
  }

  private grow(): void {
    const starts = new Int32Array(this.starts.length * 2);
    starts.set(this.starts);
    const ends = new Int32Array(this.ends.length * 2);
    ends.set(this.ends);
    this.starts = starts;
    this.ends = ends;
  }
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
    if (letter === 0x78 && hexValue(buf[i + 2]!) >= 0 && hexValue(buf[i + 3]!) >= 0) {
      out[n++] = (hexValue(buf[i + 2]!) << 4) | hexValue(buf[i + 3]!);
      i += 4;
    } else if (i + 1 < end && ESCAPE_TABLE[letter] !== -1) {
      out[n++] = ESCAPE_TABLE[letter]!;
      i += 2;
    } else {
      // Not an escape the server writes: the backslash stands for itself.
      out[n++] = b;
      i++;
    }
  }
  return out.subarray(0, n);
}

/** The arguments the scanner found, as text that keeps every byte (`losslessText`), as `categorize` is given them. */
export function decodeArguments(buf: Uint8Array, args: ArgumentScanner): string[] {
  const argv: string[] = [];
  for (let k = 0; k < args.count; k++)
    argv.push(losslessText(unescapeArgument(buf, args.starts[k]!, args.ends[k]!)));
  return argv;
}

/** One decoded byte of an argument and the offset after it. */
export function decodedByteAt(buf: Uint8Array, i: number): number {
  const b = buf[i]!;
  if (b !== BACKSLASH) return b;
  const letter = buf[i + 1]!;
  if (letter === 0x78 && hexValue(buf[i + 2]!) >= 0 && hexValue(buf[i + 3]!) >= 0)
    return (hexValue(buf[i + 2]!) << 4) | hexValue(buf[i + 3]!);
  return ESCAPE_TABLE[letter] !== -1 ? ESCAPE_TABLE[letter]! : b;
}

/** How many raw bytes the (possibly escaped) byte at `i` takes. */
export function encodedLength(buf: Uint8Array, i: number, end: number): number {
  if (buf[i] !== BACKSLASH || i + 1 >= end) return 1;
  const letter = buf[i + 1]!;
  if (letter === 0x78 && hexValue(buf[i + 2]!) >= 0 && hexValue(buf[i + 3]!) >= 0) return 4;
  return ESCAPE_TABLE[letter] !== -1 ? 2 : 1;
}

/** The `cmdPrefix` `MonitorLine` computes for a command name. */
export function commandPrefix(name: string): number {
  return name.length >= 2 ? (LOWER[name.charCodeAt(0) & 0xff]! << 8) | LOWER[name.charCodeAt(1) & 0xff]! : 0;
}

/** The hash `MonitorLine` computes for a command name (of its ASCII-lower-cased bytes). */
export function commandHash(name: string): number {
  let h = HASH_START;
  for (let i = 0; i < name.length; i++) {
    const b = name.charCodeAt(i) & 0xff;
    h = ((h << 5) + h + (b >= 0x41 && b <= 0x5a ? b | 0x20 : b)) | 0;
  }
  return finalHash(h);
}

/** The hash `MonitorLine` computes for an address (of its bytes). */
export function addressHash(address: string): number {
  let h = HASH_START;
  const whole = address.length & ~3;
  const byte = (k: number) => address.charCodeAt(k) & 0xff;
  for (let i = 0; i < whole; i += 4)
    h = Math.imul(
      h ^ (byte(i) | (byte(i + 1) << 8) | (byte(i + 2) << 16) | (byte(i + 3) << 24)),
      HASH_MULTIPLIER,
    );
  for (let i = whole; i < address.length; i++) h = Math.imul(h ^ byte(i), HASH_MULTIPLIER);
  return finalHash(h);
}

/** The hash of the lower-cased bytes `buf[start, end)`, as `commandHash`. */
export function lowerHash(buf: Uint8Array, start: number, end: number): number {
  let h = HASH_START;
  for (let i = start; i < end; i++) {
    const b = buf[i]!;
    h = ((h << 5) + h + (b >= 0x41 && b <= 0x5a ? b | 0x20 : b)) | 0;
  }
  return finalHash(h);
}

/** Whether `buf[start, end)` holds no escape, so its raw bytes are its value. */
export function isPlain(buf: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf[i] === BACKSLASH) return false;
  return true;
}

/** Whether the raw bytes `buf[start, end)` spell `lower` in any ASCII case. */
export function equalsLowerCase(lower: Uint8Array, buf: Uint8Array, start: number, end: number): boolean {
  if (end - start !== lower.length) return false;
  for (let i = 0; i < lower.length; i++) {
    const b = buf[start + i]!;
    if ((b >= 0x41 && b <= 0x5a ? b | 0x20 : b) !== lower[i]) return false;
  }
  return true;
}
