import { addressHash } from './monitor-line.js';
import { bloomBits, bloomHas } from './range-watch.js';

/** Keys whose hash fields have TTLs at once, past which the audit no longer tells them apart. */
export const MAX_FIELD_TTL_KEYS = 65_536;

const BLOOM_BYTES = (1 << 23) / 8;

/** The state, to send to a worker or back. */
export interface SerializedFieldTtlKeys {
  keys: string[];
  overflowed: boolean;
}

/**
 * Which keys' hash fields carry TTLs, as the capture shows them given and ended (`fieldTtlEffects` in
 * rules-data: HEXPIRE, HSETEX ... EX and the like give them; DEL, UNLINK and writes that replace a key's
 * whole value end them; RENAME and COPY carry them; FLUSHALL ends them all; HPERSIST and HDEL never do, as
 * other fields may keep theirs). Reads of those keys are partial on servers with field expiry
 * (`categorize(argv, { hashFieldTtl })`).
 *
 * Keys are told apart by name only, not by database (SWAPDB, MOVE and FLUSHDB leave them as they are): a
 * name that has field TTLs in one database counts as having them in every one, which errs towards findings.
 * Bounded: past MAX_FIELD_TTL_KEYS keys at once it overflows, and from then on every key counts as having
 * field TTLs (the worst case) until a FLUSHALL.
 */
export class FieldTtlKeys {
  private keys = new Set<string>();
  overflowed = false;
  /** The line of the first overflow (0: none). */
  overflowLine = 0;
  /** In a worker's range that began from a guess: what the range relied on. */
  watch: FieldTtlWatch | undefined;

  get size(): number {
    return this.keys.size;
  }

  /** No key has field TTLs: no read needs a look-up, and nothing is there to end. */
  get blind(): boolean {
    return this.keys.size === 0 && !this.overflowed;
  }

  has(key: string): boolean {
    this.watch?.touch(key);
    return this.overflowed || this.keys.has(key);
  }

  set(key: string, line: number): void {
    const watch = this.watch;
    watch?.touch(key);
    if (this.overflowed || this.keys.has(key)) return;
    if (watch !== undefined && !watch.flushed) watch.peakAtSet = Math.max(watch.peakAtSet, this.keys.size);
    if (this.keys.size >= MAX_FIELD_TTL_KEYS) {
      this.overflowed = true;
      this.keys.clear();
      if (this.overflowLine === 0) this.overflowLine = line;
      return;
    }
    this.keys.add(key);
  }

  clear(key: string): void {
    this.watch?.touch(key);
    if (this.overflowed) return;
    this.keys.delete(key);
    // After a FLUSHALL the range no longer depends on its start: only blindness before one counts.
    if (this.watch !== undefined && this.blind && !this.watch.flushed) this.watch.wasBlind = true;
  }

  /**
   * RENAME and COPY: `to` has field TTLs when `from` had them, and loses its own when the write replaces its value
   * (`replaces`: RENAME, COPY ... REPLACE; a staging key renamed over a live one leaves it without).
   */
  carry(from: string, to: string, moves: boolean, replaces: boolean, line: number): void {
    if (this.has(from)) this.set(to, line);
    else if (replaces) this.clear(to);
    if (moves) this.clear(from);
  }

  /** FLUSHALL: no key is left. */
  flush(): void {
    this.keys.clear();
    this.overflowed = false;
    if (this.watch !== undefined) this.watch.flushed = true;
  }

  keySet(): ReadonlySet<string> {
    return this.keys;
  }

  toJSON(): SerializedFieldTtlKeys {
    return { keys: [...this.keys], overflowed: this.overflowed };
  }

  install(state: SerializedFieldTtlKeys): void {
    this.keys = new Set(state.keys);
    this.overflowed = state.overflowed;
  }
}

/**
 * In a worker's range that began from a guessed state (`speculation.ts`), what the range's audit relied on
 * of the keys with field TTLs, so that the main thread can tell whether the true state gives the same
 * audit (`fieldTtlMismatch`): the keys it looked up or changed (a Bloom filter: a false positive only costs
 * a redo), whether it ever had none (it then skipped the commands that end them), the most it held when it
 * added one (to tell whether the true state would have overflowed), and whether a FLUSHALL reset it.
 */
export class FieldTtlWatch {
  readonly touched = new Uint8Array(BLOOM_BYTES);
  flushed = false;
  wasBlind: boolean;
  peakAtSet = -1;
  readonly start: SerializedFieldTtlKeys;

  constructor(keys: FieldTtlKeys) {
    this.start = keys.toJSON();
    this.wasBlind = keys.blind;
  }

  touch(key: string): void {
    const [a, b] = bloomBits(addressHash(key));
    this.touched[a >>> 3]! |= 1 << (a & 7);
    this.touched[b >>> 3]! |= 1 << (b & 7);
  }
}

/** What a worker sends back about the keys with field TTLs. */
export interface FieldTtlRange {
  /** The state at the end of the range. */
  end: SerializedFieldTtlKeys;
  /** The state it began from (after its warm-up), and what it relied on of it. */
  start: SerializedFieldTtlKeys;
  touched: Uint8Array;
  flushed: boolean;
  wasBlind: boolean;
  peakAtSet: number;
  /** The range's line of the first overflow (0: none). */
  overflowLine: number;
}

export function fieldTtlRange(keys: FieldTtlKeys, watch: FieldTtlWatch): FieldTtlRange {
  return {
    end: keys.toJSON(),
    start: watch.start,
    touched: watch.touched,
    flushed: watch.flushed,
    wasBlind: watch.wasBlind,
    peakAtSet: watch.peakAtSet,
    overflowLine: keys.overflowLine,
  };
}

/** The keys in one set and not the other. */
function difference(truth: ReadonlySet<string>, guess: readonly string[]): string[] {
  const guessed = new Set(guess);
  const out: string[] = [];
  for (const k of truth) if (!guessed.has(k)) out.push(k);
  for (const k of guessed) if (!truth.has(k)) out.push(k);
  return out;
}

/**
 * Why a range that began from a guess cannot be taken as it is, given the true state at its start, or
 * undefined when it audited as the true state would have: the guess was right, or wrong only about keys the
 * range never looked at, and the number of keys would not have overflowed at another line.
 */
export function fieldTtlMismatch(truth: FieldTtlKeys, range: FieldTtlRange): string | undefined {
  const differ = difference(truth.keySet(), range.start.keys);
  if (truth.overflowed !== range.start.overflowed)
    return 'keys with hash field TTLs overflowed on one side only';
  if (differ.length === 0) return undefined;
  if (range.wasBlind) return 'keys had hash field TTLs the range did not know of';
  if (differ.some((k) => bloomHas(range.touched, addressHash(k)))) return 'a key used had other field TTLs';
  const grows = truth.size - range.start.keys.length;
  if (range.end.overflowed && !range.start.overflowed && grows !== 0)
    return 'keys with hash field TTLs would have overflowed at another line';
  if (!range.end.overflowed && range.peakAtSet >= 0 && range.peakAtSet + grows >= MAX_FIELD_TTL_KEYS)
    return 'keys with hash field TTLs would have overflowed';
  return undefined;
}

/**
 * The true state after a range that `fieldTtlMismatch` accepted: the range's end, except for the keys the
 * guess had wrong, which the range never touched and so keep their true state (unless a FLUSHALL or an
 * overflow made every key alike).
 */
export function absorbFieldTtls(
  truth: FieldTtlKeys,
  range: FieldTtlRange,
  full: boolean,
  offset: number,
): void {
  if (range.overflowLine > 0 && truth.overflowLine === 0) truth.overflowLine = range.overflowLine + offset;
  if (full || range.flushed || range.end.overflowed) {
    truth.install(range.end);
    return;
  }
  const differ = difference(truth.keySet(), range.start.keys);
  const end = new Set(range.end.keys);
  for (const k of differ) {
    if (end.has(k)) end.delete(k);
    else end.add(k);
  }
  truth.install({ keys: [...end], overflowed: false });
}
