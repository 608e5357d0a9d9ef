import { readSync } from 'node:fs';
import { asciiLower } from '@valkey-track/rules-data/core';
import { ArgumentScanner, decodeArguments, MonitorLine } from './monitor-line.js';

/** One CLIENT TRACKING line: where it is, whose it is, and its arguments. */
export interface TrackingEvent {
  offset: number;
  address: string;
  argv: string[];
}

const BLOCK = 2 * 1024 * 1024;
/**
 * What the subcommand of a CLIENT TRACKING line ends with, `ACKING"` or `acking"`, as the native `indexOf`
 * looks for it: it jumps from one occurrence of the needle's first byte to the next, so each is searched from
 * its `k` (`KING"`, `king"`: `k` is rare in logs, `A` is in HGETALL and `a` one of the commonest letters; two to
 * four times faster on the benchmark logs) and the `ac` before it checked. A match at a block's start has its
 * `ac` in the block before, whose last bytes the block repeats: that block found it.
 */
const NEEDLES = [
  { search: Buffer.from('KING"'), before: Buffer.from('AC') },
  { search: Buffer.from('king"'), before: Buffer.from('ac') },
];
/** A line around a match is read in a window this wide first, wider when it is longer. */
const WINDOW = 4096;

/**
 * Finds every `CLIENT TRACKING` line in `[from, end)` of a file without reading it line by line: the native
 * `indexOf` looks for `ACKING"` and `acking"` (as `TRACKING`, `tracking` and `Tracking` end), several
 * gigabytes a second, and only the lines around the matches are parsed. A line spelled otherwise
 * (`TrAcKiNg`) is missed here; the audit of the range that holds it notices (`RangeWatch.trackingLine`)
 * and the ranges after it are audited in order instead. Counts the lines up to `countTo` and returns
 * undefined past `limit` of them: a log with that many tracking connections is audited in one thread.
 */
export function findTrackingLines(
  fd: number,
  end: number,
  limit: number,
  countTo = end,
  /** Looks for other lines in the same blocks, so the file is read once (`FieldTtlFinder`). */
  alsoFind?: { block(fd: number, block: Buffer, pos: number, end: number): void },
  /** Where to start: the end of an earlier search, which found the lines that start before it. */
  from = 0,
): TrackingEvent[] | undefined {
  // First where the lines are (offsets only, so a log past the limit costs no parsing), then what they say.
  const buf = Buffer.allocUnsafe(BLOCK);
  const starts = new Set<number>();
  // Blocks overlap by a needle's length, so a match across a boundary is found (once, by its line).
  for (let pos = from; pos < countTo; pos += BLOCK - 8) {
    const n = readSync(fd, buf, 0, Math.min(BLOCK, countTo - pos), pos);
    if (n <= 0) break;
    const block = buf.subarray(0, n);
    for (const { search, before } of NEEDLES) {
      for (let at = block.indexOf(search); at >= 0; at = block.indexOf(search, at + 1)) {
        if (!precededBy(block, at, before)) continue;
        const start = lineStart(fd, block, pos, at);
        if (start >= countTo || start < from) continue;
        starts.add(start);
        if (starts.size > limit) return undefined;
      }
    }
    alsoFind?.block(fd, block, pos, countTo);
  }
  const line = new MonitorLine();
  const args = new ArgumentScanner();
  const events: TrackingEvent[] = [];
  for (const start of [...starts].sort((a, b) => a - b)) {
    if (start >= end) break;
    const text = readLine(fd, start);
    if (!line.scanHead(text, 0, text.length) || !line.isAsciiLine(text) || line.isLua) continue;
    args.reset(line);
    const argv = args.scanTo(text, 2) === 2 ? decodeArguments(text, args) : [];
    if (asciiLower(argv[0] ?? '') !== 'client' || asciiLower(argv[1] ?? '') !== 'tracking') continue;
    args.scanAll(text);
    events.push({ offset: start, address: line.addressOf(text), argv: decodeArguments(text, args) });
  }
  return events;
}

/** Whether `block[at]` comes right after the bytes `before`, in the block. */
function precededBy(block: Buffer, at: number, before: Buffer): boolean {
  if (at < before.length) return false;
  for (let k = 0; k < before.length; k++) if (block[at - before.length + k] !== before[k]) return false;
  return true;
}

/** The offset of the line holding `block[at]` (the block starts at `pos` in the file). */
export function lineStart(fd: number, block: Buffer, pos: number, at: number): number {
  const nl = block.lastIndexOf(10, at);
  if (nl >= 0) return pos + nl + 1;
  if (pos === 0) return 0;
  // A line longer than the block so far: look further back.
  const back = window;
  for (let to = pos; to > 0; to -= WINDOW) {
    const from = Math.max(0, to - WINDOW);
    readSync(fd, back, 0, to - from, from);
    const i = back.subarray(0, to - from).lastIndexOf(10);
    if (i >= 0) return from + i + 1;
  }
  return 0;
}

const window = Buffer.allocUnsafe(WINDOW);

/** The line starting at `start`, without its line end (a copy only when it is longer than a window). */
export function readLine(fd: number, start: number): Buffer {
  const n = readSync(fd, window, 0, WINDOW, start);
  const nl = window.subarray(0, n).indexOf(10);
  if (nl >= 0) return window.subarray(0, nl);
  if (n < WINDOW) return window.subarray(0, n);
  for (let width = WINDOW * 4; ; width *= 4) {
    const buf = Buffer.allocUnsafe(width);
    const m = readSync(fd, buf, 0, width, start);
    const end = buf.subarray(0, m).indexOf(10);
    if (end >= 0) return buf.subarray(0, end);
    if (m < width) return buf.subarray(0, m);
  }
}
