import { readSync } from 'node:fs';
import { isAscii } from 'node:buffer';
import { asciiUpper, hashFieldTtlKeys } from '@valkey-track/rules-data/core';
import { MAX_FIELD_TTL_KEYS, type SerializedFieldTtlKeys } from './field-ttl-keys.js';
import { ArgumentScanner, decodeArguments, MonitorLine } from './monitor-line.js';
import { lineStart, readLine } from './tracking-prepass.js';

const BLOCK = 2 * 1024 * 1024;
/**
 * Every command that gives hash fields TTLs takes a FIELDS token (HEXPIRE and its family, HSETEX, HGETEX:
 * `... FIELDS numfields field ...`), which MONITOR prints as `"FIELDS"`: the needles match its end in upper
 * and lower case (and `Fields`), and start with letters rare enough that the search runs at memory speed.
 */
const NEEDLES = [Buffer.from('IELDS"'), Buffer.from('ields"')];
/** Past this many matching lines the guess stops growing: the range's own check decides then. */
const MAX_LINES = 200_000;

/**
 * A guess at the keys whose hash fields have TTLs at `end` of a file: every key a write before it gave them,
 * found with the native `indexOf` and only the matching lines parsed (up to the FIELDS token). Writes that end
 * field TTLs (DEL, SET, ...) are everywhere and are not looked for, so the guess may hold keys that lost them;
 * a worker starts its range from this, corrects it on the lines of its warm-up, and the main thread redoes the
 * range if the guess mattered and was wrong (`fieldTtlMismatch`).
 */
export function guessFieldTtlKeys(fd: number, end: number): SerializedFieldTtlKeys {
  const keys = new Set<string>();
  const buf = Buffer.allocUnsafe(BLOCK);
  const line = new MonitorLine();
  const args = new ArgumentScanner();
  const seen = new Set<number>();
  let overflowed = false;
  // Blocks overlap by a needle's length, so a match across a boundary is found (once, by its line).
  for (let pos = 0; pos < end && !overflowed && seen.size < MAX_LINES; pos += BLOCK - 8) {
    const n = readSync(fd, buf, 0, Math.min(BLOCK, end - pos), pos);
    if (n <= 0) break;
    const block = buf.subarray(0, n);
    const starts: number[] = [];
    for (const needle of NEEDLES) {
      for (let at = block.indexOf(needle); at >= 0; at = block.indexOf(needle, at + 1)) {
        const start = lineStart(fd, block, pos, at);
        if (start < end && !seen.has(start)) starts.push(start);
        seen.add(start);
      }
    }
    for (const start of starts.sort((a, b) => a - b)) {
      const nl = start >= pos ? block.indexOf(10, start - pos) : -1;
      const text = nl >= 0 ? block.subarray(start - pos, nl) : readLine(fd, start);
      for (const key of keysGivenTtls(text, line, args)) {
        if (keys.size >= MAX_FIELD_TTL_KEYS && !keys.has(key)) overflowed = true;
        else keys.add(key);
      }
    }
  }
  return overflowed ? { keys: [], overflowed } : { keys: [...keys], overflowed };
}

/** The keys a line gives field TTLs, reading its arguments up to the FIELDS token only. */
function keysGivenTtls(text: Buffer, line: MonitorLine, args: ArgumentScanner): string[] {
  if (!line.scanHead(text, 0, text.length) || !isAscii(text)) return [];
  args.reset(line);
  for (let count = 2; args.scanTo(text, count) === count; count++) {
    const s = args.starts[count - 1]!;
    if (args.ends[count - 1]! - s === 6 && asciiUpper(text.toString('latin1', s, s + 6)) === 'FIELDS') {
      return hashFieldTtlKeys(decodeArguments(text, args));
    }
  }
  return [];
}
