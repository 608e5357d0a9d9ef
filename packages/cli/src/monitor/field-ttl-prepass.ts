import { asciiUpper, hashFieldTtlKeys } from '@valkey-track/rules-data/core';
import { MAX_FIELD_TTL_KEYS, type SerializedFieldTtlKeys } from './field-ttl-keys.js';
import { ArgumentScanner, decodeArguments, MonitorLine } from './monitor-line.js';
import { lineStart, readLine } from './tracking-prepass.js';

/**
 * Every command that gives hash fields TTLs takes a FIELDS token (HEXPIRE and its family, HSETEX, HGETEX:
 * `... FIELDS numfields field ...`), which MONITOR prints as `"FIELDS"`, in upper case as the client libraries
 * and the docs write it. The search runs at memory speed because `F` is rare in a log (a lower-case needle
 * runs at a quarter of it); a write spelled otherwise is missed here, and a range whose guess it would have
 * changed is redone.
 */
const NEEDLES = [Buffer.from('FIELDS"')];
/** Past this many matching lines the guess stops growing: the range's own check decides then. */
const MAX_LINES = 200_000;

/**
 * The keys whose hash fields have TTLs at each range boundary of a file, guessed from every write before it
 * that gave them, found in the blocks the search for CLIENT TRACKING lines reads anyway (`findTrackingLines`)
 * with the native `indexOf`, and only the matching lines parsed (up to their FIELDS token). The writes that end
 * field TTLs (DEL, SET, ...) are everywhere and are not looked for, so a guess may hold keys that lost them: a
 * worker corrects it on the lines of its warm-up, and the main thread redoes a range whose guess mattered and was
 * wrong (`fieldTtlMismatch`).
 */
export class FieldTtlFinder {
  private readonly seen = new Set<number>();
  /** The writes found, in file order: where, and the keys they gave field TTLs. */
  private readonly events: { offset: number; keys: string[] }[] = [];
  private readonly line = new MonitorLine();
  private readonly args = new ArgumentScanner();

  block(fd: number, block: Buffer, pos: number, end: number): void {
    if (this.seen.size >= MAX_LINES) return;
    const starts: number[] = [];
    for (const needle of NEEDLES) {
      for (let at = block.indexOf(needle); at >= 0; at = block.indexOf(needle, at + 1)) {
        const start = lineStart(fd, block, pos, at);
        if (start >= end || this.seen.has(start)) continue;
        this.seen.add(start);
        starts.push(start);
      }
    }
    for (const start of starts.sort((a, b) => a - b)) {
      const nl = start >= pos ? block.indexOf(10, start - pos) : -1;
      const text = nl >= 0 ? block.subarray(start - pos, nl) : readLine(fd, start);
      const keys = this.keysGivenTtls(text);
      if (keys.length > 0) this.events.push({ offset: start, keys });
    }
  }

  /** The guess for a range that starts (its warm-up included) at `boundary`. */
  at(boundary: number): SerializedFieldTtlKeys {
    const keys = new Set<string>();
    for (const e of this.events) {
      if (e.offset >= boundary) break;
      for (const key of e.keys) {
        if (keys.size >= MAX_FIELD_TTL_KEYS && !keys.has(key)) return { keys: [], overflowed: true };
        keys.add(key);
      }
    }
    return { keys: [...keys], overflowed: false };
  }

  /** The keys a line gives field TTLs, reading its arguments up to the FIELDS token only. */
  private keysGivenTtls(text: Buffer): string[] {
    const { line, args } = this;
    if (!line.scanHead(text, 0, text.length) || !line.isAsciiLine(text)) return [];
    args.reset(line);
    for (let count = 2; args.scanTo(text, count) === count; count++) {
      const s = args.starts[count - 1]!;
      if (args.ends[count - 1]! - s === 6 && asciiUpper(text.toString('latin1', s, s + 6)) === 'FIELDS') {
        return hashFieldTtlKeys(decodeArguments(text, args));
      }
    }
    return [];
  }
}
