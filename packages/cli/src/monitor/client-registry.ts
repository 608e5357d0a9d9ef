import type { ClientState, ModeRegistry } from './client-state.js';
import type { MonitorLine } from './monitor-line.js';
import type { AssumedTracking } from './tracking-clients-option.js';

const SLOTS = 4096;

/**
 * The clients whose state differs from a stranger's (tracking, in MULTI, after CLIENT CACHING), by the
 * address MONITOR prints. Every other address shares one read-only `scratch` state, so memory grows with
 * the tracking clients, not with the connections a long log sees.
 *
 * Lookup is a direct-mapped slot per address hash, an array read per line where a Map lookup stood at the
 * top of the profile; an address whose slot is taken goes to `overflow`, and `overflowSlots` says where to
 * look for it.
 */
export class ClientRegistry {
  /** The state of every address the registry keeps nothing about. Never changed. */
  readonly scratch: ClientState;
  /** Clients tracking now (for silent writes); with `*` assumed, every stranger tracks too. */
  trackingNow = 0;
  /** Every address that tracked at some point (or was assumed to). */
  readonly everTracking = new Set<string>();

  private readonly slots: (ClientState | undefined)[] = new Array(SLOTS).fill(undefined);
  private readonly slotHashes = new Int32Array(SLOTS);
  private readonly overflowSlots = new Uint8Array(SLOTS);
  private readonly overflow = new Map<string, ClientState>();
  private readonly strangerModeId: number;

  constructor(
    private readonly modes: ModeRegistry,
    readonly wildcard: AssumedTracking | undefined,
  ) {
    this.strangerModeId = modes.id(wildcard?.mode ?? 'default', wildcard?.prefixes ?? []);
    this.scratch = this.create('');
  }

  /** Whether some client tracks now, so a silent write leaves a cached copy stale. */
  get someoneTracks(): boolean {
    return this.trackingNow > 0 || this.wildcard !== undefined;
  }

  /** The state of the line's client (`scratch` for a stranger). */
  stateOf(buf: Uint8Array, line: MonitorLine): ClientState {
    const h = line.addrHash;
    const slot = h & (SLOTS - 1);
    const found = this.slots[slot];
    if (
      found !== undefined &&
      this.slotHashes[slot] === h &&
      sameBytes(found.bytes, buf, line.addrStart, line.addrEnd)
    ) {
      return found;
    }
    if (this.overflowSlots[slot] === 1) return this.overflow.get(line.addressOf(buf)) ?? this.scratch;
    return this.scratch;
  }

  /** A state of its own for an address, starting as a stranger's, to change and then `settle`. */
  create(address: string): ClientState {
    const w = this.wildcard;
    return {
      address,
      bytes: Buffer.from(address, 'latin1'),
      tracking: w !== undefined,
      mode: w?.mode ?? 'default',
      prefixes: w?.prefixes ?? [],
      modeId: this.strangerModeId,
      caching: undefined,
      inMulti: false,
      assumed: w !== undefined,
    };
  }

  /** A new connection on the address: back to a stranger's state. */
  reset(s: ClientState): void {
    const fresh = this.create(s.address);
    Object.assign(s, { ...fresh, bytes: s.bytes });
  }

  /** A client known to track before the capture began. */
  assume(a: AssumedTracking): void {
    const s = this.create(a.address);
    s.tracking = true;
    s.mode = a.mode;
    s.prefixes = a.prefixes;
    s.modeId = this.modes.id(a.mode, a.prefixes);
    s.assumed = true;
    this.settle(s, false);
  }

  /** Records a state after a change: kept if it differs from a stranger's, dropped if not. */
  settle(s: ClientState, wasTracking: boolean): void {
    if (s.tracking) this.everTracking.add(s.address);
    if (s.tracking !== wasTracking) this.trackingNow += s.tracking ? 1 : -1;
    if (this.isStranger(s)) this.forget(s);
    else this.store(s);
  }

  private isStranger(s: ClientState): boolean {
    const w = this.wildcard;
    if (s.inMulti || s.caching !== undefined) return false;
    if (w === undefined) return !s.tracking;
    return s.assumed && s.tracking && s.mode === w.mode;
  }

  private store(s: ClientState): void {
    const h = hashBytes(s.bytes);
    const slot = h & (SLOTS - 1);
    const existing = this.slots[slot];
    if (existing === undefined || existing === s || existing.address === s.address) {
      this.slots[slot] = s;
      this.slotHashes[slot] = h;
    } else {
      this.overflow.set(s.address, s);
      this.overflowSlots[slot] = 1;
    }
  }

  private forget(s: ClientState): void {
    const slot = hashBytes(s.bytes) & (SLOTS - 1);
    if (this.slots[slot] === s) this.slots[slot] = undefined;
    this.overflow.delete(s.address);
  }
}

/** The hash `MonitorLine` computes for an address. */
function hashBytes(bytes: Uint8Array): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 16777619);
  return h & 0x3fffffff;
}

function sameBytes(a: Uint8Array, buf: Uint8Array, start: number, end: number): boolean {
  if (a.length !== end - start) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== buf[start + i]) return false;
  return true;
}
