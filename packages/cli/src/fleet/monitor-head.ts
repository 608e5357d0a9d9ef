/**
 * The few fields of a MONITOR line the cross-node checks need, read from its bytes (valkey
 * `src/replication.c`, `replicationFeedMonitors`: `1700000000.123456 [0 127.0.0.1:54321] "GET" "key"`; an
 * IPv6 client is `[::1]:54321`, a script's commands `lua`). Arguments are written by `sdscatrepr`
 * (`src/sds.c`): printable ASCII, `\\ \" \n \r \t \a \b` and `\xHH`.
 */
export class MonitorHead {
  tsStart = 0;
  tsEnd = 0;
  /** The client as MONITOR prints it (`lua` for a script's commands), as offsets. */
  addrStart = 0;
  addrEnd = 0;
  /** Offset of the first argument's opening quote. */
  argsStart = 0;
}

const SPACE = 0x20;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const CLOSE = 0x5d;
const PLUS = 0x2b;

/** Reads the timestamp, client and start of the arguments of `buf[start, end)` into `head`; false if it is no MONITOR line. */
export function readHead(buf: Buffer, start: number, end: number, head: MonitorHead): boolean {
  let i = buf[start] === PLUS ? start + 1 : start;
  const tsStart = i;
  const space = buf.indexOf(SPACE, i);
  if (space < 0 || space >= end || buf[space + 1] !== 0x5b) return false;
  const dbEnd = buf.indexOf(SPACE, space + 2);
  if (dbEnd < 0 || dbEnd >= end) return false;
  // The address ends at the `]` followed by ` "`; an IPv6 address holds a `]` of its own.
  i = dbEnd + 1;
  for (;;) {
    i = buf.indexOf(CLOSE, i);
    if (i < 0 || i + 2 >= end) return false;
    if (buf[i + 1] === SPACE && buf[i + 2] === QUOTE) break;
    i++;
  }
  head.tsStart = tsStart;
  head.tsEnd = space;
  head.addrStart = dbEnd + 1;
  head.addrEnd = i;
  head.argsStart = i + 2;
  return true;
}

const SIMPLE: Record<string, string> = {
  '\\': '\\',
  '"': '"',
  n: '\n',
  r: '\r',
  t: '\t',
  a: '\x07',
  b: '\b',
};

/** Up to `limit` arguments from `argsStart`, unescaped, as latin1 text (names, ids, channels: ASCII). */
export function readArguments(buf: Buffer, argsStart: number, end: number, limit: number): string[] {
  const argv: string[] = [];
  let i = argsStart;
  while (i < end && buf[i] === QUOTE && argv.length < limit) {
    let j = i + 1;
    let text = '';
    let from = j;
    while (j < end && buf[j] !== QUOTE) {
      if (buf[j] !== BACKSLASH) {
        j++;
        continue;
      }
      text += buf.toString('latin1', from, j);
      const letter = String.fromCharCode(buf[j + 1] ?? 0);
      if (letter === 'x') {
        text += String.fromCharCode(parseInt(buf.toString('latin1', j + 2, j + 4), 16) || 0);
        j += 4;
      } else {
        text += SIMPLE[letter] ?? letter;
        j += 2;
      }
      from = j;
    }
    argv.push(text + buf.toString('latin1', from, Math.min(j, end)));
    i = j + 2;
  }
  return argv;
}

/** The host part of a client address: `10.0.0.7:5000` → `10.0.0.7`, `[::1]:5000` → `[::1]`. */
export function hostOf(address: string): string {
  if (address.startsWith('unix:')) return address;
  const colon = address.lastIndexOf(':');
  return colon > 0 ? address.slice(0, colon) : address;
}
