import { printable, wasUtf8 } from './lossless-text.js';
import { prefixMatcher, type PrefixMatcher } from './prefix-matcher.js';
import type { TrackingMode } from '@valkey-track/rules-data/core';
import type { ClientStats } from './client-summary.js';

export const CACHING_NONE = 0;
export const CACHING_YES = 1;
export const CACHING_NO = 2;

/**
 * What the log has told us about one connection, keyed by the address MONITOR prints. The address is kept
 * as bytes (`addressOf` makes the string when a report needs it): a log with a million short connections
 * then leaves no string per connection for the garbage collector.
 */
export interface ClientState {
  /** The address bytes, in `bytes[0, length)`; the array is reused with the state. */
  bytes: Uint8Array;
  length: number;
  /** The address as a string, once made. */
  text: string | undefined;
  /** `addressHash` of the address, as `MonitorLine` computes it from the bytes. */
  hash: number;
  tracking: boolean;
  mode: TrackingMode;
  prefixes: string[];
  noloop: boolean;
  /** The client id invalidations are redirected to (`REDIRECT`). */
  redirect: number | undefined;
  /** Index of (mode, prefixes) in the `ModeRegistry`, for caching verdicts per mode. */
  modeId: number;
  /** `CLIENT CACHING yes|no` (CACHING_*): applies to the next command only, or to the next MULTI ... EXEC. */
  caching: number;
  inMulti: boolean;
  /** The client's tracking was assumed (`--tracking-clients`, `CLIENT LIST`), not seen in the log. */
  assumed: boolean;
  /** The line that last came from this client, for evicting the idlest past the registry's cap. */
  lastTouch: number;
  /** Marks the first line from this client in a worker's range (`RangeWatch`). */
  touchMark: number;
  /** Per-client counts for the report, while the client tracks. */
  stats: ClientStats | undefined;
}

/** A tracking mode with the BCAST prefixes as bytes, for checking keys without decoding them. */
export interface ModeInfo {
  mode: TrackingMode;
  prefixes: string[];
  /** BCAST with at least one prefix: what a read covers depends on its keys. */
  bcastPrefixes: boolean;
  /** The prefixes' bytes, ready to be compared with raw arguments four at a time. */
  prefixMatchers: PrefixMatcher[];
  /** A prefix is the empty string, so it covers the whole keyspace. */
  emptyPrefix: boolean;
  /**
   * Every prefix was valid UTF-8, so comparing its bytes with a key's equals comparing the decoded strings
   * the way `categorize` does; otherwise the keys are decoded (`losslessText`).
   */
  exactBytes: boolean;
  /** `bcast PREFIX user:` etc., as reports show it. */
  description: string;
}

/** Gives every distinct (mode, prefixes) a small integer, so verdict caches can be arrays. */
export class ModeRegistry {
  private readonly ids = new Map<string, number>();
  readonly modes: ModeInfo[] = [];

  id(mode: TrackingMode, prefixes: readonly string[]): number {
    const key = `${mode}\0${prefixes.join('\0')}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.modes.length;
      this.ids.set(key, id);
      this.modes.push({
        mode,
        prefixes: [...prefixes],
        bcastPrefixes: mode === 'bcast' && prefixes.length > 0,
        prefixMatchers: prefixes.map((p) => prefixMatcher(Buffer.from(p, 'utf8'))),
        emptyPrefix: prefixes.includes(''),
        exactBytes: prefixes.every(wasUtf8),
        description:
          prefixes.length > 0 ? `${mode} ${prefixes.map((p) => `PREFIX ${printable(p)}`).join(' ')}` : mode,
      });
    }
    return id;
  }

  describe(id: number): string {
    return this.modes[id]!.description;
  }
}

/**
 * Applies `CLIENT TRACKING ...` as the server does (valkey `src/networking.c`, `clientTrackingCommand`):
 * a command the server rejects (PREFIX without BCAST, OPTIN with OPTOUT, switching mode while on) is still
 * logged by MONITOR but changes nothing. Returns whether the client started tracking.
 */
export function applyClientTracking(
  state: ClientState,
  argv: readonly string[],
  modes: ModeRegistry,
): boolean {
  const onOff = argv[2]?.toLowerCase();
  if (onOff === 'off') {
    state.tracking = false;
    state.prefixes = [];
    state.mode = 'default';
    state.modeId = modes.id('default', []);
    state.caching = CACHING_NONE;
    state.noloop = false;
    state.redirect = undefined;
    return false;
  }
  if (onOff !== 'on') return false;
  let bcast = false;
  let optin = false;
  let optout = false;
  let noloop = false;
  let redirect: number | undefined;
  const prefixes: string[] = [];
  for (let i = 3; i < argv.length; i++) {
    const option = argv[i]!.toLowerCase();
    if (option === 'bcast') bcast = true;
    else if (option === 'optin') optin = true;
    else if (option === 'optout') optout = true;
    else if (option === 'noloop') noloop = true;
    else if (option === 'prefix' || option === 'redirect') {
      if (i + 1 >= argv.length) return false;
      if (option === 'prefix') prefixes.push(argv[i + 1]!);
      else redirect = Number(argv[i + 1]);
      i++;
    } else return false;
  }
  if ((optin && optout) || (bcast && (optin || optout)) || (prefixes.length > 0 && !bcast)) return false;
  const mode: TrackingMode = bcast ? 'bcast' : optin ? 'optin' : optout ? 'optout' : 'default';
  // While tracking, the server refuses to switch BCAST on or off and OPTIN to OPTOUT or back (default to
  // either and back is allowed); and any BCAST prefix that overlaps another given or one the client has
  // (`checkPrefixCollisionsOrReply`). A refused command changes nothing. test/integration/
  // monitor-client-handshakes.test.ts checks these rules on every server against CLIENT TRACKINGINFO.
  if (state.tracking) {
    const was = state.mode;
    if ((was === 'bcast') !== bcast || (was === 'optin' && optout) || (was === 'optout' && optin))
      return false;
  }
  const held = state.tracking && bcast ? (state.prefixes.length === 0 ? [''] : state.prefixes) : [];
  if (overlapping(prefixes, held)) return false;
  const started = !state.tracking;
  // A bare BCAST covers every key (the empty prefix), also added to prefixes the client has: `[]`.
  const all = !bcast || prefixes.length === 0 ? [] : [...state.prefixes, ...prefixes];
  state.tracking = true;
  state.mode = mode;
  state.prefixes = all;
  state.modeId = modes.id(mode, all);
  state.noloop = noloop;
  state.redirect = redirect;
  state.assumed = false;
  return started;
}

/** Whether a BCAST prefix given starts another given or held one, or is started by one (equal ones too). */
function overlapping(given: readonly string[], held: readonly string[]): boolean {
  const overlap = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);
  return given.some(
    (prefix, i) =>
      given.some((other, j) => j > i && overlap(prefix, other)) ||
      held.some((other) => overlap(prefix, other)),
  );
}

/** `CLIENT CACHING yes|no`: only meaningful in OPTIN (yes) and OPTOUT (no) mode. */
export function applyClientCaching(state: ClientState, yes: boolean): void {
  if (!state.tracking) return;
  if (yes && state.mode === 'optin') state.caching = CACHING_YES;
  else if (!yes && state.mode === 'optout') state.caching = CACHING_NO;
}

/** The address as MONITOR prints it. */
export function addressOf(s: ClientState): string {
  return (s.text ??= Buffer.from(s.bytes.buffer, s.bytes.byteOffset, s.length).toString('latin1'));
}

/** Whether this client's next read is cached under CLIENT TRACKING at all. */
export function cachesNextRead(state: ClientState): boolean {
  if (!state.tracking) return false;
  if (state.mode === 'optin') return state.caching === CACHING_YES;
  if (state.mode === 'optout') return state.caching !== CACHING_NO;
  return true;
}

/** `default`, `bcast+noloop`, `off`: the mode a report shows for a client. */
export function modeLabel(state: Pick<ClientState, 'tracking' | 'mode' | 'noloop'>): string {
  if (!state.tracking) return 'off';
  return state.noloop ? `${state.mode}+noloop` : state.mode;
}
