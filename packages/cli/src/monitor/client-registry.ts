import { addressOf, CACHING_NONE, type ClientState, type ModeRegistry } from './client-state.js';
import { addressHash, wordsOf, type MonitorLine } from './monitor-line.js';
import type { AssumedTracking } from './tracking-clients-option.js';

/** The prefixes of a client that has none: shared, so a new client allocates no array. */
const NO_PREFIXES: string[] = [];
/** Room for an address in a state: IPv4 and IPv6 with a port fit; longer unix paths get their own. */
const ADDRESS_BYTES = 48;
/** States whose addresses share one buffer. */
const SLAB_STATES = 1024;
/**
 * Bytes of each address the table keeps beside its hash (IPv4 with a port fits): a line's client is then
 * told apart without reading its state or its state's byte array, two dependent loads that miss the
 * cache when hundreds of clients take turns. Longer addresses are compared in their state.
 */
const KEY_BYTES = 24;
/** `lengths` of a free slot. */
const FREE = -1;

/** How many clients may hold state at once before the idlest are forgotten. */
export const DEFAULT_MAX_CLIENTS = 32_768;

/**
 * The clients whose state differs from a stranger's (tracking, in MULTI, after CLIENT CACHING), by the
 * address MONITOR prints. Every other address is a stranger and costs nothing, so memory grows with the
 * clients that track at once, not with the connections a long log sees.
 *
 * An open-addressing table by address hash (linear probing, backward-shift deletion): a line's client is
 * found with an array read and a byte compare, no string. MONITOR shows no disconnects, so a capture of a
 * day with connection churn can see a million tracking connections: past `maxClients` the idlest eighth
 * (by the line they last sent) is forgotten, and counted.
 */
export class ClientRegistry {
  /** Clients tracking now (for silent writes); with `*` assumed, every stranger tracks too. */
  trackingNow = 0;
  /** Clients forgotten to stay under `maxClients`. */
  evictions = 0;
  /** Tracking clients among them. */
  evictedTracking = 0;
  size = 0;
  /** States added, ever (a worker's range reports it, for the merge's cap check). */
  created = 0;
  readonly strangerModeId: number;
  /** Evicted states, to be reused by `create`. */
  private readonly pool: ClientState[] = [];
  /** Called with each state evicted, before it is reused for another address (its pending findings go first). */
  onEvict: ((s: ClientState) => void) | undefined;
  private slots: (ClientState | undefined)[] = new Array(1024).fill(undefined);
  private hashes = new Int32Array(1024);
  /** Each slot's address length (FREE when empty) and its first bytes, at `slot * KEY_BYTES`. */
  private lengths = new Int32Array(1024).fill(FREE);
  private keys = new Uint8Array(1024 * KEY_BYTES);
  private keyWords = new DataView(this.keys.buffer);
  private mask = 1023;

  constructor(
    private readonly modes: ModeRegistry,
    readonly wildcard: AssumedTracking | undefined,
    public maxClients = DEFAULT_MAX_CLIENTS,
  ) {
    this.strangerModeId = modes.id(wildcard?.mode ?? 'default', wildcard?.prefixes ?? []);
  }

  /** Whether some client tracks now, so a silent write leaves a cached copy stale. */
  get someoneTracks(): boolean {
    return this.trackingNow > 0 || this.wildcard !== undefined;
  }

  /** The state of the line's client, or undefined for a stranger. */
  lookup(buf: Uint8Array, line: MonitorLine): ClientState | undefined {
    const h = line.addrHash;
    const start = line.addrStart;
    const length = line.addrEnd - start;
    const lengths = this.lengths;
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const found = lengths[i]!;
      if (found === FREE) return undefined;
      if (this.hashes[i] !== h || found !== length) continue;
      if (length <= KEY_BYTES) {
        if (sameWords(this.keyWords, i * KEY_BYTES, wordsOf(buf), start, length)) return this.slots[i];
      } else {
        const s = this.slots[i]!;
        if (sameBytes(s.bytes, 0, buf, start, length)) return s;
      }
    }
  }

  /** The state of an address, or undefined for a stranger. */
  get(address: string): ClientState | undefined {
    const h = addressHash(address);
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const s = this.slots[i];
      if (s === undefined) return undefined;
      if (this.hashes[i] === h && addressOf(s) === address) return s;
    }
  }

  /** A state of its own for an address, starting as a stranger's, to change and then `settle`. */
  create(address: string, hash = addressHash(address)): ClientState {
    const bytes = Buffer.from(address, 'latin1');
    const s = this.blank(bytes, 0, bytes.length, hash);
    s.text = address;
    return s;
  }

  /** A state for the address of a line, from its bytes. */
  createFromLine(buf: Uint8Array, line: MonitorLine): ClientState {
    return this.blank(buf, line.addrStart, line.addrEnd - line.addrStart, line.addrHash);
  }

  /**
   * Room for a new state's address: a view of a shared slab (one buffer per SLAB_STATES states; a buffer of
   * its own costs about 300 bytes of headers for 48 of data), or its own array for a longer unix path.
   */
  private addressBytes(length: number): Uint8Array {
    if (length > ADDRESS_BYTES) return new Uint8Array(length);
    if (this.slabUsed + ADDRESS_BYTES > this.slab.length) {
      this.slab = new Uint8Array(ADDRESS_BYTES * SLAB_STATES);
      this.slabUsed = 0;
    }
    this.slabUsed += ADDRESS_BYTES;
    return this.slab.subarray(this.slabUsed - ADDRESS_BYTES, this.slabUsed);
  }

  private slab = new Uint8Array(0);
  private slabUsed = 0;

  private blank(src: Uint8Array, start: number, length: number, hash: number): ClientState {
    let s = this.pool.pop();
    if (s === undefined || s.bytes.length < length) {
      s = {
        bytes: this.addressBytes(length),
        length: 0,
        text: undefined,
        hash: 0,
        tracking: false,
        mode: 'default',
        prefixes: NO_PREFIXES,
        noloop: false,
        redirect: undefined,
        modeId: 0,
        caching: CACHING_NONE,
        inMulti: false,
        assumed: false,
        lastTouch: 0,
        touchMark: 0,
        stats: undefined,
      };
    }
    // An evicted state is reused: a day of connection churn then makes no garbage for the old generation.
    for (let k = 0; k < length; k++) s.bytes[k] = src[start + k]!;
    s.length = length;
    s.text = undefined;
    s.hash = hash;
    this.reset(s);
    s.lastTouch = 0;
    s.touchMark = 0;
    s.stats = undefined;
    return s;
  }

  /** Takes back a state that was made but never stored. */
  release(s: ClientState): void {
    if (this.pool.length < 1024) this.pool.push(s);
  }

  /** Back to a stranger's state (a new connection on the address, RESET, QUIT); keeps the stats link. */
  reset(s: ClientState): void {
    const w = this.wildcard;
    s.tracking = w !== undefined;
    s.mode = w?.mode ?? 'default';
    s.prefixes = w?.prefixes ?? NO_PREFIXES;
    s.noloop = false;
    s.redirect = undefined;
    s.modeId = this.strangerModeId;
    s.caching = CACHING_NONE;
    s.inMulti = false;
    s.assumed = w !== undefined;
  }

  /** Whether the state says nothing a stranger's does not. */
  isStranger(s: ClientState): boolean {
    const w = this.wildcard;
    if (s.inMulti || s.caching !== CACHING_NONE) return false;
    if (w === undefined) return !s.tracking;
    return s.assumed && s.tracking && s.mode === w.mode && s.prefixes.join('\0') === w.prefixes.join('\0');
  }

  /** Records a state after a change: kept if it differs from a stranger's, dropped if not. */
  settle(s: ClientState, wasTracking: boolean, wasStored: boolean): void {
    if (s.tracking !== wasTracking) this.trackingNow += s.tracking ? 1 : -1;
    const stranger = this.isStranger(s);
    if (stranger && wasStored) this.remove(s);
    else if (!stranger && !wasStored) this.insert(s);
  }

  /** Whether the unix-socket address (`unix:...`) is this state's. */
  static isUnix(s: ClientState): boolean {
    const b = s.bytes;
    return s.length > 5 && b[0] === 0x75 && b[1] === 0x6e && b[2] === 0x69 && b[3] === 0x78 && b[4] === 0x3a;
  }

  /** Whether a state is in the table (not a stranger's scratch copy). */
  holds(s: ClientState): boolean {
    for (let i = s.hash & this.mask; ; i = (i + 1) & this.mask) {
      const found = this.slots[i];
      if (found === undefined) return false;
      if (found === s) return true;
    }
  }

  /** Past the cap, flag `overflowed` instead of evicting (a worker's guessed start: it will be redone). */
  overflowAtCap = false;
  overflowed = false;

  insert(s: ClientState): void {
    if (this.size + 1 > this.maxClients) {
      if (this.overflowAtCap) this.overflowed = true;
      else this.evictIdlest();
    }
    if ((this.size + 1) * 2 > this.slots.length) this.grow();
    let i = s.hash & this.mask;
    while (this.slots[i] !== undefined) i = (i + 1) & this.mask;
    this.place(i, s);
    this.size++;
    this.created++;
  }

  remove(s: ClientState): void {
    let i = s.hash & this.mask;
    while (this.slots[i] !== s) {
      if (this.slots[i] === undefined) return;
      i = (i + 1) & this.mask;
    }
    this.free(i);
    this.size--;
    // Backward-shift deletion: move later entries of the probe run into the gap.
    let gap = i;
    for (let j = (i + 1) & this.mask; this.slots[j] !== undefined; j = (j + 1) & this.mask) {
      const home = this.hashes[j]! & this.mask;
      const distanceJ = (j - home) & this.mask;
      const distanceGap = (gap - home) & this.mask;
      if (distanceGap <= distanceJ) {
        this.place(gap, this.slots[j]!);
        this.free(j);
        gap = j;
      }
    }
  }

  /** Puts a state in a slot, with its hash, length and first address bytes. */
  private place(i: number, s: ClientState): void {
    this.slots[i] = s;
    this.hashes[i] = s.hash;
    this.lengths[i] = s.length;
    if (s.length > KEY_BYTES) return;
    const at = i * KEY_BYTES;
    for (let k = 0; k < s.length; k++) this.keys[at + k] = s.bytes[k]!;
  }

  private free(i: number): void {
    this.slots[i] = undefined;
    this.lengths[i] = FREE;
  }

  /** Every state held, in table order. */
  *states(): IterableIterator<ClientState> {
    for (const s of this.slots) if (s !== undefined) yield s;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Array(old.length * 2).fill(undefined);
    this.hashes = new Int32Array(old.length * 2);
    this.lengths = new Int32Array(old.length * 2).fill(FREE);
    this.keys = new Uint8Array(old.length * 2 * KEY_BYTES);
    this.keyWords = new DataView(this.keys.buffer);
    this.mask = this.slots.length - 1;
    for (const s of old) {
      if (s === undefined) continue;
      let i = s.hash & this.mask;
      while (this.slots[i] !== undefined) i = (i + 1) & this.mask;
      this.place(i, s);
    }
  }

  /** Forgets the idlest eighth of the clients (by the line they last sent; ties all go). */
  private evictIdlest(): void {
    const touches = new Float64Array(this.size);
    let n = 0;
    for (const s of this.slots) if (s !== undefined) touches[n++] = s.lastTouch;
    const cut = select(touches.subarray(0, n), Math.max(0, Math.floor(n / 8) - 1));
    const idle: ClientState[] = [];
    for (const s of this.slots) if (s !== undefined && s.lastTouch <= cut) idle.push(s);
    for (const s of idle) {
      if (s.tracking) {
        this.trackingNow--;
        this.evictedTracking++;
      }
      this.remove(s);
      this.evictions++;
      this.onEvict?.(s);
      this.pool.push(s);
    }
  }
}

/** The k-th smallest value (0-based), by quickselect; reorders `values`. */
function select(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k]!;
  }
  return values[k]!;
}

/** Whether the bytes `a[at, at + length)` equal `b[start, start + length)`: four at a time, then the rest. */
function sameWords(a: DataView, at: number, b: DataView, start: number, length: number): boolean {
  let k = 0;
  for (; k + 4 <= length; k += 4) if (a.getInt32(at + k, true) !== b.getInt32(start + k, true)) return false;
  for (; k < length; k++) if (a.getUint8(at + k) !== b.getUint8(start + k)) return false;
  return true;
}

/** Whether `a[at, at + length)` holds the bytes `buf[start, start + length)`. */
function sameBytes(a: Uint8Array, at: number, buf: Uint8Array, start: number, length: number): boolean {
  // From the end: addresses of one host differ in the port.
  for (let k = length - 1; k >= 0; k--) if (a[at + k] !== buf[start + k]) return false;
  return true;
}
