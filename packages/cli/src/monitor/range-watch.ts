import { addressOf, CACHING_NONE, type ClientState } from './client-state.js';
import type { ArgumentScanner } from './monitor-line.js';

/** The state a worker assumed a client had when its range began. */
export interface Assumption {
  address: string;
  tracking: boolean;
  mode: string;
  prefixes: string[];
  noloop: boolean;
  redirect: number | undefined;
  caching: number;
  inMulti: boolean;
  assumed: boolean;
}

/** What a worker assumed about the script caller when its range began. */
export interface CallerAssumption {
  hasCaller: boolean;
  tracked: boolean;
  mode: string;
  address: string;
}

const BLOOM_BITS = 1 << 23;

export function assumptionOf(s: ClientState): Assumption {
  return {
    address: addressOf(s),
    tracking: s.tracking,
    mode: s.mode,
    prefixes: s.prefixes,
    noloop: s.noloop,
    redirect: s.redirect,
    caching: s.caching,
    inMulti: s.inMulti,
    assumed: s.assumed,
  };
}

/** The inverse of `assumptionOf`: a state takes what another thread said of its client (`modeId` in `modes`). */
export function applyAssumption(
  s: ClientState,
  a: Assumption,
  modes: { id(mode: ClientState['mode'], prefixes: readonly string[]): number },
): void {
  s.tracking = a.tracking;
  s.mode = a.mode as ClientState['mode'];
  s.prefixes = a.prefixes;
  s.modeId = modes.id(s.mode, s.prefixes);
  s.noloop = a.noloop;
  s.redirect = a.redirect;
  s.caching = a.caching;
  s.inMulti = a.inMulti;
  s.assumed = a.assumed;
}

/** Two states agree on everything a line's audit reads of them. */
export function sameAssumption(a: Assumption, b: Assumption): boolean {
  return (
    a.address === b.address &&
    a.tracking === b.tracking &&
    a.mode === b.mode &&
    a.prefixes.join('\0') === b.prefixes.join('\0') &&
    a.noloop === b.noloop &&
    (a.redirect ?? -1) === (b.redirect ?? -1) &&
    a.caching === b.caching &&
    a.inMulti === b.inMulti &&
    a.assumed === b.assumed
  );
}

/** The assumption for an address the worker took for a stranger. */
export function strangerAssumption(address: string): Assumption {
  return {
    address,
    tracking: false,
    mode: 'default',
    prefixes: [],
    noloop: false,
    redirect: undefined,
    caching: CACHING_NONE,
    inMulti: false,
    assumed: false,
  };
}

/**
 * In a worker auditing one range of a file, records what the range's audit assumed about the state it
 * started from, so that the main thread can check it against the true state (the audit of everything
 * before) and redo the range in order when any assumption was wrong:
 *
 * - the state of every client with state when the range began that sent a line in it;
 * - which other addresses sent a line (as strangers), in a Bloom filter: a false positive only costs a redo;
 * - the script caller, if the range begins with `[0 lua]` lines;
 * - how the number of tracking clients moved at each silent write, which it decides to report or not.
 */
export class RangeWatch {
  readonly assumptions: Assumption[] = [];
  readonly strangers = new Uint8Array(BLOOM_BITS / 8);
  leadingLua = 0;
  caller: CallerAssumption | undefined;
  /** Tracking clients when the range began, as the worker assumed. */
  startTracking = 0;
  silentLow = Infinity;
  silentHigh = -Infinity;
  sawClientLine = false;

  constructor(readonly mark: number) {}

  touch(state: ClientState): void {
    state.touchMark = this.mark;
    this.assumptions.push(assumptionOf(state));
  }

  stranger(hash: number): void {
    const [a, b] = bloomBits(hash);
    this.strangers[a >>> 3]! |= 1 << (a & 7);
    this.strangers[b >>> 3]! |= 1 << (b & 7);
  }

  luaLine(): void {
    if (!this.sawClientLine) this.leadingLua++;
  }

  clientLine(): void {
    this.sawClientLine = true;
  }

  silentWrite(trackingNow: number): void {
    const d = trackingNow - this.startTracking;
    if (d < this.silentLow) this.silentLow = d;
    if (d > this.silentHigh) this.silentHigh = d;
  }
}

/**
 * Whether the pre-pass (`findTrackingLines`) would find this CLIENT TRACKING line: it searches for
 * `ACKING"` and `acking"`, so the subcommand must end in one of them, as it does in every spelling a client
 * library or a person uses.
 */
export function foundByPrepass(buf: Uint8Array, args: ArgumentScanner): boolean {
  const end = args.ends[1]!;
  if (end - args.starts[1]! < 6) return false;
  const tail = Buffer.from(buf.subarray(end - 6, end)).toString('latin1');
  return tail === 'acking' || tail === 'ACKING';
}

/** The two Bloom filter bits of an address hash. */
export function bloomBits(hash: number): [number, number] {
  const a = hash & (BLOOM_BITS - 1);
  const b = Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d) >>> 9;
  return [a, b & (BLOOM_BITS - 1)];
}

export function bloomHas(bits: Uint8Array, hash: number): boolean {
  const [a, b] = bloomBits(hash);
  return (bits[a >>> 3]! & (1 << (a & 7))) !== 0 && (bits[b >>> 3]! & (1 << (b & 7))) !== 0;
}
